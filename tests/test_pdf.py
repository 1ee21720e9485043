"""The printed handout, ``make pdf`` (issue 13.6).

``_build/pdf/clase102.pdf`` (``tools/handout_pdf.py``, run by ``make test``) holds
the whole lesson in ``_toc.yml`` order: its text has every chapter title, in
order, each starting the page its table of contents says; no line of code is
cut at the right edge (every line of every code cell and code block of the
built pages, hidden solutions included, is found in the PDF's text); the
student edition has the same chapters and no solution cell.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser

import pytest

from helpers import BUILD, ROOT
from test_book import PAGES

sys.path.insert(0, str(ROOT / "tools"))
import handout_pdf  # noqa: E402

pytestmark = pytest.mark.book

PDF_DIR = BUILD / "pdf"
FULL = PDF_DIR / "clase102.pdf"
STUDENT = PDF_DIR / "clase102-alumno.pdf"
FOOTER = re.compile(r"^.*Página \d+ de \d+\s*$", re.M)


@pytest.fixture(scope="module")
def full_pages():
    if not FULL.exists():
        pytest.fail(f"Falta {FULL}: corré `make pdf` (o `make test`).")
    if FULL.stat().st_mtime < (BUILD / "html" / "index.html").stat().st_mtime:
        pytest.fail(f"{FULL} es más viejo que el libro construido: corré `make pdf`.")
    return handout_pdf.pdf_pages_text(FULL)


@pytest.fixture(scope="module")
def chapters():
    return json.loads(FULL.with_suffix(".json").read_text(encoding="utf8"))["chapters"]


def test_toc_entries_follow_toc_yml():
    assert [e["doc"] for e in handout_pdf.toc_entries()] == PAGES


def test_every_chapter_is_printed_in_order_on_the_page_the_contents_give(full_pages, chapters):
    assert [c["doc"] for c in chapters] == PAGES
    # a cover, and at least a page per chapter; a sane upper bound for a 60-minute class
    assert len(PAGES) + 1 <= len(full_pages) <= 400, len(full_pages)
    cover = handout_pdf.squash(full_pages[0])
    pages = [c["page"] for c in chapters]
    assert pages == sorted(pages) and len(set(pages)) == len(pages), pages
    for chapter in chapters:
        assert handout_pdf.squash(chapter["title"]) in cover, f"el índice no nombra «{chapter['title']}»"
        assert handout_pdf.squash(f"{chapter['title']}{chapter['page']}") in cover, f"el índice no da la página de {chapter}"
        assert handout_pdf.squash(full_pages[chapter["page"] - 1]).startswith(handout_pdf.squash(chapter["title"])), chapter
    numbers = re.findall(r"Página (\d+) de (\d+)", full_pages[-1])
    assert numbers and numbers[-1] == (str(len(full_pages)), str(len(full_pages))), "faltan los números de página"


class _Code(HTMLParser):
    """The text of every code block (``div.highlight pre``) of a page's article."""

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self._depth = 0  # inside <pre> of a highlight block
        self._highlight = 0
        self._stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div":
            is_highlight = "highlight" in classes
            self._stack.append(is_highlight)
            self._highlight += is_highlight
        elif tag == "pre" and self._highlight:
            self._depth += 1
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "div" and self._stack:
            self._highlight -= self._stack.pop()
        elif tag == "pre" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.blocks[-1] += data


def _code_lines(page: str) -> list[str]:
    html = (BUILD / "html" / f"{page}.html").read_text(encoding="utf8")
    article = html[html.index('<article class="bd-article">') : html.index("</article>")]
    parser = _Code()
    parser.feed(article)
    return [line for block in parser.blocks for line in block.splitlines() if line.strip()]


def test_no_line_of_code_is_cut(full_pages, chapters):
    # the page footers are not part of the text a line may run across
    text = handout_pdf.squash(FOOTER.sub("", "\n".join(full_pages)))
    # a character that no installed font draws (e.g. U+2408 "␈" on Debian's DejaVu)
    # prints as an empty box and is absent from the whole text: a font matter, not a cut
    drawn = set(text)
    missing = []
    for chapter in chapters:
        for line in _code_lines(chapter["doc"]):
            if "".join(c for c in handout_pdf.squash(line) if c in drawn) not in text:
                missing.append(f"{chapter['doc']}: {line.strip()[:100]}")
    assert not missing, f"{len(missing)} líneas de código no aparecen enteras en el PDF: {missing[:10]}"


def test_student_edition_has_every_chapter_and_no_solution():
    if not STUDENT.exists():
        pytest.fail(f"Falta {STUDENT}: corré `make pdf`.")
    pages = handout_pdf.pdf_pages_text(STUDENT)
    chapters = json.loads(STUDENT.with_suffix(".json").read_text(encoding="utf8"))["chapters"]
    assert [c["doc"] for c in chapters] == PAGES
    text = "\n".join(pages)
    assert "Edición para estudiantes" in pages[0]
    assert not re.search(r"Solución del ejercicio \d", text), "la edición para estudiantes trae soluciones"
    assert "Comentario de la solución" not in text
