"""Counting parameters: by hand and from a built model."""

from __future__ import annotations

import keras
import pandas as pd

from clase102.validation import check_positive_int, check_widths

COLUMNS = ["Capa", "Tipo", "Forma de salida", "Parámetros", "Entrenables", "No entrenables"]


def dense_params(n_in: int, n_out: int) -> int:
    """Parameters of a ``Dense(n_out)`` on ``n_in`` inputs: ``n_in * n_out + n_out``."""
    n_in = check_positive_int(n_in, "n_in")
    n_out = check_positive_int(n_out, "n_out")
    return n_in * n_out + n_out


def mlp_params(widths, n_inputs: int = 784, n_classes: int | None = 10) -> list[int]:
    """Per-layer parameter counts of an MLP, by hand.

    ``widths`` are the hidden layers; the ``n_classes`` head is appended
    unless it is ``None`` (then ``widths`` already lists every layer).
    """
    widths = check_widths(widths)
    sizes = [check_positive_int(n_inputs, "n_inputs"), *widths]
    if n_classes is not None:
        sizes.append(check_positive_int(n_classes, "n_classes"))
    return [dense_params(a, b) for a, b in zip(sizes[:-1], sizes[1:])]


def _check_built(model) -> None:
    if not isinstance(model, keras.Model):
        raise TypeError(f"Se esperaba un modelo de Keras; recibí {type(model).__name__}.")
    if not model.built:
        raise ValueError(
            "El modelo todavía no está construido: definí la entrada con keras.Input(...) "
            "o llamalo una vez con datos antes de contar parámetros."
        )


def _count(weights) -> int:
    return int(sum(int(w.numpy().size) for w in weights))


def param_table(model) -> pd.DataFrame:
    """One row per layer: name, type, output shape and parameters (total, trainable, not).

    The column ``Parámetros`` sums to ``model.count_params()``.
    """
    _check_built(model)
    rows = []
    for layer in model.layers:
        rows.append(
            {
                "Capa": layer.name,
                "Tipo": type(layer).__name__,
                "Forma de salida": tuple(layer.output.shape),
                "Parámetros": _count(layer.weights),
                "Entrenables": _count(layer.trainable_weights),
                "No entrenables": _count(layer.non_trainable_weights),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def param_totals(model) -> dict[str, int]:
    """Totals as ``summary()`` reports them: total, trainable, non-trainable."""
    _check_built(model)
    return {
        "total": int(model.count_params()),
        "trainable": _count(model.trainable_weights),
        "non_trainable": _count(model.non_trainable_weights),
    }


def compare_architectures(model_a, model_b) -> pd.DataFrame:
    """Side-by-side layer types, output shapes and parameters of two models.

    The column ``Iguales`` is true where type, shape and count all match.
    """
    a, b = param_table(model_a), param_table(model_b)
    n = max(len(a), len(b))
    rows = []
    for i in range(n):
        ra = a.iloc[i] if i < len(a) else None
        rb = b.iloc[i] if i < len(b) else None
        key = ("Tipo", "Forma de salida", "Parámetros")
        same = ra is not None and rb is not None and all(ra[k] == rb[k] for k in key)
        rows.append(
            {
                "Tipo A": None if ra is None else ra["Tipo"],
                "Tipo B": None if rb is None else rb["Tipo"],
                "Forma A": None if ra is None else ra["Forma de salida"],
                "Forma B": None if rb is None else rb["Forma de salida"],
                "Parámetros A": None if ra is None else int(ra["Parámetros"]),
                "Parámetros B": None if rb is None else int(rb["Parámetros"]),
                "Iguales": bool(same),
            }
        )
    return pd.DataFrame(rows)


def same_architecture(model_a, model_b) -> bool:
    """True when both models have the same layer types, output shapes and counts."""
    return bool(compare_architectures(model_a, model_b)["Iguales"].all())
