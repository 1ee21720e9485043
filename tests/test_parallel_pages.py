"""``make html JOBS=N`` executes pages at the same time, the longest first (issue 12).

A throwaway book of six pages (Sphinx reads in parallel only from six documents on): five
notebook pages that sleep and write when they ran. Built with ``BOOK_JOBS=2`` from an empty
cache (two workers would race to create it), pages must overlap in time, the page named in
``parallel_pages_first`` (last by name) must start before any page ends, and a second build must execute nothing.
"""

from __future__ import annotations

import itertools
import sys

import pytest
import yaml

from conftest import ROOT
from test_build_guard import Book

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import parallel_pages  # noqa: E402

pytestmark = pytest.mark.slow

SLEEPER = """\
# {name}

```{{code-cell}} ipython3
import os, pathlib, time
start = time.time()
time.sleep({seconds})
pathlib.Path(os.environ["RUN_LOG"], "{name}").write_text(f"{{start}} {{time.time()}}")
```
"""


def test_the_longest_page_goes_first_only_when_reading_in_parallel():
    app = type("App", (), {})()
    app.config = type("Config", (), {"parallel_pages_first": ["larga"]})()
    app.parallel = 1
    pages = ["a", "b", "larga"]
    parallel_pages.before_reading(app, None, pages)
    assert pages == ["a", "b", "larga"]


def test_the_cache_database_exists_before_the_workers_start(tmp_path):
    app = type("App", (), {"parallel": 2})()
    app.config = type("Config", (), {"parallel_pages_first": []})()
    env = type("Env", (), {})()
    env.mystnb_config = type("NbConfig", (), {"execution_cache_path": str(tmp_path / "cache")})()
    parallel_pages.before_reading(app, env, ["a"])
    assert (tmp_path / "cache" / "global.db").is_file()


def test_pages_run_at_the_same_time_the_longest_first(tmp_path):
    names = ["a", "b", "c", "d", "larga"]
    pages = {"intro": "# Intro\n"}
    pages.update({n: SLEEPER.format(name=n, seconds=4 if n == "larga" else 2) for n in names})
    book = Book(tmp_path / "libro", pages)
    config = yaml.safe_load((book.root / "_config.yml").read_text())
    config["sphinx"]["config"]["parallel_pages_first"] = ["larga"]
    book.write("_config.yml", yaml.safe_dump(config, allow_unicode=True))
    log = tmp_path / "log"
    log.mkdir()

    code, out = book.build(BOOK_JOBS="2", RUN_LOG=str(log))
    assert code == 0, out
    runs = {n: tuple(map(float, (log / n).read_text().split())) for n in names}
    overlapping = [
        (p, q) for p, q in itertools.combinations(names, 2)
        if runs[p][0] < runs[q][1] and runs[q][0] < runs[p][1]
    ]  # fmt: skip
    assert overlapping, runs
    # read last in name order, it starts in the first wave: before any other page ends
    assert runs["larga"][0] < min(end for n, (_, end) in runs.items() if n != "larga"), runs

    code, out = book.build(BOOK_JOBS="2", RUN_LOG=str(log))
    assert code == 0, out
    assert Book.executed(out) == [], out
