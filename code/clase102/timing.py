"""Honest timing: alternating repetitions, median and spread, and what they allow to say."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from clase102.formatting import fmt_dec, fmt_int, fmt_pct
from clase102.validation import check_callable, check_int, check_table

TIMING_COLUMNS = ["Variante", "Repetición", "Segundos"]
SUMMARY_COLUMNS = ["Variante", "Mediana (s)", "Mínimo (s)", "Máximo (s)", "Dispersión (%)", "Repeticiones"]


def time_alternating(funcs, *, repeats: int = 7, warmup: int = 1) -> pd.DataFrame:
    """Time each callable ``repeats`` times, alternating them, after ``warmup`` untimed calls.

    Rounds alternate the order (A B, then B A, …) so that a slow drift of the
    machine (other processes, CPU frequency) does not favour one variant.
    Returns one row per measurement: ``Variante``, ``Repetición``, ``Segundos``.
    """
    repeats = check_int(repeats, "repeats")
    warmup = check_int(warmup, "warmup", minimum=0)
    if not isinstance(funcs, dict) or not funcs:
        raise TypeError(
            "«funcs» debe ser un diccionario no vacío {nombre: función}; "
            f"recibí {type(funcs).__name__}{' vacío' if isinstance(funcs, dict) else ''}."
        )
    for name, func in funcs.items():
        check_callable(func, f"funcs[{name!r}]")
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
    check_table(timings, TIMING_COLUMNS, "timings")
    seconds = pd.to_numeric(timings["Segundos"], errors="coerce").to_numpy(dtype=float)
    if not len(seconds) or not np.isfinite(seconds).all() or (seconds < 0).any():
        raise ValueError("«timings» debe tener al menos una medición, y sus «Segundos», números finitos ≥ 0.")
    rows = []
    for name in dict.fromkeys(timings["Variante"]):
        s = timings.loc[timings["Variante"] == name, "Segundos"].to_numpy(dtype=float)
        median, low, high = float(np.median(s)), float(s.min()), float(s.max())
        rows.append([name, median, low, high, 100.0 * (high - low) / median if median > 0 else 0.0, len(s)])
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def display_table(table: pd.DataFrame, index: str | None = None) -> pd.DataFrame:
    """A copy of a timing table with Spanish-formatted text cells, for readers.

    Columns ending in ``(s)`` get 3 decimals (``0,215``), ``(%)`` none, columns
    starting with ``Exactitud`` become percentages (``85,4 %``) and other
    integer columns get a thousands dot (``1.000``). ``index`` optionally names
    the column to use as index (it is left unformatted).
    """
    check_table(table, [] if index is None else [index], "table")
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


def dense_training_flops(model, n_samples: int) -> int:
    """Floating-point operations of one epoch of ``fit`` over ``n_samples``, counting Dense kernels.

    Each kernel weight costs one multiply-add (2 FLOP) in the forward pass and
    two in the backward pass (gradient of the input and of the weight): 6 FLOP
    per weight and sample. Biases, activations and the optimizer are left out
    (they are a small fraction for an MLP).
    """
    import keras

    n_samples = check_int(n_samples, "n_samples")
    if not isinstance(model, keras.Model):
        raise TypeError(f"Se esperaba un modelo de Keras en «model»; recibí {type(model).__name__}.")
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    weights = sum(int(np.prod(layer.kernel.shape)) for layer in dense if layer.built)
    if weights == 0 or not all(layer.built for layer in dense):
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
    check_table(summary, SUMMARY_COLUMNS, "summary")
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
