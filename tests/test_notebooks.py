"""The readers' notebooks (issue 5).

Unit tier: the MyST → plain Markdown conversion and the export of a small
synthetic notebook (fast, no Keras).

Book tier (``book``): every code page of the built book offers a valid executed
``.ipynb`` without MyST syntax, and each one runs top to bottom in a fresh
kernel from a temporary folder (with ``CLASE102_QUICK=1``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from clase102 import notebook as nbx
from conftest import BUILD, ROOT

# --------------------------------------------------------------------------- unit


def _bundle(text: str) -> dict:
    return {"text/plain": repr(text)}


GLUE = {"n": _bundle("109.386"), "acc": {"text/plain": "0.8668"}, "ok": _bundle("sí")}


def _convert(text, **kw):
    kw.setdefault("glue", GLUE)
    kw.setdefault("docname", "book/entrenar")
    kw.setdefault("doc_title", {"book/construir": "Construir un modelo", "book/intro": "Inicio"}.__getitem__)
    kw.setdefault("ref_title", {"sec-fit": "Entrenar con fit"}.__getitem__)
    return nbx.convert_markdown(text, **kw)


def test_glue_text_roles_become_the_glued_values():
    out = _convert("Total: **{glue:text}`n`** parámetros, ¿iguales? {glue:text}`ok`.")
    assert out == "Total: **109.386** parámetros, ¿iguales? sí."


def test_glue_text_format_spec_is_applied_like_myst_nb():
    assert _convert("{glue:text}`acc:.1%`") == "86.7%"
    assert _convert("{glue}`acc`") == "0.8668"


def test_unknown_glue_key_is_an_error():
    with pytest.raises(nbx.MystSyntaxError, match="no pegó «falta»"):
        _convert("valor {glue:text}`falta`")


def test_doc_and_ref_roles_become_link_text():
    text = "Mirá {doc}`construir`, {doc}`la intro </book/intro>` y {ref}`sec-fit`."
    assert _convert(text) == "Mirá Construir un modelo, la intro y Entrenar con fit."
    with pytest.raises(nbx.MystSyntaxError, match="destino"):
        _convert("{doc}`no-existe`")


def test_resolve_docname_relative_and_absolute():
    assert nbx.resolve_docname("construir", "book/entrenar") == "book/construir"
    assert nbx.resolve_docname("../README.md", "book/entrenar") == "README"
    assert nbx.resolve_docname("/book/intro", "book/x/y") == "book/intro"


def test_roles_inside_code_spans_and_code_fences_are_left_alone():
    text = "Escribí `` {glue:text}`n` `` así.\n\n```python\nx = '{doc}`a`'\n```\nY {glue:text}`n`."
    out = _convert(text)
    assert "`` {glue:text}`n` ``" in out
    assert "x = '{doc}`a`'" in out
    assert out.endswith("Y 109.386.")


def test_colon_fence_admonitions_become_block_quotes():
    text = (
        ":::{note}\nUna nota con {glue:text}`n`.\n:::\n\n"
        ":::{admonition} Para pensar\n:class: tip\nCuerpo\n\nsegundo párrafo\n:::\n"
    )
    out = _convert(text)
    assert out.split("\n")[:3] == ["> **Nota**", ">", "> Una nota con 109.386."]
    assert "> **Para pensar**\n>\n> Cuerpo\n>\n> segundo párrafo" in out
    assert ":::" not in out and ":class:" not in out


def test_nested_dropdown_with_math_and_yaml_options():
    text = (
        "::::{dropdown} Solución\n---\nopen: true\n---\n"
        "Son {glue:text}`n`:\n\n$$\na = b\n$$\n\n"
        ":::{warning}\nCuidado\n:::\n::::\nDespués."
    )
    out = _convert(text).split("\n")
    assert out[0] == "> **Solución**"
    assert "> Son 109.386:" in out
    assert "> $$" in out and "> a = b" in out
    assert "> > **Advertencia**" in out and "> > Cuidado" in out
    assert out[-1] == "Después."


def test_tableofcontents_targets_and_comments():
    text = "(sec-x)=\n## Recorrido\n% a comment\n```{tableofcontents}\n```\nfin"
    out = _convert(text, toc=["Uno", "Dos"])
    assert out == "## Recorrido\n- Uno\n- Dos\nfin"


def test_unsupported_myst_is_reported_not_exported():
    for text in ("```{figure} a.png\n```", ":::{hint}\nx\n:::", "ver {numref}`fig-1`", "{glue:md}`n`"):
        with pytest.raises(nbx.MystSyntaxError, match="no convierte"):
            _convert(text)
    assert nbx.find_myst_syntax("plain `code` and $x^{2}$") == []


def test_convert_markdown_checks_its_input():
    with pytest.raises(TypeError, match="texto Markdown"):
        nbx.convert_markdown(["no", "str"])


def test_format_glue_text_needs_text_plain():
    with pytest.raises(ValueError, match="text/plain"):
        nbx.format_glue_text({"image/png": "..."})


def _synthetic_executed_notebook():
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}, "jupytext": {"x": 1}, "source_map": [1, 2]})
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Título\n\nHay {glue:text}`total` capas; ver {doc}`otra`."),
        nbformat.v4.new_code_cell("x = 3\nx", execution_count=1, outputs=[
            nbformat.v4.new_output("execute_result", data={"text/plain": "3"}, execution_count=1)
        ]),
        nbformat.v4.new_code_cell("glue_text('total', str(x))", execution_count=2, metadata={"tags": ["remove-cell"], "mystnb": {"a": 1}}, outputs=[
            nbformat.v4.new_output(
                "display_data",
                data={"application/papermill.record/text/plain": "'3'"},
                metadata={"scrapbook": {"name": "total", "mime_prefix": "application/papermill.record/"}},
            ),
            nbformat.v4.new_output("execute_result", data={"text/plain": "'3'"}, execution_count=2),
        ]),
        nbformat.v4.new_code_cell("1/0", execution_count=3, metadata={"tags": ["raises-exception", "hide-input"]}, outputs=[
            nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])
        ]),
    ]
    return nb


def test_export_notebook_is_plain_valid_and_keeps_outputs():
    nb = _synthetic_executed_notebook()
    before = json.dumps(nb, sort_keys=True)
    out = nbx.export_notebook(nb, docname="book/x", doc_title=lambda d: {"book/otra": "Otra página"}[d])
    assert json.dumps(nb, sort_keys=True) == before, "the input notebook was modified"
    nbformat.validate(out)
    assert set(out.metadata) == {"kernelspec"}
    first, md, code, glue_cell, err = out.cells
    assert first.source == nbx.SETUP_SOURCE and first.metadata["tags"] == [nbx.SETUP_TAG]
    assert md.source == "# Título\n\nHay 3 capas; ver Otra página."
    assert code.outputs[0]["data"]["text/plain"] == "3" and code.execution_count == 1
    # the glue cell stays (later cells may need it), collapsed and without outputs
    assert glue_cell.source.startswith("glue_text") and glue_cell.outputs == []
    assert glue_cell.metadata["jupyter"] == {"source_hidden": True} and "mystnb" not in glue_cell.metadata
    assert err.metadata["tags"] == ["raises-exception", "hide-input"] and err.outputs[0]["output_type"] == "error"
    # deterministic: the same page gives the same file
    assert nbformat.writes(nbx.export_notebook(nb, docname="book/x", doc_title=lambda d: "Otra página")) == nbformat.writes(out)


def test_export_notebook_reports_the_page_and_cell():
    nb = _synthetic_executed_notebook()
    nb.cells[0].source = "{glue:text}`nada`"
    with pytest.raises(nbx.MystSyntaxError, match=r"book/x, celda 1"):
        nbx.export_notebook(nb, docname="book/x")
    with pytest.raises(TypeError, match="notebook"):
        nbx.export_notebook({"no": "cells"})


def test_setup_cell_explains_how_to_install_the_package(tmp_path):
    # `python -S` has no site-packages, so `clase102` is not importable there
    run = subprocess.run(
        [sys.executable, "-S", "-c", nbx.SETUP_SOURCE], capture_output=True, text=True, cwd=tmp_path
    )
    assert run.returncode != 0
    assert "ModuleNotFoundError" in run.stderr and "pip install -e ." in run.stderr
    assert "no está instalado" in run.stderr
    ok = subprocess.run([sys.executable, "-c", nbx.SETUP_SOURCE + "\nimport os\nprint(os.environ['TF_ENABLE_ONEDNN_OPTS'])"],
                        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "TF_ENABLE_ONEDNN_OPTS": "1"})
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "0"


# --------------------------------------------------------------------------- book

HTML = BUILD / "html"
RAW_MYST = re.compile(r"\{(glue|doc|ref|numref|eq|download|term)[^}]*\}`|^\s*(:::|```\{)|^\(\w[\w-]*\)=", re.M)


def _code_pages():
    from test_book import _code_pages as pages

    return pages()


@pytest.fixture(scope="module")
def built():
    if not (HTML / "index.html").exists():
        pytest.fail(f"No hay libro construido en {BUILD}: corré `make html` (o `make test`) primero.")


def _exported(page: str) -> Path:
    return HTML / "_sources" / f"{page}.ipynb"


def _without_code(markdown: str) -> str:
    return re.sub(r"```.*?```|`[^`\n]+`", "", markdown, flags=re.S)


@pytest.mark.book
@pytest.mark.parametrize("page", _code_pages())
def test_code_page_offers_a_valid_executed_plain_notebook(page, built):
    html = (HTML / f"{page}.html").read_text()
    assert f'_sources/{page}.ipynb"' in html, "la página no ofrece el .ipynb en el menú de descarga"
    path = _exported(page)
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    cells = nb.cells
    assert cells[0].source == nbx.SETUP_SOURCE
    code = [c for c in cells[1:] if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), "hay celdas sin ejecutar"
    assert any(c.outputs for c in code), "no hay salidas"
    for cell in cells:
        if cell.cell_type == "markdown":
            left = RAW_MYST.findall(_without_code(cell.source))
            assert not left, f"queda sintaxis MyST: {left}\n{cell.source[:300]}"
    text = json.dumps([c.get("outputs", []) for c in code])
    assert "application/papermill.record" not in text


@pytest.mark.book
@pytest.mark.parametrize("page", _code_pages())
def test_exported_glue_matches_what_myst_nb_pasted(page, built):
    """The values in the notebook's prose are the ones the HTML shows (myst-nb's glue.json)."""
    from test_book import glued

    glue_file = BUILD / "jupyter_execute" / f"{page}.glue.json"
    if not glue_file.exists():
        pytest.skip("la página no pega valores")
    source = (ROOT / f"{page}.md").read_text()
    nb = nbformat.read(_exported(page), as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for key, plain in glued(page).items():
        if f"`{key}`" in source:
            value = nbx.format_glue_text({"text/plain": plain})
            assert value in prose, f"{key}={value!r} no aparece en el notebook"


def _kernel_manager(tmp_path):
    """A kernel of this interpreter (the .venv's), whatever kernelspecs the machine has."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    kernels = tmp_path / "kernels"
    write_kernel_spec(kernels / "clase102-venv")
    ksm = KernelSpecManager(kernel_dirs=[str(kernels)], ensure_native_kernel=False)
    return KernelManager(kernel_name="clase102-venv", kernel_spec_manager=ksm)


@pytest.mark.book
@pytest.mark.parametrize("page", _code_pages())
def test_exported_notebook_runs_in_a_fresh_kernel_elsewhere(page, built, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    work = tmp_path / "lejos"
    work.mkdir()
    nb = nbformat.read(_exported(page), as_version=4)
    (work / Path(page).name).with_suffix(".ipynb").write_text(nbformat.writes(nb))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    monkeypatch.setenv("CLASE102_QUICK", "1")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    client = NotebookClient(
        nb,
        km=_kernel_manager(tmp_path),
        timeout=1200,
        resources={"metadata": {"path": str(work)}},
    )
    client.execute()  # raises CellExecutionError on any error not tagged raises-exception
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    for cell in code:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "raises-exception" in cell.metadata.get("tags", []):
            assert errors, f"la celda marcada raises-exception no falló:\n{cell.source}"
