"""Sphinx extension: the book build fails loud, never publishes stale outputs and repairs
a damaged or interrupted build by itself (issues 6, 10.4 and 14).

**Never stale.** jupyter-cache keys a page's outputs only on its code cells, so what else
changes what a page prints goes into one *stamp* of hashes: the files of
``build_guard_watch`` (the package, the lock), the versions *installed* of what
``build_guard_installed`` pins (a ``pip install -U`` by hand counts), the values of the
``build_guard_fingerprints`` callables (the data's content) and the environment variables
matching ``build_guard_env``. A new stamp empties the whole cache *before* anything
executes (coarse: one package edit re-executes every page with code) and is written at
once, so every record was made under the stamp next to it, also after a crash. The
environment remembers the cache *generation* it was read against; a new one (emptied or
repaired cache) re-reads every page, and pages whose code did not change come from the cache.

**Self-repair.** Before reading, a cache record whose notebook is missing or unreadable is
dropped (one Spanish line) and its page executes again; an unreadable database is dropped
whole. Pages executed before a build was killed stay cached.

**Expected errors.** A ``raises-exception`` code cell must show an error and an untagged
one must not (myst-nb checks neither when errors are allowed), checked on the doctree of
every page read, cached or executed; cells without output in the doctree are skipped.

**Warnings are never lost.** Pages that warned are read again by the next build, and when
a label, a page or a title changes every page is rewritten (Sphinx alone would keep a dead
link in an unchanged page). State: ``<cache>/build_guard.json``.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib
import json
import logging as std_logging
import os
import re
import shutil
import uuid
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

STATE_FILE = "build_guard.json"
STATE_VERSION = 2
TAG = "raises-exception"
_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _files_under(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    out = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in _IGNORED_DIRS and not d.endswith(".egg-info"))
        out.extend(Path(root, f) for f in sorted(files) if not f.endswith((".pyc", ".pyo")))
    return out


def _config_warning(text: str) -> None:
    logger.warning(f"build_guard: {text}", type="build_guard", subtype="config")


# ---------------------------------------------------------------- The stamp


def installed_versions(lock: Path) -> str:
    """A hash of ``name==version`` *as installed* for every package a lock file pins."""
    from importlib import metadata

    pins = []
    for line in lock.read_text(encoding="utf8").splitlines():
        line = line.split("#")[0].split(";")[0].strip()
        if not line or line.startswith("-"):
            continue
        name = re.split(r"[=<>!~\[ @]", line, maxsplit=1)[0]
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "ausente"
        pins.append(f"{name.lower()}=={version}")
    return _sha("\n".join(sorted(pins)).encode())


def environment_values(patterns, environ=None) -> dict[str, str]:
    """``{"$NAME": value}`` for every variable set whose name matches a pattern."""
    environ = os.environ if environ is None else environ
    return {f"${k}": v for k, v in sorted(environ.items()) if any(fnmatch.fnmatchcase(k, p) for p in patterns)}


def stamp(srcdir: Path, config) -> dict[str, str]:
    """What every execution depended on, as ``{what: hash or value}``."""

    def locate(entry: str) -> Path | None:
        # relative to the source dir or, for single-page builds, one of its ancestors
        for base in [srcdir, *srcdir.parents]:
            if (base / entry).exists():
                return base / entry
        return None

    parts: dict[str, str] = {}
    for entry in config.build_guard_watch:
        path = locate(entry)
        if path is None:
            _config_warning(f"no encuentro {entry!r} (build_guard_watch); no se puede vigilar si cambia.")
            continue
        for f in _files_under(path):
            key = entry if path.is_file() else f"{entry.rstrip('/')}/{f.relative_to(path).as_posix()}"
            parts[key] = _sha(f.read_bytes())
    for entry in config.build_guard_installed:
        path = locate(entry)
        if path is None or not path.is_file():
            _config_warning(f"no encuentro {entry!r} (build_guard_installed).")
            continue
        parts[f"instalado según {entry}"] = installed_versions(path)
    for spec in config.build_guard_fingerprints:
        module, _, func = spec.partition(":")
        try:
            value = str(getattr(importlib.import_module(module), func)())
        except Exception as exc:  # the build must say why it cannot check
            _config_warning(f"no pude calcular {spec} ({type(exc).__name__}: {exc}).")
            value = f"error:{type(exc).__name__}"
        parts[f"{spec}()"] = value
    parts.update(environment_values(config.build_guard_env))
    return parts


def _changes(old: dict | None, new: dict) -> str:
    if not old:
        return "sin huella registrada"
    keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    named = [f"{k}={new[k]}" if k.startswith("$") and k in new else k for k in keys[:4]]
    return "cambió " + ", ".join(named) + (f" y {len(keys) - 4} más" if len(keys) > 4 else "")


# ---------------------------------------------------------------- The jupyter-cache: state, repair, emptying


def load_state(cache_dir: Path) -> dict:
    try:
        state = json.loads((cache_dir / STATE_FILE).read_text(encoding="utf8"))
        if state.get("version") == STATE_VERSION:
            return state
    except (OSError, ValueError):
        pass
    return {"version": STATE_VERSION, "stamp": None, "generation": None, "warned": []}


def save_state(cache_dir: Path, state: dict) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache_dir / f"{STATE_FILE}.tmp"
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf8")
    tmp.replace(cache_dir / STATE_FILE)


def repair_cache(cache_dir: Path) -> list[str]:
    """Drop every record whose notebook is missing or unreadable; say which, in Spanish."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.cache.db import NbCacheRecord

    if not (cache_dir / "global.db").exists():
        return []
    try:
        cache = get_cache(str(cache_dir))
        records = cache.list_cache_records()
    except Exception as exc:  # a truncated or foreign database
        shutil.rmtree(cache_dir, ignore_errors=True)
        return [
            f"la base de datos del caché de ejecución ({cache_dir / 'global.db'}) estaba dañada "
            f"({type(exc).__name__}); se borra el caché y se vuelven a ejecutar todas las páginas."
        ]
    notes = []
    for record in records:
        folder = cache_dir / "executed" / record.hashkey
        try:
            nbformat.reads((folder / "base.ipynb").read_text(encoding="utf8"), as_version=4)
            continue
        except FileNotFoundError:
            why = "falta su notebook ejecutado"
        except Exception as exc:  # truncated JSON, not a notebook, unreadable file
            why = f"su notebook ejecutado está dañado ({type(exc).__name__})"
        NbCacheRecord.remove_records([record.pk], cache.db)
        shutil.rmtree(folder, ignore_errors=True)
        notes.append(
            f"el registro del caché de ejecución de «{Path(record.uri).name}» no sirve ({why}); "
            "se descarta y la página se vuelve a ejecutar."
        )
    return notes


# ---------------------------------------------------------------- Sphinx events


class Guard(std_logging.Handler):
    """State of one Sphinx build; as a log handler, it notes the pages warnings are located in."""

    def __init__(self, app):
        super().__init__(level=std_logging.WARNING)
        self.app, self.docs, self.read_docs, self.targets = app, set(), set(), None
        self.active = app.env.mystnb_config.execution_mode == "cache"
        self.cache_dir = Path(app.env.mystnb_config.execution_cache_path or ".jupyter_cache")

    def emit(self, record):
        location = getattr(record, "location", None)
        location = location[0] if isinstance(location, tuple) else location
        if not isinstance(location, str) or not location:
            return
        path, _, line = location.rpartition(":")
        path = path if path and line.isdigit() else location
        docname = self.app.env.path2doc(path) if os.path.isabs(path) else path
        if docname in self.app.env.found_docs:
            self.docs.add(docname)

    def save_warned(self, finished: bool) -> None:
        """Pages to read again next time: exact after a full build, a union otherwise."""
        state = load_state(self.cache_dir)
        state["warned"] = sorted(self.docs | (set() if finished else set(state["warned"])))
        save_state(self.cache_dir, state)


def on_builder_inited(app):
    app.build_guard = Guard(app)
    std_logging.getLogger("sphinx").addHandler(app.build_guard)


def on_env_get_outdated(app, env, added, changed, removed):
    """Repair the cache, empty it if the stamp changed, and say what must be read again."""
    guard: Guard = app.build_guard
    guard.targets = _targets(env)
    if not guard.active:
        return []
    notes = repair_cache(guard.cache_dir)
    for note in notes:
        logger.info(f"build_guard: {note}")
    state, new = load_state(guard.cache_dir), stamp(Path(app.srcdir), app.config)
    if state["stamp"] != new:
        if state["stamp"] is not None:
            logger.info(f"build_guard: {_changes(state['stamp'], new)}; se vacía el caché de ejecución "
                        "y se vuelven a ejecutar todas las páginas con código")
        # emptied first, stamp written after: a kill in between only empties it again
        shutil.rmtree(guard.cache_dir, ignore_errors=True)
        state["stamp"], state["generation"] = new, None
    if notes or state["generation"] is None:
        state["generation"] = uuid.uuid4().hex
    save_state(guard.cache_dir, state)
    guard.generation = state["generation"]
    if getattr(env, "build_guard_generation", None) != guard.generation:
        return sorted(env.found_docs)  # set in the environment once every page has been read
    # pages that warned last time are read again: an incremental build that skipped them
    # would lose their warnings (and report success)
    again = [d for d in state["warned"] if d in env.found_docs]
    if again:
        logger.info(f"build_guard: se releen las páginas que avisaron la vez anterior: {', '.join(again)}")
    return again


def on_env_before_read_docs(app, env, docnames):
    app.build_guard.read_docs = set(docnames)


def on_env_updated(app, env):
    guard: Guard = app.build_guard
    if guard.active:
        env.build_guard_generation = guard.generation
        # if the build dies while writing, the pages that warned while reading still count
        guard.save_warned(finished=False)
    return []


def _targets(env) -> tuple:
    """What references resolve against: labels (with their page and title) and page titles."""
    std = env.domaindata.get("std", {})
    labels = frozenset((k, *map(str, v)) for k, v in std.get("labels", {}).items())
    anon = frozenset((k, *map(str, v)) for k, v in std.get("anonlabels", {}).items())
    titles = frozenset((d, t.astext()) for d, t in env.titles.items())
    return labels, anon, titles, frozenset(env.all_docs)


def on_env_get_updated(app, env):
    """Rewrite every page when a label, a page or a title changed."""
    guard: Guard = app.build_guard
    if not guard.read_docs or _targets(env) == guard.targets:
        return []
    logger.info("build_guard: cambiaron etiquetas o títulos; se reescriben todas las páginas")
    return sorted(env.found_docs)


def _exception_name(traceback: str) -> str:
    lines = [line for line in traceback.splitlines() if line.strip()]
    match = re.match(r"([A-Za-z_][\w.]*)\s*(?::|$)", lines[-1]) if lines else None
    return match.group(1) if match else "una excepción"


def _nb(element: str):
    return lambda n: isinstance(n, nodes.Element) and n.get("nb_element") == element


def on_doctree_read(app, doctree):
    """A ``raises-exception`` cell must raise; an untagged cell must not."""
    for cell in doctree.findall(_nb("cell_code")):
        tags = cell.get("cell_metadata", {}).get("tags", [])
        errors = [n for n in cell.findall(nodes.Element) if "traceback" in n["classes"]]
        if "remove-output" in tags or (TAG in tags) == bool(errors):
            continue
        source = next(cell.findall(_nb("cell_code_source")), None)
        first = next((ln.strip() for ln in (source.astext() if source is not None else "").splitlines() if ln.strip()), "")
        if errors:
            subtype, message = "unexpected_error", (
                f"la celda de código lanzó {_exception_name(errors[0].astext())} sin estar marcada «{TAG}» («{first}»)."
            )
        else:
            subtype, message = "raises_exception", (
                f"la celda de código está marcada «{TAG}» pero no lanzó ninguna excepción "
                f"(«{first}»). Si ya no falla, sacale la marca y revisá el texto que la explica."
            )
        where = (app.env.docname, cell.line) if cell.line else app.env.docname
        logger.warning(message, location=where, type="build_guard", subtype=subtype)


def on_build_finished(app, exception):
    guard: Guard | None = getattr(app, "build_guard", None)
    if guard is None:
        return
    std_logging.getLogger("sphinx").removeHandler(guard)
    if guard.active and (guard.read_docs or exception is not None):
        # a crash may leave pages unread: keep last time's list as well
        guard.save_warned(finished=exception is None)


def setup(app):
    app.add_config_value("build_guard_watch", [], "env", [list])
    app.add_config_value("build_guard_fingerprints", [], "env", [list])
    app.add_config_value("build_guard_installed", [], "env", [list])
    app.add_config_value("build_guard_env", [], "env", [list])
    # after myst-nb's own builder-inited handler (priority 500), which sets mystnb_config
    app.connect("builder-inited", on_builder_inited, priority=900)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-updated", on_env_updated)
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("doctree-read", on_doctree_read)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
