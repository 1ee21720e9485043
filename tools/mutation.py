"""Mutation score of the unit tier (``make mutation``): mutants from mutmut, one fork each.

``mutmut run`` (pinned in requirements-mutation.txt, configured in pyproject's [tool.mutmut])
writes the mutants to ``mutants/`` and records which tests reach each function and how long
each test takes (``mutants/mutmut-stats.json``). Its own next step, the clean run of the
selected tests, fails on this suite ("not found" for parametrized ids that exist), so this
script runs the mutants itself, the way mutmut does: the parent imports pytest, Keras and the
test modules once, and each mutant runs in a fork with its name set in mutmut's trampoline,
against the unit tests that reach its function, fastest first, stopping at the first failure.
Exit 0 of pytest → the mutant survived; 1 → killed; a mutant still running after the
time limit (an endless loop) is killed as well and counted as detected, as mutmut does.

    python tools/mutation.py                       # every mutated module of clase102
    python tools/mutation.py formatting stats      # some modules
    python tools/mutation.py --only FILE           # only the mutants FILE names (e.g. an old report)
    MUTATION_JOBS=1 python tools/mutation.py       # one fork at a time (default: one per core)
    MUTATION_SURVIVORS_NOW=1 python tools/mutation.py  # also list each module's survivors as it ends
    python tools/mutation.py --source              # before mutmut: src/clase102, see prepare_source
    python tools/mutation.py build_guard           # a build extension (book/_ext), see prepare_extensions

prints, per module, killed / equivalent / surviving mutants, the score ((killed + equivalent)
/ all) and the seconds, a total line, then the diff of every survivor not listed in
tests/mutation_equivalents.md (with its reason). Exit status 0 (the score is a measurement).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
PACKAGE = MUTANTS / "src" / "clase102"
EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.md"
ARGS = ["-x", "-q", "-p", "no:cacheprovider", "-m", "not book and not slow", "--rootdir=."]
# A mutant may loop forever (a mutated loop bound): its fork is stopped after this many
# seconds plus 10 times the clean duration of its tests, and the mutant counts as detected.
TIMEOUT_BASE = 60.0


def prepare_source() -> None:
    """Write ``src/clase102``, the copy of ``code/clase102`` that mutmut mutates.

    mutmut skips decorated functions, and every self-check is ``@self_check(title)``. In the copy
    the decorator becomes an assignment right after the function (``f = self_check(title)(f)``),
    which is what the decorator syntax means, so the checks are mutated too.
    """
    import ast
    import shutil

    src = ROOT / "src"
    if src.is_symlink() or src.is_file():
        src.unlink()
    elif src.exists():
        shutil.rmtree(src)
    shutil.copytree(ROOT / "code" / "clase102", src / "clase102", ignore=shutil.ignore_patterns("__pycache__"))
    for path in sorted((src / "clase102").glob("*.py")):
        text = path.read_text()
        lines = text.splitlines(keepends=True)
        decorated = [node for node in ast.parse(text).body if isinstance(node, ast.FunctionDef)
                     and node.decorator_list and all(isinstance(d, ast.Call) and isinstance(d.func, ast.Name)
                                                     and d.func.id == "self_check" for d in node.decorator_list)]
        for node in reversed(decorated):
            first, last = node.decorator_list[0].lineno - 1, node.decorator_list[-1].end_lineno
            wrapped = node.name
            for deco in reversed(node.decorator_list):
                wrapped = f"{ast.get_source_segment(text, deco)}({wrapped})"
            lines.insert(node.end_lineno, f"\n\n{node.name} = {wrapped}\n")
            del lines[first:last]
        path.write_text("".join(lines))


def prepare_extensions() -> None:
    """Mutate the build extensions too: ``src/<name>.py`` for each ``book/_ext/<name>.py``.

    The tests import them top-level (``sys.path.insert(0, ROOT / "book" / "_ext")``, then
    ``import build_guard``), and mutmut names a mutant after its path minus "src.", so a copy at
    ``src/build_guard.py`` gives mutants named ``build_guard.…``, the module's name at run time.
    The tests would still import the untouched copy that mutmut puts in ``mutants/book/_ext``
    (pyproject's also_copy), so that copy is made beforehand a hard link to ``mutants/src/<name>.py``
    (a symbolic link would not do: ``Path(__file__).resolve()`` would then leave ``book/``).
    mutmut keeps a source copy that already exists, copies ``book/`` into the link (the same text),
    and writes the mutants into the same file, which the tests then import as ``build_guard``.
    Needs ``mutants/`` to exist (the Makefile creates it).
    """
    import shutil

    linked = MUTANTS / "book" / "_ext"
    linked.mkdir(parents=True, exist_ok=True)
    (MUTANTS / "src").mkdir(exist_ok=True)
    for path in sorted((ROOT / "book" / "_ext").glob("*.py")):
        for copy in (ROOT / "src" / path.name, MUTANTS / "src" / path.name):
            shutil.copy2(path, copy)  # same time stamp: mutmut sees "only copied", and mutates it
        (linked / path.name).unlink(missing_ok=True)
        os.link(MUTANTS / "src" / path.name, linked / path.name)


def meta_file(module: str) -> Path:
    """mutmut's record of a module's mutants: a package module or a build extension."""
    package = PACKAGE / f"{module}.py.meta"
    return package if package.is_file() else MUTANTS / "src" / f"{module}.py.meta"


def module_of(mutant: str) -> str:
    """``clase102.stats.x_f__mutmut_1`` → ``stats``; ``build_guard.x_f__mutmut_1`` → ``build_guard``."""
    parts = mutant.split(".")
    return parts[1] if parts[0] == "clase102" else parts[0]


def equivalents() -> set[str]:
    if not EQUIVALENTS.is_file():
        return set()
    return set(re.findall(r"^\|\s*`?([\w.ǁ]+__mutmut_\d+)`?\s*\|", EQUIVALENTS.read_text(), re.M))


def mutated_modules() -> list[str]:
    """Every module of the package with at least one mutant (``__init__`` has none: imports only),
    then every build extension with one."""
    metas = sorted(PACKAGE.glob("*.py.meta")) + sorted((MUTANTS / "src").glob("*.py.meta"))
    return [meta.name.removesuffix(".py.meta") for meta in metas
            if json.loads(meta.read_text())["exit_code_by_key"]]


def preload_tests() -> None:
    """Import the test modules once in the parent, so no fork imports them again.

    Only imported, not collected: collecting in the parent would escape the parametrized
    ids a second time in each fork. pytest ("prepend" import mode, no __init__.py in tests/)
    finds them in sys.modules under the same names and files.
    """
    import importlib

    sys.path.insert(0, str(MUTANTS / "tests"))
    for path in sorted((MUTANTS / "tests").glob("*.py")):
        with contextlib.suppress(Exception):  # a module that fails to import fails in the forks
            importlib.import_module(path.stem)


def run_child(name: str, selected: list[str]) -> int:
    pid = os.fork()
    if pid:
        return pid
    try:
        os.setpgid(0, 0)  # its own group, so a timeout also stops what the tests started
        import pytest
        from mutmut.mutation import trampoline

        trampoline.set_mutant_under_test(name)
        with open(os.devnull, "w") as null, contextlib.redirect_stdout(null), contextlib.redirect_stderr(null):
            code = pytest.main(ARGS + selected)
        os._exit(int(code))
    except BaseException:  # noqa: BLE001  (a child must never return into the parent's loop)
        os._exit(3)


def run_module(module: str, stats: dict, jobs: int, only: set[str] | None = None) -> dict[str, str]:
    meta = json.loads(meta_file(module).read_text())["exit_code_by_key"]
    if only is not None:
        meta = [name for name in meta if name in only]
    tests_by_function = stats["tests_by_mangled_function_name"]
    duration = stats["duration_by_test"]
    results: dict[str, str] = {}
    pending = []
    for name in sorted(meta):
        selected = sorted(tests_by_function.get(name.partition("__mutmut_")[0], []),
                          key=lambda t: (duration.get(t, 0.0), t))
        if not selected:
            results[name] = "sin pruebas"
        else:
            limit = TIMEOUT_BASE + 10 * sum(duration.get(t, 1.0) for t in selected)
            pending.append((name, selected, limit))
    running: dict[int, tuple[str, float]] = {}
    while pending or running:
        while pending and len(running) < jobs:
            name, selected, limit = pending.pop(0)
            running[run_child(name, selected)] = (name, time.monotonic() + limit)
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            now = time.monotonic()
            for child, (name, deadline) in list(running.items()):
                if now > deadline:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(child, signal.SIGKILL)
                    os.waitpid(child, 0)
                    del running[child]
                    results[name] = "muerto"  # timeout: detected
            time.sleep(0.02)
            continue
        name, _ = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        results[name] = {0: "vivo", 1: "muerto"}.get(code, f"error {code}")
    return results


def main(modules: list[str]) -> int:
    if modules == ["--source"]:
        prepare_source()
        prepare_extensions()
        return 0
    only = None
    if modules and modules[0] == "--only":  # --only FILE: just the mutants named in FILE
        text = Path(modules[1]).read_text()
        only = set(re.findall(r"\b((?:clase102\.)?[a-z]\w*\.[\w.ǁ]+__mutmut_\d+)", text))
        modules = sorted({module_of(name) for name in only})
    os.chdir(MUTANTS)
    sys.path.insert(0, str(MUTANTS / "src"))
    from mutmut.mutation import trampoline

    trampoline.set_mutant_under_test("")
    import keras  # noqa: F401  (imported once, before the forks)

    import clase102  # noqa: F401

    modules = modules or mutated_modules()
    jobs = int(os.environ.get("MUTATION_JOBS") or os.cpu_count() or 1)
    stats = json.loads((MUTANTS / "mutmut-stats.json").read_text())
    start_all = time.time()
    preload_tests()
    known = equivalents()
    survivors, total, every = [], [0, 0, 0], {}
    print(f"{'módulo':24} {'muertos':>8} {'equiv.':>7} {'vivos':>6} {'puntaje':>8} {'segundos':>9}")
    for module in modules:
        start = time.time()
        results = run_module(module, stats, jobs, only)
        every.update(results)
        killed = sum(s == "muerto" for s in results.values())
        alive = [n for n, s in results.items() if s != "muerto"]
        equiv = sum(n in known for n in alive)
        survivors += [(n, results[n]) for n in alive if n not in known]
        checked = len(results)
        total = [total[0] + killed, total[1] + equiv, total[2] + len(alive) - equiv]
        score = (killed + equiv) / checked if checked else 1.0
        print(f"{module:24} {killed:8} {equiv:7} {len(alive) - equiv:6} "
              f"{score:8.1%} {time.time() - start:9.0f}", flush=True)
        if os.environ.get("MUTATION_SURVIVORS_NOW"):  # each module's survivors at once (long runs)
            for name in alive:
                if name not in known:
                    print(f"    {name} ({results[name]})", flush=True)
    if sum(total):
        print(f"{'total':24} {total[0]:8} {total[1]:7} {total[2]:6} "
              f"{(total[0] + total[1]) / sum(total):8.1%} {time.time() - start_all:9.0f}")
    print(f"({jobs} procesos a la vez" + (f"; sólo los {len(only)} mutantes de --only)" if only else ")"))
    (MUTANTS / "results.json").write_text(json.dumps(every, indent=1, ensure_ascii=False))
    print(f"\nMutantes vivos sin razón en tests/{EQUIVALENTS.name}: {len(survivors)}")
    for name, status in survivors:
        diff = subprocess.run([sys.executable, "-m", "mutmut", "show", name], capture_output=True, text=True, cwd=ROOT)
        lines = [l for l in diff.stdout.splitlines() if l.startswith(("@@", "-", "+", " "))]
        print(f"\n--- {name} ({status})\n" + "\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
