"""The notebook exporter (book/_ext/notebook_export.py).

Unit tier: MyST → plain Markdown, the setup cell's install order, the wrapped
expected error, the full and student editions of a small synthetic notebook.

One throwaway book (no Keras training): a page with the exercise tags, built with
``html.baseurl`` pointing at a local server and a ``repository.url``: its download
menu, the student edition, the wheel, the zip, the Colab and Binder links to the
exported notebook; that notebook, downloaded over HTTP, runs in a fresh venv without
``clase102`` and installs the wheel from the site. (The default build, without
``repository.url``, shows no launch button: tests/test_notebooks.py.)
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import textwrap
import urllib.request
import zipfile
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from notebook_reader import fresh_venv, read, run_notebook, serve, text_of

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import notebook_export as plain  # noqa: E402

WHEEL = "clase102-0.1.0-py3-none-any.whl"

# --------------------------------------------------------------------------- unit


def _glue(value: str) -> dict:
    return {"text/plain": repr(value)}


GLUE = {"n": _glue("109.386"), "acc": {"text/plain": "0.8668"}}
TITLES = {"construir": "Construir un modelo", "/book/intro": "Inicio"}


def _convert(text, toc=()):
    return plain.convert_markdown(text, GLUE, TITLES.__getitem__, toc)


def test_glue_text_becomes_the_glued_value():
    assert _convert("Total: **{glue:text}`n`** parámetros y {glue:text}`acc`.") == "Total: **109.386** parámetros y 0.8668."
    with pytest.raises(plain.ExportError, match="no pegó «falta»"):
        _convert("{glue:text}`falta`")


def test_doc_links_become_the_page_title():
    assert _convert("Mirá {doc}`construir` y {doc}`/book/intro`.") == "Mirá Construir un modelo y Inicio."


def test_code_spans_and_fences_are_left_alone():
    text = "Escribí `` {glue:text}`n` `` así.\n\n```python\nx = '{doc}`a`'\n```\nY {glue:text}`n`."
    out = _convert(text)
    assert "`` {glue:text}`n` ``" in out and "x = '{doc}`a`'" in out and out.endswith("Y 109.386.")


def test_admonitions_become_block_quotes():
    text = (
        ":::{note}\nUna nota con {glue:text}`n`.\n:::\n\n"
        ":::{admonition} Para profundizar: algo\n:class: dropdown para-profundizar\nCuerpo\n\nsegundo\n:::\n"
        ":::{dropdown} Comentario de la solución (ejercicio 2)\nSon {glue:text}`n`:\n\n$$\na = b\n$$\n:::"
    )
    out = _convert(text)
    assert out.startswith("> **Nota**\n>\n> Una nota con 109.386.")
    assert "> **Para profundizar: algo**\n>\n> Cuerpo\n>\n> segundo" in out
    assert "> **Comentario de la solución (ejercicio 2)**\n>\n> Son 109.386:\n>\n> $$\n> a = b\n> $$" in out
    assert out.endswith("> $$\n> a = b\n> $$")
    assert ":::" not in out and ":class:" not in out


def test_tableofcontents_is_the_list_of_chapters():
    assert _convert("## Recorrido\n\n```{tableofcontents}\n```\nfin", toc=["Uno", "Dos"]) == "## Recorrido\n\n- Uno\n- Dos\nfin"


def test_other_myst_is_an_error_not_exported_raw():
    # only the syntax the pages use is converted (no {ref}, no glue format spec, no warning box)
    for text in ("```{figure} a.png\n```", ":::{warning}\nx\n:::", "ver {ref}`sec-x`", "{glue}`n`",
                 "{glue:text}`n:.2f`", ":::{note}\nsin cierre"):
        with pytest.raises(plain.ExportError, match="no convierte|no pegó"):
            _convert(text)
    with pytest.raises(plain.ExportError) as info:
        _convert("ver {ref}`sec-x` y más")
    assert str(info.value) == "el exportador no convierte el rol {ref}`sec-x`"  # the whole role, as written


def _run_setup(tmp_path, site="", wheel_here=False):
    """The setup cell in a Python without site-packages (no clase102), with a stub ``%pip``."""
    if wheel_here:
        (tmp_path / WHEEL).write_bytes(b"")
    stub = "calls = []\nclass _IP:\n    def run_line_magic(self, *a): calls.append(a)\nget_ipython = _IP\n"
    code = stub + "try:\n" + textwrap.indent(plain.setup_source(WHEEL, site), "    ") + (
        "\nexcept ModuleNotFoundError as e:\n    print('ERROR', e)\nprint('PIP', calls)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # -S alone keeps PYTHONPATH's clase102
    run = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_setup_cell_installs_the_wheel_next_to_the_notebook_first(tmp_path):
    out = _run_setup(tmp_path, site="https://ejemplo.org/libro/", wheel_here=True)
    assert f"PIP [('pip', 'install -q {tmp_path / WHEEL}')]" in out


def test_setup_cell_installs_from_the_site_without_a_wheel_here(tmp_path):
    out = _run_setup(tmp_path, site="https://ejemplo.org/libro/")
    assert f"PIP [('pip', 'install -q https://ejemplo.org/libro/{WHEEL}')]" in out


def test_setup_cell_explains_both_ways_when_it_cannot_install(tmp_path):
    out = _run_setup(tmp_path)
    assert "PIP []" in out
    assert "ERROR Este notebook necesita el paquete del curso" in out
    assert "clase102-notebooks.zip" in out and f"%pip install /ruta/a/{WHEEL}" in out


def test_an_expected_error_is_printed_and_the_notebook_goes_on():
    for source, printed in (("1/0", "ZeroDivisionError: division by zero"),
                            ("x = 1\nfor i in range(2):\n    x += i", "Esta vez no falló")):
        wrapped = plain.wrap_expected_error(source)
        assert wrapped.startswith("# Esta celda falla a propósito")
        run = subprocess.run([sys.executable, "-c", wrapped], capture_output=True, text=True)
        assert run.returncode == 0 and run.stdout.startswith(printed)


def _code(source, tags=(), outputs=(), n=1):
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {},
                                     execution_count=n, outputs=list(outputs))


def _stdout(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def _glue_output(name, value):
    return nbformat.v4.new_output("display_data", data={"application/papermill.record/text/plain": repr(value)},
                                  metadata={"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}})


def _page():
    """An executed page: an exercise (stub, solution, its glue, its comment, check), an expected error."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}, "jupytext": {}})
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Título\n\nVer {doc}`otra`. Hay {glue:text}`total` filas."),
        _code("total = 3\nglue('total', str(total))", ["remove-cell"], [_glue_output("total", "3")]),
        _code("respuesta = None  # Tu turno", ["tu-turno"]),
        _code("respuesta = total * 2\nprint(respuesta)", ["hide-cell", "solution"], [_stdout("6\n")]),
        _code("glue('doble', str(respuesta))", ["remove-cell", "solution"], [_glue_output("doble", "6")]),
        nbformat.v4.new_markdown_cell(":::{dropdown} Comentario de la solución\nEs {glue:text}`doble`.\n:::",
                                      metadata={"tags": ["solution"]}),
        _code("check(respuesta)", ["self-check"], [_stdout("Resultado: ¡bien!\n")]),
        _code("mitad = respuesta / 2\nmitad", [], [nbformat.v4.new_output("execute_result", data={"text/plain": "3.0"}, execution_count=7)]),
        _code("otra = total + 1\nprint(otra)", [], [_stdout("4\n")]),
        _code("1/0", ["raises-exception"], [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=["..."])]),
    ]
    return nb


def _export(nb, student=False):
    return plain.export_notebook(nb, wheel=WHEEL, site="http://x/", doc_title={"otra": "Otra página"}.__getitem__, student=student)


def test_full_edition_is_plain_valid_and_keeps_the_book_outputs():
    nb = _page()
    before = json.dumps(nb, sort_keys=True)
    full = _export(nb)
    assert json.dumps(nb, sort_keys=True) == before, "the input notebook was modified"
    nbformat.validate(full)
    assert set(full.metadata) == {"kernelspec"}
    setup, md, glue_cell, stub, solution, glue_sol, comment, check, half, other, error = full.cells
    assert setup.source == plain.setup_source(WHEEL, "http://x/") and setup.metadata["tags"] == [plain.SETUP_TAG]
    assert md.source == "# Título\n\nVer Otra página. Hay 3 filas."
    assert glue_cell.outputs == [] and glue_cell.metadata["jupyter"] == {"source_hidden": True}
    assert solution.metadata["jupyter"] == {"source_hidden": True} and solution.outputs[0]["text"] == "6\n"
    assert comment.source == "> **Comentario de la solución**\n>\n> Es 6."
    assert text_of(check) == "Resultado: ¡bien!\n" and text_of(half) == "3.0"
    # the expected error: caught in the code, printed in the output
    assert error.source == plain.wrap_expected_error("1/0")
    assert error.outputs == [_stdout("ZeroDivisionError: division by zero\n")]
    assert [c.id for c in full.cells] == [f"celda-{i:03d}" for i in range(11)]
    assert nbformat.writes(_export(nb)) == nbformat.writes(full), "the same page must give the same file"


def test_student_edition_drops_solutions_and_the_outputs_that_give_them_away():
    full, student = _export(_page()), _export(_page(), student=True)
    nbformat.validate(student)
    kept = {c.id: c for c in student.cells}
    for cell in full.cells:
        if plain.SOLUTION in cell.metadata.get("tags", []):
            assert cell.id not in kept
    by_source = {c.source.split("\n")[0]: c for c in student.cells if c.cell_type == "code"}
    assert by_source["respuesta = None  # Tu turno"].metadata["tags"] == ["tu-turno"]
    assert by_source["check(respuesta)"].outputs == []  # the self-check's verdict
    assert by_source["mitad = respuesta / 2"].outputs == []  # computed from the solution
    assert text_of(by_source["otra = total + 1"]) == "4\n"  # independent of it: kept
    # putting the solutions back (by id, in order) gives the full edition's cells
    back = sorted([*student.cells, *(c for c in full.cells if c.id not in kept)], key=lambda c: c.id)
    assert [(c.id, c.source) for c in back] == [(c.id, c.source) for c in full.cells]


def test_a_function_a_solution_defines_taints_the_cells_that_call_it():
    nb = _page()
    nb.cells[3] = _code("def doble(x):\n    return 2 * x\nrespuesta = doble(total)", ["solution"])
    nb.cells[8] = _code("print(doble(5))", [], [_stdout("10\n")])
    by_source = {c.source: c for c in _export(nb, student=True).cells if c.cell_type == "code"}
    assert by_source["print(doble(5))"].outputs == []  # it would show what the solution computes


def test_student_edition_refuses_prose_showing_a_solution_value():
    nb = _page()
    nb.cells[5].metadata = {}  # the comment, without its `solution` tag
    _export(nb)  # the full edition is fine
    with pytest.raises(plain.ExportError, match="celda 6: una celda Markdown sin la etiqueta «solution»"):
        _export(nb, student=True)


# ------------------------------------------------------------- a throwaway book

PAGE = '''\
---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---

# Ejercicio de prueba

Ver {doc}`intro`. Hay {glue:text}`total` filas.

```{code-cell} ipython3
:tags: [remove-cell]
from clase102.formatting import glue_text  # the pages glue through the package
total = 3
glue_text("total", str(total))
```

```{code-cell} ipython3
:tags: [tu-turno]
# Tu turno: calculá el doble de total
respuesta = None
```

```{code-cell} ipython3
---
tags: [hide-cell, solution]
mystnb: {code_prompt_show: "Ver la solución", code_prompt_hide: "Ocultar la solución"}
---
respuesta = total * 2
```

+++ {"tags": ["solution"]}

:::{dropdown} Comentario de la solución (ejercicio 1)
Es el doble.
:::

```{code-cell} ipython3
:tags: [self-check]
print("¡bien!" if respuesta == 6 else "todavía no: falta respuesta")
```

```{code-cell} ipython3
:tags: [raises-exception]
int("no es un número")
```

Fin.
'''


def _book(folder: Path, **config) -> Path:
    """Build the throwaway book in ``folder`` with extra ``_config.yml`` keys; returns its html."""
    import yaml

    folder.mkdir(exist_ok=True)
    (folder / "intro.md").write_text("# Inicio\n\nUn libro de prueba.\n")
    (folder / "ejercicio.md").write_text(PAGE)
    (folder / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: ejercicio\n")
    base = {
        "title": "Prueba", "only_build_toc_files": True,
        "execute": {"execute_notebooks": "cache", "raise_on_error": True},
        "html": {"baseurl": ""}, "repository": {"url": ""},
        "launch_buttons": yaml.safe_load((ROOT / "_config.yml").read_text())["launch_buttons"],
        "sphinx": {"local_extensions": {"notebook_export": str(ROOT / "book" / "_ext")},
                   "config": {"notebook_export_project": str(ROOT), "language": "es"}},
    }
    for key, value in config.items():
        base[key].update(value)
    (folder / "_config.yml").write_text(yaml.safe_dump(base, allow_unicode=True))
    run = subprocess.run([Path(sys.executable).parent / "jupyter-book", "build", str(folder), "-W", "-n", "--keep-going"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return folder / "_build" / "html"


@pytest.fixture(scope="module")
def reader_python(tmp_path_factory):
    return fresh_venv(tmp_path_factory.mktemp("lector") / "venv")


@pytest.mark.slow
@pytest.mark.deadline
def test_throwaway_book_offers_both_editions_the_wheel_and_the_zip_and_runs_from_its_site(tmp_path, reader_python):
    site_dir = tmp_path / "sitio"
    with serve(site_dir) as url:
        html = _book(tmp_path / "libro", html={"baseurl": url + "/"},
                     repository={"url": "https://github.com/curso/clase102"})
        html.rename(site_dir)
        page = (site_dir / "ejercicio.html").read_text()
        assert 'href="_sources/ejercicio.ipynb"' in page and 'href="_sources/ejercicio-alumno.ipynb"' in page
        assert "Edición del alumno" in page
        assert "ipynb" not in (site_dir / "intro.html").read_text(), "a page without code offers no notebook"
        # launch buttons (repository.url is set): Colab and Binder open the exported notebook
        colab = re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', page)
        assert colab == ["https://colab.research.google.com/github/curso/clase102/blob/gh-pages/_sources/ejercicio.ipynb"]
        assert "https://mybinder.org/v2/gh/curso/clase102/gh-pages?urlpath=tree/_sources/ejercicio.ipynb" in page
        assert "keras==" in (site_dir / "binder" / "requirements.txt").read_text()
        # the wheel and the bundle
        assert (site_dir / WHEEL).stat().st_size > 10_000
        with zipfile.ZipFile(site_dir / "clase102-notebooks.zip") as bundle:
            names = sorted(bundle.namelist())
            assert names == sorted(f"clase102-notebooks/{n}" for n in
                                   ("LEEME.md", WHEEL, "ejercicio.ipynb", "ejercicio-alumno.ipynb"))
            assert f"pip install {WHEEL}" in bundle.read("clase102-notebooks/LEEME.md").decode()
        student = read(site_dir / "_sources" / "ejercicio-alumno.ipynb")
        assert not any("respuesta = total * 2" in c.source or "Comentario" in c.source for c in student.cells)
        # a reader: download over HTTP (the theme copied its own notebook first: the download is
        # still ours), run from an empty folder in a venv without clase102
        work = tmp_path / "vacia"
        work.mkdir()
        nb = read(urllib.request.urlopen(f"{url}/_sources/ejercicio.ipynb").read().decode())
        assert nb.cells[0].source == plain.setup_source(WHEEL, url + "/")
        run_notebook(nb, python=reader_python, cwd=work)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert text_of(code[0]) == f"Instalé clase102 desde el sitio del libro: {url}/{WHEEL}\n"
        assert text_of(code[-2]) == "¡bien!\n"
        assert text_of(code[-1]).startswith("ValueError: invalid literal for int()")


# every tag the pages use, one cell each: (tags, source hidden?, outputs kept?) by hand, in both editions
@pytest.mark.parametrize("tags, hidden, kept", [
    ([], False, True),
    (["hide-input"], True, True),
    (["hide-cell"], True, True),
    (["remove-input"], True, True),
    (["remove-output"], False, False),
    (["remove-cell"], True, False),
    (["tu-turno"], False, True),
    (["hide-output"], False, True),
])
def test_each_export_tag_hides_and_keeps_what_the_book_does(tags, hidden, kept):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = [_code("print(5)", tags, [_stdout("5\n")])]
    for student in (False, True):
        (cell,) = [c for c in _export(nb, student=student).cells if c.source == "print(5)"]
        assert cell.metadata.get("jupyter", {}).get("source_hidden", False) is hidden, (tags, student)
        assert [o.get("text") for o in cell.outputs] == (["5\n"] if kept else []), (tags, student)
        assert cell.metadata.get("tags", []) == tags


@pytest.mark.parametrize("tag", ["solution", "self-check", "raises-exception"])
def test_tags_that_change_the_student_edition(tag):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = [_code("print(5)", [tag], [_stdout("5\n")])]
    full = [c for c in _export(nb).cells if "print(5)" in c.source]
    student = [c for c in _export(nb, student=True).cells if "print(5)" in c.source]
    assert [o.get("text") for o in full[0].outputs] == ["5\n"]
    if tag == "solution":
        assert student == []  # the solution is gone
    elif tag == "self-check":
        assert student[0].source == "print(5)" and student[0].outputs == []  # its verdict would give it away
    else:
        assert student[0].source == full[0].source == plain.wrap_expected_error("print(5)")
        assert [o.get("text") for o in student[0].outputs] == ["5\n"]


# -------------------------------------------- edges the pages may reach (issue 15: mutation)


def test_glued_text_read_back_from_a_list_or_missing():
    assert plain.glue_text({"text/plain": ["'109", ".386'"]}) == "109.386"  # nbformat may keep lines
    assert plain.glue_text({"image/png": "..."}) == ""


def test_fences_next_to_prose_are_copied_exactly():
    assert _convert("```\n```\nY {glue:text}`n`") == "```\n```\nY 109.386"  # closed on the next line
    assert _convert("A {glue:text}`n`\n```python\nx = 1\n```\nB {glue:text}`n`") == "A 109.386\n```python\nx = 1\n```\nB 109.386"
    assert _convert("A\n```python\ny = 2\nx = '{doc}`a`'") == "A\n```python\ny = 2\nx = '{doc}`a`'"  # never closed


def test_roles_in_an_admonitions_title_and_body_and_blank_lines_around_it():
    out = _convert(":::{admonition} Ver {doc}`construir` ({glue:text}`n`)\n\n\nCuerpo con {doc}`construir`.\n\n:::")
    assert out == "> **Ver Construir un modelo (109.386)**\n>\n> Cuerpo con Construir un modelo."


def test_an_expected_error_keeps_its_code_exactly_but_the_final_newlines():
    wrapped = plain.wrap_expected_error("\nY = X  \nX  \n\n")
    assert "\ntry:\n\n    Y = X  \n    X  \nexcept Exception as error:\n" in wrapped


def test_defaults_are_the_full_edition_for_an_unpublished_book():
    nb = _page()
    cells = plain.export_notebook(nb, wheel=WHEEL).cells
    assert cells[0].source == plain.setup_source(WHEEL, "") == plain.setup_source(WHEEL)
    assert 'SITIO = ""' in cells[0].source
    assert any("respuesta = total * 2" in c.source for c in cells)  # the solution is there


def test_metadata_the_notebook_keeps():
    nb = _page()
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells[0].metadata = {"tags": ["intro"], "otra": 1}
    nb.cells[2].metadata["jupyter"] = {"outputs_hidden": True}
    full = _export(nb)
    assert full.metadata == {"kernelspec": nb.metadata["kernelspec"], "language_info": {"name": "python"}}
    assert full.cells[1].metadata == {"tags": ["intro"]}  # Markdown cells too, without foreign keys
    assert full.cells[3].metadata == {"tags": ["tu-turno"], "jupyter": {"outputs_hidden": True}}


def test_execution_counts_follow_the_outputs_kept():
    nb = _page()
    for number, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.execution_count = number + 10
    full, student = _export(nb), _export(nb, student=True)
    code = {c.source.split("\n")[0]: c.execution_count for c in full.cells[1:] if c.cell_type == "code"}
    assert code["respuesta = None  # Tu turno"] == 12 and code["mitad = respuesta / 2"] == 17  # with or without outputs
    code = {c.source.split("\n")[0]: c.execution_count for c in student.cells[1:] if c.cell_type == "code"}
    assert code["otra = total + 1"] == 18  # its outputs are kept: as executed
    assert code["mitad = respuesta / 2"] is None and code["check(respuesta)"] is None  # outputs dropped
    assert code["respuesta = None  # Tu turno"] is None  # no outputs: as if never run


def test_raw_cells_are_left_out_and_the_cells_after_them_kept():
    nb = _page()
    nb.cells.insert(2, nbformat.v4.new_raw_cell("crudo"))
    sources = [c.source for c in _export(nb).cells]
    assert "crudo" not in sources and sources[-1] == plain.wrap_expected_error("1/0")


def test_a_solution_in_markdown_is_prose_not_assignments():
    nb = _page()
    nb.cells.insert(4, nbformat.v4.new_markdown_cell("total = 0", metadata={"tags": ["solution"]}))
    student = {c.source: c for c in _export(nb, student=True).cells if c.cell_type == "code"}
    assert text_of(student["otra = total + 1\nprint(otra)"]) == "4\n"  # `total` is not tainted by the prose


def test_other_myst_errors_are_not_blamed_on_solutions_in_the_full_edition():
    nb = _page()
    nb.cells[5].metadata = {}
    nb.cells[5].source = nb.cells[5].source.replace("Es {glue:text}`doble`.", "Es {glue:text}`doble`, ver {ref}`x`.")
    with pytest.raises(plain.ExportError) as info:
        _export(nb)
    assert str(info.value) == "celda 6: el exportador no convierte el rol {ref}`x`"
