"""Each page with code as a notebook that runs anywhere, in its download menu.

- ``_sources/<page>.ipynb``, the **full edition**: the page's cells with the book's outputs,
  the prose as plain Markdown, and a first cell that installs the course package when it is
  missing (the wheel next to the notebook, else the one at ``html_baseurl``). A cell tagged
  ``raises-exception`` prints its error instead of stopping "Run All".
- ``_sources/<page>-alumno.ipynb``, the **student edition** of a page with exercises: without
  the cells tagged ``solution`` and without outputs; its self-checks say «todavía no».
- With ``repository_url`` set, the theme's Colab and Binder buttons open the full edition on
  the branch that publishes the site (``notebooks_branch``); without it there is no launch button.

Why the theme's own download is not enough: sphinx-book-theme offers myst-nb's
``jupyter_execute/<page>.ipynb``, whose prose is MyST (``{glue:text}``, ``{doc}``, ``:::{note}``),
which Jupyter and Colab show as raw text, and which has no outputs when the page came from the
cache (myst-nb 1.4 writes the notebook it read, not the one merged with the cache). Here the page
is merged with its cached outputs by jupyter-cache, and the prose is parsed with MyST's own
markdown-it plugins: roles become their text, directives a quoted block with a bold title.
"""

from __future__ import annotations

import copy
import re
import textwrap
import tomllib
from ast import literal_eval
from pathlib import Path

import jupytext
import nbformat
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.myst_role import myst_role_plugin
from sphinx.util import logging

from pages import strip_machine_paths

logger = logging.getLogger(__name__)
MYST = MarkdownIt("commonmark").enable("table").use(colon_fence_plugin).use(myst_role_plugin).use(dollarmath_plugin)
TITLES = {"note": "Nota", "dropdown": "Detalles", "admonition": ""}  # a directive without its own title
HIDDEN = {"remove-cell", "hide-cell", "remove-input", "hide-input"}
NO_OUTPUT = {"remove-cell", "remove-output"}


class ExportError(ValueError):
    """MyST the exporter does not turn into plain Markdown (the reason, in Spanish)."""


def glued(cells) -> dict[str, str]:
    """The text of every value the cells glued, as ``{glue:text}`` shows it."""
    values = {}
    for output in (o for cell in cells for o in cell.get("outputs", [])):
        book = output.get("metadata", {}).get("scrapbook")
        if book:  # myst-nb's glue: the mime types carry a prefix
            text = "".join(output["data"].get(book.get("mime_prefix", "") + "text/plain", ""))
            try:
                values[book["name"]] = str(literal_eval(text))
            except (SyntaxError, ValueError):
                values[book["name"]] = text
    return values


def markdown(text: str, glue: dict, title_of, toc=(), student=False) -> str:
    """A MyST Markdown cell as plain Markdown: roles by their text, directives as quoted blocks, a
    ``container`` as its content; the student edition leaves out the blocks of class ``solution``."""
    lines, blocks = text.split("\n"), {}
    for token in MYST.parse(text):
        for role in (c for c in token.children or [] if c.type == "myst_role"):
            name, content = role.meta["name"], role.content
            if name == "glue:text" and content in glue:
                value = glue[content]
            elif name == "doc":
                value = title_of(content)
            else:
                raise ExportError(f"no sé convertir {{{name}}}`{content}`: ¿no se pegó ese valor, o lo pega una solución?")
            for i in range(*token.map):
                lines[i] = lines[i].replace(f"{{{name}}}`{content}`", value)
        directive = re.match(r"\{([\w-]+)\}\s*(.*)", token.info) if token.type in ("colon_fence", "fence") else None
        if directive and token.level == 0:
            name, title = directive.groups()
            options = re.findall(r"^:([\w-]+):(.*)$", token.content, re.M)
            solution = name == "container" and "solution" in title.split() or any(
                key.startswith("class") and "solution" in value.split() for key, value in options)
            body = markdown("\n".join(ln for ln in token.content.split("\n") if not re.match(r":[\w-]+:", ln)),
                            glue, title_of, student=student).strip("\n") if name != "tableofcontents" and not (
                student and solution) else ""
            if student and solution:
                blocks[token.map[0]] = (token.map[1], [])
            elif name == "container":
                blocks[token.map[0]] = (token.map[1], body.split("\n"))
            elif name == "tableofcontents":
                blocks[token.map[0]] = (token.map[1], [f"- {chapter}" for chapter in toc])
            elif name in TITLES:
                head = markdown(title, glue, title_of) or TITLES[name]
                blocks[token.map[0]] = (token.map[1], [f"> **{head}**", ">", *(f"> {b}".rstrip() for b in body.split("\n"))])
            else:
                raise ExportError(f"no sé convertir la directiva {{{name}}}")
    out, i = [], 0
    while i < len(lines):
        end, new = blocks.get(i, (i + 1, [lines[i]]))
        out += new
        i = end
    return "\n".join(out)


def setup_source(wheel: str, site: str) -> str:
    """The first cell of every notebook: quiet TensorFlow, install ``clase102`` if it is missing."""
    return f'''\
# Preparación: silencia los avisos de TensorFlow e instala el paquete del curso si falta.
import importlib.util
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
PAQUETE, SITIO = "{wheel}", "{site.rstrip('/')}"  # SITIO: el libro publicado ("" si no lo está)

if importlib.util.find_spec("clase102") is None:
    fuente = str(Path(PAQUETE).resolve()) if Path(PAQUETE).exists() else (f"{{SITIO}}/{{PAQUETE}}" if SITIO else "")
    if fuente:
        get_ipython().run_line_magic("pip", f"install -q {{fuente}}")
        importlib.invalidate_caches()
    if importlib.util.find_spec("clase102") is None:
        raise ModuleNotFoundError(
            "Este notebook necesita el paquete del curso, «clase102», y no pude instalarlo. Bajá "
            "clase102-notebooks.zip del libro, descomprimilo y abrí el notebook desde esa carpeta "
            f"(el paquete {{PAQUETE}} está al lado), o instalalo vos: %pip install /ruta/a/{{PAQUETE}}"
        )
    print(f"Instalé clase102 desde {{fuente}}")'''


def expected_error(source: str) -> str:
    """A cell that must fail, written so that "Run All" goes on: it prints the error."""
    return ("# Esta celda falla a propósito: el error de Keras se imprime abajo y el notebook sigue.\n"
            f"try:\n{textwrap.indent(source.rstrip(), '    ')}\nexcept Exception as error:\n"
            '    print(f"{type(error).__name__}: {error}")')


def export(nb, *, wheel: str, site: str = "", title_of=str, toc=(), student: bool = False):
    """The notebook of an executed page ``nb`` (see the module's docstring)."""
    def tags(cell):
        return set(cell.get("metadata", {}).get("tags", []))

    glue = glued(c for c in nb.cells if not (student and "solution" in tags(c)))
    out = nbformat.v4.new_notebook(metadata={k: nb.metadata[k] for k in ("kernelspec", "language_info") if k in nb.metadata})
    out.cells.append(nbformat.v4.new_code_cell(setup_source(wheel, site), id="celda-000"))
    for number, cell in enumerate(nb.cells, 1):  # ids by position in the page: both editions share them
        if student and "solution" in tags(cell):
            continue
        metadata, cell_id = ({"tags": sorted(tags(cell))} if tags(cell) else {}), f"celda-{number:03d}"
        if cell.cell_type == "markdown":
            try:
                text = markdown(cell.source, glue, title_of, toc, student)
            except ExportError as error:
                raise ExportError(f"celda {number}: {error}") from None
            out.cells.append(nbformat.v4.new_markdown_cell(text, metadata=metadata, id=cell_id))
        elif cell.cell_type == "code":
            raises = "raises-exception" in tags(cell)
            new = nbformat.v4.new_code_cell(expected_error(cell.source) if raises else cell.source,
                                            metadata=metadata, id=cell_id)
            if tags(cell) & HIDDEN:
                new.metadata["jupyter"] = {"source_hidden": True}
            if not student and not tags(cell) & NO_OUTPUT:
                new.outputs = [_output(o, cell) for o in cell.outputs if "scrapbook" not in o.get("metadata", {})]
                new.execution_count = cell.execution_count
            out.cells.append(new)
    nbformat.validate(out)
    return out


def _output(output, cell):
    """An output as the notebook keeps it: an expected error printed, alt texts, no machine paths."""
    output = copy.deepcopy(output)
    if output.output_type == "error" and "raises-exception" in cell.metadata.get("tags", []):
        output = nbformat.v4.new_output("stream", name="stdout", text=f"{output.ename}: {output.evalue}\n")
    if output.output_type == "error":
        output.traceback = [strip_machine_paths(line) for line in output.traceback]
    elif output.output_type == "stream":
        output.text = strip_machine_paths(output.text)
    alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt")
    for mime in [m for m in output.get("data", {}) if alt and m.startswith("image/")]:
        output.setdefault("metadata", {})[mime] = {"alt": alt}
    return output


# ------------------------------------------------------------------ Sphinx


def wheel_name(srcdir) -> str:
    project = tomllib.loads(Path(srcdir, "pyproject.toml").read_text(encoding="utf8"))["project"]
    return f"{project['name']}-{project['version']}-py3-none-any.whl"


def no_launch_buttons_without_repository(app, config):
    if not config.html_theme_options.get("repository_url"):
        config.html_theme_options["launch_buttons"] = {}


def offer_notebook(app, pagename, templatename, context, doctree):
    """Before the theme builds the download menu (priority 501): a page with code offers its notebook."""
    if app.builder.name == "html" and doctree is not None and "kernelspec" in app.env.metadata.get(pagename, {}):
        context["ipynb_source"] = pagename + ".ipynb"


def write_notebooks(app, pagename, templatename, context, doctree):
    """After the theme (which may have copied its own notebook): both editions, their links."""
    if "ipynb_source" not in context or app.builder.name != "html":
        return
    from jupyter_cache import get_cache

    env = app.env

    def title_of(target):
        return env.titles[target.lstrip("/") if target.startswith("/") else str(Path(pagename).parent / target)].astext()

    try:
        _, nb = get_cache(env.mystnb_config.execution_cache_path).merge_match_into_notebook(
            jupytext.read(env.doc2path(pagename)))
        toc = [env.titles[d].astext() for d in env.toctree_includes.get(pagename, [])]
        editions = {student: export(nb, wheel=wheel_name(app.srcdir), site=app.config.html_baseurl,
                                    title_of=title_of, toc=toc, student=student)
                    for student in (False, True) if not student or any("solution" in c.metadata.get("tags", []) for c in nb.cells)}
    except (ExportError, KeyError, nbformat.ValidationError) as error:
        logger.warning(f"no se pudo exportar el notebook: {error}", location=pagename, type="notebooks")
        return
    for student, notebook in editions.items():
        path = Path(app.outdir, "_sources", pagename + ("-alumno" if student else "") + ".ipynb")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(nbformat.writes(notebook), encoding="utf8")
    options = app.config.html_theme_options
    repository = re.search(r"github\.com/([^/]+)/([^/#?]+)", options.get("repository_url", ""))
    where = f"{app.config.notebooks_branch}/_sources/{pagename}.ipynb"
    for group in context.get("header_buttons", []):
        buttons = group.get("buttons", [])
        if group.get("label") == "download-buttons" and True in editions:
            full = next(b for b in buttons if b.get("label") == "download-notebook-button")
            buttons.insert(buttons.index(full) + 1, dict(
                full, label="download-student-notebook-button", text="Edición del alumno",
                tooltip="Descargar la edición del alumno: el notebook sin las soluciones",
                url=full["url"].removesuffix(".ipynb") + "-alumno.ipynb"))
        for button in buttons if group.get("label") == "launch-buttons" and repository else []:
            org, repo, launch = repository[1], repository[2].removesuffix(".git"), options["launch_buttons"]
            if button.get("text") == "Colab":
                button["url"] = f"{launch['colab_url'].rstrip('/')}/github/{org}/{repo}/blob/{where}"
            elif button.get("text") == "Binder":
                branch, path = where.split("/", 1)
                button["url"] = f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{org}/{repo}/{branch}?urlpath=tree/{path}"


def setup(app):
    app.add_config_value("notebooks_branch", "gh-pages", "html")
    app.connect("config-inited", no_launch_buttons_without_repository)
    app.connect("html-page-context", offer_notebook, priority=450)
    app.connect("html-page-context", write_notebooks, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
