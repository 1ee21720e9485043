"""The printed lesson (``make pdf``): both editions, read back with poppler's pdftotext."""

from __future__ import annotations

import re
import subprocess

import pytest

from helpers import BUILD, exercise_pages, html, notebook, tags, toc_pages

pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def printed():
    """The text of each edition, page by page."""
    editions = {}
    for name in ("clase102", "clase102-alumno"):
        pdf = BUILD / "pdf" / f"{name}.pdf"
        if not pdf.exists():
            pytest.fail(f"No está {pdf}: corré `make pdf`.")
        out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        editions[name] = [re.sub(r"[ \t]+", " ", page) for page in out.split("\f")[:-1]]
    return editions


def test_each_chapter_starts_a_page_and_each_page_says_its_number(printed):
    for pages in printed.values():
        tops = ["\n".join(p.strip().splitlines()[:3]) for p in pages]
        for page in toc_pages():
            title = re.search(r"<h1>(.*?)<a", html(page)).group(1)
            title = re.sub(r"<[^>]+>", "", title).strip()
            assert any(title[:30] in top for top in tops), f"«{title}» no empieza una página"
        assert all(f"Página {i} de {len(pages)}" in p for i, p in enumerate(pages, 1))


def test_the_student_edition_leaves_out_the_solutions(printed):
    full, student = "\n".join(printed["clase102"]), "\n".join(printed["clase102-alumno"])
    solution = next(c for c in notebook(exercise_pages()[0]).cells if "solution" in tags(c) and c.cell_type == "code")
    line = next(ln.strip() for ln in solution.source.splitlines() if len(ln.strip()) > 15 and not ln.startswith("#"))
    assert line[:25] in full and line[:25] not in student, line
    assert full.count("Tu turno") == student.count("Tu turno") > 0
    assert len(printed["clase102-alumno"]) < len(printed["clase102"])
