"""The reading-time extension: what counts as core, what as optional, and the book's total."""

import json
import sys

import pytest
from docutils import nodes

from conftest import BUILD, ROOT
from test_book import PAGES

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import reading_time  # noqa: E402


def _section(title, *children, classes=()):
    sec = nodes.section(classes=list(classes))
    sec += nodes.title("", title)
    for child in children:
        sec += child
    return sec


def _para(text, **kw):
    return nodes.paragraph("", text, **kw)


def test_core_optional_and_code_are_told_apart():
    cell = nodes.container(classes=["cell"])
    cell += nodes.literal_block("", "uno dos tres cuatro")
    box = nodes.admonition(classes=["dropdown", "para-profundizar"])
    box += _para("cinco seis siete")
    doc = nodes.document(None, None)
    doc += _section(
        "Título de dos",  # 3 words
        _para("una frase de cinco palabras"),  # 5
        cell,  # code: not counted
        box,  # optional: 3
        nodes.literal_block("", "no cuenta"),
        _section("Para profundizar: algo más", _para("ocho nueve")),  # optional: 4 + 2
        _section("Otra sección", _para("diez")),  # core: 2 + 1
    )
    assert reading_time.count_words(doc) == {"core": 11, "optional": 9}


def test_reading_line_rounds_up_and_formats_in_spanish():
    assert reading_time.reading_line({"core": 201, "optional": 0}, 200) == "Lectura: unos 2 min (201 palabras)."
    assert (
        reading_time.reading_line({"core": 1200, "optional": 1500}, 200)
        == "Lectura: unos 6 min (1.200 palabras; 1.500 más para profundizar)."
    )
    assert reading_time.reading_line({"core": 3, "optional": 0}, 200) == "Lectura: 1 min (3 palabras)."


@pytest.mark.book
def test_the_core_path_fits_a_60_minute_class():
    data = json.loads((BUILD / "html" / "lectura.json").read_text())
    pages = set(PAGES)  # every page of _toc.yml
    assert set(data["pages"]) == pages
    assert data["total"]["core"] == sum(p["core"] for p in data["pages"].values())
    assert data["total"]["core"] <= 6000
    for page in pages:
        html = (BUILD / "html" / f"{page}.html").read_text()
        assert 'class="tiempo-lectura"' in html, page
