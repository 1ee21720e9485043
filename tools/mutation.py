"""Mutation score of the unit tier (``make mutation``): mutants from mutmut, one fork each.

``mutmut run`` (pinned in requirements-test.txt, configured in pyproject's [tool.mutmut])
writes the mutants to ``mutants/`` and records which tests reach each function
(``mutants/mutmut-stats.json``). Its own next step, the clean run of the selected tests,
fails on this suite ("not found" for parametrized ids that exist), so this script runs the
mutants itself, the way mutmut does: the parent imports pytest and Keras once, and each
mutant runs in a fork with ``MUTANT_UNDER_TEST`` set, against the unit tests that reach
its function. Exit 0 of pytest → the mutant survived; 1 → killed.

    python tools/mutation.py formatting validation stats

prints, per module, killed / equivalent / surviving mutants and the score, then the diff
of every survivor not listed in tests/mutation_equivalents.md (with its reason).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.md"
ARGS = ["-x", "-q", "-p", "no:cacheprovider", "-m", "not book and not slow", "--rootdir=."]


def equivalents() -> set[str]:
    if not EQUIVALENTS.is_file():
        return set()
    return set(re.findall(r"^\|\s*`?([\w.]+__mutmut_\d+)`?\s*\|", EQUIVALENTS.read_text(), re.M))


def run_module(module: str) -> dict[str, str]:
    import pytest

    meta = json.loads((MUTANTS / "src" / "clase102" / f"{module}.py.meta").read_text())["exit_code_by_key"]
    tests = json.loads((MUTANTS / "mutmut-stats.json").read_text())["tests_by_mangled_function_name"]
    results = {}
    for name in sorted(meta):
        selected = sorted(tests.get(name.partition("__mutmut_")[0], []))
        if not selected:
            results[name] = "sin pruebas"
            continue
        pid = os.fork()
        if pid == 0:
            from mutmut.mutation import trampoline

            trampoline.set_mutant_under_test(name)
            with open(os.devnull, "w") as null, contextlib.redirect_stdout(null), contextlib.redirect_stderr(null):
                code = pytest.main(ARGS + selected)
            os._exit(int(code))
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        results[name] = {0: "vivo", 1: "muerto"}.get(code, f"error {code}")
    return results


def main(modules: list[str]) -> int:
    os.chdir(MUTANTS)
    sys.path.insert(0, str(MUTANTS / "src"))
    from mutmut.mutation import trampoline

    trampoline.set_mutant_under_test("")
    import keras  # noqa: F401  (imported once, before the forks)

    import clase102  # noqa: F401

    known = equivalents()
    survivors, total = [], [0, 0, 0]
    print(f"{'módulo':24} {'muertos':>8} {'equiv.':>7} {'vivos':>6} {'puntaje':>8} {'segundos':>9}")
    for module in modules:
        start = time.time()
        results = run_module(module)
        killed = sum(s == "muerto" for s in results.values())
        alive = [n for n, s in results.items() if s != "muerto"]
        equiv = sum(n in known for n in alive)
        survivors += [(n, results[n]) for n in alive if n not in known]
        checked = len(results)
        total = [total[0] + killed, total[1] + equiv, total[2] + len(alive) - equiv]
        print(f"{module:24} {killed:8} {equiv:7} {len(alive) - equiv:6} "
              f"{(killed + equiv) / checked:8.1%} {time.time() - start:9.0f}", flush=True)
    if len(modules) > 1 and sum(total):
        print(f"{'total':24} {total[0]:8} {total[1]:7} {total[2]:6} {(total[0] + total[1]) / sum(total):8.1%}")
    print(f"\nMutantes vivos sin razón en tests/{EQUIVALENTS.name}: {len(survivors)}")
    for name, status in survivors:
        diff = subprocess.run([sys.executable, "-m", "mutmut", "show", name], capture_output=True, text=True, cwd=ROOT)
        lines = [l for l in diff.stdout.splitlines() if l.startswith(("@@", "-", "+", " "))]
        print(f"\n--- {name} ({status})\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["formatting", "validation", "stats"]))
