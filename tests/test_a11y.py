"""The built book for a screen reader, from its files (issue 13).

(The checks that need a browser, axe-core among them, are in test_browser.py.)

- Every image of every page has a Spanish alt text that says what it shows:
  not missing, not a path, a file name or a hash, not a generic word.
- The exported notebooks carry the same alt text in each image output's metadata.
- No output (HTML or notebook) shows the build machine's paths.
- The browser's title does not repeat the book's title.
- Hidden-cell toggles are named by their visible text (no aria-label of their
  own), and no page has two toggles that read the same.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from helpers import BUILD, ROOT
from test_book import PAGES

pytestmark = pytest.mark.book

HTML = BUILD / "html"
GENERIC_ALT = {
    "image", "imagen", "img", "png", "jpg", "svg", "figure", "figura", "plot", "gráfico", "grafico",
    "output", "salida", "chart", "graph", "picture", "foto",
}


def alt_problem(alt: str | None) -> str | None:
    """Why ``alt`` is not a useful description of a figure, or None."""
    if alt is None:
        return "sin alt"
    text = alt.strip()
    if not text:
        return "alt vacío"
    if "/" in text or "\\" in text or re.search(r"\.(png|jpe?g|svg|gif|webp|pdf)\b", text, re.I):
        return f"alt con una ruta o un nombre de archivo: {text!r}"
    if re.search(r"\b[0-9a-f]{16,}\b", text, re.I):
        return f"alt con un hash: {text!r}"
    if text.lower().strip(".: ") in GENERIC_ALT:
        return f"alt genérico: {text!r}"
    if len(text.split()) < 3:
        return f"alt demasiado corto para decir qué muestra: {text!r}"
    return None


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.summaries: list[dict] = []
        self.title = ""
        self._in_title = False
        self._summary: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        elif tag == "title":
            self._in_title = True
        elif tag == "summary":
            self._summary = {"attrs": attrs, "collapsed": ""}
            self.summaries.append(self._summary)
        elif self._summary is not None and "collapsed" in (attrs.get("class") or "").split():
            self._summary["in_collapsed"] = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "summary":
            self._summary = None
        elif self._summary is not None and tag in ("p", "span"):
            self._summary.pop("in_collapsed", None)

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._summary is not None and self._summary.get("in_collapsed"):
            self._summary["collapsed"] += data


def _parse(page: str) -> _Tags:
    path = HTML / f"{page}.html"
    if not path.exists():
        pytest.fail(f"No hay libro construido en {BUILD}: corré `make html` primero.")
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf8"))
    return parser


def test_alt_problem_rejects_paths_hashes_and_generic_words():
    assert alt_problem(None) and alt_problem("  ")
    assert alt_problem("../_images/1255e25379f9562f9e13c36e41cd56a36ac32be59c0bfa1b9cb870dc6079968c.png")
    assert alt_problem("1255e25379f9562f9e13c36e41cd56a3")
    assert alt_problem("figura_1.png")
    assert alt_problem("Imagen") and alt_problem("png")
    assert alt_problem("Curvas de pérdida y exactitud por época, entrenamiento y validación") is None


@pytest.mark.parametrize("page", PAGES + ["search", "genindex"])
def test_every_image_has_a_descriptive_alt(page):
    problems = [f"{img.get('src')}: {alt_problem(img.get('alt'))}" for img in _parse(page).images
                if alt_problem(img.get("alt"))]
    assert not problems, (
        f"{page}: imágenes sin texto alternativo útil (poné en la celda de la figura "
        f'`mystnb: {{image: {{alt: "…"}}}}`): {problems}'
    )


def _notebooks():
    return sorted((HTML / "_sources").rglob("*.ipynb"))


def test_exported_notebooks_carry_the_alt_of_every_image():
    notebooks = _notebooks()
    assert notebooks, f"No hay notebooks exportados en {HTML / '_sources'}"
    problems = []
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf8"))
        for number, cell in enumerate(nb["cells"]):
            for output in cell.get("outputs", []):
                for mime in output.get("data", {}):
                    if mime.startswith("image/"):
                        alt = output.get("metadata", {}).get(mime, {}).get("alt")
                        if alt_problem(alt):
                            problems.append(f"{path.name}, celda {number}: {alt_problem(alt)}")
    assert not problems, problems


def test_no_output_shows_the_build_machine_paths():
    offenders = []
    needles = ("site-packages", "dist-packages", str(ROOT), "/lib/python3.", "/ipykernel_")
    for path in [*(HTML / f"{p}.html" for p in PAGES), *_notebooks()]:
        text = path.read_text(encoding="utf8")
        offenders += [f"{path.name}: {n}" for n in needles if n in text]
    assert not offenders, f"salidas con rutas de la máquina que construyó el libro: {offenders}"


@pytest.mark.parametrize("page", PAGES)
def test_browser_title_is_not_doubled(page):
    title = _parse(page).title.strip()
    parts = [p.strip() for p in re.split(r"\s+[—-]\s+", title)]
    assert title, page
    half = len(parts) // 2
    assert not (len(parts) % 2 == 0 and parts[:half] == parts[half:]), f"{page}: título repetido: {title!r}"


@pytest.mark.parametrize("page", PAGES)
def test_toggles_are_named_by_their_visible_text_and_not_repeated(page):
    summaries = _parse(page).summaries
    labelled = [s["attrs"].get("aria-label") for s in summaries if s["attrs"].get("aria-label")]
    assert not labelled, f"{page}: toggles con un nombre distinto de su texto: {labelled}"
    texts = [" ".join(s["collapsed"].split()) for s in summaries if s["collapsed"].strip()]
    repeated = sorted({t for t in texts if texts.count(t) > 1 and "soluci" in t.lower()})
    assert not repeated, (
        f"{page}: varios toggles de solución dicen lo mismo {repeated}: cada ejercicio lleva UNA celda "
        '`[hide-cell, solution]` con `code_prompt_show: "Ver la solución del ejercicio N"`'
    )
