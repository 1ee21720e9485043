"""clase102.formatting: Spanish numbers and glue."""

import sys

import pytest

from clase102 import formatting


def test_spanish_numbers():
    assert formatting.fmt_int(109386) == "109.386"
    assert formatting.fmt_int(650) == "650"
    assert formatting.fmt_int(1234567) == "1.234.567"
    assert formatting.fmt_dec(0.86684, 4) == "0,8668"
    assert formatting.fmt_dec(1234.5, 1) == "1.234,5"
    assert formatting.fmt_pct(0.8668) == "86,7 %"
    assert formatting.fmt_pct(0.0003, 2) == "0,03 %"
    assert formatting.fmt_dec(0.8668) == "0,87"  # two decimals unless told


def test_formatting_rejects_non_numbers():
    # the message names the argument the reader passed
    with pytest.raises(TypeError, match="^Se esperaba un número en «value»; recibí '0.5' "):
        formatting.fmt_dec("0.5")
    with pytest.raises(TypeError, match="^Se esperaba un número en «value»; recibí True "):
        formatting.fmt_int(True)
    with pytest.raises(ValueError, match="^«fraction» debe ser un número finito"):
        formatting.fmt_pct(float("nan"))
    with pytest.raises(ValueError):
        formatting.fmt_int(2.5)


def test_numpy_scalars_format_as_plain_numbers():
    import numpy as np

    assert formatting.fmt_dec(np.float64(0.25), 2) == "0,25"
    assert formatting.fmt_int(np.int64(100480)) == "100.480"


def test_glue_text_glues_a_str(monkeypatch):
    import myst_nb

    seen = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: seen.update({name: (value, display)}))
    out = formatting.glue_text("k", "100.480")
    assert out == "100.480" and seen == {"k": ("100.480", False)}


def test_glue_text_without_myst_nb_returns_the_text_and_still_checks(monkeypatch):
    monkeypatch.setitem(sys.modules, "myst_nb", None)  # a reader's Colab: no myst-nb
    assert formatting.glue_text("k", "100.480") == "100.480"
    with pytest.raises(TypeError, match="formatealo antes"):
        formatting.glue_text("k", 0.5)


def test_glue_text_refuses_bad_names_and_unformatted_floats(monkeypatch):
    import myst_nb

    monkeypatch.setattr(myst_nb, "glue", lambda *a, **k: None)
    for bad in ("dos palabras", "con`tilde", "tab\tx", ""):
        with pytest.raises(ValueError, match="^El nombre del glue debe ser texto sin espacios ni comillas invertidas"):
            formatting.glue_text(bad, "1")
    with pytest.raises(TypeError) as info:
        formatting.glue_text("k", 0.5)
    assert str(info.value) == (
        "Para pegar el número 0.5 en «k», formatealo antes con fmt_dec o fmt_pct "
        "(si no, saldría con punto decimal)."
    )
    assert formatting.glue_text("k", 7) == "7"  # an int is fine: no decimal point
