"""The downloadable notebooks: what a reader gets from the download menu and the zip, and how it
runs in a bare Jupyter without the repository (a venv with Keras but no clase102, no build tools)."""

from __future__ import annotations

import re
import zipfile

import nbformat
import pytest

from helpers import code_pages, exercise_pages, notebook, tags, text_of, run_notebook

pytestmark = pytest.mark.book
MYST_LEFT = re.compile(r"\{[\w:-]+\}`|^:::|^```\{|^:[\w-]+:", re.M)
MACHINE = re.compile(r"/work/|/root/|site-packages|\.venv")


@pytest.mark.parametrize("page", code_pages())
def test_the_full_edition_is_plain_jupyter_with_the_books_outputs(page, site):
    nb = notebook(page, site=site)
    assert "instala el paquete del curso" in nb.cells[0].source
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert not MYST_LEFT.search(cell.source), cell.source[:300]
        elif "raises-exception" in tags(cell):
            assert cell.source.startswith("# Esta celda falla a propósito") and cell.outputs, cell.source
    code = [c for c in nb.cells[1:] if c.cell_type == "code"]
    assert any(c.outputs for c in code) and not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not MACHINE.search("".join(text_of(c) for c in code))


@pytest.mark.parametrize("page", exercise_pages())
def test_the_student_edition_has_no_solution_and_no_output(page, site):
    full, student = notebook(page, site=site), notebook(page, student=True, site=site)
    assert [c for c in full.cells if "solution" in tags(c)]
    assert not [c for c in student.cells if "solution" in tags(c) or c.get("outputs")]
    assert "Comentario de la solución" not in "".join(c.source for c in student.cells)
    assert [c for c in student.cells if "self-check" in tags(c)]


def test_the_zip_holds_every_notebook_the_package_and_how_to_install_it(site):
    names = {n.split("/", 1)[1] for n in zipfile.ZipFile(site / "clase102-notebooks.zip").namelist()}
    expected = {p.name for p in (site / "_sources").rglob("*.ipynb")}
    assert expected and expected | {"LEEME.md"} <= names
    assert [n for n in names if re.fullmatch(r"clase102-[\d.]+-py3-none-any\.whl", n)]


def test_a_local_build_offers_no_launch_button_and_names_no_site(site):
    for page in code_pages():
        assert "colab.research.google.com" not in (site / f"{page}.html").read_text(encoding="utf8")
    assert re.search(r'SITIO = "clase102-[^"]+\.whl", ""', notebook(code_pages()[0], site=site).cells[0].source)


@pytest.fixture(scope="module")
def unzipped(site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("descarga")
    zipfile.ZipFile(site / "clase102-notebooks.zip").extractall(folder)
    return folder / "clase102-notebooks"


@pytest.mark.slow
def test_a_page_with_expected_errors_runs_all_from_the_zip(unzipped, reader_python):
    nb = run_notebook(nbformat.read(unzipped / "errores.ipynb", as_version=4), python=reader_python, cwd=unzipped)
    assert "Instalé clase102" in text_of(nb.cells[0])
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")  # Run All reached the end
    printed = [text_of(c) for c in nb.cells if c.source.startswith("# Esta celda falla a propósito")]
    assert printed and all(re.match(r"\w+(Error|Exception)", p) for p in printed), printed


@pytest.mark.slow
def test_a_student_edition_runs_and_its_self_checks_say_not_yet(unzipped, reader_python):
    page = next(p for p in exercise_pages() if "homework" not in p).removeprefix("book/")
    nb = run_notebook(nbformat.read(unzipped / f"{page}-alumno.ipynb", as_version=4), python=reader_python, cwd=unzipped)
    checks = [text_of(c) for c in nb.cells if "checks.check_" in c.source]
    assert checks and all("todavía no" in out.lower() for out in checks), checks
