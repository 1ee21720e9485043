"""Spanish number formatting for the prose (decimal comma, dot for thousands)."""

from __future__ import annotations

import numbers


def _check_number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"Se esperaba un número; recibí {value!r}.")
    return value


def _swap_separators(text: str) -> str:
    # English "1,234.5" -> Spanish "1.234,5"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_int(value) -> str:
    """``109386`` → ``'109.386'``."""
    value = _check_number(value)
    if float(value) != int(value):
        raise ValueError(f"Se esperaba un entero; recibí {value!r}.")
    return _swap_separators(f"{int(value):,d}")


def fmt_dec(value, digits: int = 2) -> str:
    """``0.8668`` → ``'0,87'`` (``digits`` decimals, decimal comma)."""
    value = _check_number(value)
    return _swap_separators(f"{float(value):,.{digits}f}")


def fmt_pct(fraction, digits: int = 1) -> str:
    """``0.8668`` → ``'86,7 %'`` (a fraction shown as a percentage)."""
    value = _check_number(fraction)
    return f"{fmt_dec(100 * float(value), digits)} %"


def fmt_seconds(seconds, digits: int = 1) -> str:
    """``44.23`` → ``'44,2 s'``."""
    return f"{fmt_dec(seconds, digits)} s"


def glue_text(name: str, text) -> str:
    """Glue ``str(text)`` under ``name`` (myst-nb) without displaying it; return it.

    Use it with ``{glue:text}`name``` in the prose. A ``str`` is glued on
    purpose: myst-nb reads the stored ``repr`` back with ``literal_eval``, so
    ``'100.480'`` stays text, while an object whose repr is ``100.480`` (a float
    or a NumPy scalar) would be turned into ``100.48`` or ``np.float64(...)``.
    """
    from myst_nb import glue

    value = str(text)
    glue(name, value, display=False)
    return value
