"""The build fails loud, is never stale and repairs itself (issues 6, 10.4 and 14).

Fast tests check ``build_guard``'s parts (the stamp, the cache repair), the data
fingerprint and the Makefile's lock. The ``slow`` tests build a tiny throwaway book (no
TensorFlow: a few seconds per build) whose ``_config.yml`` mirrors the real one's
execution and Sphinx settings and local extensions, inject one fault each and check
what the next build does.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
import numpy as np
import pytest
import yaml

from clase102._env import TF_QUIET_ENV
from clase102.capture import ANSI
from conftest import ROOT, write_idx

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import build_guard  # noqa: E402

pytestmark = pytest.mark.deadline  # throwaway builds and `make`, with timeouts

JB = Path(sys.executable).parent / "jupyter-book"

FRONT_MATTER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


# --------------------------------------------------------------------------------------
# The stamp (fast)
# --------------------------------------------------------------------------------------


def test_installed_versions_follow_the_environment_not_the_file(tmp_path, monkeypatch):
    from importlib import metadata

    lock = tmp_path / "requirements.lock"
    lock.write_text("# pins\nnumpy==1.0\nKeras==3.0 ; python_version >= '3.9'\n-e .\nno-such-dist==1\n")
    versions = {"numpy": "2.1.0", "Keras": "3.15.1"}

    def fake(name):
        if name == "no-such-dist":
            raise metadata.PackageNotFoundError(name)
        return versions[name]

    def by_hand(text: str) -> str:  # the stamp's recipe: sorted, lower-case pins, SHA-256 cut to 16
        import hashlib

        return hashlib.sha256(text.encode()).hexdigest()[:16]

    monkeypatch.setattr(metadata, "version", fake)
    # the installed versions count, not the lock's numbers; a missing one is "ausente"
    assert build_guard.installed_versions(lock) == by_hand(
        "keras==3.15.1\nno-such-dist==ausente\nnumpy==2.1.0"
    )
    versions["numpy"] = "0.0.1"  # upgraded by hand: the lock file did not change
    assert build_guard.installed_versions(lock) == by_hand(
        "keras==3.15.1\nno-such-dist==ausente\nnumpy==0.0.1"
    )


def test_environment_values_match_names_and_patterns():
    environ = {"CLASE102_QUICK": "1", "CLASE102_X": "a", "KERAS_BACKEND": "jax", "HOME": "/root"}
    assert build_guard.environment_values(["CLASE102_*", "KERAS_BACKEND"], environ) == {
        "$CLASE102_QUICK": "1",
        "$CLASE102_X": "a",
        "$KERAS_BACKEND": "jax",
    }
    assert build_guard.environment_values(["TF_*"], environ) == {}


def test_changes_message():
    assert build_guard._changes(None, {"a": "1"}) == "sin huella registrada"
    assert build_guard._changes({"a": "1", "b": "2"}, {"a": "1", "b": "3"}) == "cambió b"
    # an environment variable shows its new value; one that disappeared, its name
    assert build_guard._changes({"$Q": "1"}, {}) == "cambió $Q"
    assert build_guard._changes({}, {"$Q": "1"}) == "sin huella registrada"
    assert build_guard._changes({"a": "1"}, {"a": "1", "$Q": "1"}) == "cambió $Q=1"


def test_stamp_changes_with_package_lock_installed_data_and_environment(tmp_path, monkeypatch):
    src = tmp_path / "libro"
    (src / "pkg" / "mipaquete").mkdir(parents=True)
    (src / "pkg" / "mipaquete" / "__init__.py").write_text("")
    (src / "pkg" / "mipaquete" / "a.py").write_text("X = 1\n")
    (src / "lock.txt").write_text("numpy==1\n")
    (tmp_path / "huella.py").write_text("VALUE = 'v1'\ndef value():\n    return VALUE\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import huella

    monkeypatch.delenv("MI_MODO", raising=False)
    config = SimpleNamespace(
        build_guard_watch=["pkg/mipaquete", "lock.txt"],
        build_guard_installed=["lock.txt"],
        build_guard_fingerprints=["huella:value"],
        build_guard_env=["MI_*"],
    )
    before = build_guard.stamp(src / "book", config)  # single-page builds look in ancestors
    assert set(before) == {
        "pkg/mipaquete/__init__.py",
        "pkg/mipaquete/a.py",
        "lock.txt",
        "instalado según lock.txt",
        "huella:value()",
    }

    def changed():
        now = build_guard.stamp(src, config)
        return {k for k in set(before) | set(now) if before.get(k) != now.get(k)}

    (src / "pkg" / "mipaquete" / "a.py").write_text("X = 2\n")
    assert changed() == {"pkg/mipaquete/a.py"}
    (src / "lock.txt").write_text("numpy==2\n")
    assert changed() == {"pkg/mipaquete/a.py", "lock.txt"}
    monkeypatch.setattr(huella, "VALUE", "v2")
    monkeypatch.setenv("MI_MODO", "rapido")
    assert changed() == {"pkg/mipaquete/a.py", "lock.txt", "huella:value()", "$MI_MODO"}


def test_stamp_warns_when_it_cannot_watch_something(tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(build_guard, "_config_warning", warnings.append)
    config = SimpleNamespace(
        build_guard_watch=["no-existe"],
        build_guard_installed=["tampoco.txt"],
        build_guard_fingerprints=["modulo_que_no_existe:f"],
        build_guard_env=[],
    )
    parts = build_guard.stamp(tmp_path, config)
    assert parts == {"modulo_que_no_existe:f()": "error:ModuleNotFoundError"}
    assert len(warnings) == 3 and "no encuentro 'no-existe'" in warnings[0]
    assert "no pude calcular modulo_que_no_existe:f" in warnings[2]


# --------------------------------------------------------------------------------------
# The cache repair (fast: a real jupyter-cache, notebooks cached without executing)
# --------------------------------------------------------------------------------------


def _cache_with(tmp_path, names):
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache_dir = tmp_path / "cache"
    cache = get_cache(str(cache_dir))
    records = {}
    for name in names:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"print('{name}')")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        records[name] = cache.cache_notebook_bundle(CacheBundleIn(nb, f"/libro/{name}.md"), check_validity=False)
    return cache_dir, cache, records


def test_repair_drops_records_whose_notebook_is_missing_or_unreadable(tmp_path):
    cache_dir, cache, records = _cache_with(tmp_path, ["sana", "borrada", "truncada"])
    shutil.rmtree(cache_dir / "executed" / records["borrada"].hashkey)
    base = cache_dir / "executed" / records["truncada"].hashkey / "base.ipynb"
    base.write_text(base.read_text()[:40])
    notes = build_guard.repair_cache(cache_dir)
    assert notes == [
        "el registro del caché de ejecución de «borrada.md» no sirve (falta su notebook "
        "ejecutado); se descarta y la página se vuelve a ejecutar.",
        "el registro del caché de ejecución de «truncada.md» no sirve (su notebook ejecutado "
        "está dañado (NotJSONError)); se descarta y la página se vuelve a ejecutar.",
    ]
    assert [r.uri for r in cache.list_cache_records()] == ["/libro/sana.md"]
    assert not (cache_dir / "executed" / records["truncada"].hashkey).exists()
    assert build_guard.repair_cache(cache_dir) == []  # repaired: nothing more to say


def test_repair_drops_an_unreadable_cache_database(tmp_path):
    cache_dir, _, _ = _cache_with(tmp_path, ["una"])
    (cache_dir / "global.db").write_bytes(b"esto no es sqlite" * 10)
    (notes,) = build_guard.repair_cache(cache_dir)
    assert "global.db) estaba dañada" in notes and "se borra el caché" in notes
    assert not cache_dir.exists()
    assert build_guard.repair_cache(tmp_path / "no-hay-cache") == []


def test_a_damaged_cache_that_cannot_be_removed_does_not_stop_the_repair(tmp_path):
    cache_dir, _, _ = _cache_with(tmp_path, ["una"])
    (cache_dir / "global.db").write_bytes(b"esto no es sqlite" * 10)
    link = tmp_path / "enlace"
    link.symlink_to(cache_dir, target_is_directory=True)  # shutil.rmtree refuses a symbolic link
    (notes,) = build_guard.repair_cache(link)
    assert f"({link / 'global.db'}) estaba dañada" in notes


# --------------------------------------------------------------------------------------
# The data fingerprint is computed on the content (issue 14.5, fast)
# --------------------------------------------------------------------------------------


def test_data_fingerprint_follows_the_content_not_how_it_is_stored(tiny_idx_dir, tmp_path):
    from clase102 import data

    directory, (x_train, y_train), (x_test, y_test) = tiny_idx_dir
    gz = data.dataset_fingerprint(directory)
    raw_dir = tmp_path / "sin-comprimir"
    raw_dir.mkdir()
    for name, array in zip(data.FILES, (x_train, y_train, x_test, y_test)):
        write_idx(raw_dir / name, array, compress=False)
    assert data.dataset_fingerprint(raw_dir) == gz  # same arrays, stored un-gzipped
    # the gzip bytes change (another compression level and timestamp), the content does not
    import gzip

    path = directory / "t10k-labels-idx1-ubyte.gz"
    raw = gzip.decompress(path.read_bytes())
    path.write_bytes(gzip.compress(raw, compresslevel=1, mtime=12345))
    assert data.dataset_fingerprint(directory) == gz
    write_idx(raw_dir / "t10k-labels-idx1-ubyte", np.array([1, 1, 1, 1, 1]), compress=False)
    assert data.dataset_fingerprint(raw_dir) != gz  # other labels: another fingerprint
    (raw_dir / "t10k-labels-idx1-ubyte").unlink()
    missing = data.dataset_fingerprint(raw_dir)  # never raises: the loader says what is wrong
    assert missing not in (gz, "keras-download")


# --------------------------------------------------------------------------------------
# One build at a time per checkout (issue 14.3, fast: a fake jupyter-book)
# --------------------------------------------------------------------------------------


def test_a_second_make_html_waits_for_the_first_and_says_so(tmp_path):
    log = tmp_path / "log"
    fake = tmp_path / "fake-jb"
    fake.write_text(f'#!/bin/bash\necho "inicio $$ $(date +%s.%N)" >> {log}\nsleep 1.5\necho "fin $$ $(date +%s.%N)" >> {log}\n')
    fake.chmod(0o755)
    cmd = [
        "make", "-s", "-C", str(ROOT), "-o", "data", "-o", ".venv/.installed", "html",
        f"JB={fake}", f"BUILD={tmp_path / '_build'}", f"BUILD_LOCK={tmp_path}",
    ]  # fmt: skip
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not log.exists():
        time.sleep(0.05)
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    out_first = first.communicate(timeout=30)
    assert first.returncode == 0 and second.returncode == 0, (out_first, second.stderr)
    assert "Otra construcción del libro está en curso en esta carpeta" in second.stderr
    assert "espero a que termine" in second.stderr
    events = [line.split()[0] for line in log.read_text().splitlines()]
    assert events == ["inicio", "fin", "inicio", "fin"]  # never two at once


# --------------------------------------------------------------------------------------
# Throwaway books (slow: a few seconds per build)
# --------------------------------------------------------------------------------------


def _absolute(value):
    """Config values that are paths of the real book (templates, locales…) made absolute."""
    if isinstance(value, list):
        return [_absolute(v) for v in value]
    if isinstance(value, str) and value and not os.path.isabs(value) and (ROOT / value).exists():
        return str(ROOT / value)
    return value


def _config(watch, fingerprints) -> dict:
    real = yaml.safe_load((ROOT / "_config.yml").read_text())
    sphinx = real.get("sphinx", {})
    return {
        "title": "Libro de prueba",
        "author": "pruebas",
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", "pkg", "*.txt"],
        "execute": real["execute"],
        "parse": real.get("parse", {}),
        "sphinx": {
            **{k: v for k, v in sphinx.items() if k not in ("local_extensions", "config")},
            "local_extensions": {
                name: str(ROOT / path) for name, path in sphinx.get("local_extensions", {}).items()
            },
            "config": {
                **{k: _absolute(v) for k, v in sphinx.get("config", {}).items()},
                "build_guard_watch": watch,
                "build_guard_fingerprints": fingerprints,
                "build_guard_installed": ["lock.txt"],
            },
        },
    }


class Book:
    """A tiny book in ``root``: pages are ``{name: body}`` (front matter added)."""

    def __init__(self, root: Path, pages: dict[str, str] | None = None):
        self.root = root
        if pages is None:  # an existing book
            return
        (root / "pkg" / "tinypkg").mkdir(parents=True)
        self.write("pkg/tinypkg/__init__.py", "")
        self.write("pkg/tinypkg/values.py", "def answer():\n    return 41\n")
        self.write(
            "pkg/tinypkg/data.py",
            '''\
            import hashlib, os
            from pathlib import Path

            def _path():
                return Path(os.environ["TINY_DATA"])

            def load():
                return _path().read_text().strip()

            def fingerprint():
                return hashlib.sha256(_path().read_bytes()).hexdigest()[:16]
            ''',
        )
        self.write("lock.txt", "dep==1\n")
        self.write("data.txt", "datos-v1\n")
        config = _config(["pkg/tinypkg", "lock.txt"], ["tinypkg.data:fingerprint"])
        self.write("_config.yml", yaml.safe_dump(config, allow_unicode=True))
        names = list(pages)
        toc = {"format": "jb-book", "root": names[0], "chapters": [{"file": n} for n in names[1:]]}
        self.write("_toc.yml", yaml.safe_dump(toc))
        for name, body in pages.items():
            self.page(name, body)

    def write(self, rel: str, text: str) -> None:
        (self.root / rel).write_text(textwrap.dedent(text), encoding="utf8")

    def page(self, name: str, body: str) -> None:
        # prose-only pages are plain Markdown (no kernel); the others are notebooks
        front = FRONT_MATTER if "{code-cell}" in body else ""
        self.write(f"{name}.md", front + textwrap.dedent(body))

    def env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLASE102_")}
        env.update(
            PYTHONPATH=str(self.root / "pkg"),
            TINY_DATA=str(self.root / "data.txt"),
            **TF_QUIET_ENV,
            PYTHONHASHSEED="0",  # as the Makefile exports them
            PYDEVD_DISABLE_FILE_VALIDATION="1",
            PYTHONUNBUFFERED="1",
            NO_COLOR="1",
            **extra,
        )
        return env

    def command(self, *extra: str) -> list[str]:
        return [str(JB), "build", str(self.root), "-W", "-n", "--keep-going", *extra]

    def build(self, *extra: str, **env) -> tuple[int, str]:
        res = subprocess.run(
            self.command(*extra), cwd=self.root, env=self.env(**env),
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        return res.returncode, self.clean(res.stdout + res.stderr)

    @staticmethod
    def clean(out: str) -> str:
        return ANSI.sub("", out)

    def html(self, name: str) -> str:
        return re.sub(r"<[^>]+>", "", (self.root / "_build" / "html" / f"{name}.html").read_text())

    def records(self) -> dict[str, str]:
        """``{page file name: hashkey}`` of the jupyter-cache records."""
        from jupyter_cache import get_cache

        cache = get_cache(str(self.root / "_build" / ".jupyter_cache"))
        return {Path(r.uri).name: r.hashkey for r in cache.list_cache_records()}

    @staticmethod
    def executed(out: str) -> list[str]:
        """Names of the pages that were executed (not taken from the cache)."""
        return sorted(re.findall(r"/([\w-]+)\.md: Executed notebook", out))


INTRO = """\
# Intro

Ver {doc}`valores` y {doc}`datos`.
"""

VALUES = """\
(sec-valores)=
# Valores

```{code-cell} ipython3
import os, time
from tinypkg.values import answer
from myst_nb import glue
time.sleep(float(os.environ.get("TINY_SLEEP", "0")))  # lets a test interrupt this page
glue("respuesta", answer(), display=False)
print("VALOR", answer())
```

La respuesta es {glue:text}`respuesta`.

```{code-cell} ipython3
:tags: [raises-exception]
1 / 0
```
"""

DATA = """\
# Datos

```{code-cell} ipython3
import os
from tinypkg.data import load
print("DATOS", load())
print("MODO", os.environ.get("CLASE102_QUICK", "completo"))
```
"""

# prose only (no notebook to export) and not the root (whose toctree Sphinx rewrites anyway)
NOTE = """\
# Nota

Los datos se leen como en la sección {ref}`sec-valores`.
"""

PAGES = {"intro": INTRO, "datos": DATA, "valores": VALUES, "nota": NOTE}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The good book, built once: ``(root, pristine copy, build output)``."""
    base = tmp_path_factory.mktemp("libros")
    book = Book(base / "libro", PAGES)
    rc, out = book.build()
    assert rc == 0, out[-3000:]
    shutil.copytree(book.root, base / "original", symlinks=True)
    return book.root, base / "original", out


@pytest.fixture
def book(built):
    """The built book as it was after its first build (same path: Sphinx reads nothing)."""
    root, original, _ = built
    shutil.rmtree(root)
    shutil.copytree(original, root, symlinks=True)
    return Book(root)


def assert_fails_naming(book: Book, page: str, *needles: str, extra=()) -> str:
    rc, out = book.build(*extra)
    assert rc != 0, out[-3000:]
    named = [
        line
        for line in out.splitlines()
        if f"{page}.md" in line and ("WARNING" in line or "Error" in line)
    ]
    assert named, f"ningún mensaje nombra {page}.md:\n{out[-3000:]}"
    for needle in needles:
        assert needle in out, out[-3000:]
    return out


@pytest.mark.slow
def test_good_book_passes_and_an_unchanged_rebuild_executes_and_reads_nothing(built, book):
    out = built[2]
    assert book.executed(out) == ["datos", "valores"]
    assert "VALOR 41" in book.html("valores") and "La respuesta es 41" in book.html("valores")
    assert "ZeroDivisionError" in book.html("valores")  # the expected error is shown
    assert "MODO completo" in book.html("datos")
    rc, out = book.build()
    assert rc == 0 and book.executed(out) == [] and "reading sources... [" not in out, out[-3000:]


@pytest.mark.slow
def test_faults_in_pages_fail_the_build_naming_each_page(book):
    book.page("datos", DATA.replace('print("DATOS", load())', "load() + 1"))
    assert_fails_naming(book, "datos", "TypeError")  # an execution error stops the build
    book.page("datos", DATA)
    broken = VALUES.replace("{glue:text}`respuesta`", "{glue:text}`respuesta_mal`")
    book.page("valores", broken + "\nVer {ref}`sec-que-no-existe`.\n")
    assert_fails_naming(book, "valores", "respuesta_mal", "sec-que-no-existe")


@pytest.mark.slow
def test_label_dropped_by_another_page_fails_the_page_that_points_to_it(book):
    """Sphinx alone would not rewrite ``nota`` (unchanged) and keep a dead link."""
    book.page("valores", VALUES.replace("(sec-valores)=\n", ""))
    out = assert_fails_naming(book, "nota", "sec-valores")
    assert not re.search(r"reading sources\.\.\. .*nota", out)  # not re-read: rewritten


@pytest.mark.slow
def test_raises_exception_cell_that_does_not_raise_fails_also_from_the_cache(book):
    book.page("valores", VALUES.replace("1 / 0", "1 / 1"))
    out = assert_fails_naming(book, "valores", "raises-exception", "no lanzó")
    assert book.executed(out) == ["valores"]
    # the execution itself succeeded, so it is cached: the check must hold from the cache
    # too, in an incremental build (the page warned, so it is read again)
    out = assert_fails_naming(book, "valores", "no lanzó")
    assert book.executed(out) == [] and "Using cached notebook" in out
    # fixed: the build passes, and the next one has nothing to read again
    book.page("valores", VALUES)
    assert book.build()[0] == 0
    rc, out = book.build()
    assert rc == 0 and "reading sources... [" not in out, out[-3000:]


@pytest.mark.slow
def test_package_and_data_changes_re_execute_every_page_with_code(book):
    """The coarse stamp: any change to what pages run on empties the cache."""
    book.write("pkg/tinypkg/values.py", "def answer():\n    return 42\n")
    book.write("data.txt", "datos-v2\n")
    rc, out = book.build()
    assert rc == 0, out[-3000:]
    assert book.executed(out) == ["datos", "valores"]
    assert "cambió pkg/tinypkg/values.py, tinypkg.data:fingerprint(); se vacía el caché" in out
    html = book.html("valores")
    assert "VALOR 42" in html and "La respuesta es 42" in html and "VALOR 41" not in html
    assert "DATOS datos-v2" in book.html("datos")


@pytest.mark.slow
def test_a_setting_of_the_environment_is_part_of_the_key(book):
    """Issue 14.1: a quick-mode build never leaves its outputs for a normal build."""
    rc, out = book.build(CLASE102_QUICK="1")
    assert rc == 0 and book.executed(out) == ["datos", "valores"], out[-3000:]
    assert "cambió $CLASE102_QUICK=1" in out and "MODO 1" in book.html("datos")
    rc, out = book.build()  # the normal build after it
    assert rc == 0 and book.executed(out) == ["datos", "valores"], out[-3000:]
    assert "cambió $CLASE102_QUICK" in out
    assert "MODO completo" in book.html("datos") and "MODO 1" not in book.html("datos")


@pytest.mark.slow
def test_prose_edit_re_reads_one_page_and_executes_nothing(book):
    book.page("datos", DATA + "\nUn párrafo nuevo.\n")
    rc, out = book.build()
    assert rc == 0 and book.executed(out) == [], out[-3000:]
    assert "Un párrafo nuevo." in book.html("datos")
    reading = [line for line in out.splitlines() if "reading sources" in line]
    assert any("datos" in line for line in reading), out[-3000:]
    assert not any("valores" in line for line in reading), out[-3000:]


@pytest.mark.slow
def test_a_failed_build_keeps_what_it_executed(book):
    """Pages that executed fine in a failing build are not executed again."""
    book.write("lock.txt", "dep==2\n")
    book.page("valores", VALUES.replace('print("VALOR", answer())', "answer() + 'x'"))
    rc, out = book.build()
    assert rc != 0
    assert book.executed(out) == ["datos"], out[-3000:]  # read before "valores" failed
    book.page("valores", VALUES)
    rc, out = book.build()
    assert rc == 0, out[-3000:]
    assert book.executed(out) == ["valores"], out[-3000:]


@pytest.mark.slow
def test_damaged_cache_records_are_dropped_and_re_executed(book):
    """Issue 14.2: a deleted record folder and a truncated notebook, then a touched page."""
    records = book.records()
    shutil.rmtree(book.root / "_build" / ".jupyter_cache" / "executed" / records["datos.md"])
    base = book.root / "_build" / ".jupyter_cache" / "executed" / records["valores.md"] / "base.ipynb"
    base.write_text(base.read_text()[:100])
    (book.root / "datos.md").touch()
    rc, out = book.build()
    assert rc == 0, out[-3000:]
    assert "«datos.md» no sirve (falta su notebook ejecutado); se descarta" in out
    assert "«valores.md» no sirve (su notebook ejecutado está dañado (NotJSONError))" in out
    assert book.executed(out) == ["datos", "valores"]
    assert "KeyError" not in out and "report" not in out.lower()
    assert "VALOR 41" in book.html("valores")


def _build_until_valores_runs(book: Book, *, make: bool = False) -> subprocess.Popen:
    """Start a build in which ``valores`` sleeps (``make html`` on this book, or
    jupyter-book itself); return once ``datos`` has executed or come from the cache."""
    cmd = book.command()
    if make:
        # as a terminal starts a foreground job: Ctrl-C at its default. A process started in
        # the background (`make test &`, `nohup`) inherits SIGINT ignored, and make and the
        # recipe's shell keep it ignored, so the trap could never run (found from the masks).
        cmd = [
            "env", "--default-signal=INT", "make", "-s", "-C", str(ROOT), "-o", "data", "-o", ".venv/.installed", "html",
            f"BOOK={book.root}", f"BUILD={book.root / '_build'}", f"BUILD_LOCK={book.root}",
        ]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=book.root, env=book.env(TINY_SLEEP="60"), start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines = []
    for line in proc.stdout:
        lines.append(book.clean(line))
        if re.search(r"datos\.md: (Executed|Using cached) notebook", lines[-1]):
            break
    else:
        raise AssertionError("".join(lines)[-3000:])
    time.sleep(2)  # "valores" is executing (its kernel sleeps)
    proc.lines = lines
    return proc


def _processes_in(root: Path) -> dict[str, str]:
    """pid → command line of every process working in ``root`` or naming it (the build's make)."""
    found = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if Path(os.readlink(proc / "cwd")) == root or str(root) in cmd:
                found[proc.name] = cmd
        except OSError:
            pass
    return found


def _signal_masks(pid: str) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "terminado"
    return " ".join(line.replace("\t", "") for line in status.splitlines() if line.startswith(("State", "Sig")))


def _kernels_in(root: Path) -> list[str]:
    return [pid for pid, cmd in _processes_in(root).items() if "ipykernel" in cmd]


@pytest.mark.slow
def test_interrupted_builds_keep_the_pages_that_finished(book):
    """Issue 14.2: SIGKILL, then Ctrl-C on ``make html`` (SIGINT to its process group, as a
    terminal sends it)."""
    book.write("pkg/tinypkg/values.py", "def answer():\n    return 43\n")  # both pages must run
    proc = _build_until_valores_runs(book)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc = _build_until_valores_runs(book, make=True)
    assert "Using cached notebook" in "".join(proc.lines)  # "datos" survived the SIGKILL
    assert book.executed("".join(proc.lines)) == []
    os.killpg(proc.pid, signal.SIGINT)
    # What the user waits for is make's exit; the rest of the output is read with a deadline
    # (a process left holding the pipe must not hang the test).
    rest: list[str] = []

    def read_rest():
        for line in proc.stdout:
            rest.append(line)

    reader = threading.Thread(target=read_rest, daemon=True)
    reader.start()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:  # say which process is left and what it does with signals
        alive = _processes_in(book.root)
        masks = {pid: _signal_masks(pid) for pid in alive}
        os.killpg(proc.pid, signal.SIGKILL)
        for pid in alive:
            with contextlib.suppress(OSError):
                os.kill(int(pid), signal.SIGKILL)
        raise AssertionError(f"make sigue 30 s después de Ctrl-C; procesos en el libro: {alive}, {masks}") from None
    deadline = time.time() + 0.5  # killed before make exited (an orphan would live on for a second or more)
    while _kernels_in(book.root) and time.time() < deadline:
        time.sleep(0.1)
    assert _kernels_in(book.root) == []
    reader.join(timeout=15)
    out = "".join(proc.lines) + book.clean("".join(rest))
    assert proc.returncode in (130, -signal.SIGINT), out[-3000:]  # make re-raises SIGINT
    assert "Construcción interrumpida" in out
    # the trap kills the kernels with the build: none is left to print into the terminal (once, an
    # orphaned kernel printed a ZMQ traceback, "DELIM not in msg_list", before it noticed)
    assert not re.search(r"Kernel died|DeadKernel|report.*bug|Traceback", out), out[-3000:]
    rc, out = book.build()
    assert rc == 0, out[-3000:]
    assert book.executed(out) == ["valores"]  # "datos" survived the Ctrl-C as well
    assert "VALOR 43" in book.html("valores")
