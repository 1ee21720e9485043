"""Spanish number formatting for the prose (decimal comma, dot for thousands)."""

from __future__ import annotations

import numbers

from clase102.validation import check_int, check_number


def _swap_separators(text: str) -> str:
    # English "1,234.5" -> Spanish "1.234,5"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_int(value) -> str:
    """``109386`` → ``'109.386'``."""
    value = check_number(value, "value")
    if value != int(value):
        raise ValueError(f"Se esperaba un entero; recibí {value!r}.")
    return _swap_separators(f"{int(value):,d}")


def fmt_dec(value, digits: int = 2) -> str:
    """``0.8668`` → ``'0,87'`` (``digits`` decimals, decimal comma)."""
    value = check_number(value, "value")
    digits = check_int(digits, "digits", minimum=0)
    return _swap_separators(f"{value:,.{digits}f}")


def fmt_pct(fraction, digits: int = 1) -> str:
    """``0.8668`` → ``'86,7 %'`` (a fraction shown as a percentage)."""
    value = check_number(fraction, "fraction")
    return f"{fmt_dec(100 * value, digits)} %"


def glue_text(name: str, text) -> str:
    """Glue ``str(text)`` under ``name`` (myst-nb) without displaying it; return it.

    Use it with ``{glue:text}`name``` in the prose. A ``str`` is glued on
    purpose: myst-nb reads the stored ``repr`` back with ``literal_eval``, so
    ``'100.480'`` stays text, while an object whose repr is ``100.480`` (a float
    or a NumPy scalar) would be turned into ``100.48`` or ``np.float64(...)``.
    ``None`` and non-integer numbers are refused: the first is almost always a
    function that returned nothing, the second would print an English decimal
    point (format it with ``fmt_dec``/``fmt_pct`` first). Without myst-nb (a downloaded
    notebook in Colab or a plain Jupyter, whose prose already holds the values) it glues
    nothing and returns the text.
    """
    if not isinstance(name, str) or not name.strip() or any(c.isspace() or c == "`" for c in name):
        raise ValueError(f"El nombre del glue debe ser texto sin espacios ni comillas invertidas; recibí {name!r}.")
    if text is None:
        raise TypeError(f"No hay texto para pegar en «{name}»: recibí None (¿una función que no devuelve nada?).")
    if isinstance(text, numbers.Real) and not isinstance(text, numbers.Integral):
        raise TypeError(
            f"Para pegar el número {text!r} en «{name}», formatealo antes con fmt_dec o fmt_pct "
            "(si no, saldría con punto decimal)."
        )
    value = str(text)
    try:
        from myst_nb import glue
    except ImportError:
        return value
    glue(name, value, display=False)
    return value
