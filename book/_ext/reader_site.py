"""Sphinx extension: what a reader's browser gets, offline and in Spanish (issue 5).

- **MathJax from the book itself.** ``mathjax_path`` (``_config.yml``) names a
  file under ``_static/``; this extension copies the MathJax 3 files it needs
  from the pinned PyPI package ``sphinx-mathjax-offline`` into
  ``_static/mathjax/`` (the CHTML component, its fonts, and the extensions it
  loads on demand). A missing package stops the build with a message.
- **No thebe.** Jupyter Book always loads sphinx-thebe, which adds to every page
  a script naming thebe's CDN, a loader and a config block pointing at a Binder
  repository; launch buttons and thebe are off, so all of it is dropped.
- **A favicon** (``book/_static/favicon.svg``, set here so that single-page
  builds, whose source folder is ``book/``, find it too): without one the
  browser asks for ``/favicon.ico`` and logs a 404 on every page.
- **Offline guard.** Any script or stylesheet left on a page that comes from
  another host is a build warning (``-W`` makes it an error).
- **Spanish where the theme leaves English or a typo:** the download menu's
  tooltips and myst-nb's ``{nb-exec-table}`` (``a11y.py`` drops the hidden cells'
  English ``aria-label``; ``book/_templates`` and ``book/_locale`` translate the rest).
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset

from clase102.formatting import fmt_dec  # the book's Spanish numbers, written once

logger = logging.getLogger(__name__)

MATHJAX_DIST = "sphinx-mathjax-offline"
MATHJAX_DIR = "sphinx-mathjax-offline/static/mathjax"
# What the tex-mml-chtml component loads: itself, the input/output modules it
# may fetch on demand (TeX extensions, CHTML fonts) and the menu's a11y/speech parts.
MATHJAX_PARTS = ("tex-mml-chtml.js", "input", "output/chtml", "ui", "a11y", "sre", "adaptors")

DOWNLOAD_TOOLTIPS = {
    "download-buttons": "Descargar esta página",
    "download-notebook-button": "Descargar como notebook de Jupyter",
}

EXEC_TABLE_HEADERS = {
    "Document": "Página",
    "Modified": "Última ejecución",
    "Method": "Modo",
    "Run Time (s)": "Duración (s)",
    "Status": "Estado",
}
EXEC_STATUS = {"✅": "✓ bien", "❌": "✗ falló"}
EXEC_METHODS = {"cache": "caché", "force": "forzada", "auto": "automática", "inline": "en línea"}


def _is_external(uri: str | None) -> bool:
    return bool(uri) and ("://" in uri or uri.startswith("//"))


def mathjax_source() -> Path:
    """The folder of MathJax 3 files shipped by the pinned package."""
    try:
        dist = importlib.metadata.distribution(MATHJAX_DIST)
    except importlib.metadata.PackageNotFoundError:
        raise ExtensionError(
            f"Falta el paquete {MATHJAX_DIST} (MathJax sin internet): "
            "corré `make setup` o `pip install -r requirements.lock`."
        ) from None
    path = Path(dist.locate_file(MATHJAX_DIR))
    if not (path / MATHJAX_PARTS[0]).is_file():
        raise ExtensionError(f"{MATHJAX_DIST} no trae {MATHJAX_PARTS[0]} en {path}.")
    return path


FAVICON = Path(__file__).resolve().parents[1] / "_static" / "favicon.svg"


def set_favicon(app, config):
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)


def _check_mathjax_config(app):
    if app.builder.format != "html":
        return
    path = app.config.mathjax_path
    if _is_external(path):
        logger.warning(
            f"mathjax_path apunta afuera del libro ({path}): fijalo en mathjax/{MATHJAX_PARTS[0]}",
            type="reader_site",
        )
    else:
        mathjax_source()  # fail early if the package is missing


def copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html" or _is_external(app.config.mathjax_path):
        return
    source = mathjax_source()
    target = Path(app.outdir, "_static", "mathjax")
    for part in MATHJAX_PARTS:
        destination = target / part
        if (source / part).is_dir():
            copy_asset(source / part, destination)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            copy_asset(source / part, destination.parent)


def _asset_uri(asset) -> str:
    return getattr(asset, "filename", None) or str(asset)


def _is_thebe(asset) -> bool:
    uri = _asset_uri(asset) or ""
    body = (getattr(asset, "attributes", None) or {}).get("body", "") or ""
    return "thebe" in uri or "THEBE_JS_URL" in body


def local_assets_only(app, pagename, templatename, context, doctree):
    """Drop thebe's assets; warn about any other asset from another host."""
    if app.builder.format != "html":
        return
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if not assets:
            continue
        kept = [a for a in assets if not _is_thebe(a)]
        for asset in kept:
            if _is_external(_asset_uri(asset)):
                logger.warning(
                    f"la página carga {_asset_uri(asset)} desde otro sitio (el libro debe andar sin internet)",
                    location=pagename,
                    type="reader_site",
                )
        context[key] = kept


def drop_thebe_config(app, doctree, docname):
    """Remove the ``text/x-thebe-config`` block sphinx-thebe adds to every page (thebe is off)."""
    for node in list(doctree.findall(nodes.raw)):
        if "text/x-thebe-config" in node.astext():
            node.parent.remove(node)


def spanish_header_buttons(app, pagename, templatename, context, doctree):
    """The download menu's tooltips: the theme's Spanish catalog lacks an accent
    ("Descarga esta pagina") and calls the notebook a "cuaderno"."""
    for button in context.get("header_buttons", []):
        for item in [button, *button.get("buttons", [])]:
            if item.get("label") in DOWNLOAD_TOOLTIPS:
                item["tooltip"] = DOWNLOAD_TOOLTIPS[item["label"]]


class SpanishExecTable(SphinxPostTransform):
    """Spanish headers and values for the table of ``{nb-exec-table}`` (runs after myst-nb's)."""

    default_priority = 9  # myst-nb builds the table at 8; references resolve at 10

    def run(self, **kwargs) -> None:
        for table in self.document.findall(nodes.table):
            thead = next(iter(table.findall(nodes.thead)), None)
            if thead is None:
                continue
            header = [entry.astext() for entry in thead.findall(nodes.entry)]
            if header != list(EXEC_TABLE_HEADERS):
                continue
            for entry in thead.findall(nodes.entry):
                text = entry.astext()
                entry.children = [nodes.paragraph(text=EXEC_TABLE_HEADERS[text])]
            for row in next(iter(table.findall(nodes.tbody))).children:
                cells = list(row.findall(nodes.entry))
                # the document column links the page: show its title, not its docname
                for ref in cells[0].findall(nodes.inline):
                    docname = ref.astext()
                    if docname in self.env.titles:
                        ref.children = [nodes.Text(self.env.titles[docname].astext())]
                method = cells[2].astext()
                cells[2].children = [nodes.paragraph(text=EXEC_METHODS.get(method, method))]
                runtime = cells[3].astext()  # seconds, or "-"
                if runtime.replace(".", "", 1).isdigit():
                    cells[3].children = [nodes.paragraph(text=fmt_dec(float(runtime)))]
                # words, not emoji (a machine without an emoji font shows empty boxes);
                # a failure keeps myst-nb's <abbr> with the error name
                for mark in cells[4].findall(nodes.Text):
                    if mark.astext() in EXEC_STATUS:
                        mark.parent.replace(mark, nodes.Text(EXEC_STATUS[mark.astext()]))


def setup(app):
    app.connect("config-inited", set_favicon)
    app.connect("builder-inited", _check_mathjax_config)
    app.connect("build-finished", copy_mathjax)
    # after the theme's assets (hashing at 500) and header buttons (501)
    app.connect("doctree-resolved", drop_thebe_config, priority=600)
    app.connect("html-page-context", spanish_header_buttons, priority=600)
    app.connect("html-page-context", local_assets_only, priority=900)
    app.add_post_transform(SpanishExecTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
