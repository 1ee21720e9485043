"""A book page as a plain Jupyter notebook (the ``.ipynb`` a reader downloads).

The pages are MyST notebooks: their Markdown uses a few MyST extensions that
plain Jupyter, JupyterLab or Colab do not understand. :func:`export_notebook`
turns an *executed* page notebook into one that reads well anywhere:

- ``{glue:text}`key``` (and ``{glue}`key```) → the glued value, formatted as
  myst-nb formats it;
- ``{doc}`` / ``{ref}`` roles → the text of the link (the target page's title
  when the role gives none), since the other pages are not next to the notebook;
- ``:::{note}`` / ``{warning}`` / ``{tip}`` / ``{admonition}`` / ``{dropdown}``
  blocks (colon or backtick fences, nested or not) → a block quote with a bold
  title; ``{tableofcontents}`` → a bullet list of the chapters' titles;
- MyST targets ``(label)=`` and comments ``% …`` → dropped;
- ``$…$`` / ``$$…$$`` math, tables and plain code fences are left as they are.

Any other MyST syntax left in the Markdown makes the export fail
(:class:`MystSyntaxError`), so a page can only use what is converted.

The exported notebook also starts with :data:`SETUP_SOURCE`, a cell that
quiets TensorFlow and checks that ``clase102`` is importable, explaining in
Spanish how to install it when it is not.

Cells tagged ``remove-cell`` (the ones that glue values) are kept: later cells
may use what they compute, and they run anywhere. They are shown collapsed
(``jupyter.source_hidden``) and their outputs, which the book never shows, are
dropped; so are glue outputs anywhere, which plain Jupyter cannot display: the
values already appear in the Markdown.
"""

from __future__ import annotations

import copy
import posixpath
import re
from ast import literal_eval
from typing import Callable, Mapping

import nbformat

__all__ = [
    "SETUP_SOURCE",
    "SETUP_TAG",
    "MystSyntaxError",
    "convert_markdown",
    "export_notebook",
    "find_myst_syntax",
    "format_glue_text",
    "glue_values",
    "resolve_docname",
    "setup_cell",
]

SETUP_TAG = "clase102-setup"

SETUP_SOURCE = '''\
import importlib.util
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

if importlib.util.find_spec("clase102") is None:
    raise ModuleNotFoundError(
        "Este notebook usa el paquete del curso, «clase102», y no está instalado en el "
        "entorno de este kernel.\\n"
        "Instalalo desde la carpeta del repositorio del libro (la que tiene pyproject.toml):\\n\\n"
        "    pip install -e .\\n\\n"
        "o, desde una celda de este notebook: %pip install -e /ruta/a/la/carpeta/del/repositorio\\n"
        "Después reiniciá el kernel y volvé a correr el notebook desde el principio."
    )

import clase102'''

GLUE_PREFIX = "application/papermill.record/"

# Admonition-like directives the pages may use, with the title shown when the
# directive takes none.
ADMONITIONS = {
    "note": "Nota",
    "warning": "Advertencia",
    "tip": "Consejo",
    "admonition": "",
    "dropdown": "",
}

# Cell tags that hide a cell's input or output in the book, and the
# standard Jupyter metadata that collapses it in JupyterLab / Notebook 7.
_HIDE_SOURCE = {"remove-cell", "hide-cell", "remove-input", "hide-input"}
_HIDE_OUTPUT = {"remove-output", "hide-output"}
# Outputs the book never shows (the glue cells' echo, for one) are not exported.
_DROP_OUTPUT = {"remove-cell", "remove-output"}

_ROLE_OR_CODE = re.compile(
    r"(?P<role>\{(?P<name>[A-Za-z][\w:.+-]*)\}(?P<ticks>`+)(?P<content>(?:(?!\n[ \t]*\n).)+?)(?P=ticks)(?!`))"
    # a code span: never across a blank line, so a stray backtick cannot hide a role
    r"|(?P<code>(?P<cticks>`+)(?:(?!\n[ \t]*\n).)+?(?P=cticks)(?!`))",
    re.DOTALL,
)
_COLON_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>:{3,})\{(?P<name>[\w:.-]+)\}[ \t]*(?P<arg>.*?)\s*$")
_COLON_CLOSE = re.compile(r"^[ \t]*(?P<fence>:{3,})[ \t]*$")
_TICK_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\{(?P<name>[\w:.-]+)\}[ \t]*(?P<arg>.*?)\s*$")
_CODE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?!.*\{)")
_OPTION_LINE = re.compile(r"^[ \t]*:[\w-]+:.*$")
_TARGET_LINE = re.compile(r"^[ \t]*\([\w.:-]+\)=[ \t]*$")
_COMMENT_LINE = re.compile(r"^%(?!%)")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>\s*$", re.DOTALL)


class MystSyntaxError(ValueError):
    """Markdown that uses MyST syntax the exporter does not convert."""


# --------------------------------------------------------------------------- glue


def glue_values(nb) -> dict[str, dict]:
    """The glued mime bundles of an executed notebook, by key (as myst-nb reads them).

    A glue output is a ``display_data`` whose metadata has ``scrapbook.name``;
    its data keys carry the ``mime_prefix`` of ``glue(display=False)``.
    """
    values: dict[str, dict] = {}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            book = output.get("metadata", {}).get("scrapbook")
            if not book:
                continue
            prefix = book.get("mime_prefix", "")
            values[book["name"]] = {
                (k[len(prefix):] if k.startswith(prefix) else k): v
                for k, v in output.get("data", {}).items()
            }
    return values


def format_glue_text(bundle: Mapping, fmt_spec: str = "") -> str:
    """Format a glued value as ``{glue:text}`` shows it (myst-nb's rules).

    The ``text/plain`` repr is read back with ``literal_eval`` (so a glued
    ``str`` loses its quotes) and formatted with ``fmt_spec`` when given.
    """
    if "text/plain" not in bundle:
        raise ValueError(f"El valor pegado no tiene representación text/plain: {sorted(bundle)}.")
    text = bundle["text/plain"]
    if isinstance(text, list):
        text = "".join(text)
    try:
        value = literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if not fmt_spec:
        return str(value)
    kind = fmt_spec[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, fmt_spec)


# ------------------------------------------------------------------- Markdown


def resolve_docname(target: str, current: str) -> str:
    """The docname a ``{doc}`` target points to, seen from page ``current``.

    ``/book/x`` is from the book root; ``x`` or ``../x`` from ``current``'s folder.
    A trailing ``.md`` / ``.ipynb`` is ignored.
    """
    target = target.strip()
    target = re.sub(r"\.(md|ipynb|rst)$", "", target)
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(current), target))


def _no_target(name: str) -> str:
    raise KeyError(name)


def _convert_inline(
    text: str,
    *,
    glue: Mapping[str, Mapping],
    docname: str,
    doc_title: Callable[[str], str],
    ref_title: Callable[[str], str],
    other_glue: Callable[[str], Mapping[str, Mapping]] | None,
) -> str:
    def replace(match: re.Match) -> str:
        if match.group("code"):
            return match.group("code")
        name, content = match.group("name"), match.group("content")
        if name in ("glue", "glue:", "glue:any", "glue:text"):
            key, fmt_spec = content, ""
            if name == "glue:text" and ":" in content.rsplit("::", 1)[-1]:
                key, fmt_spec = content.rsplit(":", 1)
            values = glue
            if "::" in key:
                other, key = key.split("::", 1)
                if other_glue is None:
                    raise MystSyntaxError(f"No sé leer valores pegados de otra página: {content!r}.")
                values = other_glue(resolve_docname(other, docname))
            if key not in values:
                raise MystSyntaxError(
                    f"La página usa {{{name}}}`{content}` pero la ejecución no pegó «{key}»."
                )
            return format_glue_text(values[key], fmt_spec)
        if name in ("doc", "ref"):
            explicit = _EXPLICIT.match(content)
            if explicit and explicit.group("text"):
                return explicit.group("text")
            target = explicit.group("target") if explicit else content
            try:
                if name == "doc":
                    return doc_title(resolve_docname(target, docname))
                return ref_title(target.strip())
            except KeyError:
                raise MystSyntaxError(
                    f"No encuentro el destino de {{{name}}}`{content}`."
                ) from None
        return match.group(0)

    return _ROLE_OR_CODE.sub(replace, text)


def _find_close(lines: list[str], start: int, fence: str, closing: re.Pattern) -> int:
    """Index of the line closing the block opened at ``start - 1`` (or ``len(lines)``)."""
    depth = 0
    for i in range(start, len(lines)):
        line = lines[i]
        if _COLON_OPEN.match(line) or _TICK_OPEN.match(line):
            opened = (_COLON_OPEN.match(line) or _TICK_OPEN.match(line)).group("fence")
            if opened[0] == fence[0]:
                depth += 1
            continue
        close = closing.match(line)
        if close and close.group("fence")[0] == fence[0]:
            if depth:
                depth -= 1
            elif len(close.group("fence")) >= len(fence):
                return i
    return len(lines)


def _strip_options(body: list[str]) -> list[str]:
    """Drop a directive's ``:option:`` lines or YAML ``---`` block at its start."""
    if body and body[0].strip() == "---":
        for i in range(1, len(body)):
            if body[i].strip() == "---":
                return body[i + 1 :]
        return []
    i = 0
    while i < len(body) and _OPTION_LINE.match(body[i]):
        i += 1
    return body[i:]


def _quote(title: str, body: list[str]) -> list[str]:
    while body and not body[0].strip():
        body = body[1:]
    while body and not body[-1].strip():
        body = body[:-1]
    out = [f"> **{title}**"] if title else []
    if title and body:
        out.append(">")
    out += [f"> {line}" if line.strip() else ">" for line in body]
    return out


def _code_fence_end(lines: list[str], i: int) -> int | None:
    """If ``lines[i]`` opens a plain code fence, the index of its closing line (or the last line)."""
    code = _CODE_OPEN.match(lines[i])
    if not code:
        return None
    fence = code.group("fence")
    end = i + 1
    while end < len(lines) and not lines[end].strip().startswith(fence):
        end += 1
    return end


def _convert_lines(lines: list[str], inline: Callable[[str], str], toc: list[str] | None) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        end = _code_fence_end(lines, i)
        if end is not None:  # a plain code fence: copied untouched
            out.extend(lines[i : end + 1])
            i = end + 1
            continue
        opening = _COLON_OPEN.match(line) or _TICK_OPEN.match(line)
        if opening and (opening.group("name") in ADMONITIONS or opening.group("name") == "tableofcontents"):
            fence, name = opening.group("fence"), opening.group("name")
            closing = _COLON_CLOSE if fence[0] == ":" else re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*$")
            end = _find_close(lines, i + 1, fence, closing)
            body = _strip_options(lines[i + 1 : end])
            if name == "tableofcontents":
                out.extend(f"- {title}" for title in (toc or []))
            else:
                title = inline(opening.group("arg")) or ADMONITIONS[name]
                if not title and name == "dropdown":
                    title = "Detalles"
                out.extend(_quote(title, _convert_lines(body, inline, toc)))
            i = end + 1
            continue
        if _TARGET_LINE.match(line) or _COMMENT_LINE.match(line):
            i += 1
            continue
        out.append(line)
        i += 1
    return out


def convert_markdown(
    text: str,
    *,
    glue: Mapping[str, Mapping] | None = None,
    docname: str = "",
    doc_title: Callable[[str], str] | None = None,
    ref_title: Callable[[str], str] | None = None,
    toc: list[str] | None = None,
    other_glue: Callable[[str], Mapping[str, Mapping]] | None = None,
) -> str:
    """Turn a page's MyST Markdown cell into plain Markdown (see the module docstring).

    ``glue`` maps keys to glued mime bundles (:func:`glue_values`);
    ``doc_title(docname)`` and ``ref_title(label)`` give link texts and raise
    ``KeyError`` for unknown targets; ``toc`` lists the titles that replace a
    ``{tableofcontents}``. Raises :class:`MystSyntaxError` for a glue key that
    was not glued, an unknown link target, or MyST syntax left unconverted.
    """
    if not isinstance(text, str):
        raise TypeError(f"Se esperaba el texto Markdown de una celda; recibí {type(text).__name__}.")

    def inline(segment: str) -> str:
        return _convert_inline(
            segment,
            glue=glue or {},
            docname=docname,
            doc_title=doc_title or _no_target,
            ref_title=ref_title or _no_target,
            other_glue=other_glue,
        )

    lines = _convert_lines(text.split("\n"), inline, toc)
    # inline roles may span lines: convert the joined text, code fences aside
    result = "\n".join(_map_outside_code(lines, inline))
    left = find_myst_syntax(result)
    if left:
        raise MystSyntaxError(
            "La celda Markdown usa sintaxis MyST que el exportador de notebooks no convierte: "
            + "; ".join(left)
            + ". Usá solo {glue:text}, {doc}, {ref}, :::{note}/{warning}/{tip}/{admonition}/{dropdown} y $$…$$."
        )
    return result


def _map_outside_code(lines: list[str], func: Callable[[str], str]) -> list[str]:
    """Apply ``func`` to the runs of lines outside plain code fences."""
    out: list[str] = []
    chunk: list[str] = []
    i = 0
    while i < len(lines):
        end = _code_fence_end(lines, i)
        if end is not None:
            if chunk:
                out.extend(func("\n".join(chunk)).split("\n"))
                chunk = []
            out.extend(lines[i : end + 1])
            i = end + 1
            continue
        chunk.append(lines[i])
        i += 1
    if chunk:
        out.extend(func("\n".join(chunk)).split("\n"))
    return out


def find_myst_syntax(text: str) -> list[str]:
    """MyST constructs left in Markdown ``text`` (outside code): roles, directives, targets."""
    found: list[str] = []

    def scan(segment: str) -> str:
        for match in _ROLE_OR_CODE.finditer(segment):
            if match.group("role"):
                found.append(match.group("role"))
        for line in segment.split("\n"):
            if _COLON_OPEN.match(line) or _TICK_OPEN.match(line) or _TARGET_LINE.match(line):
                found.append(line.strip())
        return segment

    _map_outside_code(text.split("\n"), scan)
    return list(dict.fromkeys(found))


# ------------------------------------------------------------------- notebook


def setup_cell():
    """The first cell of every exported notebook (source: :data:`SETUP_SOURCE`)."""
    cell = nbformat.v4.new_code_cell(SETUP_SOURCE)
    cell.metadata["tags"] = [SETUP_TAG]
    return cell


def _is_glue_only(output) -> bool:
    book = output.get("metadata", {}).get("scrapbook")
    if not book or not book.get("mime_prefix"):
        return False
    return all(k.startswith(book["mime_prefix"]) for k in output.get("data", {}))


def export_notebook(
    nb,
    *,
    glue: Mapping[str, Mapping] | None = None,
    docname: str = "",
    doc_title: Callable[[str], str] | None = None,
    ref_title: Callable[[str], str] | None = None,
    toc: list[str] | None = None,
    other_glue: Callable[[str], Mapping[str, Mapping]] | None = None,
):
    """A plain, valid notebook for readers from an executed page notebook ``nb``.

    ``nb`` is not modified. The result starts with :func:`setup_cell`, has
    plain Markdown (:func:`convert_markdown`, with the glue values found in
    ``nb``'s outputs plus ``glue``, for values kept elsewhere), the executed outputs minus glue-only ones, and only standard
    notebook metadata (``kernelspec``, ``language_info``). It passes
    ``nbformat.validate``; a page whose Markdown cannot be converted raises
    :class:`MystSyntaxError`.
    """
    if not isinstance(nb, Mapping) or "cells" not in nb:
        raise TypeError("Se esperaba un notebook (nbformat.NotebookNode) con celdas.")
    glue = {**glue_values(nb), **(glue or {})}
    out = nbformat.v4.new_notebook()
    for key in ("kernelspec", "language_info"):
        if key in nb.get("metadata", {}):
            out.metadata[key] = copy.deepcopy(nb["metadata"][key])
    out.cells.append(setup_cell())
    for index, cell in enumerate(nb["cells"], start=1):
        kind = cell.get("cell_type")
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        metadata = {k: copy.deepcopy(v) for k, v in cell.get("metadata", {}).items() if k != "mystnb"}
        if kind == "markdown":
            try:
                text = convert_markdown(
                    source,
                    glue=glue,
                    docname=docname,
                    doc_title=doc_title,
                    ref_title=ref_title,
                    toc=toc,
                    other_glue=other_glue,
                )
            except MystSyntaxError as exc:
                raise MystSyntaxError(f"{docname or 'notebook'}, celda {index}: {exc}") from None
            if text.strip():
                out.cells.append(nbformat.v4.new_markdown_cell(text, metadata=metadata))
        elif kind == "code":
            new = nbformat.v4.new_code_cell(source, metadata=metadata)
            new.execution_count = cell.get("execution_count")
            tags = set(metadata.get("tags", []))
            new.outputs = [
                nbformat.from_dict(copy.deepcopy(o))
                for o in cell.get("outputs", [])
                if not _is_glue_only(o) and not tags & _DROP_OUTPUT
            ]
            jupyter = dict(metadata.get("jupyter", {}))
            if tags & _HIDE_SOURCE:
                jupyter["source_hidden"] = True
            if tags & _HIDE_OUTPUT:
                jupyter["outputs_hidden"] = True
            if jupyter:
                new.metadata["jupyter"] = jupyter
            out.cells.append(new)
        elif kind == "raw":
            out.cells.append(nbformat.v4.new_raw_cell(source, metadata=metadata))
    # stable cell ids: the same page exports to the same file, build after build
    for number, cell in enumerate(out.cells):
        cell["id"] = f"celda-{number:03d}"
    nbformat.validate(out)
    return out
