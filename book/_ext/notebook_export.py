"""Sphinx extension: each code page's executed notebook as an ``.ipynb`` download (issue 5).

sphinx-book-theme lists ".ipynb" in a page's download menu only when the page
context has ``ipynb_source`` (its own launch-button code sets it, and only with
launch buttons on). On ``html-page-context`` this extension

1. takes the page's *executed* notebook: the source read with myst-nb's own
   reader, merged with its outputs from the jupyter-cache (myst-nb 1.4 writes
   ``jupyter_execute/<page>.ipynb`` without outputs when the page came from
   the cache, so that file is only a fallback for other execution modes);
2. turns it into a plain notebook with :func:`clase102.notebook.export_notebook`
   (plain Markdown with the glued values, a first setup cell, executed outputs);
3. writes it to ``<html>/_sources/<page>.ipynb`` and sets ``ipynb_source``.

Pages without code cells get no notebook. A page that cannot be exported (no
executed notebook, MyST syntax the exporter does not convert) is a build
warning, so the strict build (``-W``) fails on it.

``notebook_export_fingerprint`` is a config value whose default hashes the
exporter's code: when the code changes, Sphinx rewrites every HTML page (and so
every notebook) even on an incremental build.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import nbformat
from sphinx.util import logging

from a11y import polish_notebook  # book/_ext/a11y.py (issue 13)
from clase102 import notebook as nbexport

logger = logging.getLogger(__name__)


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (Path(__file__), Path(nbexport.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _read_source(app, docname: str):
    """The page as myst-nb read it (the notebook it hashed into the cache), or None.

    The text is the one Sphinx read (kept by ``source-read``), not the file as it
    is now: a page edited during the build still matches its cached execution.
    """
    from myst_nb.core.read import create_nb_reader

    env = app.env
    path = Path(env.doc2path(docname))
    text = getattr(env, "notebook_export_sources", {}).get(docname)
    if text is None:
        text = path.read_text(encoding="utf8")
    reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
    if reader is None:
        return None
    nb = reader.read(text)
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    for rgx, alias in (env.mystnb_config.kernel_rgx_aliases or {}).items():
        if kernel is not None and re.fullmatch(rgx, kernel):
            nb.metadata["kernelspec"]["name"] = alias
            break
    return nb


def _all_executed(nb) -> bool:
    code = [c for c in nb.cells if c.cell_type == "code"]
    return all(c.get("execution_count") for c in code)


def executed_notebook(app, docname: str):
    """The executed notebook of a page: ``(notebook, glue, None)`` or ``(None, {}, reason)``.

    ``glue`` holds glued values that are not in the notebook's outputs (only
    for the fallback). Pages that are not notebooks, or have no code cells,
    give ``(None, {}, None)``.
    """
    nb = _read_source(app, docname)
    if nb is None or not any(c.cell_type == "code" for c in nb.cells):
        return None, {}, None
    nb_config = app.env.mystnb_config
    if nb_config.execution_mode in ("cache", "auto", "force") and nb_config.execution_cache_path:
        from jupyter_cache import get_cache

        cache_path = Path(nb_config.execution_cache_path)
        if cache_path.exists():
            try:
                _, merged = get_cache(str(cache_path)).merge_match_into_notebook(nb)
                return merged, {}, None
            except KeyError:
                pass
    # other execution modes: the notebook myst-nb wrote, whose glue outputs it
    # moved to <page>.glue.json
    written = Path(nb_config.output_folder, *docname.split("/")[:-1], docname.split("/")[-1] + ".ipynb")
    if written.exists():
        nb_written = nbformat.read(written, as_version=4)
        if _all_executed(nb_written):
            glue_file = written.with_name(written.name[: -len(".ipynb")] + ".glue.json")
            glue = {}
            if glue_file.exists():
                raw = json.loads(glue_file.read_text(encoding="utf8"))
                glue = {k: v.get("data", {}) for k, v in raw.items()}
            return nb_written, glue, None
    return None, {}, (
        f"no encuentro el notebook ejecutado de «{docname}» "
        f"(ni en el caché {nb_config.execution_cache_path} ni con salidas en {written})"
    )


def _title(env, docname: str) -> str:
    # an unknown page is already a Sphinx warning of its own (and expected in
    # single-page builds): the notebook then shows the target as written
    return env.titles[docname].astext() if docname in env.titles else docname


def _ref_title(env, label: str) -> str:
    labels = env.get_domain("std").labels
    return labels[label.lower()][2] if label.lower() in labels else label


def _export(app, docname: str, cache: dict):
    """The exported notebook of ``docname`` (memoized per build), or None."""
    if docname in cache:
        return cache[docname]
    env = app.env
    cache[docname] = None
    nb, glue, problem = executed_notebook(app, docname)
    if problem:
        logger.warning(problem, location=docname, type="notebook_export", subtype="executed")
    if nb is None:
        return None

    def other_glue(other: str):
        other_nb, other_glue_json, _ = executed_notebook(app, other)
        if other_nb is None:
            raise nbexport.MystSyntaxError(f"la página «{other}» no tiene valores pegados")
        return {**nbexport.glue_values(other_nb), **other_glue_json}

    try:
        exported = nbexport.export_notebook(
            nb,
            glue=glue,
            docname=docname,
            doc_title=lambda d: _title(env, d),
            ref_title=lambda label: _ref_title(env, label),
            toc=[_title(env, d) for d in env.toctree_includes.get(docname, []) if d in env.titles],
            other_glue=other_glue,
        )
    except (nbexport.MystSyntaxError, nbformat.ValidationError) as exc:
        logger.warning(
            f"no se pudo exportar el notebook: {exc}", location=docname, type="notebook_export", subtype="convert"
        )
        return None
    # issue 13: figures' alt text into image outputs, no build-machine paths
    polish_notebook(nb, exported)
    cache[docname] = exported
    return exported


def notebook_path(outdir, docname: str) -> Path:
    """Where the download of ``docname`` goes: ``<html>/_sources/<docname>.ipynb``."""
    parts = docname.split("/")
    return Path(outdir, "_sources", *parts[:-1], parts[-1] + ".ipynb")


def add_notebook_download(app, pagename, templatename, context, doctree):
    if app.builder.format != "html" or doctree is None or pagename not in app.env.found_docs:
        return
    exported = _export(app, pagename, _CACHE.setdefault(id(app), {}))
    if exported is None:
        return
    path = notebook_path(app.outdir, pagename)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(exported)
    if not path.exists() or path.read_text(encoding="utf8") != text:
        path.write_text(text, encoding="utf8")
    # sphinx-book-theme (priority 501) links `_sources/<ipynb_source>`
    context["ipynb_source"] = pagename + ".ipynb"


# Exported notebooks of the running build, by app (a notebook is needed again when
# another page pastes its glue values).
_CACHE: dict[int, dict] = {}


def _reset_cache(app):
    _CACHE[id(app)] = {}


def keep_source(app, docname, source):
    """Remember the text Sphinx read for each page (see :func:`_read_source`)."""
    if not hasattr(app.env, "notebook_export_sources"):
        app.env.notebook_export_sources = {}
    app.env.notebook_export_sources[docname] = source[0]


def purge_source(app, env, docname):
    getattr(env, "notebook_export_sources", {}).pop(docname, None)


def merge_sources(app, env, docnames, other):
    if not hasattr(env, "notebook_export_sources"):
        env.notebook_export_sources = {}
    for docname in docnames:
        if docname in getattr(other, "notebook_export_sources", {}):
            env.notebook_export_sources[docname] = other.notebook_export_sources[docname]


def setup(app):
    app.add_config_value("notebook_export_fingerprint", _fingerprint(), "html")
    app.connect("source-read", keep_source, priority=900)
    app.connect("env-purge-doc", purge_source)
    app.connect("env-merge-info", merge_sources)
    app.connect("builder-inited", _reset_cache)
    app.connect("html-page-context", add_notebook_download, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
