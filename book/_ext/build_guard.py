"""Sphinx extension: the book build fails loud and never publishes stale outputs (issue 6).

Two guards, both silent when everything is fine:

**Expected errors.** A code cell tagged ``raises-exception`` must really raise, and
a cell without the tag must not carry an error output (myst-nb checks neither when
``allow_errors`` is on for a page, and never the first). Checked on every page that
is read, on the *executed* notebook: the jupyter-cache record in ``cache`` mode (myst-nb
1.4 writes ``jupyter_execute/*.ipynb`` without outputs when a page came from the cache),
the written ``.ipynb`` otherwise. A failure is a Sphinx warning located at the cell's
line, so ``-W`` turns it into a failed build that names the page.

**Staleness.** jupyter-cache keys a page's outputs only on its code cells (jupyter-book
issue #1633): editing the package, upgrading a dependency or changing the data would
re-execute nothing. This extension records, for every cache record created while it
was watching, the fingerprint of what that execution depended on:

- the package modules the page imports, followed transitively through the package's
  own imports (``build_guard_watch`` entries that are Python packages); a page only
  depends on the modules it reaches;
- files that every executed page depends on (the other ``build_guard_watch`` entries,
  e.g. ``requirements.lock``);
- the versions actually installed of what a lock file pins (``build_guard_installed``);
- values returned by callables (``build_guard_fingerprints``, e.g.
  ``clase102.data:dataset_fingerprint``); a callable living in a watched package only
  affects the pages that reach its module.

Before reading, every record whose fingerprint differs (or was never recorded) is
removed from the cache and its page is re-read, so myst-nb executes it again. New
records are registered at the end of the build, whether or not the build succeeded
(each record's provenance is what matters, so pages that did execute are not redone).
The state lives next to the cache, in ``<cache>/build_guard.json``.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import json
import logging as std_logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sphinx.util import logging

logger = logging.getLogger(__name__)

STATE_FILE = "build_guard.json"
STATE_VERSION = 1
TAG = "raises-exception"
_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}
_IGNORED_SUFFIXES = (".pyc", ".pyo")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _files_under(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    out = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in _IGNORED_DIRS and not d.endswith(".egg-info"))
        out.extend(Path(root, f) for f in sorted(files) if not f.endswith(_IGNORED_SUFFIXES))
    return out


# --------------------------------------------------------------------------------------
# Which package modules a piece of code reaches
# --------------------------------------------------------------------------------------


class Package:
    """A watched Python package: its modules, their hashes and their internal imports."""

    def __init__(self, root: Path, label: str):
        self.root = root
        self.name = root.name
        self.label = label  # how dependency keys name it (path relative to the book)
        self.modules: dict[str, Path] = {}
        for path in _files_under(root):
            if path.suffix != ".py":
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            self.modules[".".join([self.name, *parts])] = path
        # anything that is not a module (data files...) counts as part of the package root
        self.extra = [p for p in _files_under(root) if p.suffix != ".py"]
        self._edges: dict[str, set[str]] | None = None

    def key(self, path: Path) -> str:
        return f"{self.label}/{path.relative_to(self.root).as_posix()}"

    def hashes(self) -> dict[str, str]:
        return {self.key(p): _sha(p.read_bytes()) for p in [*self.modules.values(), *self.extra]}

    def resolve(self, dotted: str) -> str | None:
        """The longest prefix of ``dotted`` that is one of this package's modules."""
        parts = dotted.split(".")
        while parts:
            name = ".".join(parts)
            if name in self.modules:
                return name
            parts.pop()
        return None

    def _from_import(self, base: str, names) -> set[str]:
        # ``from pkg import data`` reaches pkg.data when it is a module, else pkg itself
        found = {self.resolve(base if alias == "*" else f"{base}.{alias}") for alias in names}
        return {m for m in found if m}

    def imports_in_tree(self, tree: ast.AST, current: str | None = None) -> set[str]:
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found.add(self.resolve(alias.name))
            elif isinstance(node, ast.ImportFrom):
                if node.level and current:  # relative import inside the package
                    is_pkg = self.modules[current].name == "__init__.py"
                    base_parts = current.split(".")
                    drop = node.level - 1 + (0 if is_pkg else 1)
                    base = ".".join(base_parts[: len(base_parts) - drop] if drop else base_parts)
                    base = f"{base}.{node.module}" if node.module else base
                elif node.level:
                    continue
                else:
                    base = node.module or ""
                if self.resolve(base):
                    found |= self._from_import(base, [a.name for a in node.names])
        return {m for m in found if m}

    def imports_in_text(self, text: str) -> set[str]:
        """Modules named anywhere in ``text`` (``clase102.data``, ``-m clase102.bench``…)."""
        pattern = rf"(?<![\w.]){re.escape(self.name)}(?:\.[A-Za-z_]\w*)*"
        found = {self.resolve(m) for m in re.findall(pattern, text)}
        # ``from clase102 import a, b`` written in a way ``ast`` could not parse
        for base, names in re.findall(
            rf"from\s+({re.escape(self.name)}(?:\.\w+)*)\s+import\s+\(?([\w\s,]+)", text
        ):
            found |= self._from_import(base, [n.strip() for n in names.split(",") if n.strip()])
        return {m for m in found if m}

    def edges(self) -> dict[str, set[str]]:
        if self._edges is None:
            self._edges = {}
            for name, path in self.modules.items():
                try:
                    tree = ast.parse(path.read_text(encoding="utf8"))
                    self._edges[name] = self.imports_in_tree(tree, name)
                except (SyntaxError, UnicodeDecodeError):
                    # unparsable module: assume it may reach anything
                    self._edges[name] = set(self.modules)
        return self._edges

    def closure(self, modules: set[str]) -> set[str]:
        """``modules`` plus their parent packages and everything they import, transitively."""
        todo, seen = list(modules), set()
        while todo:
            mod = todo.pop()
            if mod in seen or mod not in self.modules:
                continue
            seen.add(mod)
            parts = mod.split(".")
            todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
            todo.extend(self.edges()[mod])
        return seen

    def files_of(self, modules: set[str]) -> set[str]:
        keys = {self.key(self.modules[m]) for m in modules}
        if self.name in modules:
            keys |= {self.key(p) for p in self.extra}
        return keys


def page_code(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def modules_used(package: Package, code: str) -> set[str]:
    """Package modules a page's code imports or names (IPython magics tolerated)."""
    found = package.imports_in_text(code)
    cleaned = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()
    )
    try:
        found |= package.imports_in_tree(ast.parse(cleaned))
    except SyntaxError:
        pass  # the text scan above is the fallback
    return package.closure(found)


def installed_versions(lock: Path) -> str:
    """A hash of ``name==version`` *as installed* for every package a lock file pins.

    The lock's own hash catches a changed pin; this catches an environment that drifted
    from it (``pip install -U keras`` by hand) without any file of the book changing.
    """
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


# --------------------------------------------------------------------------------------
# The guard
# --------------------------------------------------------------------------------------


@dataclass
class PageInfo:
    docname: str
    notebook: object
    deps: dict[str, str] = field(default_factory=dict)


class Guard:
    """State of one Sphinx build."""

    def __init__(self, app):
        self.app = app
        self.pages: dict[str, PageInfo | None] = {}
        self.read_docs: set[str] = set()
        self.known_records: set[str] = set()
        self.packages: list[Package] = []
        self.global_files: list[tuple[str, Path]] = []
        self.callables: list[tuple[str, str]] = []  # (spec, module)
        self.values: dict[str, str] = {}
        self._hashes: dict[str, str] | None = None
        self.targets: tuple | None = None
        self.warned: WarnedPages | None = None
        self.active = False

    # --- configuration -----------------------------------------------------------

    def locate(self, entry: str) -> Path | None:
        """``entry`` relative to the source dir or, for single-page builds, an ancestor."""
        path = Path(entry)
        if path.is_absolute():
            return path if path.exists() else None
        for base in [Path(self.app.srcdir), *Path(self.app.srcdir).parents]:
            if (base / path).exists():
                return base / path
        return None

    def configure(self):
        config = self.app.config
        for entry in config.build_guard_watch:
            path = self.locate(entry)
            if path is None:
                logger.warning(
                    f"build_guard: no encuentro {entry!r} (build_guard_watch); no se puede "
                    "vigilar si cambia.",
                    type="build_guard",
                    subtype="config",
                )
                continue
            label = PurePosixPath(entry).as_posix().rstrip("/")
            if path.is_dir() and (path / "__init__.py").is_file() and config.build_guard_per_page:
                self.packages.append(Package(path, label))
            else:
                for f in _files_under(path):
                    key = label if path.is_file() else f"{label}/{f.relative_to(path).as_posix()}"
                    self.global_files.append((key, f))
        for entry in config.build_guard_installed:
            path = self.locate(entry)
            if path is None or not path.is_file():
                logger.warning(
                    f"build_guard: no encuentro {entry!r} (build_guard_installed).",
                    type="build_guard",
                    subtype="config",
                )
                continue
            self.values[f"instalado según {entry}"] = installed_versions(path)
        for spec in config.build_guard_fingerprints:
            module, _, func = spec.partition(":")
            try:
                value = getattr(importlib.import_module(module), func)()
            except Exception as exc:  # the build must say why it cannot check
                logger.warning(
                    f"build_guard: no pude calcular {spec} ({type(exc).__name__}: {exc}).",
                    type="build_guard",
                    subtype="config",
                )
                value = f"error:{type(exc).__name__}"
            self.values[spec] = str(value)
            self.callables.append((spec, module))

    @staticmethod
    def value_key(spec: str) -> str:
        return spec if spec.startswith("instalado") else f"{spec}()"

    def hashes(self) -> dict[str, str]:
        if self._hashes is None:
            out = {}
            for pkg in self.packages:
                out.update(pkg.hashes())
            for key, path in self.global_files:
                out[key] = _sha(path.read_bytes())
            out.update({self.value_key(spec): value for spec, value in self.values.items()})
            self._hashes = out
        return self._hashes

    # --- pages ---------------------------------------------------------------------

    def page(self, docname: str) -> PageInfo | None:
        """The page's notebook (as myst-nb reads it) and its dependencies, or None."""
        if docname not in self.pages:
            self.pages[docname] = self._read_page(docname)
        return self.pages[docname]

    def _read_page(self, docname: str) -> PageInfo | None:
        from myst_nb.core.read import create_nb_reader

        env = self.app.env
        nb_config = env.mystnb_config
        path = Path(env.doc2path(docname))
        if nb_config.execution_excludepatterns:
            posix = PurePosixPath(path.as_posix())
            if any(posix.match(p) for p in nb_config.execution_excludepatterns):
                return None
        try:
            text = path.read_text(encoding="utf8")
            reader = create_nb_reader(str(path), env.myst_config, nb_config, text)
            if reader is None:
                return None
            nb = reader.read(text)
        except Exception:
            return None  # myst-nb will report it while reading
        kernel = nb.metadata.get("kernelspec", {}).get("name")
        for rgx, alias in (nb_config.kernel_rgx_aliases or {}).items():
            if kernel is not None and re.fullmatch(rgx, kernel):
                nb.metadata["kernelspec"]["name"] = alias
                break
        if not any(c.cell_type == "code" for c in nb.cells):
            return None
        info = PageInfo(docname, nb)
        hashes = self.hashes()
        code = page_code(nb)
        reached: dict[str, set[str]] = {}
        for pkg in self.packages:
            reached[pkg.name] = modules_used(pkg, code)
            info.deps.update({k: hashes[k] for k in pkg.files_of(reached[pkg.name])})
        info.deps.update({key: hashes[key] for key, _ in self.global_files})
        info.deps.update({k: hashes[k] for k in hashes if k.startswith("instalado según ")})
        for spec, module in self.callables:
            owner = next((p for p in self.packages if p.resolve(module)), None)
            if owner is None or owner.resolve(module) in reached[owner.name]:
                info.deps[f"{spec}()"] = hashes[f"{spec}()"]
        return info

    # --- the jupyter-cache -------------------------------------------------------

    def cache(self):
        from jupyter_cache import get_cache

        return get_cache(self.app.env.mystnb_config.execution_cache_path)

    @staticmethod
    def match(cache, nb):
        try:
            return cache.match_cache_notebook(nb)
        except KeyError:
            return None

    @staticmethod
    def record_key(record) -> str:
        return f"{record.pk}:{record.hashkey}:{record.created.isoformat()}"

    def state_path(self) -> Path:
        return Path(self.app.env.mystnb_config.execution_cache_path) / STATE_FILE

    def load_state(self) -> dict:
        try:
            state = json.loads(self.state_path().read_text(encoding="utf8"))
            if state.get("version") == STATE_VERSION:
                return state
        except (OSError, ValueError):
            pass
        return {"version": STATE_VERSION, "records": {}}

    def save_state(self, state: dict) -> None:
        path = self.state_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf8")
        tmp.replace(path)


def _changes(old: dict | None, new: dict) -> str:
    if old is None:
        return "sin huella registrada"
    keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    return "cambió " + ", ".join(keys[:4]) + (f" y {len(keys) - 4} más" if len(keys) > 4 else "")


# --------------------------------------------------------------------------------------
# Sphinx events
# --------------------------------------------------------------------------------------


class WarnedPages(std_logging.Handler):
    """Remembers which pages a warning was located in (after Sphinx turned it into a path)."""

    def __init__(self, app):
        super().__init__(level=std_logging.WARNING)
        self.app = app
        self.docs: set[str] = set()

    def emit(self, record):
        location = getattr(record, "location", None)
        if isinstance(location, tuple):
            location = location[0]
        if not isinstance(location, str) or not location:
            return
        path, _, line = location.rpartition(":")
        if not (path and line.isdigit()):
            path = location
        docname = self.app.env.path2doc(path) if os.path.isabs(path) else path
        if docname in self.app.env.found_docs:
            self.docs.add(docname)


def on_builder_inited(app):
    app.build_guard = guard = Guard(app)
    guard.active = app.env.mystnb_config.execution_mode == "cache"
    if guard.active:
        guard.configure()
    guard.warned = WarnedPages(app)
    std_logging.getLogger("sphinx").addHandler(guard.warned)


def on_env_get_outdated(app, env, added, changed, removed):
    """Drop cache records made with other dependencies and re-read their pages."""
    guard: Guard = app.build_guard
    if not guard.active:
        return []
    cache = guard.cache()
    state = guard.load_state()
    existing = {guard.record_key(r) for r in cache.list_cache_records()}
    records = {k: v for k, v in state["records"].items() if k in existing}
    # jupyter-book reads twice in one process for single pages (latex_individualpages):
    # what the first read executed is as fresh as it gets
    _register_new(guard, cache, records)
    outdated = []
    for docname in sorted(env.found_docs):
        info = guard.page(docname)
        if info is None:
            continue
        record = guard.match(cache, info.notebook)
        if record is None:
            # its doctree (if any) came from a record that no longer exists
            if docname in env.all_docs and docname not in changed:
                outdated.append(docname)
            continue
        key = guard.record_key(record)
        old = records.get(key, {}).get("deps")
        if old == info.deps:
            continue
        logger.info(f"build_guard: {docname}: {_changes(old, info.deps)}; se vuelve a ejecutar")
        cache.remove_cache(record.pk)
        records.pop(key, None)
        existing.discard(key)
        outdated.append(docname)
    guard.known_records |= existing
    state["records"] = records
    guard.save_state(state)
    # pages that warned last time are read again, so their warnings are not lost in an
    # incremental build that would otherwise skip them (and report success)
    again = [d for d in state.get("warned", []) if d in env.found_docs and d not in outdated]
    if again:
        logger.info(f"build_guard: se releen las páginas que avisaron la vez anterior: {', '.join(again)}")
    return outdated + again


def on_env_before_read_docs(app, env, docnames):
    app.build_guard.read_docs = set(docnames)


def _targets(env) -> tuple:
    """What references resolve against: labels (with their page and title) and page titles."""
    std = env.domaindata.get("std", {})
    labels = frozenset((k, *map(str, v)) for k, v in std.get("labels", {}).items())
    anon = frozenset((k, *map(str, v)) for k, v in std.get("anonlabels", {}).items())
    titles = frozenset((d, t.astext()) for d, t in env.titles.items())
    return labels, anon, titles, frozenset(env.all_docs)


def on_env_get_outdated_targets(app, env, added, changed, removed):
    app.build_guard.targets = _targets(env)
    return []


def on_env_get_updated(app, env):
    """Rewrite every page when a label, a page or a title changed.

    Sphinx only rewrites the pages it re-read (and toctree neighbours), so a page whose
    ``{ref}`` points to a label that another page just dropped would keep a dead link
    and no warning in an incremental build.
    """
    guard: Guard | None = getattr(app, "build_guard", None)
    if guard is None or guard.targets is None or not guard.read_docs:
        return []
    if _targets(env) == guard.targets:
        return []
    logger.info("build_guard: cambiaron etiquetas o títulos; se reescriben todas las páginas")
    return sorted(env.found_docs)


def _executed_notebook(app, docname: str):
    """The executed notebook of a page just read, or None if it was not executed."""
    from myst_nb.sphinx_ import NbMetadataCollector

    env = app.env
    exec_data = NbMetadataCollector.get_exec_data(env, docname)
    if not exec_data or not exec_data.get("succeeded"):
        return None
    guard: Guard = app.build_guard
    info = guard.page(docname)
    if info is None:
        return None
    if env.mystnb_config.execution_mode == "cache":
        try:
            return guard.cache().merge_match_into_notebook(info.notebook)[1]
        except KeyError:
            return None
    import nbformat

    path = Path(env.mystnb_config.output_folder, *f"{docname}.ipynb".split("/"))
    return nbformat.read(path, as_version=4) if path.is_file() else None


def on_doctree_read(app, doctree):
    """A ``raises-exception`` cell must raise; an untagged cell must not."""
    docname = app.env.docname
    if not hasattr(app, "build_guard"):
        return
    nb = _executed_notebook(app, docname)
    if nb is None:
        return
    source_map = nb.metadata.get("source_map") or []
    n = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        n += 1
        tags = cell.get("metadata", {}).get("tags", [])
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        first = next((line for line in cell.source.splitlines() if line.strip()), "")
        line = source_map[index] + 1 if index < len(source_map) else None
        where = (docname, line) if line else docname
        if TAG in tags and not errors:
            logger.warning(
                f"la celda de código {n} está marcada «{TAG}» pero no lanzó ninguna "
                f"excepción («{first.strip()}»). Si ya no falla, sacale la marca y "
                "revisá el texto que la explica.",
                location=where,
                type="build_guard",
                subtype="raises_exception",
            )
        elif errors and TAG not in tags:
            ename = errors[0].get("ename", "error")
            logger.warning(
                f"la celda de código {n} lanzó {ename} sin estar marcada «{TAG}» "
                f"(«{first.strip()}»).",
                location=where,
                type="build_guard",
                subtype="unexpected_error",
            )


def on_build_finished(app, exception):
    """Register the fingerprint of every cache record created during this build."""
    guard: Guard | None = getattr(app, "build_guard", None)
    if guard is None:
        return
    std_logging.getLogger("sphinx").removeHandler(guard.warned)
    if not guard.active:
        return
    cache = guard.cache()
    state = guard.load_state()
    existing = {guard.record_key(r) for r in cache.list_cache_records()}
    records = {k: v for k, v in state["records"].items() if k in existing}
    _register_new(guard, cache, records)
    state["records"] = records
    if guard.read_docs or exception is not None:
        # a crash may leave pages unread: keep last time's list as well
        kept = set(state.get("warned", [])) if exception is not None else set()
        state["warned"] = sorted(guard.warned.docs | kept)
    guard.save_state(state)


def _register_new(guard: Guard, cache, records: dict) -> None:
    """Record the dependencies of the cache records created by the pages just read."""
    for docname in sorted(guard.read_docs):
        info = guard.page(docname)
        if info is None:
            continue
        record = guard.match(cache, info.notebook)
        if record is None:
            continue
        key = guard.record_key(record)
        if key not in records and key not in guard.known_records:
            records[key] = {"docname": docname, "deps": info.deps}
        guard.known_records.add(key)


def setup(app):
    app.add_config_value("build_guard_watch", [], "env", [list])
    app.add_config_value("build_guard_fingerprints", [], "env", [list])
    app.add_config_value("build_guard_installed", [], "env", [list])
    app.add_config_value("build_guard_per_page", True, "env", [bool])
    # after myst-nb's own builder-inited handler (priority 500), which sets mystnb_config
    app.connect("builder-inited", on_builder_inited, priority=900)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-get-outdated", on_env_get_outdated_targets)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("doctree-read", on_doctree_read)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
