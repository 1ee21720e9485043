"""Honest timing: alternating repetitions, median and spread; batch-size comparisons."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import keras
import numpy as np
import pandas as pd

from clase102.validation import check_positive_int, check_xy

TIMING_COLUMNS = ["Variante", "Repetición", "Segundos"]
SUMMARY_COLUMNS = ["Variante", "Mediana (s)", "Mínimo (s)", "Máximo (s)", "Dispersión (%)", "Repeticiones"]
BATCH_COLUMNS = [
    "batch_size",
    "Actualizaciones por época",
    "1.ª época (s)",
    "Época siguiente (s)",
    "Exactitud de entrenamiento",
    "Exactitud de evaluación",
]


def _check_funcs(funcs) -> dict[str, Callable[[], object]]:
    if not isinstance(funcs, Mapping) or not funcs:
        raise TypeError(
            "Se esperaba un diccionario no vacío {nombre: función}, "
            f"por ejemplo {{'Sequential': f}}; recibí {type(funcs).__name__}."
        )
    for name, func in funcs.items():
        if not isinstance(name, str):
            raise TypeError(f"Los nombres de las variantes deben ser texto; recibí {name!r}.")
        if not callable(func):
            raise TypeError(f"«{name}» no es una función (es {type(func).__name__}).")
    return dict(funcs)


def time_alternating(funcs, *, repeats: int = 7, warmup: int = 1) -> pd.DataFrame:
    """Time each callable ``repeats`` times, alternating them, after ``warmup`` untimed calls.

    Rounds alternate the order (A B, then B A, …) so that a slow drift of the
    machine (other processes, CPU frequency) does not favour one variant.
    Returns one row per measurement: ``Variante``, ``Repetición``, ``Segundos``.
    """
    funcs = _check_funcs(funcs)
    repeats = check_positive_int(repeats, "repeats")
    if isinstance(warmup, bool) or not isinstance(warmup, int) or warmup < 0:
        raise ValueError(f"«warmup» debe ser un entero ≥ 0; recibí {warmup!r}.")
    names = list(funcs)
    for _ in range(warmup):
        for name in names:
            funcs[name]()
    rows = []
    for rep in range(repeats):
        order = names if rep % 2 == 0 else names[::-1]
        for name in order:
            start = time.perf_counter()
            funcs[name]()
            rows.append({"Variante": name, "Repetición": rep + 1, "Segundos": time.perf_counter() - start})
    return pd.DataFrame(rows, columns=TIMING_COLUMNS)


def summarize_timings(timings: pd.DataFrame) -> pd.DataFrame:
    """Median, minimum, maximum and spread per variant (in the order they first appear).

    ``Dispersión (%)`` is ``(max - min) / median``: how far apart the fastest
    and slowest repetition were, relative to the typical one.
    """
    if not isinstance(timings, pd.DataFrame) or not set(TIMING_COLUMNS) <= set(timings.columns):
        raise TypeError("Se esperaba la tabla que devuelve time_alternating().")
    if timings.empty:
        raise ValueError("La tabla de tiempos está vacía.")
    rows = []
    for name in dict.fromkeys(timings["Variante"]):
        s = timings.loc[timings["Variante"] == name, "Segundos"].to_numpy(dtype=float)
        median = float(np.median(s))
        rows.append(
            {
                "Variante": name,
                "Mediana (s)": median,
                "Mínimo (s)": float(s.min()),
                "Máximo (s)": float(s.max()),
                "Dispersión (%)": 100.0 * float(s.max() - s.min()) / median if median > 0 else 0.0,
                "Repeticiones": int(len(s)),
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def display_table(table: pd.DataFrame, index: str | None = None) -> pd.DataFrame:
    """A copy of a timing or batch-size table with Spanish-formatted text cells, for readers.

    Columns ending in ``(s)`` get 3 decimals (``0,215``), ``(%)`` none, columns
    starting with ``Exactitud`` become percentages (``85,4 %``) and other
    integer columns get a thousands dot (``1.000``). ``index`` optionally names
    the column to use as index (it is left unformatted).
    """
    from clase102.formatting import fmt_dec, fmt_int, fmt_pct

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"Se esperaba una tabla de pandas; recibí {type(table).__name__}.")
    if index is not None and index not in table.columns:
        raise ValueError(f"La tabla no tiene la columna «{index}».")
    view = table.copy()
    for column in view.columns:
        if column == index:
            continue
        values = view[column]
        if column.endswith("(s)"):
            view[column] = values.map(lambda v: fmt_dec(float(v), 3))
        elif column.endswith("(%)"):
            view[column] = values.map(lambda v: fmt_dec(float(v), 0))
        elif column.startswith("Exactitud"):
            view[column] = values.map(lambda v: fmt_pct(float(v)))
        elif pd.api.types.is_integer_dtype(values):
            view[column] = values.map(lambda v: fmt_int(int(v)))
    return view.set_index(index) if index is not None else view


class EpochTimer(keras.callbacks.Callback):
    """Records the wall time of each epoch in ``self.seconds``."""

    def __init__(self):
        super().__init__()
        self.seconds: list[float] = []
        self._start = 0.0

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._start)


def compare_batch_sizes(
    x_train,
    y_train,
    x_eval,
    y_eval,
    batch_sizes,
    *,
    widths=(128,),
    n_classes: int = 10,
    epochs: int = 3,
    seed: int = 0,
) -> pd.DataFrame:
    """Train the same MLP once per batch size and tabulate time per epoch and accuracy.

    Each run starts from the same seed (same initial weights, same shuffling
    seed). The first epoch includes building and tracing the training
    function, so it is reported apart; ``Época siguiente (s)`` is the median
    of the remaining epochs (equal to the first when ``epochs == 1``).
    Accuracy is measured with ``evaluate`` on ``(x_eval, y_eval)``.
    """
    # imported here: models/training import keras, and this module stays light to import
    from clase102.models import build_sequential, compile_classifier
    from clase102.training import set_seed, updates_per_epoch

    x_train, y_train = check_xy(x_train, y_train, "entrenamiento")
    x_eval, y_eval = check_xy(x_eval, y_eval, "evaluación")
    if x_eval.shape[1] != x_train.shape[1]:
        raise ValueError(
            f"Los datos de evaluación tienen {x_eval.shape[1]} atributos y los de "
            f"entrenamiento {x_train.shape[1]}."
        )
    if isinstance(batch_sizes, (str, bytes, int)) or not batch_sizes:
        raise TypeError("«batch_sizes» debe ser una lista de enteros, por ejemplo [16, 32, 128].")
    sizes = [check_positive_int(b, "batch_size") for b in batch_sizes]
    epochs = check_positive_int(epochs, "epochs")
    n_classes = check_positive_int(n_classes, "n_classes")
    rows = []
    for batch_size in sizes:
        set_seed(seed)
        model = compile_classifier(
            build_sequential(widths, n_inputs=x_train.shape[1], n_classes=n_classes)
        )
        timer = EpochTimer()
        history = model.fit(
            x_train, y_train, epochs=epochs, batch_size=batch_size, verbose=0, callbacks=[timer]
        )
        _, eval_acc = model.evaluate(x_eval, y_eval, batch_size=1024, verbose=0)
        later = timer.seconds[1:] or timer.seconds
        rows.append(
            {
                "batch_size": batch_size,
                "Actualizaciones por época": updates_per_epoch(len(x_train), batch_size),
                "1.ª época (s)": float(timer.seconds[0]),
                "Época siguiente (s)": float(np.median(later)),
                "Exactitud de entrenamiento": float(history.history["accuracy"][-1]),
                "Exactitud de evaluación": float(eval_acc),
            }
        )
    return pd.DataFrame(rows, columns=BATCH_COLUMNS)


# --- the speed FAQ: the machine, the arithmetic, and what the spreads allow to say ---

CPUINFO = "/proc/cpuinfo"


def cpu_info(path=CPUINFO) -> dict:
    """CPU model name, logical cores and clock (MHz) as Linux reports them.

    ``model`` falls back to ``platform.processor()`` (or ``"desconocido"``) and
    ``mhz`` to ``None`` where ``path`` cannot be read (another OS).
    """
    import os
    import platform

    model, mhz = None, None
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if key == "model name" and model is None:
                    model = value
                elif key == "cpu MHz" and mhz is None:
                    mhz = float(value)
    except (OSError, ValueError):
        pass
    return {
        "model": model or platform.processor() or "desconocido",
        "cores": os.cpu_count() or 1,
        "mhz": mhz,
    }


def machine_description(path=CPUINFO) -> str:
    """One Spanish line for a timing: CPU model, cores, GPUs and versions."""
    import tensorflow as tf

    info = cpu_info(path)
    gpus = len(tf.config.list_physical_devices("GPU"))
    return (
        f"{info['model']}, {info['cores']} núcleos, "
        f"{'sin GPU' if gpus == 0 else f'{gpus} GPU'}; TensorFlow {tf.__version__}, Keras {keras.__version__}"
    )


def dense_training_flops(model, n_samples: int) -> int:
    """Floating-point operations of one epoch of ``fit`` over ``n_samples``, counting Dense kernels.

    Each kernel weight costs one multiply-add (2 FLOP) in the forward pass and
    two in the backward pass (gradient of the input and of the weight): 6 FLOP
    per weight and sample. Biases, activations and the optimizer are left out
    (they are a small fraction for an MLP).
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"Se esperaba un modelo de Keras; recibí {type(model).__name__}.")
    n_samples = check_positive_int(n_samples, "n_samples")
    weights = sum(
        int(np.prod(layer.kernel.shape))
        for layer in model.layers
        if isinstance(layer, keras.layers.Dense)
    )
    if weights == 0:
        raise ValueError("El modelo no tiene capas Dense construidas (¿falta keras.Input?).")
    return 6 * weights * n_samples


def compare_variants(summary: pd.DataFrame, baseline: str, candidate: str) -> dict:
    """What two variants' repetitions allow to say, from ``summarize_timings``' table.

    ``ratio`` is baseline median / candidate median (> 1: the candidate is
    faster). ``verdict`` is ``"más rápido"`` when every repetition of the
    candidate beat every repetition of the baseline (the ranges do not
    overlap), ``"más lento"`` in the opposite case, and ``"no concluyente"``
    when the ranges overlap.
    """
    if not isinstance(summary, pd.DataFrame) or not set(SUMMARY_COLUMNS) <= set(summary.columns):
        raise TypeError("Se esperaba la tabla que devuelve summarize_timings().")
    rows = summary.set_index("Variante")
    for name in (baseline, candidate):
        if name not in rows.index:
            raise ValueError(f"La tabla no tiene la variante «{name}»; tiene: {', '.join(rows.index)}.")
    base, cand = rows.loc[baseline], rows.loc[candidate]
    if cand["Máximo (s)"] < base["Mínimo (s)"]:
        verdict = "más rápido"
    elif cand["Mínimo (s)"] > base["Máximo (s)"]:
        verdict = "más lento"
    else:
        verdict = "no concluyente"
    return {"ratio": float(base["Mediana (s)"] / cand["Mediana (s)"]), "verdict": verdict}
