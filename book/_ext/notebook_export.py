"""Sphinx extension: each code page as a notebook that runs anywhere, and the course bundle.

For every page with code cells, on ``html-page-context``:

1. it takes the page's *executed* notebook: the source as myst-nb read it, merged
   with its outputs from the jupyter-cache (myst-nb 1.4 writes
   ``jupyter_execute/<page>.ipynb`` without outputs when the page came from the
   cache, so that file is only the fallback of other execution modes);
2. it writes ``_sources/<page>.ipynb`` and, for a page with cells tagged
   ``solution``, the student edition ``_sources/<page>-alumno.ipynb``
   (:mod:`plain_notebook` does the conversion), and lists both in the page's
   download menu (sphinx-book-theme shows ".ipynb" when ``ipynb_source`` is set).

At ``builder-inited`` it builds the wheel of ``clase102`` (``pip wheel``, only when
the package's files changed: ``_build/wheel/``); at ``build-finished`` it copies it
to the site's root with ``clase102-notebooks.zip``: every notebook, the wheel and a
short README (``LEEME.md``).

The setup cell of each notebook installs that wheel: the one next to the notebook,
else the one at ``html_baseurl`` (``html.baseurl`` in ``_config.yml``).

Launch buttons (Jupyter Book's own) appear only when ``repository.url`` is set; the
Colab and Binder links then open the page's exported notebook on the branch that
publishes the site (``notebook_export_pages_branch``, default ``gh-pages``).

A page that cannot be exported is a build warning, so the strict build fails on it.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

import nbformat
from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).parent))
import plain_notebook as plain  # noqa: E402
from a11y import polish_notebook  # noqa: E402  (book/_ext/a11y.py: alt texts, no machine paths)

logger = logging.getLogger(__name__)

ZIP_NAME = "clase102-notebooks.zip"
STUDENT_SUFFIX = "-alumno"
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

    ``pip wheel`` runs on a copy of the package's files, so the project folder gets no
    ``build/`` nor ``*.egg-info`` (other builds may be reading it).
    """
    folder.mkdir(parents=True, exist_ok=True)
    wheel, stamp = folder / wheel_name(project), folder / "sources.sha256"
    digest = _package_digest(project)
    if wheel.exists() and stamp.exists() and stamp.read_text() == digest:
        return wheel
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp, "src")
        for name in PACKAGE_FILES:
            source = project / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, copy / name)
        run = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
             "-w", str(Path(tmp, "dist")), str(copy)],
            capture_output=True, text=True,
        )
        built = Path(tmp, "dist", wheel.name)
        if run.returncode or not built.exists():
            raise RuntimeError(f"pip wheel falló:\n{run.stdout}\n{run.stderr}")
        shutil.copy2(built, wheel)
    stamp.write_text(digest)
    return wheel


# ------------------------------------------------------------- executed notebook


def _read_source(app, docname: str):
    """The page as myst-nb read it (the notebook it hashed into the cache), or None.

    The text is the one Sphinx read (kept by ``source-read``), not the file as it is
    now: a page edited during the build still matches its cached execution.
    """
    from myst_nb.core.read import create_nb_reader

    env = app.env
    path = Path(env.doc2path(docname))
    text = getattr(env, "notebook_export_sources", {}).get(docname) or path.read_text(encoding="utf8")
    reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
    return None if reader is None else reader.read(text)


def executed_notebook(app, docname: str):
    """The executed notebook of a page: ``(notebook, glue, None)`` or ``(None, {}, reason)``.

    ``glue`` holds glued values that are not in the notebook's outputs (only for the
    fallback). Pages that are not notebooks, or have no code cells, give ``(None, {}, None)``.
    """
    nb = _read_source(app, docname)
    if nb is None or not any(c.cell_type == "code" for c in nb.cells):
        return None, {}, None
    config = app.env.mystnb_config
    if config.execution_mode in ("cache", "auto", "force") and config.execution_cache_path:
        from jupyter_cache import get_cache

        if Path(config.execution_cache_path).exists():
            try:
                return get_cache(config.execution_cache_path).merge_match_into_notebook(nb)[1], {}, None
            except KeyError:
                pass
    # other execution modes: the notebook myst-nb wrote (glue values in <page>.glue.json)
    written = Path(config.output_folder, docname + ".ipynb")
    if written.exists():
        nb_written = nbformat.read(written, as_version=4)
        if all(c.get("execution_count") for c in nb_written.cells if c.cell_type == "code"):
            glue_file = written.with_suffix(".glue.json")
            glue = {}
            if glue_file.exists():
                import json

                glue = {k: v.get("data", {}) for k, v in json.loads(glue_file.read_text("utf8")).items()}
            return nb_written, glue, None
    return None, {}, (
        f"no encuentro el notebook ejecutado de «{docname}» "
        f"(ni en el caché {config.execution_cache_path} ni con salidas en {written})"
    )


# ------------------------------------------------------------------- export


def notebook_path(outdir, docname: str, student: bool = False) -> Path:
    """Where a download goes: ``<html>/_sources/<docname>[-alumno].ipynb``."""
    return Path(outdir, "_sources", docname + (STUDENT_SUFFIX if student else "") + ".ipynb")


def _exports(app, docname: str) -> dict[bool, object]:
    """``{False: full, True: student}`` (student only for pages with solutions); {} if none."""
    env = app.env
    nb, glue, problem = executed_notebook(app, docname)
    if problem:
        logger.warning(problem, location=docname, type="notebook_export", subtype="executed")
    if nb is None:
        return {}

    def doc_title(target: str) -> str:
        other = target.lstrip("/") if target.startswith("/") else str(Path(docname).parent / target)
        other = re.sub(r"\.(md|ipynb)$", "", str(Path(other)))
        if other in env.titles:
            return env.titles[other].astext()
        label = env.domaindata["std"]["labels"].get(target)  # a {ref} target: its section's title
        return label[2] if label else target

    has_solutions = any(plain.SOLUTION in c.metadata.get("tags", []) for c in nb.cells)
    toc = [env.titles[d].astext() for d in env.toctree_includes.get(docname, []) if d in env.titles]
    exports = {}
    for student in (False, True) if has_solutions else (False,):
        try:
            exports[student] = plain.export_notebook(
                nb, wheel=app.notebook_export_wheel, site=app.config.html_baseurl or "",
                glue=glue, doc_title=doc_title, toc=toc, student=student,
            )
            polish_notebook(nb, exports[student])
        except (plain.ExportError, nbformat.ValidationError) as exc:
            edition = "la edición del alumno" if student else "el notebook"
            logger.warning(f"no se pudo exportar {edition}: {exc}", location=docname,
                           type="notebook_export", subtype="convert")
            return {}
    return exports


def set_download(app, pagename, templatename, context, doctree):
    """Before the theme builds the download menu (priority 501): export, set ``ipynb_source``."""
    if app.builder.format != "html" or doctree is None or pagename not in app.env.found_docs:
        return
    exports = _exports(app, pagename)
    _PENDING[pagename] = exports
    if exports:
        context["ipynb_source"] = pagename + ".ipynb"


def write_and_link(app, pagename, templatename, context, doctree):
    """After the theme (which may copy its own notebook to ``_sources``): write ours, fix menus."""
    exports = _PENDING.pop(pagename, None)
    if not exports:
        return
    for student, nb in exports.items():
        path = notebook_path(app.outdir, pagename, student)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = nbformat.writes(nb)
        if not path.exists() or path.read_text(encoding="utf8") != text:
            path.write_text(text, encoding="utf8")
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


# ------------------------------------------------------------------- bundle


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
    outdir = Path(app.outdir)
    wheel = app.notebook_export_wheel_path
    files = {}
    if wheel is not None:
        if not (outdir / wheel.name).exists() or (outdir / wheel.name).read_bytes() != wheel.read_bytes():
            shutil.copy2(wheel, outdir / wheel.name)
        files = {"LEEME.md": README.format(wheel=wheel.name).encode(), wheel.name: wheel.read_bytes()}
    for docname in sorted(app.env.found_docs):
        for student in (False, True):
            path = notebook_path(outdir, docname, student)
            if path.exists():
                files[path.name] = path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files.items():  # fixed dates: the same files give the same zip
            bundle.writestr(zipfile.ZipInfo(f"clase102-notebooks/{name}", (2026, 1, 1, 0, 0, 0)), data,
                            zipfile.ZIP_DEFLATED)
    _write_if_changed(outdir / ZIP_NAME, buffer.getvalue())
    lock_file = Path(app.srcdir, app.config.notebook_export_project, "requirements.lock")
    if app.config.html_theme_options.get("repository_url") and lock_file.is_file():
        # Binder builds the published branch: its environment, from the lock's pins
        lock = lock_file.read_text("utf8")
        pins = [line for line in lock.splitlines() if re.match(r"(keras|tensorflow[-_]cpu|numpy|pandas|matplotlib)==", line)]
        _write_if_changed(outdir / "binder" / "requirements.txt", ("\n".join(pins) + "\n").encode())
        _write_if_changed(outdir / "binder" / "runtime.txt", b"python-3.11\n")


def _write_if_changed(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


# ------------------------------------------------------------------- setup

_PENDING: dict[str, dict] = {}


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


def _fingerprint(root: str) -> str:
    """Changes with the exporter's code and pyproject.toml (the wheel's name): Sphinx then
    rewrites every page, and so every notebook."""
    digest = hashlib.sha256()
    for path in (Path(__file__), Path(plain.__file__), Path(root, "pyproject.toml")):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def setup(app):
    app.add_config_value("notebook_export_fingerprint", _fingerprint(app.srcdir), "html")
    # the folder with pyproject.toml, relative to the book's root
    app.add_config_value("notebook_export_project", ".", "html")
    app.add_config_value("notebook_export_pages_branch", "gh-pages", "html")
    app.connect("config-inited", no_launch_without_repository)
    app.connect("builder-inited", prepare_wheel)
    app.connect("source-read", keep_source, priority=900)
    app.connect("env-purge-doc", purge_source)
    app.connect("env-merge-info", merge_sources)
    app.connect("html-page-context", set_download, priority=450)
    app.connect("html-page-context", write_and_link, priority=510)
    app.connect("build-finished", write_bundle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
