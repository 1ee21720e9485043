"""Sphinx extension: each code page as a plain notebook that runs anywhere, and the course bundle.

On ``html-page-context`` a page with code cells is read with jupytext and merged with its
outputs from the jupyter-cache (myst-nb 1.4 writes ``jupyter_execute/<page>.ipynb``
without outputs when a page came from the cache); :func:`export_notebook` makes
``_sources/<page>.ipynb`` of it and, for a page with ``solution`` cells, the student
edition ``_sources/<page>-alumno.ipynb``; both go in the page's download menu. At
``builder-inited`` the wheel of ``clase102`` is built (only when its files changed); at
``build-finished`` it is copied to the site's root with ``clase102-notebooks.zip`` (every
notebook, the wheel, ``LEEME.md``). Launch buttons only with ``repository.url``: Colab and
Binder then open the exported notebook on ``notebook_export_pages_branch``. A page that
cannot be exported is a build warning.

The export: the MyST the pages use becomes plain Markdown (``{glue:text}`` → the value,
``{doc}`` → the page's title, ``note``/``admonition``/``dropdown`` → a quoted block with a
bold title, ``tableofcontents`` → the chapters; any other role or directive is an
:class:`ExportError`); a first cell installs ``clase102`` when missing (the wheel next to
the notebook, else the one at ``html.baseurl``); a ``raises-exception`` cell prints its
error so "Run All" goes on; glue outputs are dropped, hidden cells collapsed, figures keep
their alt text and outputs lose the build machine's paths. The student edition drops the
``solution`` cells and clears the outputs that would give an answer away: those of the
``self-check`` cells and of every later cell that uses a name a solution assigned.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import tomllib
import zipfile
from ast import literal_eval
from pathlib import Path

import jupytext
import nbformat
from sphinx.util import logging

from a11y import fingerprint, strip_machine_paths  # book/_ext/a11y.py
from clase102._env import TF_QUIET_ENV  # the quiet TensorFlow settings, written once

logger = logging.getLogger(__name__)

SETUP_TAG = "clase102-setup"
SOLUTION, SELF_CHECK, EXPECTED_ERROR = "solution", "self-check", "raises-exception"
ADMONITIONS = {"note": "Nota", "admonition": "", "dropdown": "Detalles"}  # title when none is given
_HIDE_SOURCE = {"remove-cell", "hide-cell", "remove-input", "hide-input"}
_DROP_OUTPUT = {"remove-cell", "remove-output"}
# a role, or a code span (never across a blank line) whose content is left alone
_ROLE_OR_CODE = re.compile(r"\{(?P<name>[\w:.-]+)\}`(?P<content>[^`]+)`|(?P<code>(`+)(?:(?!\n\s*\n).)+?\4)", re.S)
_OPEN = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w:.-]+)\}[ \t]*(?P<arg>.*?)\s*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")

ZIP_NAME, STUDENT_SUFFIX = "clase102-notebooks.zip", "-alumno"
PACKAGE_FILES = ("pyproject.toml", "README.md", "code/clase102")
README = """\
# Clase 102 — Keras Sequential API: notebooks

Cada página del libro con código, en dos versiones:

- `<página>.ipynb`: la página completa, con las salidas del libro y las soluciones;
- `<página>-alumno.ipynb`: la edición para trabajar, sin las soluciones (las autoevaluaciones
  dicen «todavía no» hasta que resuelvas cada ejercicio).

Abrí cualquiera en Jupyter desde esta carpeta: su primera celda instala el paquete del curso,
`clase102`, desde la rueda que está al lado. Para instalarlo vos, una sola línea:

    pip install {wheel}

Necesita Python 3.11 o más nuevo con Keras 3 y TensorFlow (como en Colab).
"""


class ExportError(ValueError):
    """A page the exporter cannot turn into a plain notebook (the reason, in Spanish)."""


# ------------------------------------------------------------------- Markdown


def glue_values(nb) -> dict[str, dict]:
    """The glued mime bundles of an executed notebook, by key (prefix removed)."""
    values = {}
    for output in (o for cell in nb.get("cells", []) for o in cell.get("outputs", [])):
        book = output.get("metadata", {}).get("scrapbook")
        if book:
            prefix = book.get("mime_prefix", "")
            values[book["name"]] = {k.removeprefix(prefix): v for k, v in output.get("data", {}).items()}
    return values


def glue_text(bundle) -> str:
    """A glued value as ``{glue:text}`` shows it: its ``text/plain`` repr read back."""
    text = bundle.get("text/plain", "")
    text = "".join(text) if isinstance(text, list) else text
    try:
        return str(literal_eval(text))
    except (SyntaxError, ValueError):
        return text


def _inline(text: str, glue, doc_title) -> str:
    def role(match: re.Match) -> str:
        name, content = match["name"], match["content"]
        if match["code"]:
            return match["code"]
        if name == "doc":
            return doc_title(content.strip())
        if name != "glue:text":
            raise ExportError(f"el exportador no convierte el rol {match[0]}")
        if content not in glue:
            raise ExportError(f"la página usa {{glue:text}}`{content}` pero la ejecución no pegó «{content}»")
        return glue_text(glue[content])

    return _ROLE_OR_CODE.sub(role, text)


def convert_markdown(text: str, glue={}, doc_title=str, toc=()) -> str:
    """A page's MyST Markdown cell as plain Markdown (see the module docstring)."""
    lines, out, prose, i = text.split("\n"), [], [], 0

    def flush():  # roles only outside code fences
        if prose:
            out.append(_inline("\n".join(prose), glue, doc_title))
            prose.clear()

    while i < len(lines):
        opening, fence = _OPEN.match(lines[i]), _FENCE.match(lines[i])
        if not (opening or fence):
            prose.append(lines[i])
            i += 1
            continue
        flush()
        if not opening:  # a plain code fence: copied as is
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith(fence[1])), len(lines) - 1)
            out += lines[i : end + 1]
            i = end + 1
            continue
        name = opening["name"]
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == opening["fence"]), None)
        if end is None or name not in {*ADMONITIONS, "tableofcontents"}:
            raise ExportError(f"el exportador no convierte la directiva «{lines[i].strip()}»")
        if name == "tableofcontents":
            out += [f"- {title}" for title in toc]
        else:
            body = [b for b in lines[i + 1 : end] if not re.match(r"^:[\w-]+:", b)]  # no options
            body = convert_markdown("\n".join(body), glue, doc_title).split("\n")
            while body and not body[0].strip():
                body.pop(0)
            while body and not body[-1].strip():
                body.pop()
            title = _inline(opening["arg"] or ADMONITIONS[name], glue, doc_title)
            out += [f"> **{title}**", ">"] + [f"> {b}".rstrip() for b in body]
        i = end + 1
    flush()
    return "\n".join(out)


# ------------------------------------------------------------------- code cells


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

os.environ.update({TF_QUIET_ENV!r})

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


def _outputs(cell, tags, source: str) -> list:
    """The outputs the notebook keeps: no glue, expected errors printed, alt texts, no machine paths."""
    if set(tags) & _DROP_OUTPUT:
        return []
    alt = ((cell.get("metadata", {}).get("mystnb") or {}).get("image") or {}).get("alt")
    outputs = []
    for output in (nbformat.from_dict(copy.deepcopy(o)) for o in cell.get("outputs", [])):
        if output.get("metadata", {}).get("scrapbook"):
            continue
        if output["output_type"] == "error" and EXPECTED_ERROR in tags:
            output = nbformat.v4.new_output("stream", name="stdout", text=f"{output['ename']}: {output['evalue']}\n")
        if alt and output["output_type"] in ("display_data", "execute_result"):
            for mime in [m for m in output.get("data", {}) if m.startswith("image/")]:
                output.setdefault("metadata", {})[mime] = {**output.get("metadata", {}).get(mime, {}), "alt": str(alt)}
        if output["output_type"] == "error":
            output["traceback"] = [strip_machine_paths(line) for line in output.get("traceback", [])]
        elif output["output_type"] == "stream":
            output["text"] = strip_machine_paths(output.get("text", ""))
        outputs.append(output)
    return outputs


def export_notebook(nb, *, wheel: str, site: str = "", doc_title=str, toc=(), student: bool = False):
    """The plain notebook of an executed page notebook ``nb`` (not modified); see the module docstring.

    ``doc_title(docname)`` gives a ``{doc}`` link's text; ``toc`` the chapters' titles. Cell
    ids are ``celda-NNN`` by position in the full edition, so the student edition keeps the
    ids of its cells. Raises :class:`ExportError` (with the cell number) for MyST it cannot
    convert, or when the student edition would show a value glued by a solution.
    """
    glue = glue_values(nb)
    solution_glue = set(glue_values({"cells": [c for c in nb["cells"] if SOLUTION in c.get("metadata", {}).get("tags", [])]}))
    out = nbformat.v4.new_notebook()
    out.metadata = {k: copy.deepcopy(v) for k, v in nb.get("metadata", {}).items() if k in ("kernelspec", "language_info")}
    out.cells.append(nbformat.v4.new_code_cell(setup_source(wheel, site), metadata={"tags": [SETUP_TAG]}, id="celda-000"))
    tainted: set[str] = set()  # names a solution assigned (and what was computed from them)
    for number, cell in enumerate(nb["cells"], start=1):
        tags = cell.get("metadata", {}).get("tags", [])
        metadata = {k: copy.deepcopy(v) for k, v in cell.get("metadata", {}).items() if k in ("tags", "jupyter")}
        source, cell_id = "".join(cell.get("source", "")), f"celda-{number:03d}"
        if student and SOLUTION in tags:
            tainted |= _names(source, ast.Store) if cell["cell_type"] == "code" else set()
            continue
        if cell["cell_type"] == "markdown":
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
        outputs = _outputs(cell, tags, source)
        if student and (SELF_CHECK in tags or _names(source, ast.Load) & tainted):
            tainted |= _names(source, ast.Store)
            outputs = []
        new = nbformat.v4.new_code_cell(wrap_expected_error(source) if EXPECTED_ERROR in tags else source,
                                        metadata=metadata, id=cell_id)
        new.outputs = outputs
        new.execution_count = cell.get("execution_count") if outputs or not student else None
        if set(tags) & _HIDE_SOURCE:
            new.metadata.setdefault("jupyter", {})["source_hidden"] = True
        out.cells.append(new)
    nbformat.validate(out)
    return out


# ------------------------------------------------------------------- wheel


def _package_digest(project: Path) -> str:
    digest = hashlib.sha256()
    for name in PACKAGE_FILES:
        path = project / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(str(file.relative_to(project)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def wheel_name(project: Path) -> str:
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf8"))["project"]
    return f"{meta['name']}-{meta['version']}-py3-none-any.whl"


def build_wheel(project: Path, folder: Path) -> Path:
    """The wheel of ``project`` in ``folder``, rebuilt only when the package's files changed.

    ``pip wheel`` runs on a copy, so the project folder gets no ``build/`` nor ``*.egg-info``
    (other builds may be reading it).
    """
    folder.mkdir(parents=True, exist_ok=True)
    wheel, stamp = folder / wheel_name(project), folder / "sources.sha256"
    digest = _package_digest(project)
    if wheel.exists() and stamp.exists() and stamp.read_text() == digest:
        return wheel
    with tempfile.TemporaryDirectory() as tmp:
        copy_dir = Path(tmp, "src")
        for name in PACKAGE_FILES:
            if (project / name).is_dir():
                shutil.copytree(project / name, copy_dir / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                (copy_dir / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(project / name, copy_dir / name)
        run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                              "-w", str(Path(tmp, "dist")), str(copy_dir)], capture_output=True, text=True)
        built = Path(tmp, "dist", wheel.name)
        if run.returncode or not built.exists():
            raise RuntimeError(f"pip wheel falló:\n{run.stdout}\n{run.stderr}")
        shutil.copy2(built, wheel)
    stamp.write_text(digest)
    return wheel


# ------------------------------------------------------------------- Sphinx


def executed_notebook(path, cache_dir):
    """The executed notebook of a page: its MyST (jupytext) merged with its outputs from the
    jupyter-cache in ``cache_dir``; KeyError when the cache has no execution of this code."""
    from jupyter_cache import get_cache

    return get_cache(str(cache_dir)).merge_match_into_notebook(jupytext.read(path))[1]


def notebook_path(outdir, docname: str, student: bool = False) -> Path:
    """Where a download goes: ``<html>/_sources/<docname>[-alumno].ipynb``."""
    return Path(outdir, "_sources", docname + (STUDENT_SUFFIX if student else "") + ".ipynb")


def _exports(app, docname: str) -> dict[bool, object]:
    """``{False: full, True: student}`` (student only for pages with solutions); {} if none."""
    from myst_nb.sphinx_ import NbMetadataCollector

    env = app.env
    if NbMetadataCollector.get_exec_data(env, docname) is None:  # not an executed notebook
        return {}
    try:
        nb = executed_notebook(env.doc2path(docname), env.mystnb_config.execution_cache_path)
    except KeyError:
        logger.warning(f"no encuentro el notebook ejecutado de «{docname}» en el caché "
                       f"{env.mystnb_config.execution_cache_path}", location=docname,
                       type="notebook_export", subtype="executed")
        return {}

    def doc_title(target: str) -> str:
        other = target.lstrip("/") if target.startswith("/") else str(Path(docname).parent / target)
        if other not in env.titles:
            raise ExportError(f"no encuentro la página de {{doc}}`{target}`")
        return env.titles[other].astext()

    toc = [env.titles[d].astext() for d in env.toctree_includes.get(docname, []) if d in env.titles]
    has_solutions = any(SOLUTION in c.metadata.get("tags", []) for c in nb.cells)
    exports = {}
    for student in (False, True) if has_solutions else (False,):
        try:
            exports[student] = export_notebook(nb, wheel=app.notebook_export_wheel, site=app.config.html_baseurl or "",
                                               doc_title=doc_title, toc=toc, student=student)
        except (ExportError, nbformat.ValidationError) as exc:
            edition = "la edición del alumno" if student else "el notebook"
            logger.warning(f"no se pudo exportar {edition}: {exc}", location=docname,
                           type="notebook_export", subtype="convert")
            return {}
    return exports


_PENDING: dict[str, dict] = {}


def set_download(app, pagename, templatename, context, doctree):
    """Before the theme builds the download menu (priority 501): export, set ``ipynb_source``."""
    if app.builder.format != "html" or doctree is None:  # search, genindex: no doctree
        return
    exports = _PENDING[pagename] = _exports(app, pagename)
    if exports:
        context["ipynb_source"] = pagename + ".ipynb"


def write_and_link(app, pagename, templatename, context, doctree):
    """After the theme (which may copy its own notebook to ``_sources``): write ours, fix menus."""
    exports = _PENDING.pop(pagename, None)
    if not exports:
        return
    for student, nb in exports.items():
        _write_if_changed(notebook_path(app.outdir, pagename, student), nbformat.writes(nb).encode())
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons" and True in exports:
            notebook = next(b for b in group["buttons"] if b.get("label") == "download-notebook-button")
            student = dict(notebook, label="download-student-notebook-button",
                           text="Edición del alumno", tooltip="Descargar la edición del alumno: el notebook sin las soluciones",
                           url=notebook["url"].removesuffix(".ipynb") + STUDENT_SUFFIX + ".ipynb")
            group["buttons"].insert(group["buttons"].index(notebook) + 1, student)
        if group.get("label") == "launch-buttons":
            _point_launch_buttons(app, pagename, group)


def _point_launch_buttons(app, pagename: str, group: dict) -> None:
    """Colab and Binder open this page's exported notebook on the site's branch."""
    match = re.search(r"github\.com/([^/]+)/([^/#?]+)", app.config.html_theme_options.get("repository_url", ""))
    if not match:
        return
    org, repo = match[1], match[2].removesuffix(".git")
    branch, path = app.config.notebook_export_pages_branch, f"_sources/{pagename}.ipynb"
    launch = app.config.html_theme_options.get("launch_buttons", {})
    for button in group["buttons"]:
        if button.get("text") == "Colab":
            button["url"] = f"{launch['colab_url'].rstrip('/')}/github/{org}/{repo}/blob/{branch}/{path}"
        elif button.get("text") == "Binder":
            button["url"] = f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{org}/{repo}/{branch}?urlpath=tree/{path}"


def no_launch_without_repository(app, config):
    """Launch buttons only with a ``repository.url``: without one, their addresses are cleared."""
    options = config.html_theme_options
    if not options.get("repository_url") and isinstance(options.get("launch_buttons"), dict):
        options["launch_buttons"] = {k: ("" if k.endswith("_url") else v) for k, v in options["launch_buttons"].items()}


def prepare_wheel(app):
    if app.builder.format != "html":
        return
    project = Path(app.srcdir, app.config.notebook_export_project).resolve()
    if not (project / "pyproject.toml").is_file():  # a book without the package (test books)
        app.notebook_export_wheel, app.notebook_export_wheel_path = "clase102.whl", None
        return
    app.notebook_export_wheel = wheel_name(project)
    app.notebook_export_wheel_path = build_wheel(project, Path(app.outdir).parent / "wheel")


def write_bundle(app, exception):
    """The wheel at the site's root, and the zip: every notebook, the wheel, ``LEEME.md``."""
    if exception is not None or app.builder.format != "html":
        return
    outdir, wheel, files = Path(app.outdir), app.notebook_export_wheel_path, {}
    if wheel is not None:
        _write_if_changed(outdir / wheel.name, wheel.read_bytes())
        files = {"LEEME.md": README.format(wheel=wheel.name).encode(), wheel.name: wheel.read_bytes()}
    for docname in sorted(app.env.found_docs):
        for path in (notebook_path(outdir, docname, student) for student in (False, True)):
            if path.exists():
                files[path.name] = path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files.items():  # fixed dates: the same files give the same zip
            bundle.writestr(zipfile.ZipInfo(f"clase102-notebooks/{name}", (2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    _write_if_changed(outdir / ZIP_NAME, buffer.getvalue())
    lock_file = Path(app.srcdir, app.config.notebook_export_project, "requirements.lock")
    if app.config.html_theme_options.get("repository_url") and lock_file.is_file():
        # Binder builds the published branch: its environment, from the lock's pins
        pins = [ln for ln in lock_file.read_text("utf8").splitlines()
                if re.match(r"(keras|tensorflow[-_]cpu|numpy|pandas|matplotlib)==", ln)]
        _write_if_changed(outdir / "binder" / "requirements.txt", ("\n".join(pins) + "\n").encode())
        _write_if_changed(outdir / "binder" / "runtime.txt", b"python-3.11\n")


def _write_if_changed(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def setup(app):
    # a new exporter or pyproject.toml (the wheel's name) rewrites every page, so every notebook
    app.add_config_value("notebook_export_fingerprint", fingerprint(__file__, Path(app.srcdir, "pyproject.toml")), "html")
    app.add_config_value("notebook_export_project", ".", "html")  # the folder with pyproject.toml
    app.add_config_value("notebook_export_pages_branch", "gh-pages", "html")
    app.connect("config-inited", no_launch_without_repository)
    app.connect("builder-inited", prepare_wheel)
    app.connect("html-page-context", set_download, priority=450)
    app.connect("html-page-context", write_and_link, priority=510)
    app.connect("build-finished", write_bundle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
