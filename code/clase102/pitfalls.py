"""Tools to show the lesson's common errors as a reader would meet them.

Keras reports problems in three different ways: exceptions, Python warnings
and log records (``absl`` logging). These helpers turn each of them into
plain text a page can print, without TensorFlow's internal noise.
"""

from __future__ import annotations

import logging
import re
import warnings

import keras
import numpy as np
import pandas as pd

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _check_model(model) -> None:
    if not isinstance(model, keras.Model):
        raise TypeError(f"Se esperaba un modelo de Keras; recibí {type(model).__name__}.")


def _check_callable(func) -> None:
    if not callable(func):
        raise TypeError(f"Se esperaba una función; recibí {type(func).__name__}.")


def summary_text(model) -> str:
    """What ``model.summary()`` prints, as one string (works for unbuilt models too)."""
    _check_model(model)
    lines: list[str] = []
    model.summary(print_fn=lambda line, line_break=False: lines.append(line))
    return "\n".join(lines)


class _ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(f"{record.levelname}: {record.getMessage().strip()}")


def capture_logs(func, *args, logger_name: str = "absl", level: int = logging.WARNING, **kwargs):
    """Run ``func`` and return ``(result, messages)``: the log records it emitted.

    Keras writes some notices (e.g. the ``.h5`` "legacy" notice) through
    ``absl`` logging, not ``warnings``. The logger is lowered to ``level`` only
    while ``func`` runs, and records are collected instead of being printed,
    each as ``"WARNING: text"``. The logger's level and propagation are
    restored afterwards, even if ``func`` raises.
    """
    _check_callable(func)
    if not isinstance(logger_name, str) or not logger_name:
        raise TypeError("«logger_name» debe ser el nombre (texto) de un logger.")
    if isinstance(level, bool) or not isinstance(level, int):
        raise TypeError(f"«level» debe ser un nivel de logging (entero); recibí {level!r}.")
    logger = logging.getLogger(logger_name)
    handler = _ListHandler()
    old_level, old_propagate = logger.level, logger.propagate
    logger.setLevel(level)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        result = func(*args, **kwargs)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    return result, handler.messages


def capture_notices(func, *args, **kwargs):
    """Run ``func`` and return ``(result, notices)``: its ``absl`` log records and Python warnings.

    Everything Keras says without raising, as text: ``"WARNING: …"`` for log
    records (see ``capture_logs``) and ``"UserWarning: …"`` for warnings.
    ``DeprecationWarning`` is left out, as Python does by default outside
    ``__main__`` (h5py triggers NumPy ones that no reader came to see).
    """
    _check_callable(func)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        result, logs = capture_logs(func, *args, **kwargs)
    return result, logs + [f"{w.category.__name__}: {str(w.message).strip()}" for w in caught]


def _key_line(message: str) -> str:
    """The line of an error message that says what went wrong."""
    message = _ANSI.sub("", message)
    lines = [line.strip() for line in message.splitlines()]
    if "Graph execution error" in message:
        # TensorFlow: a long "defined at" trace, then the reason, then "[[{{node ...}}]]".
        reasons = [
            line
            for line in lines
            if line
            and not line.startswith(("File ", "Graph execution error", "Detected at node", "[["))
        ]
        if reasons:
            return reasons[-1]
    for line in lines:
        if line and not line.startswith("Exception encountered when calling"):
            return line
    return ""


def describe_error(exc: BaseException, max_chars: int = 200) -> str:
    """``"TypeName: key line"`` for an exception, cut to ``max_chars`` characters.

    TensorFlow's graph errors carry dozens of lines of internal trace before the
    reason; this keeps only the reason (e.g. ``Received a label value of 9…``).
    """
    if not isinstance(exc, BaseException):
        raise TypeError(f"Se esperaba una excepción; recibí {type(exc).__name__}.")
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 10:
        raise ValueError(f"«max_chars» debe ser un entero ≥ 10; recibí {max_chars!r}.")
    line = _key_line(str(exc))
    if len(line) > max_chars:
        line = line[: max_chars - 1].rstrip() + "…"
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__


def catch_error(func, *args, **kwargs) -> str | None:
    """Run ``func``; return ``describe_error`` of what it raised, or ``None`` if it did not raise."""
    _check_callable(func)
    try:
        func(*args, **kwargs)
    except Exception as exc:  # the point is to show any error as text
        return describe_error(exc)
    return None


def snapshot_weights(model) -> dict[str, list[np.ndarray]]:
    """A copy of every layer's weights, by layer name (to compare after ``fit``)."""
    _check_model(model)
    return {layer.name: [np.array(w) for w in layer.get_weights()] for layer in model.layers}


def weight_changes(model, snapshot) -> pd.DataFrame:
    """Per layer: output shape, parameters and the largest absolute change since ``snapshot``.

    A change of exactly 0 means ``fit`` never updated that layer. Layers that
    were not in the snapshot (or whose weights changed shape) get ``NaN``.
    """
    _check_model(model)
    if not isinstance(snapshot, dict):
        raise TypeError("«snapshot» debe ser lo que devuelve snapshot_weights(modelo).")
    rows = []
    for layer in model.layers:
        now = layer.get_weights()
        before = snapshot.get(layer.name)
        if before is None or [a.shape for a in before] != [a.shape for a in now]:
            change = float("nan")
        else:
            diffs = [float(np.max(np.abs(a - b))) for a, b in zip(now, before) if a.size]
            change = max(diffs) if diffs else 0.0
        rows.append(
            {
                "Capa": layer.name,
                "Forma de salida": tuple(layer.output.shape),
                "Parámetros": int(sum(int(w.size) for w in now)),
                "Máximo cambio": change,
            }
        )
    return pd.DataFrame(rows)
