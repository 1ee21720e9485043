"""``make bench``: how fast the book builds, in units of one reference epoch.

    python tools/bench.py            # reference epoch + clean, unchanged and prose-edit builds
    python tools/bench.py --only epoch
    python tools/bench.py --jobs 2   # builds with two pages at once, and a clean one with one at a time

The **reference epoch** is one epoch of the homework's Medium MLP (784-256-128-10),
batch 32, all 60.000 training images, Keras defaults, timed in the same run (build,
one warm-up epoch, then two timed epochs; the figure is their mean). Dividing build
times by it makes figures comparable across machines.

The builds never touch the working tree: the sources are copied to
``_build/bench/src`` and that copy is built (``PYTHONPATH`` points the kernels at the
copy's package); the edits are made on the copy.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from clase102.capture import ANSI  # importing clase102 quiets TensorFlow first
from clase102.environment import machine_note
from clase102.formatting import fmt_dec

ROOT = Path(__file__).resolve().parents[1]
# Goals of issue 12 (multiples of the reference epoch; seconds for the unchanged rebuild)
GOALS = {"clean": 60.0, "homework": 35.0}
STRETCH_CLEAN = 45.0
GOAL_UNCHANGED = 5.0
COPY_IGNORE = (".git", ".venv", "_build", ".pytest_cache", "__pycache__", "*.egg-info", ".ipynb_checkpoints")
PROSE_EDIT = "\n\nPárrafo agregado por `make bench` (edición de prosa de prueba).\n"
EXECUTED = re.compile(r"(\S+)\.(?:md|ipynb): Executed notebook in ([\d.]+) seconds")


@dataclass
class Build:
    case: str
    seconds: float
    returncode: int
    executed: dict  # page -> seconds of execution


def parse_executed(log: str, src: Path) -> dict:
    """``{page: seconds}`` from myst-nb's «Executed notebook in N seconds» lines."""
    pages = {}
    for match in EXECUTED.finditer(ANSI.sub("", log)):
        path = Path(match.group(1))
        try:
            path = path.relative_to(src)
        except ValueError:
            pass
        pages[path.as_posix()] = float(match.group(2))
    return pages


def run_build(case: str, src: Path, env: dict) -> Build:
    jupyter_book = str(Path(sys.executable).parent / "jupyter-book")
    start = time.perf_counter()
    proc = subprocess.run(
        [jupyter_book, "build", str(src), "-W", "-n", "--keep-going"],
        cwd=src, env=env, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    if proc.returncode:
        sys.stdout.write(proc.stdout[-4000:] + proc.stderr[-4000:])
    return Build(case, seconds, proc.returncode, parse_executed(proc.stdout + proc.stderr, src))


def reference_epoch() -> float:
    """Seconds of one epoch of the Medium MLP on all 60.000 images, Keras defaults."""
    import keras

    from clase102 import data

    (x, y), _ = data.load_fashion_mnist()
    x = data.prepare_images(x)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)  # warm-up: tracing, allocation
    start = time.perf_counter()
    model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    return (time.perf_counter() - start) / 2


def report(epoch: float, builds: list[Build]) -> str:
    """The table of build times, in seconds and in reference epochs, with each goal."""
    lines = [f"Época de referencia: {fmt_dec(epoch, 2)} s", ""]
    lines.append(f"{'caso':<22} {'segundos':>9} {'× época':>8} {'páginas ejecutadas':>19}  meta")
    for b in builds:
        ratio = b.seconds / epoch
        goal = ""
        if b.case.startswith("limpia"):
            goal = f"≤ {GOALS['clean']:.0f} × ({'sí' if ratio <= GOALS['clean'] else 'no'}); " \
                   f"ambiciosa ≤ {STRETCH_CLEAN:.0f} × ({'sí' if ratio <= STRETCH_CLEAN else 'no'})"
        elif b.case == "sin cambios":
            goal = f"≤ {GOAL_UNCHANGED:.0f} s ({'sí' if b.seconds <= GOAL_UNCHANGED else 'no'})"
        failed = " (FALLÓ)" if b.returncode else ""
        lines.append(f"{b.case + failed:<22} {fmt_dec(b.seconds, 1):>9} {fmt_dec(ratio, 1):>8} {len(b.executed):>19}  {goal}")
    clean = next((b for b in builds if b.case == "limpia"), None)
    if clean is not None:
        lines += ["", "Ejecución por página en la construcción limpia (s, × época):"]
        for page, seconds in sorted(clean.executed.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {page:<26} {fmt_dec(seconds, 1):>7} {fmt_dec(seconds / epoch, 1):>7}")
        homework = next((s for p, s in clean.executed.items() if p.endswith("homework")), None)
        if homework is not None:
            ok = homework / epoch <= GOALS["homework"]
            lines.append(f"  homework: {fmt_dec(homework / epoch, 1)} × época; meta ≤ {GOALS['homework']:.0f} × ({'sí' if ok else 'no'})")
        executing = sum(clean.executed.values())
        if executing <= clean.seconds:
            lines.append(f"  fuera de la ejecución de páginas (Sphinx, escritura): {fmt_dec(clean.seconds - executing, 1)} s")
        else:  # pages ran at the same time (JOBS > 1): their sum is more than the clock
            lines.append(f"  páginas a la vez: {fmt_dec(executing, 1)} s de ejecución en {fmt_dec(clean.seconds, 1)} s de reloj")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["all", "epoch"], default="all")
    parser.add_argument("--jobs", type=int, default=1, help="pages at once (BOOK_JOBS); > 1: also a clean build with 1")
    args = parser.parse_args(argv)
    print(f"Máquina: {machine_note()}; páginas a la vez (JOBS): {args.jobs}", flush=True)
    epoch = reference_epoch()
    print(f"Época de referencia: {fmt_dec(epoch, 2)} s", flush=True)
    if args.only == "epoch":
        return 0
    src = ROOT / "_build" / "bench" / "src"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(*COPY_IGNORE), symlinks=True)
    env = dict(os.environ, PYTHONPATH=str(src / "code"), BOOK_JOBS=str(args.jobs))
    builds = [run_build("limpia", src, env), run_build("sin cambios", src, env)]
    with open(src / "book" / "construir.md", "a", encoding="utf8") as fh:
        fh.write(PROSE_EDIT)
    builds.append(run_build("edición de prosa", src, env))
    if args.jobs > 1:  # the same clean build, one page at a time (book/_ext/parallel_pages.py)
        shutil.rmtree(src / "_build")
        builds.append(run_build("limpia, JOBS=1", src, dict(env, BOOK_JOBS="1")))
    print(report(epoch, builds), flush=True)
    # build_guard's stamp empties the execution cache on any package, lock, data or
    # environment change: a package edit costs one clean build (not re-measured here).
    print("Edición del paquete: vacía el caché de ejecución, cuesta lo mismo que la construcción limpia.")
    return 1 if any(b.returncode for b in builds) else 0


if __name__ == "__main__":
    raise SystemExit(main())
