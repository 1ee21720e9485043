"""The build fails loud and is never stale (issue 6).

The unit tests check ``build_guard``'s import analysis on a synthetic package. The
``slow`` tests build tiny throwaway books (no TensorFlow: a few seconds each) whose
``_config.yml`` mirrors the real one's execution and Sphinx settings and local
extensions, inject one fault each and check that the strict build exits non-zero
naming the page; others change a package function, a watched file or the data a
page reads and check that an incremental rebuild shows the new value.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import build_guard  # noqa: E402

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
# Import analysis (fast)
# --------------------------------------------------------------------------------------


@pytest.fixture
def pkg(tmp_path):
    root = tmp_path / "mipaquete"
    (root / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from mipaquete._base import ok\n",
        "_base.py": "def ok():\n    return 1\n",
        "a.py": "from . import b\n",
        "b.py": "def f():\n    from mipaquete.sub import deep  # imported lazily\n    return deep\n",
        "c.py": "import numpy\n",
        "bench.py": "from .c import numpy\n",
        "sub/__init__.py": "",
        "sub/deep.py": "X = 1\n",
        "datos.json": "{}",
    }
    for name, text in files.items():
        (root / name).write_text(text)
    return build_guard.Package(root, "code/mipaquete")


def test_package_modules_and_closure(pkg):
    assert set(pkg.modules) == {
        "mipaquete",
        "mipaquete._base",
        "mipaquete.a",
        "mipaquete.b",
        "mipaquete.c",
        "mipaquete.bench",
        "mipaquete.sub",
        "mipaquete.sub.deep",
    }
    # relative imports, a lazy import inside a function, parent packages
    assert pkg.closure({"mipaquete.a"}) == {
        "mipaquete",
        "mipaquete._base",
        "mipaquete.a",
        "mipaquete.b",
        "mipaquete.sub",
        "mipaquete.sub.deep",
    }
    assert pkg.closure({"mipaquete.c"}) == {"mipaquete", "mipaquete._base", "mipaquete.c"}


@pytest.mark.parametrize(
    "code, reached",
    [
        ("import numpy as np", set()),
        ("from mipaquete import c", {"mipaquete.c"}),
        ("from mipaquete.c import numpy", {"mipaquete.c"}),
        ("import mipaquete.c as c", {"mipaquete.c"}),
        ("from mipaquete import ok", set()),  # an attribute of __init__: root only
        ("import mipaquete\nmipaquete.c.numpy", {"mipaquete.c"}),
        ("!python -m mipaquete.bench --solo tren", {"mipaquete.bench", "mipaquete.c"}),
        ("%time x = 1\nfrom mipaquete import (\n    c,\n)", {"mipaquete.c"}),
        ("from mipaquete import c  %%no-es-python", {"mipaquete.c"}),  # ast fails: text scan
    ],
)
def test_modules_used_by_page_code(pkg, code, reached):
    base = {"mipaquete", "mipaquete._base"} if "mipaquete" in code else set()
    assert build_guard.modules_used(pkg, code) == base | reached


def test_files_and_hashes(pkg):
    files = pkg.files_of(pkg.closure({"mipaquete.c"}))
    assert files == {
        "code/mipaquete/__init__.py",
        "code/mipaquete/_base.py",
        "code/mipaquete/c.py",
        "code/mipaquete/datos.json",  # non-module files go with the package root
    }
    before = pkg.hashes()
    (pkg.root / "c.py").write_text("import numpy  # otro\n")
    after = build_guard.Package(pkg.root, pkg.label).hashes()
    assert {k for k in before if before[k] != after[k]} == {"code/mipaquete/c.py"}


def test_installed_versions_follow_the_environment_not_the_file(tmp_path, monkeypatch):
    from importlib import metadata

    lock = tmp_path / "requirements.lock"
    lock.write_text("# pins\nnumpy==1.0\nKeras==3.0 ; python_version >= '3.9'\n-e .\nno-such-dist==1\n")
    real = build_guard.installed_versions(lock)
    assert real == build_guard.installed_versions(lock)
    versions = {"numpy": metadata.version("numpy"), "Keras": metadata.version("keras")}

    def fake(name):
        if name == "no-such-dist":
            raise metadata.PackageNotFoundError(name)
        return versions[name]

    monkeypatch.setattr(metadata, "version", fake)
    assert build_guard.installed_versions(lock) == real
    versions["numpy"] = "0.0.1"  # upgraded by hand: the lock file did not change
    assert build_guard.installed_versions(lock) != real


def test_changes_message():
    assert build_guard._changes(None, {"a": "1"}) == "sin huella registrada"
    assert build_guard._changes({"a": "1", "b": "2"}, {"a": "1", "b": "3"}) == "cambió b"


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
        self.write("pkg/tinypkg/other.py", "def other():\n    return 'otro'\n")
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

    def build(self, *extra: str) -> tuple[int, str]:
        env = dict(
            os.environ,
            PYTHONPATH=str(self.root / "pkg"),
            TINY_DATA=str(self.root / "data.txt"),
            TF_CPP_MIN_LOG_LEVEL="3",
            TF_ENABLE_ONEDNN_OPTS="0",
            PYDEVD_DISABLE_FILE_VALIDATION="1",
            NO_COLOR="1",
        )
        res = subprocess.run(
            [str(JB), "build", str(self.root), "-W", "-n", "--keep-going", *extra],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        out = re.sub(r"\x1b\[[0-9;]*m", "", res.stdout + res.stderr)
        return res.returncode, out

    def html(self, name: str) -> str:
        return re.sub(r"<[^>]+>", "", (self.root / "_build" / "html" / f"{name}.html").read_text())

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
from tinypkg.values import answer
from myst_nb import glue
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

Se leen como en la sección {ref}`sec-valores`.

```{code-cell} ipython3
from tinypkg.data import load
print("DATOS", load())
```
"""

PAGES = {"intro": INTRO, "datos": DATA, "valores": VALUES}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The good book, built once: ``(root, build output)``."""
    book = Book(tmp_path_factory.mktemp("libro"), PAGES)
    rc, out = book.build()
    assert rc == 0, out[-3000:]
    return book.root, out


@pytest.fixture
def book(built, tmp_path):
    """A private copy of the built book (its jupyter-cache included)."""
    root = tmp_path / "libro"
    shutil.copytree(built[0], root, symlinks=True)
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
def test_good_book_passes(built):
    book, out = Book(built[0]), built[1]
    assert book.executed(out) == ["datos", "valores"]
    assert "VALOR 41" in book.html("valores") and "La respuesta es 41" in book.html("valores")
    assert "ZeroDivisionError" in book.html("valores")  # the expected error is shown


@pytest.mark.slow
def test_unchanged_rebuilds_execute_nothing(book):
    rc, out = book.build()
    assert rc == 0 and book.executed(out) == [], out[-3000:]
    rc, out = book.build("--all")  # every page re-read, outputs from the cache
    assert rc == 0 and book.executed(out) == [], out[-3000:]
    assert out.count("Using cached notebook") == 2


@pytest.mark.slow
def test_unexpected_exception_fails_naming_the_page(book):
    book.page("datos", DATA.replace('print("DATOS", load())', "load() + 1"))
    assert_fails_naming(book, "datos", "TypeError")


@pytest.mark.slow
def test_undefined_glue_key_fails_naming_the_page(book):
    book.page("valores", VALUES.replace("{glue:text}`respuesta`", "{glue:text}`respuesta_mal`"))
    assert_fails_naming(book, "valores", "respuesta_mal")


@pytest.mark.slow
def test_broken_cross_reference_fails_naming_the_page(book):
    book.page("datos", DATA.replace("sec-valores", "sec-que-no-existe"))
    assert_fails_naming(book, "datos", "sec-que-no-existe")


@pytest.mark.slow
def test_label_dropped_by_another_page_fails_the_page_that_points_to_it(book):
    """Sphinx alone would not rewrite ``datos`` (unchanged) and keep a dead link."""
    assert book.build()[0] == 0  # the copy's first build re-reads everything
    book.page("valores", VALUES.replace("(sec-valores)=\n", ""))
    out = assert_fails_naming(book, "datos", "sec-valores")
    assert not re.search(r"reading sources\.\.\. .*datos", out)  # not re-read: rewritten


@pytest.mark.slow
def test_raises_exception_cell_that_does_not_raise_fails_also_from_the_cache(book):
    book.page("valores", VALUES.replace("1 / 0", "1 / 1"))
    out = assert_fails_naming(book, "valores", "raises-exception", "no lanzó")
    assert book.executed(out) == ["valores"]
    # the execution itself succeeded, so it is cached: the check must hold from the cache too,
    # in an incremental build (the page warned, so it is read again) and with --all
    for extra in ((), ("--all",)):
        out = assert_fails_naming(book, "valores", "no lanzó", extra=extra)
        assert book.executed(out) == [] and "Using cached notebook" in out
    # fixed: the build passes, and the next one has nothing to read again
    book.page("valores", VALUES)
    assert book.build()[0] == 0
    rc, out = book.build()
    assert rc == 0 and "reading sources... [" not in out, out[-3000:]


@pytest.mark.slow
def test_package_data_and_lock_changes_re_execute_only_the_pages_that_depend_on_them(book):
    # a package function returns something else: only the page that imports it re-runs
    book.write("pkg/tinypkg/values.py", "def answer():\n    return 42\n")
    rc, out = book.build()
    assert rc == 0, out[-3000:]
    assert book.executed(out) == ["valores"]
    assert "valores: cambió pkg/tinypkg/values.py" in out
    html = book.html("valores")
    assert "VALOR 42" in html and "La respuesta es 42" in html and "VALOR 41" not in html

    # a module no page imports: nothing re-runs
    book.write("pkg/tinypkg/unused.py", "X = 1\n")
    rc, out = book.build()
    assert rc == 0 and book.executed(out) == [], out[-3000:]

    # different data (the fingerprint callable changes): only the page that reads it
    book.write("data.txt", "datos-v2\n")
    rc, out = book.build()
    assert rc == 0 and book.executed(out) == ["datos"], out[-3000:]
    assert "DATOS datos-v2" in book.html("datos")

    # pinned dependencies: every executed page
    book.write("lock.txt", "dep==2\n")
    rc, out = book.build()
    assert rc == 0 and book.executed(out) == ["datos", "valores"], out[-3000:]


@pytest.mark.slow
def test_prose_edit_re_reads_one_page_and_executes_nothing(book):
    book.build()  # the copy's first build re-reads everything (new source dir)
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
