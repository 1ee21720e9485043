"""The built site in Chromium, as students read it: offline, in Spanish, accessible (axe-core, light
and dark), on a phone, with search, downloads and named toggles."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import ROOT, code_pages, exercise_pages, toc_pages

pytestmark = [pytest.mark.book, pytest.mark.slow]
PAGES = toc_pages() + ["search", "genindex"]
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
# every label, tooltip and alt text, and the text of the chrome around the article
UI_STRINGS = """() => {
  const out = new Set();
  for (const el of document.querySelectorAll('*'))
    for (const a of ['title', 'aria-label', 'placeholder', 'data-bs-title', 'alt'])
      if (el.getAttribute(a)) out.add(a + '=' + el.getAttribute(a));
  for (const el of document.querySelectorAll('header, nav, footer, .prev-next-area, .bd-sidebar-primary, summary'))
    for (const line of el.innerText.split('\\n')) if (line.trim()) out.add('text=' + line.trim());
  return [...out];
}"""
ENGLISH = re.compile(r"\b(Search|Toggle|Link to|Download|Contents|Copy|Click|Print|Fullscreen|Previous|Next|Skip|"
                     r"Back to top|Light|Dark|System|Theme|Show|Hide|Page|By|Edit|Launch|Source)\b")
ALLOWED = {"aria-label=Page"}  # sphinx-book-theme's print-only table of contents, read by no screen reader
AXE_RUN = """async (only) => (await axe.run(document, {resultTypes: ['violations'],
    runOnly: only ? {type: 'rule', values: only} : {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}}))
  .violations.filter((v) => ['serious', 'critical'].includes(v.impact))
  .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '))"""


class Visit:
    """A page opened in Chromium, with every request to another host and every error it caused."""

    def __init__(self, browser, server: str, name: str, query: str = "", viewport=DESKTOP):
        self.page, self.problems = browser.new_page(), []
        self.page.set_viewport_size(viewport)
        host = urlsplit(server).netloc
        self.page.on("request", lambda r: urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url).netloc != host
                     and self.problems.append(f"pedido a otro sitio: {r.url}"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"consola: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"error: {e}"))
        self.page.goto(f"{server}/{name}.html{query}", wait_until="networkidle")

    def __enter__(self):
        return self.page

    def __exit__(self, *exc):
        self.page.close()
        assert not self.problems, self.problems


@pytest.mark.parametrize("name", PAGES)
def test_each_page_is_offline_spanish_and_accessible_in_both_modes(browser, server, name):
    if not AXE.exists():
        pytest.fail(f"Falta axe-core ({AXE}): `make browser` lo instala.")
    with Visit(browser, server, name) as page:
        assert page.evaluate("document.documentElement.lang") == "es"
        english = [s for s in page.evaluate(UI_STRINGS) if ENGLISH.search(s) and s not in ALLOWED]
        assert not english, english
        page.add_script_tag(path=str(AXE))
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        found = {"claro": page.evaluate(AXE_RUN, None)}
        page.evaluate("document.documentElement.dataset.theme = 'dark'; document.documentElement.dataset.mode = 'dark'")
        found["oscuro"] = page.evaluate(AXE_RUN, ["color-contrast"])
        assert not found["claro"] and not found["oscuro"], found


@pytest.mark.parametrize("name", toc_pages())
def test_each_page_fits_a_phone_and_says_its_reading_time(browser, server, name):
    with Visit(browser, server, name, viewport=PHONE) as page:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert re.search(r"Lectura: \d+ min \([\d.]+ palabras", page.inner_text("article")), name
        for alt in page.eval_on_selector_all("article img", "imgs => imgs.map((i) => i.alt)"):
            assert len(alt.split()) >= 4 and not re.search(r"\b(png|image|figure|plot)\b", alt, re.I), alt


def test_the_phone_menu_opens_and_leads_to_a_chapter(browser, server):
    with Visit(browser, server, "book/construir", viewport=PHONE) as page:
        page.locator(".primary-toggle:visible").click()
        menu = page.locator("dialog#pst-primary-sidebar-modal[open] nav.bd-docs-nav")
        menu.wait_for(state="visible", timeout=5000)
        assert menu.get_by_role("link").count() == len(toc_pages())
        menu.get_by_role("link", name=re.compile("^Guardar")).click()
        page.wait_for_url("**/book/guardar.html")


def test_search_ranks_first_the_page_whose_title_matches(browser, server):
    with Visit(browser, server, "search", "?q=guardar+modelo") as page:
        page.wait_for_selector("#search-results ul.search li", timeout=20000)
        first = page.locator("#search-results ul.search li a").first.inner_text()
        assert first.startswith("Guardar"), first


@pytest.mark.parametrize("name", [code_pages()[0], exercise_pages()[0]])
def test_the_download_menu_gives_both_editions(browser, server, name):
    with Visit(browser, server, name) as page:
        page.click(".dropdown-download-buttons button.dropdown-toggle")
        links = page.locator(".dropdown-download-buttons a.dropdown-item")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        wanted = [f"_sources/{name}.ipynb"] + ([f"_sources/{name}-alumno.ipynb"] if name in exercise_pages() else [])
        for end in wanted:
            href = next(h for h in hrefs if h.endswith(end))
            assert page.evaluate("async (h) => (await fetch(h)).ok", href), href


def test_solutions_open_by_a_named_toggle(browser, server):
    name = exercise_pages()[0]
    with Visit(browser, server, name) as page:
        toggles = page.locator(".tag_solution > details > summary")
        assert toggles.count() and all(t.strip().startswith("Ver la solución") for t in toggles.all_inner_texts())
        toggles.first.click()
        assert toggles.first.inner_text().strip().startswith("Ocultar la solución")
        assert page.locator(".tag_solution > details[open] .cell_input").first.is_visible()
