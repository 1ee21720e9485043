"""The input checks shared by the modules a page calls, with Spanish messages."""

from __future__ import annotations

import numbers

import numpy as np


def check_positive_int(value, name: str) -> int:
    """Return ``value`` as ``int`` if it is a positive integer, else raise.

    ``bool`` is rejected on purpose: ``True`` is an ``int`` for Python but
    never a number of rows or of samples.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"«{name}» debe ser un entero positivo; recibí {value!r} "
            f"(de tipo {type(value).__name__})."
        )
    if value <= 0:
        raise ValueError(f"«{name}» debe ser un entero positivo (≥ 1); recibí {value}.")
    return int(value)


def check_labels(y, n_classes: int = 10, n: int | None = None, name: str = "y") -> np.ndarray:
    """Check integer class labels in ``0..n_classes - 1`` (``n`` of them, one per sample, if given)."""
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"Las etiquetas «{name}» deben ser un vector; recibí forma {y.shape}.")
    if n is not None and len(y) != n:
        raise ValueError(
            f"Hay {n} muestras y {len(y)} etiquetas en «{name}»: tiene que haber la misma cantidad."
        )
    if y.size and not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"Las etiquetas «{name}» deben ser enteros; recibí dtype {y.dtype}.")
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"Hay etiquetas en «{name}» fuera de 0..{n_classes - 1}.")
    return y
