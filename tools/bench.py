"""``make bench``: how long the book takes, in units of a reference epoch timed in the same run.

    python tools/bench.py          # the epoch, then clean, unchanged and prose-edit builds of a copy
    python tools/bench.py epoch    # only the epoch
    python tools/bench.py test     # also `make test` in a fresh clone, venv included

The **reference epoch** is one epoch of the homework's Medium MLP (784-256-128-10), batch 32,
the 60.000 training images, Keras defaults: a warm-up epoch, then the mean of two. Dividing by
it makes figures comparable across machines. The builds run on a copy in ``_build/bench`` (the
working tree is never touched); the per-page seconds are myst-nb's «Executed notebook in N s».
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from clase102.environment import machine_note  # importing clase102 quiets TensorFlow first

ROOT = Path(__file__).resolve().parents[1]
GOALS = {"limpia": 60, "homework": 35, "test (clon nuevo)": 90}  # × epoch; the unchanged build: ≤ 5 s
IGNORE = shutil.ignore_patterns(".git", ".venv", "_build", ".cache", "conf.py", "__pycache__", "*.egg-info", "mutants", "src")


def reference_epoch() -> float:
    import keras

    from clase102.data import load_fashion_mnist

    (x, y), _ = load_fashion_mnist()
    x = x.reshape(len(x), -1).astype("float32") / 255
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(256, activation="relu"),
                              keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)  # warm-up: tracing, allocation
    start = time.perf_counter()
    model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    return (time.perf_counter() - start) / 2


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"{' '.join(command)} falló:\n{(run.stdout + run.stderr)[-3000:]}")
    return time.perf_counter() - start, run.stdout + run.stderr


def main(what: str = "builds") -> None:
    epoch = reference_epoch()
    print(f"Máquina: {machine_note()}\nÉpoca de referencia: {f'{epoch:.2f}'.replace('.', ',')} s", flush=True)
    if what == "epoch":
        return
    copy = ROOT / "_build" / "bench"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(ROOT, copy / "libro", ignore=IGNORE)
    make = ["make", "-s", "-C", str(ROOT), "-o", "data", "html", f"BOOK={copy / 'libro'}"]
    rows = []
    for case in ("limpia", "sin cambios", "prosa"):
        if case == "prosa":
            with open(copy / "libro" / "book" / "intro.md", "a", encoding="utf8") as page:
                page.write("\n\nUn párrafo agregado por `make bench`.\n")
        seconds, log = timed(make, ROOT)
        rows.append((case, seconds))
        if case == "limpia":
            pages = {m[1]: float(m[2]) for m in re.finditer(r"/book/([\w-]+)\.md: Executed notebook in ([\d.]+) seconds", log)}
            rows += [(f"  página {page}", s) for page, s in sorted(pages.items(), key=lambda item: -item[1])]
            rows.append(("homework", pages.get("homework", 0.0)))
    if what == "test":
        clone = copy / "clon"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        rows.append(("test (clon nuevo)", timed(["make", "test"], clone)[0]))
    print(f"\n{'caso':<28}{'segundos':>10}{'× época':>10}  meta")
    for case, seconds in rows:
        goal = f"≤ {GOALS[case]} ×" if case in GOALS else ("≤ 5 s" if case == "sin cambios" else "")
        print(f"{case:<28}{seconds:>10.1f}{seconds / epoch:>10.1f}  {goal}".replace(".", ","))


if __name__ == "__main__":
    main(*sys.argv[1:])
