"""The input checks shared by the modules a page calls, with Spanish messages."""

from __future__ import annotations

import math
import numbers
import os

import numpy as np


def check_int(value, name: str, minimum: int = 1) -> int:
    """Return ``value`` as ``int`` if it is an integer ``≥ minimum``, else raise.

    ``bool`` is rejected on purpose: ``True`` is an ``int`` for Python but
    never a number of rows or of samples.
    """
    what = "un entero positivo" if minimum == 1 else f"un entero ≥ {minimum}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"«{name}» debe ser {what}; recibí {value!r} (de tipo {type(value).__name__})."
        )
    if value < minimum:
        raise ValueError(f"«{name}» debe ser {what} (≥ {minimum}); recibí {value}.")
    return int(value)


def check_number(value, name: str = "el valor", low=None, high=None) -> float:
    """A finite real number (not ``bool``), optionally within ``[low, high]``; as ``float``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"Se esperaba un número en «{name}»; recibí {value!r} (de tipo {type(value).__name__}).")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"«{name}» debe ser un número finito; recibí {value} (¿un NaN o infinito de un cálculo?).")
    if (low is not None and value < low) or (high is not None and value > high):
        where = f"entre {low} y {high}" if high is not None and low is not None else (
            f"≥ {low}" if low is not None else f"≤ {high}")
        raise ValueError(f"«{name}» debe estar {where}; recibí {value}.")
    return value


def check_callable(func, name: str = "func"):
    """A function (or anything callable), else a Spanish ``TypeError``."""
    if not callable(func):
        raise TypeError(f"Se esperaba una función en «{name}»; recibí {type(func).__name__}.")
    return func


def check_path(path, name: str = "path"):
    """A path given as text or ``Path`` (an ``int`` would open a file descriptor)."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"«{name}» debe ser una ruta (texto o Path); recibí {type(path).__name__}.")
    return path


def check_images(x, name: str = "x", min_ndim: int = 2) -> np.ndarray:
    """A non-empty batch of numeric images (NumPy array) without NaN or infinite values.

    ``min_ndim=1`` accepts any array of samples (one per row), not only images.
    """
    x = np.asarray(x)
    if x.ndim < min_ndim:
        what = "un lote de imágenes (n, alto, ancho)" if min_ndim > 1 else "un arreglo de muestras"
        raise ValueError(f"Se esperaba {what} en «{name}»; recibí forma {x.shape}.")
    if x.dtype.kind not in "uif":
        raise TypeError(f"Las imágenes de «{name}» deben ser números; recibí dtype {x.dtype}.")
    if len(x) == 0 or x.size == 0:
        raise ValueError(f"No hay imágenes en «{name}» (forma {x.shape}).")
    if x.dtype.kind == "f" and not np.isfinite(x).all():
        raise ValueError(f"Hay valores NaN o infinitos en las imágenes de «{name}».")
    return x


def check_labels(y, n_classes: int = 10, n: int | None = None, name: str = "y") -> np.ndarray:
    """Check integer class labels in ``0..n_classes - 1`` (``n`` of them, one per sample, if given)."""
    y = np.asarray(y)
    if y.ndim != 1:
        hint = " (¿etiquetas one-hot? pasá los enteros, p. ej. con argmax)" if y.ndim == 2 else ""
        raise ValueError(f"Las etiquetas «{name}» deben ser un vector; recibí forma {y.shape}{hint}.")
    if y.size == 0:
        raise ValueError(f"No hay etiquetas en «{name}»: el vector está vacío.")
    if n is not None and len(y) != n:
        raise ValueError(
            f"Hay {n} muestras y {len(y)} etiquetas en «{name}»: tiene que haber la misma cantidad."
        )
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(
            f"Las etiquetas «{name}» deben ser enteros; recibí dtype {y.dtype} "
            "(no las redondeo: un 2,7 no es ninguna clase)."
        )
    if y.min() < 0 or y.max() >= n_classes:
        raise ValueError(
            f"Hay etiquetas en «{name}» fuera de 0..{n_classes - 1} "
            f"(mínimo {y.min()}, máximo {y.max()})."
        )
    return y


def check_table(table, columns, name: str = "la tabla"):
    """A pandas DataFrame holding ``columns``."""
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"Se esperaba una tabla de pandas (DataFrame) en «{name}»; recibí {type(table).__name__}.")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"A «{name}» le faltan las columnas {', '.join(map(repr, missing))}.")
    return table
