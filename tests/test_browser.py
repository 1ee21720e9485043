"""The built site in a real browser, with no network (issue 5).

Serves ``_build/html`` on 127.0.0.1 and opens every page in Debian's headless
Chromium (``/usr/bin/chromium``, driven by Playwright; no browser is
downloaded). Each page must load with zero requests to any other host, no
failed request and no console error. A screenshot of each page is saved under
``_build/screenshots/`` for review. The download menu's ``.ipynb`` link is
clicked and what it gives must be a valid notebook.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from helpers import BUILD, ROOT
from notebook_reader import serve
from test_book import PAGES, _code_pages

pytestmark = pytest.mark.book

HTML = BUILD / "html"
SHOTS = BUILD / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--no-default-browser-check",
]
# Pages beyond the table of contents that a reader reaches.
EXTRA = ["search", "genindex"]

# The interface's labels, tooltips and chrome text (after the scripts ran).
UI_STRINGS_JS = """() => {
  const out = new Set();
  for (const el of document.querySelectorAll('*')) {
    for (const a of ['title', 'aria-label', 'placeholder', 'data-bs-title', 'data-tooltip', 'alt']) {
      const v = el.getAttribute(a);
      if (v) out.add(a + '=' + v);
    }
  }
  const chrome = 'header, nav, footer, .bd-header-article, .prev-next-area, .bd-sidebar-primary';
  for (const el of document.querySelectorAll(chrome)) {
    for (const line of el.innerText.split('\\n')) if (line.trim()) out.add('text=' + line.trim());
  }
  return [...out];
}"""
ENGLISH_UI = re.compile(
    r"\b(Search|Toggle|Link to|Download|Contents|Copy|Click|Print|Fullscreen|Previous|Next|"
    r"Skip|Back to top|Light|Dark|System|Theme|Main|Page|By|Edit|Launch|Source)\b"
)
# sphinx-book-theme hard-codes this one in layout.html's print-only table of contents
ENGLISH_ALLOWED = {"aria-label=Page"}


@pytest.fixture(scope="module")
def server():
    if not (HTML / "index.html").exists():
        pytest.fail(f"No hay libro construido en {BUILD}: corré `make html` (o `make test`) primero.")
    with serve(HTML) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Falta Chromium (/usr/bin/chromium): en Debian, `apt-get install chromium`.")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
            locale="es-AR",
        )
        yield context
        context.close()


@pytest.fixture(scope="module", autouse=True)
def _fresh_screenshots():
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)


class PageLog:
    """Every request, failed request and console error of one page."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} (HTTP {r.status})"))

    def external(self) -> list[str]:
        local = urlsplit(self.origin).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != local
        ]


def _open(browser, server, page_name: str, query: str = ""):
    page = browser.new_page()
    log = PageLog(page, server)
    page.goto(f"{server}/{page_name}.html{query}", wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, log


def _check(log: PageLog, page_name: str):
    assert not log.external(), f"{page_name}: pedidos a otros sitios: {log.external()}"
    assert not log.failed, f"{page_name}: pedidos fallidos: {log.failed}"
    assert not log.errors, f"{page_name}: errores en la consola: {log.errors}"


@pytest.mark.parametrize("page_name", PAGES + EXTRA)
def test_page_loads_offline_without_errors(browser, server, page_name):
    page, log = _open(browser, server, page_name)
    try:
        if page.locator(".math").count():
            # MathJax (served by the book) typesets every formula
            page.wait_for_function(
                "document.querySelectorAll('.math').length === document.querySelectorAll('mjx-container').length",
                timeout=20_000,
            )
        assert page.evaluate("document.documentElement.lang") == "es"
        shot = page_name.replace("/", "__")
        page.screenshot(path=str(SHOTS / f"{shot}.png"))
        if page.locator("mjx-container").count():
            page.locator("mjx-container").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"{shot}-formula.png"))
        _check(log, page_name)
        assert log.requests, "no se registró ningún pedido"
        english = [s for s in page.evaluate(UI_STRINGS_JS) if ENGLISH_UI.search(s) and s not in ENGLISH_ALLOWED]
        assert not english, f"{page_name}: interfaz en inglés: {english}"
    finally:
        page.close()


def test_search_finds_spanish_words_by_stem(browser, server):
    # no page says "compilaciones"; the Spanish stemmer reduces it to "compil",
    # like "compilar" and "compilado" (an English stemmer would not)
    page, log = _open(browser, server, "search", "?q=compilaciones")
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        assert page.locator("#search-results ul.search li").count() >= 1
        page.screenshot(path=str(SHOTS / "search-compilaciones.png"))
        _check(log, "search")
    finally:
        page.close()


@pytest.mark.parametrize("page_name", _code_pages())
def test_download_menu_gives_the_executed_notebook(browser, server, page_name):
    page, log = _open(browser, server, page_name)
    try:
        page.click(".dropdown-download-buttons button.dropdown-toggle")
        link = page.locator(".dropdown-download-buttons a.dropdown-item", has_text=".ipynb")
        link.wait_for(state="visible")
        href = link.get_attribute("href")
        assert href.endswith(f"_sources/{page_name}.ipynb")
        # the link opens in a new tab; fetch it from the page, as the browser would
        text = page.evaluate(
            """async (href) => {
                const r = await fetch(href);
                if (!r.ok) throw new Error(`HTTP ${r.status}`);
                return await r.text();
            }""",
            href,
        )
        assert json.loads(text)["nbformat"] == 4
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert any(c.outputs for c in code), "el notebook bajado no trae salidas"
        _check(log, page_name)
    finally:
        page.close()


# ------------------------------------------------------------- the HTML itself


def _all_html():
    return sorted(p for p in HTML.rglob("*.html") if not {"_static", "_sources"} & set(p.relative_to(HTML).parts))


def test_site_is_spanish_and_names_no_cdn_nor_default_repository():
    (HTML / "index.html").exists() or pytest.fail(f"No hay libro construido en {BUILD}.")
    assert "SpanishStemmer" in (HTML / "_static" / "language_data.js").read_text()
    assert "LANGUAGE: 'es'" in (HTML / "_static" / "documentation_options.js").read_text()
    for path in _all_html():
        html = path.read_text(encoding="utf8")
        name = path.relative_to(HTML)
        if html.startswith('<meta http-equiv="Refresh"'):
            continue  # Jupyter Book's index.html, a redirect to the first page
        assert '<html lang="es"' in html, name
        for needle in ("executablebooks/jupyter-book", "binder-examples", "unpkg.com", "cdn.jsdelivr", "thebe"):
            assert needle not in html, f"{name} menciona {needle}"
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
            assert "://" not in src or not src.startswith("http"), f"{name} carga {src}"
    assert (HTML / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()


def test_execution_status_page_lists_every_code_page_in_spanish():
    html = (HTML / "book" / "ejecucion.html").read_text(encoding="utf8")
    table = html[html.index("<table") : html.index("</table>")]
    headers = re.findall(r"<th[^>]*><p>([^<]+)</p>", table)
    assert headers == ["Página", "Última ejecución", "Modo", "Duración (s)", "Estado"]
    rows = re.findall(r'<a class="[^"]*reference internal" href="([^"]+)\.html"', table)
    assert {p.split("/")[-1] for p in _code_pages()} <= set(rows)
    assert table.count("✓ bien") == len(rows)
    assert re.search(r"<td><p>\d+,\d+</p>", table), "las duraciones no usan coma decimal"


# ------------------------------------------- every reader: phone, screen reader (issue 13)

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0/2.1/2.2 A and AA rules; the first run checks them all in light mode,
# the second only the colours in dark mode (the rest does not depend on the mode)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN_JS = """async ([tags, only]) => {
  const options = {runOnly: only ? {type: 'rule', values: only} : {type: 'tag', values: tags},
                   resultTypes: ['violations']};
  const result = await axe.run(document, options);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | '));
}"""
SET_MODE_JS = """(mode) => {
  if (!document.getElementById('c102-no-transitions')) {
    const style = document.createElement('style');
    style.id = 'c102-no-transitions';
    style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
    document.head.appendChild(style);
  }
  document.documentElement.dataset.theme = mode;
  document.documentElement.dataset.mode = mode;
}"""
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"Falta axe-core ({AXE}): `make browser` lo instala con npm.")
    return AXE.read_text(encoding="utf8")


@pytest.mark.parametrize("page_name", PAGES + EXTRA)
def test_axe_finds_no_serious_violation_in_light_and_dark_mode(browser, server, axe_source, page_name):
    page, log = _open(browser, server, page_name)
    try:
        page.add_script_tag(content=axe_source)
        found = {}
        for mode, only in (("light", None), ("dark", ["color-contrast"])):
            page.evaluate(SET_MODE_JS, mode)
            page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
            violations = page.evaluate(AXE_RUN_JS, [AXE_TAGS, only])
            if violations:
                found[mode] = violations
        assert not found, f"{page_name}: axe-core (WCAG 2 A/AA) encuentra {found}"
        _check(log, page_name)
    finally:
        page.close()


def test_menu_opens_on_a_phone_and_hides_on_a_desktop(browser, server):
    page, log = _open(browser, server, "book/construir")
    try:
        page.set_viewport_size(PHONE)
        toggle = page.locator(".primary-toggle:visible")
        assert toggle.count() == 1, "en un teléfono tiene que verse un solo ☰"
        toggle.click()
        menu = page.locator("dialog#pst-primary-sidebar-modal[open] nav.bd-docs-nav")
        menu.wait_for(state="visible", timeout=5_000)
        link = menu.get_by_role("link", name="Guardar y cargar modelos")
        assert link.is_visible()
        assert menu.get_by_role("link").count() == len(PAGES), "el menú no lista todos los capítulos"
        link.click()
        page.wait_for_url("**/book/guardar.html")
        assert page.locator("article h1").first.inner_text().startswith("Guardar y cargar modelos")
        page.screenshot(path=str(SHOTS / "telefono-menu.png"))

        page.set_viewport_size(DESKTOP)
        sidebar = page.locator("#pst-primary-sidebar")
        assert sidebar.is_visible()
        page.locator(".primary-toggle:visible").click()
        page.wait_for_function("document.querySelector('#pst-primary-sidebar').getBoundingClientRect().right <= 0")
        page.locator(".primary-toggle:visible").click()
        page.wait_for_function("document.querySelector('#pst-primary-sidebar').getBoundingClientRect().left >= 0")
        assert sidebar.is_visible()
        _check(log, "book/construir")
    finally:
        page.close()


# What a phone shows of a page: its width, glued values' weight, figures' size.
PHONE_LAYOUT_JS = """() => {
  const width = document.documentElement.scrollWidth;
  const bold = [...document.querySelectorAll('span.pasted-text')]
    .filter((el) => getComputedStyle(el).fontWeight !== getComputedStyle(el.parentElement).fontWeight)
    .map((el) => el.textContent.slice(0, 60));
  const tiny = [...document.querySelectorAll('.cell_output img')]
    .filter((img) => img.naturalWidth >= 2 * img.naturalHeight && img.getBoundingClientRect().width < 600)
    .map((img) => img.alt.slice(0, 60));
  const searchFields = [...document.querySelectorAll('.search-button-field, form.bd-search')]
    .filter((el) => el.offsetParent !== null && !el.closest('dialog')).length;
  return {width, bold, tiny, searchFields};
}"""


def test_every_page_fits_a_phone(browser, server):
    page = browser.new_page()
    log = PageLog(page, server)
    page.set_viewport_size(PHONE)
    problems = []
    try:
        for page_name in PAGES + EXTRA:
            page.goto(f"{server}/{page_name}.html", wait_until="load")
            layout = page.evaluate(PHONE_LAYOUT_JS)
            if layout["width"] > PHONE["width"]:
                problems.append(f"{page_name}: {layout['width']} px de ancho")
            if layout["bold"]:
                problems.append(f"{page_name}: valores pegados en negrita {layout['bold']}")
            if layout["tiny"]:
                problems.append(f"{page_name}: figuras de varios paneles achicadas {layout['tiny']}")
        _check(log, "teléfono")
    finally:
        page.close()
    assert not problems, problems


@pytest.mark.parametrize("page_name", ["book/construir", "search"])
def test_one_search_field_on_a_desktop(browser, server, page_name):
    page, log = _open(browser, server, page_name)
    try:
        assert page.evaluate(PHONE_LAYOUT_JS)["searchFields"] == 1
    finally:
        page.close()


def _search(browser, server, query: str):
    page, log = _open(browser, server, "search", f"?q={query}")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    page.wait_for_function(
        "[...document.querySelectorAll('#search-results ul.search li')].every((li) => li.querySelector('p.context'))",
        timeout=20_000,
    )
    results = page.evaluate(
        """() => [...document.querySelectorAll('#search-results ul.search li')].map((li) => ({
              title: li.querySelector('a').textContent, snippet: li.querySelector('p.context').textContent}))"""
    )
    return page, log, results


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def test_search_snippets_show_the_matching_sentence_for_accented_words(browser, server):
    page, log, results = _search(browser, server, "parámetros")
    try:
        assert len(results) >= 3
        for result in results:
            assert ".ipynb" not in result["snippet"], result
            assert "parametr" in _fold(result["snippet"]), f"el fragmento no muestra la palabra buscada: {result}"
        _check(log, "search")
    finally:
        page.close()


def test_search_ranks_first_the_page_whose_title_matches(browser, server):
    page, log, results = _search(browser, server, "guardar modelo")
    try:
        assert results[0]["title"] == "Guardar y cargar modelos", [r["title"] for r in results]
        _check(log, "search")
    finally:
        page.close()
