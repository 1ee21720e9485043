"""The batch axis: one sample versus a batch, and what Keras says when it is missing."""

from __future__ import annotations

import re

import numpy as np

from clase102.validation import check_positive_int

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LONG_BRACKETS = re.compile(r"\[[^\[\]]{120,}\]")


def ensure_batch(x, n_features: int = 784) -> np.ndarray:
    """Return ``x`` as a batch ``(n, n_features)``: one sample gets the batch axis added.

    A vector of ``n_features`` values becomes ``(1, n_features)`` (the same as
    ``x[None]``); a batch is returned unchanged. Any other shape raises a
    ``ValueError`` in Spanish that says what to do.
    """
    n_features = check_positive_int(n_features, "n_features")
    arr = np.asarray(x)
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"Se esperaban números; recibí datos de tipo {arr.dtype}.")
    if arr.ndim == 1 and arr.shape[0] == n_features:
        return arr[None, :]
    if arr.ndim == 2 and arr.shape[1] == n_features:
        return arr
    if arr.size == n_features:
        raise ValueError(
            f"Forma {arr.shape}: parece una sola muestra sin aplanar. "
            f"Usá x.reshape(1, {n_features}) para tener un lote de una muestra."
        )
    if arr.ndim >= 2 and arr.shape[0] * n_features == arr.size:
        raise ValueError(
            f"Forma {arr.shape}: parece un lote de {arr.shape[0]} muestras sin aplanar. "
            f"Usá x.reshape(len(x), {n_features})."
        )
    raise ValueError(
        f"Se esperaba una muestra de {n_features} valores o un lote (n, {n_features}); "
        f"recibí forma {arr.shape}."
    )


def error_text(exc: BaseException) -> str:
    """A Keras exception as one readable paragraph: ``"Tipo: mensaje"``.

    Drops the ANSI bold codes, the "Exception encountered when calling…"
    header, the "Arguments received by…" footer, and abbreviates long
    printed arrays to ``[…]``.
    """
    if not isinstance(exc, BaseException):
        raise TypeError(f"Se esperaba una excepción; recibí {type(exc).__name__}.")
    text = _ANSI.sub("", str(exc))
    text = text.split("\n\nArguments received by")[0]
    text = re.sub(r"^Exception encountered when calling [^\n]*\n+", "", text)
    text = _LONG_BRACKETS.sub("[…]", text)
    text = " ".join(text.split())
    return f"{type(exc).__name__}: {text}"


def predict_error(model, x, **kwargs) -> str | None:
    """What ``model.predict(x, **kwargs)`` raises, as ``error_text``; ``None`` if it works."""
    kwargs.setdefault("verbose", 0)
    try:
        model.predict(x, **kwargs)
    except Exception as exc:  # the point is to show whatever Keras raises
        return error_text(exc)
    return None
