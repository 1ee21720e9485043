"""Input checks with Spanish messages, run before Keras is reached."""

from __future__ import annotations

import numbers

import numpy as np
from collections.abc import Iterable, Sequence


def check_positive_int(value, name: str) -> int:
    """Return ``value`` as ``int`` if it is a positive integer, else raise.

    ``bool`` is rejected on purpose: ``True`` is an ``int`` for Python but
    never a layer width or a number of epochs.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"«{name}» debe ser un entero positivo; recibí {value!r} "
            f"(de tipo {type(value).__name__})."
        )
    if value <= 0:
        raise ValueError(f"«{name}» debe ser un entero positivo (≥ 1); recibí {value}.")
    return int(value)


def check_widths(widths, *, allow_empty: bool = False) -> tuple[int, ...]:
    """Validate a list of hidden-layer widths and return it as a tuple of ints."""
    if isinstance(widths, (str, bytes)) or not isinstance(widths, Iterable):
        raise TypeError(
            "Las capas ocultas se dan como una lista de anchos enteros, "
            f"por ejemplo [128, 64]; recibí {widths!r}."
        )
    widths = tuple(widths)
    if not widths and not allow_empty:
        raise ValueError(
            "La arquitectura está vacía: indicá al menos una capa oculta, por ejemplo [64]."
        )
    return tuple(
        check_positive_int(w, f"ancho de la capa {i + 1}") for i, w in enumerate(widths)
    )


def check_choice(value, choices: Sequence[str], name: str) -> str:
    """Check that ``value`` is one of ``choices``."""
    if value not in choices:
        opciones = ", ".join(repr(c) for c in choices)
        raise ValueError(f"«{name}» desconocido: {value!r}. Las opciones son: {opciones}.")
    return value


def check_fraction(value, name: str, *, allow_zero: bool = True) -> float:
    """Check a number in [0, 1) (or (0, 1) when ``allow_zero`` is false)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"«{name}» debe ser un número entre 0 y 1; recibí {value!r}.")
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value < 1):
        raise ValueError(f"«{name}» debe estar entre 0 y 1 (sin incluir 1); recibí {value}.")
    return float(value)


def check_xy(x, y, what: str, *, flat: bool = True):
    """Check a data set's features and integer labels; return both as arrays.

    ``flat`` asks for a matrix ``(samples, features)`` (images already passed
    through ``clase102.data.prepare_images``). ``what`` names the set in the
    message (``"entrenamiento"``, ``"prueba"``…).
    """
    x, y = np.asarray(x), np.asarray(y)
    if flat and x.ndim != 2:
        raise ValueError(
            f"Las imágenes de {what} deben venir aplanadas, como una matriz (muestras, atributos); "
            f"recibí forma {x.shape}. Usá clase102.data.prepare_images."
        )
    if y.ndim != 1:
        raise ValueError(
            f"Las etiquetas de {what} deben ser un vector, una etiqueta por muestra; "
            f"recibí forma {y.shape}."
        )
    if len(x) != len(y):
        raise ValueError(
            f"x e y de {what} deben tener la misma cantidad de muestras (una etiqueta por "
            f"muestra); recibí {len(x)} y {len(y)}."
        )
    if len(y) == 0:
        raise ValueError(f"Datos de {what}: no hay muestras (el conjunto está vacío).")
    return x, y
