"""What Keras says, as text a page can show: errors, warnings, log notices and live output.

Keras reports problems in three ways: exceptions, Python warnings and log
records (``absl`` logging). Each helper here runs a function and turns what it
said into plain Spanish-labelled text, without TensorFlow's internal noise.
"""

from __future__ import annotations

import logging
import re
import sys
import warnings
from logging.handlers import BufferingHandler

from clase102.validation import check_callable

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# lines of a Keras/TensorFlow message that are not its reason
_NOISE = ("Exception encountered when calling", "Graph execution error", "Detected at node",
          'File "', "[[")


def render_terminal(text: str) -> str:
    """Apply ``\\r`` (back to the line's start) and ``\\b`` (one column back) like a terminal.

    A live progress bar redraws itself with those characters; the result is the
    final screen: each line as it was last drawn, without control characters.
    """
    if not isinstance(text, str):
        raise TypeError(f"Se esperaba texto; recibí {type(text).__name__}.")
    lines: list[list[str]] = [[]]
    col = 0
    for ch in text:
        line = lines[-1]
        if ch == "\n":
            lines.append([])
            col = 0
        elif ch == "\r":
            col = 0
        elif ch == "\b":
            col = max(0, col - 1)
        else:
            line.extend(" " * (col - len(line)))
            line[col:col + 1] = [ch]
            col += 1
    out = ["".join(line).rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def error_text(exc: BaseException) -> str:
    """An exception as one readable line: ``"Tipo: motivo"``.

    Drops the ANSI bold codes, Keras' "Exception encountered when calling…"
    header and "Arguments received by…" footer, and, in TensorFlow's graph
    errors, the dozens of lines of trace before the reason.
    """
    if not isinstance(exc, BaseException):
        raise TypeError(f"Se esperaba una excepción; recibí {type(exc).__name__}.")
    text = ANSI.sub("", str(exc)).split("Arguments received by")[0]
    lines = [line.strip() for line in text.splitlines()]
    reason = " ".join(line for line in lines if line and not line.startswith(_NOISE))
    return f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__


def catch_error(func, *args, **kwargs) -> str | None:
    """Run ``func(*args, **kwargs)``; return ``error_text`` of what it raised, ``None`` if nothing."""
    check_callable(func)
    try:
        func(*args, **kwargs)
    except Exception as exc:  # the point is to show whatever Keras raises
        return error_text(exc)
    return None


def capture_warnings(func, *args, **kwargs):
    """Run ``func`` and return ``(result, messages)``: its Python warnings, as text.

    Each message reads ``"Categoría: texto"``, without the file and line that
    Python's display adds. ``DeprecationWarning`` is left out, as Python does
    outside ``__main__`` (h5py triggers NumPy ones that no reader came to see).
    """
    check_callable(func)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        result = func(*args, **kwargs)
    return result, [f"{w.category.__name__}: {str(w.message).strip()}" for w in caught]


def capture_notices(func, *args, **kwargs):
    """Run ``func`` and return ``(result, notices)``: its ``absl`` log records, then its warnings.

    Everything Keras says without raising: ``"WARNING: …"`` for log records
    (the ``.h5`` "legacy" notice goes through ``absl``, not ``warnings``) and
    ``"UserWarning: …"`` for warnings (see ``capture_warnings``). The logger is
    lowered to WARNING only while ``func`` runs, its records are collected
    instead of printed, and it is restored afterwards, even if ``func`` raises.
    """
    check_callable(func)
    logger = logging.getLogger("absl")
    handler = BufferingHandler(capacity=sys.maxsize)  # keeps every record until we read them
    handler.setLevel(logging.WARNING)  # a child logger's INFO records propagate here too
    old_level, old_propagate = logger.level, logger.propagate
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        result, warned = capture_warnings(func, *args, **kwargs)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    return result, [f"{r.levelname}: {r.getMessage().strip()}" for r in handler.buffer] + warned


def summary_text(model) -> str:
    """What ``model.summary()`` prints, as one string (works for unbuilt models too)."""
    if not callable(getattr(model, "summary", None)):
        raise TypeError(f"Se esperaba un modelo de Keras; recibí {type(model).__name__}.")
    lines: list[str] = []
    model.summary(print_fn=lambda line, line_break=False: lines.append(line))
    return "\n".join(lines)
