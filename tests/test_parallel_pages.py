"""``make html JOBS=N`` executes pages at the same time, the timing pages alone first (issue 12).

A throwaway book of eight pages (Sphinx reads in parallel only from six documents on, here the
six left after the two read alone): seven notebook pages sleep and write when they ran. Built
with ``BOOK_JOBS=2`` from an empty cache (two workers would race to create it): the two pages
named in ``parallel_pages_alone`` run first, one at a time, overlapping no other page; the
others overlap; a second build executes nothing; after a change of the environment key the
HTML of the pages read alone shows the new output (Sphinx writes them too); warnings and errors
of pages read by workers fail the build.
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

pytestmark = [pytest.mark.slow, pytest.mark.deadline]

SLEEPER = """\
# {name}

```{{code-cell}} ipython3
import os, pathlib, time
start = time.time()
time.sleep({seconds})
pathlib.Path(os.environ["RUN_LOG"], "{name}").write_text(f"{{start}} {{time.time()}}")
print("MODO", os.environ.get("CLASE102_QUICK", "completo"))
```
"""


def test_timing_pages_run_alone_first_and_the_others_at_the_same_time(tmp_path):
    alone, others = ["tiempos", "larga"], ["a", "b", "c", "d", "e"]
    pages = {"intro": "# Intro\n"}
    pages.update({n: SLEEPER.format(name=n, seconds=1) for n in others + alone})
    book = Book(tmp_path / "libro", pages)
    config = yaml.safe_load((book.root / "_config.yml").read_text())
    config["sphinx"]["config"]["parallel_pages_alone"] = ["larga", "tiempos"]
    book.write("_config.yml", yaml.safe_dump(config, allow_unicode=True))
    log = tmp_path / "log"
    log.mkdir()

    code, out = book.build(BOOK_JOBS="2", RUN_LOG=str(log))
    assert code == 0, out
    runs = {n: tuple(map(float, (log / n).read_text().split())) for n in others + alone}
    overlapping = {
        (p, q) for p, q in itertools.combinations(others + alone, 2)
        if runs[p][0] < runs[q][1] and runs[q][0] < runs[p][1]
    }  # fmt: skip
    assert overlapping and all(p in others and q in others for p, q in overlapping), runs
    # in the order of the setting, and both before any other page starts
    assert runs["larga"][1] <= runs["tiempos"][0], runs
    assert runs["tiempos"][1] <= min(start for n, (start, _) in runs.items() if n in others), runs

    code, out = book.build(BOOK_JOBS="2", RUN_LOG=str(log))
    assert code == 0, out
    assert Book.executed(out) == [], out

    # a warning in a page a worker reads (here a raises-exception cell that does not raise;
    # another key: every page is executed again) fails the build, naming the page, and the
    # pages read alone are written too; the main process noted the worker's warning, so the
    # next build reads that page again and fails again
    book.page("e", SLEEPER.format(name="e", seconds=0) + "\n```{code-cell} ipython3\n:tags: [raises-exception]\n1 + 1\n```\n")
    for executed in (sorted(others + alone), []):
        code, out = book.build(BOOK_JOBS="2", RUN_LOG=str(log), CLASE102_QUICK="1")
        named = [line for line in out.splitlines() if "e.md" in line and "no lanzó ninguna excepción" in line]
        assert code != 0 and named and Book.executed(out) == executed, out
        assert all("MODO 1" in book.html(name) for name in others + alone), out
    # an unexpected error in a worker's page stops the build, naming the page
    book.page("e", SLEEPER.format(name="e", seconds=0) + "\n```{code-cell} ipython3\n1 / 0\n```\n")
    code, out = book.build(BOOK_JOBS="2", RUN_LOG=str(log), CLASE102_QUICK="2")
    assert code != 0 and "ExecutionError: " + str(book.root / "e.md") in out, out
