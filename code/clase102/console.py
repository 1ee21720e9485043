"""Turning a terminal's live output into what a reader should see."""

from __future__ import annotations

import contextlib
import io


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
            if col < len(line):
                line[col] = ch
            else:
                line.extend(" " * (col - len(line)))
                line.append(ch)
            col += 1
    out = ["".join(line).rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def capture_output(func, *args, **kwargs):
    """Run ``func`` and return ``(result, raw_stdout)``: what it printed, untouched."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        result = func(*args, **kwargs)
    return result, buffer.getvalue()


def control_characters(text: str) -> dict[str, int]:
    """Count the control characters a notebook output would carry (``\\b``, ``\\r``)."""
    return {"\\b": text.count("\b"), "\\r": text.count("\r")}


def capture_warnings(func, *args, **kwargs):
    """Run ``func`` and return ``(result, messages)``: the warnings it raised, as text.

    Each message reads ``"Categoría: texto"``, without the file path and line
    that Python's default display adds.
    """
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    messages = [f"{w.category.__name__}: {w.message}" for w in caught]
    return result, messages
