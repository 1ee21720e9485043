"""Checks on the built book (run after the strict build, inside `make test`)."""

import json
import re
from pathlib import Path

import pytest

from helpers import BUILD, ROOT

pytestmark = pytest.mark.book

HTML = BUILD / "html"
EXEC = BUILD / "jupyter_execute"


import sys  # noqa: E402

sys.path[:0] = [str(ROOT / "book" / "_ext"), str(ROOT / "tools")]
from handout_pdf import toc_entries  # noqa: E402
from notebook_export import executed_notebook as _executed  # noqa: E402

PAGES = [entry["doc"] for entry in toc_entries()]


def _code_pages():
    return [p for p in PAGES if "```{code-cell}" in (ROOT / f"{p}.md").read_text()]


def executed_notebook(page: str):
    """The executed notebook of a page, merged from the jupyter-cache (the exporter's reader)."""
    return _executed(ROOT / f"{page}.md", BUILD / ".jupyter_cache")


@pytest.fixture(scope="module", autouse=True)
def _built():
    if not (HTML / "index.html").exists():
        pytest.fail("No hay libro construido: corré `make html` (o `make test`) primero.")


@pytest.mark.parametrize("page", PAGES)
def test_page_is_built_in_spanish(page):
    html = (HTML / f"{page}.html").read_text()
    assert '<html lang="es"' in html


@pytest.mark.parametrize("page", _code_pages())
def test_page_has_executed_outputs_and_no_unexpected_traceback(page):
    nb = executed_notebook(page)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "la página no tiene celdas de código"
    assert all(c.get("execution_count") for c in code), "hay celdas sin ejecutar"
    assert any(c["outputs"] for c in code), "ninguna celda produjo salida"
    for c in code:
        tags = c.get("metadata", {}).get("tags", [])
        errors = [o for o in c["outputs"] if o["output_type"] == "error"]
        if "raises-exception" in tags:
            assert errors, f"celda marcada raises-exception que no falló:\n{''.join(c['source'])}"
        else:
            assert not errors, f"error inesperado:\n{''.join(c['source'])}"
    html = (HTML / f"{page}.html").read_text()
    expected = sum("raises-exception" in c.get("metadata", {}).get("tags", []) for c in code)
    assert html.count("Traceback (most recent call last)") <= expected


@pytest.mark.parametrize("page", _code_pages())
def test_outputs_are_clean(page):
    nb = executed_notebook(page)
    text = json.dumps([c.get("outputs", []) for c in nb["cells"] if c["cell_type"] == "code"])
    for noise in ("oneDNN custom operations", "TF_ENABLE_ONEDNN_OPTS", "cuda_", "np.float64(", "np.int64("):
        assert noise not in text, f"ruido en las salidas: {noise}"
    assert "\\b" not in text and "\\r" not in text, "caracteres de control en las salidas"


def test_exercise_2_count_is_glued_from_execution():
    html = (HTML / "book/construir.html").read_text()
    text = re.sub(r"<[^>]+>", "", html)
    solution = text[text.index("Ejercicio 2"):]
    assert re.search(
        r"784 · 128 \+ 128 = 100\.480,\s*128 · 64 \+ 64 = 8\.256 y\s*64 · 10 \+ 10 = 650:"
        r"\s*en total,\s*109\.386\s*parámetros",
        solution,
    ), "la solución del ejercicio 2 no muestra el conteo pegado desde la ejecución"
    assert "{glue" not in text


def glued(page: str) -> dict:
    """The values a page glued, as myst-nb stored them (``text/plain`` reprs)."""
    raw = json.loads((EXEC / f"{page}.glue.json").read_text())
    return {k: v["data"].get("text/plain") for k, v in raw.items()}


def test_glued_values_come_from_execution():
    values = glued("book/construir")
    assert values["ej2_total"] == "'109.386'"
    assert values["c_keras"] == "'109.386'"
    assert values["c1"] == "'100.480'"
