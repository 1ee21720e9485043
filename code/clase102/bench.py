"""``make bench``: build times, per-page execution times, and ``train`` against a bare ``fit``.

Run from the repository root::

    python -m clase102.bench                 # everything (a clean build of the book: minutes)
    python -m clase102.bench --only train    # only the training comparison (about a minute)
    python -m clase102.bench --only build    # only the build times and the per-page table

The build part never touches the working tree: it copies the book's sources (pages,
package, configuration, lock file) into ``_build/bench/src`` and builds *that copy*,
with ``PYTHONPATH`` pointing at the copy's ``code/`` so the kernels import the copied
package. The prose and package edits are made on the copy. (In a tree where other people
edit and build at the same time, editing the real files, even briefly, could clobber
their work or leak into their builds.) Kernels get a tiny IPython start-up file that
times every ``keras.Model.fit`` call, so the report can say how much of the clean build
was spent training.

The output is plain text with fixed labels, so runs on different commits can be compared
line by line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from clase102.validation import check_positive_int, check_widths

# Goals of issue 6 (seconds; fractions)
GOAL_UNCHANGED = 10.0
GOAL_PROSE = 20.0
GOAL_CLEAN = 12 * 60.0
GOAL_LESSON_PAGES = 4 * 60.0
GOAL_HOMEWORK = 8 * 60.0
GOAL_FIT_SHARE = 0.80
GOAL_TRAIN_RATIO = 0.95

COPY_IGNORE = (".git", ".venv", "_build", ".pytest_cache", "__pycache__", "*.egg-info", ".ipynb_checkpoints")
PROSE_SUFFIX = "\n\nPárrafo agregado por `make bench` (edición de prosa de prueba).\n"
PACKAGE_SUFFIX = "\n# make bench: package edit (a comment; the fingerprint changes all the same)\n"

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_EXECUTING = re.compile(r"(\S+\.(?:md|ipynb)): Executing notebook")
_EXECUTED = re.compile(r"(\S+\.(?:md|ipynb)): Executed notebook in ([\d.]+) seconds")

# IPython start-up file for the kernels of the bench build: time keras.Model.fit without
# importing Keras early (a meta-path hook patches it right after ``import keras``).
FIT_TIMER = '''\
import functools, importlib.abc, importlib.machinery, json, os, sys, time

_LOG = os.environ.get("CLASE102_BENCH_FIT_LOG")


def _patch(keras):
    original = keras.Model.fit
    if getattr(original, "_bench_timed", False):
        return

    @functools.wraps(original)  # keep fit's signature: a page inspects it
    def fit(self, *args, **kwargs):
        start = time.time()
        try:
            return original(self, *args, **kwargs)
        finally:
            with open(_LOG, "a") as fh:
                fh.write(json.dumps({"start": start, "end": time.time()}) + "\\n")

    fit._bench_timed = True
    keras.Model.fit = fit


class _KerasHook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "keras":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            exec_module = spec.loader.exec_module

            def run(module):
                exec_module(module)
                _patch(module)

            spec.loader.exec_module = run
        return spec


if _LOG:
    if "keras" in sys.modules:
        _patch(sys.modules["keras"])
    else:
        sys.meta_path.insert(0, _KerasHook())
'''


# --------------------------------------------------------------------------------------
# Text helpers (Spanish numbers, fixed-width columns)
# --------------------------------------------------------------------------------------


def _num(value: float, digits: int = 1) -> str:
    from clase102.formatting import fmt_dec

    return fmt_dec(float(value), digits)


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths)).rstrip()]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def _verdict(ok: bool) -> str:
    return "CUMPLE" if ok else "NO CUMPLE"


# --------------------------------------------------------------------------------------
# Training: the package's helper against a bare model.fit
# --------------------------------------------------------------------------------------


@dataclass
class TrainingComparison:
    """Seconds per repetition for each arm, in the order they ran."""

    helper: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    helper_cpu: list[float] = field(default_factory=list)
    bare_cpu: list[float] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    n_samples: int = 0
    epochs: int = 0

    @property
    def ratios(self) -> list[float]:
        """Throughput of ``train`` over that of ``fit``, per repetition (= fit s / train s)."""
        return [b / h for h, b in zip(self.helper, self.bare)]

    @property
    def cpu_ratios(self) -> list[float]:
        """The same with the process' CPU time: barely moved by other processes' load."""
        return [b / h for h, b in zip(self.helper_cpu, self.bare_cpu)]

    def summary(self, cpu: bool = False) -> dict[str, float]:
        r = self.cpu_ratios if cpu else self.ratios
        return {"median": statistics.median(r), "min": min(r), "max": max(r)}


def compare_training(
    x,
    y,
    *,
    widths=(256, 128),
    epochs: int = 2,
    batch_size: int = 32,
    repeats: int = 5,
    warmup: bool = True,
    seed: int = 0,
) -> TrainingComparison:
    """Time ``training.train`` and a bare ``model.fit`` on identical fresh models, alternating.

    Each repetition builds two models with the same seed (same initial weights, untimed),
    then times ``train(model, x, y, ...)`` and ``model.fit(x, y, ...)`` with the same
    arguments and ``verbose=0``; even repetitions run the helper first, odd ones the bare
    call first, so a drift of the machine does not favour either. One untimed warm-up
    round runs first.
    """
    import keras
    import numpy as np

    from clase102 import models, training

    widths = check_widths(widths)
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    repeats = check_positive_int(repeats, "repeats")
    x = np.asarray(x)
    y = np.asarray(y)
    if x.ndim != 2 or len(x) != len(y) or len(x) == 0:
        raise ValueError(
            f"Se esperaban x de forma (n, rasgos) e y de largo n; recibí {x.shape} y {y.shape}."
        )

    def fresh():
        keras.backend.clear_session()
        training.set_seed(seed)
        return models.compile_classifier(models.build_sequential(widths, n_inputs=x.shape[1]))

    def run_helper(model):
        training.train(model, x, y, epochs=epochs, batch_size=batch_size, verbose=0)

    def run_bare(model):
        model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)

    arms = {"train": run_helper, "fit": run_bare}
    if warmup:
        for run in arms.values():
            run(fresh())
    result = TrainingComparison(n_samples=len(x), epochs=epochs)
    for rep in range(repeats):
        names = ["train", "fit"] if rep % 2 == 0 else ["fit", "train"]
        for name in names:
            model = fresh()
            start, cpu = time.perf_counter(), time.process_time()
            arms[name](model)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            (result.helper if name == "train" else result.bare).append(seconds)
            (result.helper_cpu if name == "train" else result.bare_cpu).append(cpu)
            result.order.append(name)
    return result


def training_report(comp: TrainingComparison, *, widths, batch_size: int) -> str:
    rows = []
    for i, (h, b) in enumerate(zip(comp.helper, comp.bare)):
        first = comp.order[2 * i]
        rows.append(
            [
                str(i + 1),
                "train→fit" if first == "train" else "fit→train",
                _num(h, 3),
                _num(b, 3),
                _num(comp.n_samples * comp.epochs / h, 0),
                _num(comp.n_samples * comp.epochs / b, 0),
                _num(b / h, 3),
                _num(comp.cpu_ratios[i], 3),
            ]
        )
    lines = [
        f"datos: {comp.n_samples} muestras, capas ocultas {tuple(widths)}, {comp.epochs} épocas, "
        f"batch_size={batch_size}, {len(comp.helper)} repeticiones alternadas (+1 de calentamiento)",
        _table(
            rows,
            ["rep", "orden", "train (s)", "fit (s)", "train (muestras/s)", "fit (muestras/s)",
             "cociente", "cociente CPU"],
        ),
    ]
    for cpu, label in ((False, "reloj"), (True, "tiempo de CPU del proceso")):
        s = comp.summary(cpu)
        lines.append(
            f"cociente de rendimiento train/fit ({label}): mediana {_num(s['median'], 3)} "
            f"(mín {_num(s['min'], 3)}, máx {_num(s['max'], 3)}); meta ≥ {_num(GOAL_TRAIN_RATIO, 2)}: "
            f"{_verdict(s['median'] >= GOAL_TRAIN_RATIO)}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Building the book
# --------------------------------------------------------------------------------------


@dataclass
class BuildRun:
    case: str
    seconds: float
    returncode: int
    executed: dict[str, float]  # page -> "Executed notebook in N seconds"
    started: dict[str, float]  # page -> wall-clock time its execution started
    log: str


def copy_sources(root: Path, dest: Path) -> Path:
    """Copy the book's sources (not .git, .venv, _build…) to ``dest`` (replaced)."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns(*COPY_IGNORE), symlinks=True)
    return dest


def _page_name(path: str, src: Path) -> str:
    p = Path(path)
    try:
        p = p.resolve().relative_to(src.resolve())
    except ValueError:
        pass
    return p.with_suffix("").as_posix()


def run_build(case: str, src: Path, env: dict, jupyter_book: str, extra=()) -> BuildRun:
    """``jupyter-book build SRC -W -n --keep-going``, timed, its log parsed as it streams."""
    cmd = [jupyter_book, "build", str(src), "-W", "-n", "--keep-going", *extra]
    executed, started, lines = {}, {}, []
    start = time.perf_counter()
    with subprocess.Popen(
        cmd, cwd=src, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as proc:
        try:
            for raw in proc.stdout:
                line = _ANSI.sub("", raw)
                lines.append(line)
                if m := _EXECUTING.search(line):
                    started[_page_name(m.group(1), src)] = time.time()
                elif m := _EXECUTED.search(line):
                    executed[_page_name(m.group(1), src)] = float(m.group(2))
        except BaseException:  # Ctrl-C, SIGTERM: do not leave the build running
            proc.kill()
            raise
    seconds = time.perf_counter() - start
    return BuildRun(case, seconds, proc.returncode, executed, started, "".join(lines))


def _append(path: Path, suffix: str) -> None:
    with open(path, "a", encoding="utf8") as fh:
        fh.write(suffix)


def page_execution_times(cache_dir: Path, src: Path) -> dict[str, float]:
    """Seconds each page's execution took, from the jupyter-cache records (latest per page)."""
    from jupyter_cache import get_cache

    if not cache_dir.is_dir():
        return {}
    records = sorted(get_cache(cache_dir).list_cache_records(), key=lambda r: r.pk)
    return {
        _page_name(r.uri, src): float(r.data.get("execution_seconds") or 0.0)
        for r in records
        if r.uri
    }


def fit_seconds_per_page(fit_log: Path, started: dict[str, float]) -> dict[str, float]:
    """Attribute each timed ``fit`` call to the page whose execution started last before it."""
    if not fit_log.is_file():
        return {}
    starts = sorted((t, page) for page, t in started.items())
    out: dict[str, float] = {}
    for line in fit_log.read_text().splitlines():
        call = json.loads(line)
        owner = None
        for t, page in starts:
            if t <= call["start"]:
                owner = page
        if owner is not None:
            out[owner] = out.get(owner, 0.0) + call["end"] - call["start"]
    return out


def build_report(
    root: Path,
    *,
    workdir: Path,
    prose_page: str,
    package_file: str,
    homework: str,
    jupyter_book: str,
    code_dir: str = "code",
) -> tuple[str, bool]:
    """Clean, unchanged, prose-edit and package-edit builds of a copy of the book."""
    src = copy_sources(root, workdir / "src")
    ipython_dir = workdir / "ipython"
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-bench-fit-timer.py").write_text(FIT_TIMER)
    fit_log = workdir / "fit_calls.jsonl"
    fit_log.unlink(missing_ok=True)
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(src / code_dir), os.environ.get("PYTHONPATH")])),
        IPYTHONDIR=str(ipython_dir),
        CLASE102_BENCH_FIT_LOG=str(fit_log),
        TF_CPP_MIN_LOG_LEVEL="3",
        TF_ENABLE_ONEDNN_OPTS="0",
        PYTHONHASHSEED="0",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    runs: list[BuildRun] = []
    clean = run_build("limpia", src, env, jupyter_book)
    runs.append(clean)
    env.pop("CLASE102_BENCH_FIT_LOG")  # only the clean build is attributed
    exec_times = page_execution_times(src / "_build" / ".jupyter_cache", src)
    ok = clean.returncode == 0
    if ok:
        runs.append(run_build("sin cambios", src, env, jupyter_book))
        _append(src / prose_page, PROSE_SUFFIX)
        runs.append(run_build(f"edición de prosa ({prose_page})", src, env, jupyter_book))
        _append(src / package_file, PACKAGE_SUFFIX)
        runs.append(run_build(f"edición del paquete ({package_file})", src, env, jupyter_book))
    ok = ok and all(r.returncode == 0 for r in runs)

    goals = {"limpia": GOAL_CLEAN, "sin cambios": GOAL_UNCHANGED}
    rows = []
    for r in runs:
        goal = goals.get(r.case, GOAL_PROSE if r.case.startswith("edición de prosa") else None)
        pages = ", ".join(sorted(r.executed)) if r.executed and r.case != "limpia" else ""
        rows.append(
            [
                r.case,
                _num(r.seconds, 1),
                "sí" if r.returncode == 0 else f"NO (código {r.returncode})",
                str(len(r.executed)) + (f" ({pages})" if pages else ""),
                "—" if goal is None else f"≤ {_num(goal, 0)} s: {_verdict(r.seconds <= goal)}",
            ]
        )
    out = [
        f"copia construida en {src} (los archivos del repositorio no se tocan)",
        _table(rows, ["construcción", "segundos", "ok", "páginas ejecutadas", "meta"]),
    ]
    if not ok:
        failed = next(r for r in runs if r.returncode != 0)
        tail = "\n".join(failed.log.splitlines()[-40:])
        out.append(f"\nLa construcción «{failed.case}» falló; final del registro:\n{tail}")

    # per-page execution (jupyter-cache of the clean build; "fit" from the timer)
    fit = fit_seconds_per_page(fit_log, clean.started)
    rows = []
    for page in sorted(exec_times):
        s, f = exec_times[page], fit.get(page, 0.0)
        rows.append([page, _num(s, 1), _num(f, 1), f"{_num(100 * f / s, 0) if s else '0'} %"])
    total = sum(exec_times.values())
    total_fit = sum(fit.values())
    hw = sum(s for p, s in exec_times.items() if p == homework)
    lesson = total - hw
    rows.append(["total", _num(total, 1), _num(total_fit, 1), f"{_num(100 * total_fit / total, 0) if total else '0'} %"])
    out += [
        "",
        "Ejecución por página (construcción limpia; «fit» = tiempo dentro de keras.Model.fit)",
        _table(rows, ["página", "ejecución (s)", "fit (s)", "fit / ejecución"]),
        f"páginas de la clase (sin {homework}): {_num(lesson, 1)} s; meta ≤ {_num(GOAL_LESSON_PAGES, 0)} s: "
        f"{_verdict(lesson <= GOAL_LESSON_PAGES)}",
        f"{homework}: {_num(hw, 1)} s; meta ≤ {_num(GOAL_HOMEWORK, 0)} s: {_verdict(hw <= GOAL_HOMEWORK)}",
    ]
    if clean.seconds:
        share = total_fit / clean.seconds
        out.append(
            f"dentro de fit: {_num(100 * share, 1)} % de la construcción limpia "
            f"({_num(total_fit, 1)} de {_num(clean.seconds, 1)} s); meta ≥ {_num(100 * GOAL_FIT_SHARE, 0)} %: "
            f"{_verdict(share >= GOAL_FIT_SHARE)}"
        )
    return "\n".join(out), ok


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def header(root: Path) -> str:
    from clase102.environment import machine_info

    info = machine_info()
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "desconocido"
    load = " / ".join(_num(v, 2) for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return "\n".join(
        [
            f"== make bench · {time.strftime('%Y-%m-%d %H:%M')} · commit {commit}",
            f"máquina: {platform.node()} · {info['processor']} · {info['cpus']} CPU · "
            f"Python {info['python']} · Keras {info['keras']} · TensorFlow {info['tensorflow']} "
            f"({info['backend']}, {info['gpus']} GPU)",
            f"carga al empezar (1, 5, 15 min): {load}",
        ]
    )


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m clase102.bench", description=__doc__.splitlines()[0])
    p.add_argument("--only", choices=["all", "build", "train"], default="all")
    p.add_argument("--root", type=Path, default=Path.cwd(), help="raíz del libro (donde está _config.yml)")
    p.add_argument("--workdir", type=Path, default=None, help="carpeta de trabajo (por defecto ROOT/_build/bench)")
    p.add_argument("--prose-page", default="book/construir.md")
    p.add_argument("--package-file", default="code/clase102/saving.py")
    p.add_argument("--homework", default="book/homework")
    p.add_argument("--code-dir", default="code", help="carpeta del paquete (va al PYTHONPATH de la copia)")
    p.add_argument("--samples", type=int, default=12000)
    p.add_argument("--widths", default="256,128")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--synthetic", action="store_true", help="datos aleatorios en lugar de Fashion-MNIST (para pruebas)")
    return p


def _training_data(samples: int, synthetic: bool):
    import numpy as np

    if synthetic:
        rng = np.random.default_rng(0)
        return rng.random((samples, 784), dtype=np.float32), np.arange(samples) % 10
    from clase102 import data

    (x, y), _ = data.load_fashion_mnist()
    return data.prepare_images(x[:samples]), y[:samples]


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    samples = check_positive_int(args.samples, "samples")
    widths = check_widths(int(w) for w in args.widths.split(","))
    # a SIGTERM (e.g. from make) unwinds like Ctrl-C, so nothing is left half-done
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(header(root), flush=True)
    ok = True
    if args.only in ("all", "build"):
        if not (root / "_config.yml").is_file():
            print(f"ERROR: {root} no tiene _config.yml; corré desde la raíz del libro o usá --root.")
            return 2
        jb = str(Path(sys.executable).parent / "jupyter-book")
        workdir = (args.workdir or root / "_build" / "bench").resolve()
        print("\n-- Construcción del libro (jupyter-book build -W -n --keep-going)", flush=True)
        text, built = build_report(
            root,
            workdir=workdir,
            prose_page=args.prose_page,
            package_file=args.package_file,
            homework=args.homework,
            jupyter_book=jb,
            code_dir=args.code_dir,
        )
        print(text, flush=True)
        ok = ok and built
    if args.only in ("all", "train"):
        print("\n-- Entrenamiento: clase102.training.train frente a model.fit (mismo modelo y datos)", flush=True)
        x, y = _training_data(samples, args.synthetic)
        comp = compare_training(
            x, y, widths=widths, epochs=args.epochs, batch_size=args.batch_size, repeats=args.repeats
        )
        print(training_report(comp, widths=widths, batch_size=args.batch_size), flush=True)
    # goals are reported above (CUMPLE / NO CUMPLE); only a failed build is an error
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
