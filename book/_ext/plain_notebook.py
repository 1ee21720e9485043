"""A book page as a plain Jupyter notebook: the full edition and the student's.

Build tooling (used by ``notebook_export.py``), not part of the student's package.
:func:`export_notebook` turns a page's *executed* notebook into one that runs in
any Jupyter or Colab:

- the MyST the pages use becomes plain Markdown: ``{glue:text}`key``` → the glued
  value, ``{doc}`page``` and ``{ref}`label``` → the target's title (or the link's own text),
  ``:::{note}``/``{warning}``/``{tip}``/``{admonition}``/``{dropdown}`` → a block quote with a
  bold title, ``{tableofcontents}`` → the list of chapters; anything else left is an
  :class:`ExportError`;
- a first cell (:func:`setup_source`) quiets TensorFlow and, when ``clase102`` is
  missing, installs its wheel with ``%pip``: the one next to the notebook, else the
  one on the book's site;
- a cell tagged ``raises-exception`` catches and prints its error, so "Run All"
  reaches the last cell (the book itself keeps the real traceback);
- glue outputs are dropped (their values are in the Markdown); cells hidden in the
  book are collapsed.

With ``student=True`` it gives the student edition: cells tagged ``solution`` are
gone, and the outputs that would give an answer away are cleared: those of the
``self-check`` cells and of every later cell that uses a name a solution assigned.
"""

from __future__ import annotations

import ast
import copy
import re
import textwrap
from ast import literal_eval
from typing import Callable, Mapping

import nbformat

SETUP_TAG = "clase102-setup"
SOLUTION, SELF_CHECK, EXPECTED_ERROR = "solution", "self-check", "raises-exception"

# directive → title shown when it gives none
ADMONITIONS = {"note": "Nota", "warning": "Advertencia", "tip": "Consejo", "admonition": "", "dropdown": "Detalles"}
_HIDE_SOURCE = {"remove-cell", "hide-cell", "remove-input", "hide-input"}
_DROP_OUTPUT = {"remove-cell", "remove-output"}

# a role, or a code span (never across a blank line) whose content is left alone
_ROLE_OR_CODE = re.compile(r"\{(?P<name>[\w:.-]+)\}`(?P<content>[^`]+)`|(?P<code>(`+)(?:(?!\n\s*\n).)+?\4)", re.S)
_OPEN = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w:.-]+)\}[ \t]*(?P<arg>.*?)\s*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_EXPLICIT = re.compile(r"^(?P<text>.+?)\s*<(?P<target>[^<>]+)>$", re.S)


class ExportError(ValueError):
    """A page the exporter cannot turn into a plain notebook (the reason, in Spanish)."""


# --------------------------------------------------------------------------- glue


def glue_values(nb) -> dict[str, dict]:
    """The glued mime bundles of an executed notebook, by key (prefix removed)."""
    values = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            book = output.get("metadata", {}).get("scrapbook")
            if book:
                prefix = book.get("mime_prefix", "")
                values[book["name"]] = {k.removeprefix(prefix): v for k, v in output.get("data", {}).items()}
    return values


def glue_text(bundle: Mapping) -> str:
    """A glued value as ``{glue:text}`` shows it: its ``text/plain`` repr read back."""
    text = bundle.get("text/plain", "")
    text = "".join(text) if isinstance(text, list) else text
    try:
        return str(literal_eval(text))
    except (SyntaxError, ValueError):
        return text


# ------------------------------------------------------------------- Markdown


def _inline(text: str, glue: Mapping, doc_title: Callable[[str], str]) -> str:
    def role(match: re.Match) -> str:
        name, content = match["name"], match["content"]
        if match["code"]:
            return match["code"]
        if name == "glue:text":
            if content not in glue:
                raise ExportError(f"la página usa {{glue:text}}`{content}` pero la ejecución no pegó «{content}»")
            return glue_text(glue[content])
        if name in ("doc", "ref"):  # a link's text: its own, or the target's title
            explicit = _EXPLICIT.match(content)
            return explicit["text"] if explicit else doc_title(content.strip())
        raise ExportError(f"el exportador no convierte el rol {match[0]}")

    return _ROLE_OR_CODE.sub(role, text)


def _quote(title: str, body: list[str]) -> list[str]:
    while body and not body[0].strip():
        body = body[1:]
    while body and not body[-1].strip():
        body = body[:-1]
    return [f"> **{title}**", ">"] + [f"> {line}".rstrip() for line in body]


def convert_markdown(
    text: str, glue: Mapping = {}, doc_title: Callable[[str], str] = str, toc: list[str] = ()
) -> str:
    """A page's MyST Markdown cell as plain Markdown (see the module docstring)."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line) and "{" not in line:  # a plain code fence: copied as is
            fence = _FENCE.match(line)[1]
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith(fence)), len(lines) - 1)
            out += lines[i : end + 1]
            i = end + 1
            continue
        opening = _OPEN.match(line)
        if opening:
            fence, name = opening["fence"], opening["name"]
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == fence), None)
            if end is None or name not in {*ADMONITIONS, "tableofcontents"}:
                raise ExportError(f"el exportador no convierte la directiva «{line.strip()}»")
            body = [b for b in lines[i + 1 : end] if not re.match(r"^:[\w-]+:", b)]
            if name == "tableofcontents":
                out += [f"- {title}" for title in toc]
            else:
                title = opening["arg"] or ADMONITIONS[name]
                out += _quote(_inline(title, glue, doc_title), convert_markdown("\n".join(body), glue, doc_title).split("\n"))
            i = end + 1
            continue
        if re.match(r"^\([\w.:-]+\)=\s*$", line) or line.startswith("% "):  # targets, comments
            i += 1
            continue
        out.append(line)
        i += 1
    # inline roles, outside plain code fences (a role may span lines)
    result, chunk, fence = [], [], None
    for line in out + [None]:
        if line is None or (fence is None and _FENCE.match(line)):
            if chunk:
                result.append(_inline("\n".join(chunk), glue, doc_title))
            chunk, fence = [], line and _FENCE.match(line)[1]
            result += [line] if line is not None else []
        elif fence is not None:
            result.append(line)
            fence = None if line.strip() == fence else fence
        else:
            chunk.append(line)
    return "\n".join(result)


# ------------------------------------------------------------------- code


def setup_source(wheel: str, site: str = "") -> str:
    """The first cell of every exported notebook: quiet TensorFlow, install ``clase102`` if missing.

    ``wheel`` is the wheel's file name; ``site`` the book's address (``html.baseurl``), or "".
    """
    return f'''\
# Preparación: silencia los avisos de TensorFlow e instala el paquete del curso si falta.
import contextlib
import importlib.util
import io
import os
from pathlib import Path

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

RUEDA = "{wheel}"
SITIO = "{site.rstrip('/')}"  # la dirección del libro publicado ("" si no está publicado)

if importlib.util.find_spec("clase102") is None:
    if Path(RUEDA).exists():
        fuente, donde = str(Path(RUEDA).resolve()), "la rueda junto al notebook"
    elif SITIO:
        fuente, donde = f"{{SITIO}}/{{RUEDA}}", "el sitio del libro"
    else:
        fuente = donde = None
    if fuente:
        with contextlib.redirect_stdout(io.StringIO()):  # pip's own errors still show (stderr)
            get_ipython().run_line_magic("pip", f"install -q {{fuente}}")
        importlib.invalidate_caches()
    if importlib.util.find_spec("clase102") is None:
        raise ModuleNotFoundError(
            "Este notebook necesita el paquete del curso, «clase102», y no pude instalarlo.\\n"
            "Hay dos formas:\\n"
            f"  1. Bajá clase102-notebooks.zip del libro, descomprimilo y abrí el notebook desde esa "
            f"carpeta: la rueda {{RUEDA}} está al lado y esta celda la instala sola.\\n"
            "  2. Desde una celda: %pip install /ruta/a/" + RUEDA + " (o, en el repositorio del libro, "
            "%pip install -e .).\\nDespués volvé a correr el notebook desde el principio."
        )
    print(f"Instalé clase102 desde {{donde}}: {{fuente}}")

import clase102'''


def wrap_expected_error(source: str) -> str:
    """A ``raises-exception`` cell that prints its error instead of stopping "Run All"."""
    return (
        "# Esta celda falla a propósito: el error real de Keras se imprime abajo y el notebook sigue.\n"
        "try:\n"
        + textwrap.indent(source.rstrip("\n"), "    ")
        + "\nexcept Exception as error:\n"
        '    print(f"{type(error).__name__}: {error}")\n'
        "else:\n"
        '    print("Esta vez no falló: ¿cambió la versión de Keras?")'
    )


def _names(source: str, kind) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: no names to follow
        return set()
    found = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, kind)}
    if kind is ast.Store:
        found |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    return found


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def export_notebook(
    nb,
    *,
    wheel: str,
    site: str = "",
    glue: Mapping | None = None,
    doc_title: Callable[[str], str] = str,
    toc: list[str] = (),
    student: bool = False,
):
    """The plain notebook of an executed page notebook ``nb`` (not modified); see the module docstring.

    ``glue`` adds glued values not in ``nb``'s outputs; ``doc_title(docname)`` gives a
    ``{doc}`` link's text; ``toc`` the chapters' titles. Cell ids are ``celda-NNN`` by
    position in the full edition, so the student edition keeps the ids of its cells.
    Raises :class:`ExportError` (with the cell number) for MyST it cannot convert, or
    when the student edition would show a value glued by a solution.
    """
    glue = {**glue_values(nb), **(glue or {})}
    solution_glue = set()
    for cell in nb["cells"]:
        if SOLUTION in cell.get("metadata", {}).get("tags", []):
            solution_glue |= set(glue_values({"cells": [cell]}))
    out = nbformat.v4.new_notebook()
    out.metadata = {k: copy.deepcopy(v) for k, v in nb.get("metadata", {}).items() if k in ("kernelspec", "language_info")}
    setup = nbformat.v4.new_code_cell(setup_source(wheel, site), metadata={"tags": [SETUP_TAG]}, id="celda-000")
    out.cells.append(setup)
    tainted: set[str] = set()  # names a solution assigned (and what was computed from them)
    for number, cell in enumerate(nb["cells"], start=1):
        tags = cell.get("metadata", {}).get("tags", [])
        metadata = {k: copy.deepcopy(v) for k, v in cell.get("metadata", {}).items() if k in ("tags", "jupyter")}
        source, cell_id = _source(cell), f"celda-{number:03d}"
        if cell["cell_type"] == "markdown":
            if student and SOLUTION in tags:
                continue
            try:
                shown = {k: v for k, v in glue.items() if not (student and k in solution_glue)}
                text = convert_markdown(source, shown, doc_title, toc)
            except ExportError as error:
                if student and any(f"`{key}`" in source for key in solution_glue):
                    error = ExportError(f"una celda Markdown sin la etiqueta «solution» muestra un valor que pega una solución ({error})")
                raise ExportError(f"celda {number}: {error}") from None
            if text.strip():
                out.cells.append(nbformat.v4.new_markdown_cell(text, metadata=metadata, id=cell_id))
            continue
        if cell["cell_type"] != "code":
            continue
        if student and SOLUTION in tags:
            tainted |= _names(source, ast.Store)
            continue
        outputs = [] if set(tags) & _DROP_OUTPUT else [
            nbformat.from_dict(copy.deepcopy(o)) for o in cell.get("outputs", [])
            if not o.get("metadata", {}).get("scrapbook")
        ]
        if student and (SELF_CHECK in tags or _names(source, ast.Load) & tainted):
            tainted |= _names(source, ast.Store)
            outputs = []
        if EXPECTED_ERROR in tags:
            source = wrap_expected_error(source)
            outputs = [
                nbformat.v4.new_output("stream", name="stdout", text=f"{o['ename']}: {o['evalue']}\n")
                if o["output_type"] == "error" else o
                for o in outputs
            ]
        new = nbformat.v4.new_code_cell(source, metadata=metadata, id=cell_id)
        new.outputs = outputs
        new.execution_count = cell.get("execution_count") if outputs or not student else None
        if set(tags) & _HIDE_SOURCE:
            new.metadata.setdefault("jupyter", {})["source_hidden"] = True
        out.cells.append(new)
    nbformat.validate(out)
    return out
