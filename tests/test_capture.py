"""clase102.capture: errors, warnings, log notices and live output as text (synthetic inputs, no training)."""

import logging
import warnings

import keras
import pytest

from clase102 import capture


def _peak_bytes(func, *args):
    """The most memory (bytes, as tracemalloc counts it) that ``func(*args)`` held at once."""
    import tracemalloc

    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    try:
        func(*args)
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        if started:
            tracemalloc.stop()


def test_render_terminal_resolves_backspace_and_return():
    # first, before the long bar below: one cell per column. A 10-column bar drawn twice holds
    # 10 one-letter cells (well under 1 kB); a screen that grew faster than its columns would
    # exhaust the memory on a real Keras log, which redraws its 80-column bar hundreds of times.
    assert _peak_bytes(capture.render_terminal, "[" + "=" * 8 + "]\r[" + "=" * 8 + "]") < 10_000
    raw = "1/3 [==>....]\b\b\b\b\b\b\b\b\b\b\b\b\b\r2/3 [=====>.]\r3/3 [========] done\n"
    assert capture.render_terminal(raw) == "3/3 [========] done"
    assert capture.render_terminal("ab\bc\n\nd") == "ac\n\nd"
    assert capture.render_terminal("abcd\r\rX\b\bY") == "Ybcd"
    with pytest.raises(TypeError):
        capture.render_terminal(b"bytes")


def test_error_text_keeps_the_reason_of_a_keras_call_error():
    exc = ValueError(
        "Exception encountered when calling Sequential.call().\n\n\x1b[1mInvalid input "
        "shape for input x. Expected shape (None, 784)\x1b[0m\n\n"
        "Arguments received by Sequential.call():\n  • inputs=…"
    )
    assert capture.error_text(exc) == "ValueError: Invalid input shape for input x. Expected shape (None, 784)"
    assert capture.error_text(KeyError("k")) == "KeyError: 'k'"
    assert capture.error_text(KeyError()) == "KeyError"


def test_error_text_keeps_the_reason_of_a_graph_error():
    raw = (
        "Graph execution error:\n\nDetected at node loss defined at (most recent call last):\n"
        '  File "a.py", line 1, in <module>\n\n  File "b.py", line 2, in f\n\n'
        "Received a label value of 9 which is outside the valid range of [0, 5).\n"
        "\t [[{{node loss}}]] [Op:__inference_step_1]"
    )
    text = capture.error_text(RuntimeError(raw))
    assert text == "RuntimeError: Received a label value of 9 which is outside the valid range of [0, 5)."


def test_catch_error_returns_none_or_the_error_text():
    assert capture.catch_error(lambda: 1) is None
    assert capture.catch_error(int, "siete").startswith("ValueError: invalid literal")
    with pytest.raises(TypeError, match="función"):
        capture.catch_error(None)


def test_capture_warnings_as_text_without_deprecations():
    def noisy():
        warnings.warn("ojo", FutureWarning)
        warnings.warn("viejo", DeprecationWarning)
        return 3

    assert capture.capture_warnings(noisy) == (3, ["FutureWarning: ojo"])


def test_capture_notices_joins_logs_and_warnings_and_restores_the_logger():
    logger = logging.getLogger("absl")
    level, propagate, handlers = logger.level, logger.propagate, list(logger.handlers)

    def noisy():
        logger.warning("un log")
        logger.info("detalle")
        warnings.warn("un aviso", UserWarning)
        return "ok"

    assert capture.capture_notices(noisy) == ("ok", ["WARNING: un log", "UserWarning: un aviso"])

    def failing():
        logger.warning("antes de fallar")
        raise RuntimeError("falla")

    with pytest.raises(RuntimeError):
        capture.capture_notices(failing)
    assert (logger.level, logger.propagate, logger.handlers) == (level, propagate, handlers)


def test_summary_text_of_built_and_unbuilt_models():
    model = keras.Sequential([keras.layers.Dense(3), keras.layers.Dense(2)])
    assert "0 (unbuilt)" in capture.summary_text(model)
    model.build((None, 4))
    text = capture.summary_text(model)
    assert "unbuilt" not in text and "(None, 3)" in text


def test_summary_text_is_what_keras_prints_line_by_line(capsys):
    """An independent path: the same model's summary() printed to stdout by Keras itself."""
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
    model.summary()
    printed = capsys.readouterr().out
    text = capture.summary_text(model)
    assert text.splitlines() == printed.splitlines() and len(text.splitlines()) > 5
    with pytest.raises(TypeError, match="modelo de Keras; recibí list"):
        capture.summary_text([model])


def test_capture_notices_keeps_child_info_out_and_nothing_reaches_the_root(caplog):
    """Records of absl's children reach absl's handlers whatever absl's level: only WARNING and
    above are kept, stripped of surrounding spaces; none goes on to the root logger (no double print)."""
    child = logging.getLogger("absl.hijo")
    old = child.level
    child.setLevel(logging.INFO)
    try:
        def noisy():
            child.info("detalle del hijo")
            child.warning("  aviso del hijo  ")
            return 1

        with caplog.at_level(logging.INFO):
            assert capture.capture_notices(noisy) == (1, ["WARNING: aviso del hijo"])
        assert caplog.records == []
    finally:
        child.setLevel(old)


def test_capture_notices_restores_a_level_other_than_warning():
    logger = logging.getLogger("absl")
    old = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        capture.capture_notices(lambda: logger.warning("x"))
        assert logger.level == logging.CRITICAL and logger.propagate is True
    finally:
        logger.setLevel(old)


def test_capture_and_catch_reject_what_is_not_callable_in_spanish():
    for helper in (capture.capture_warnings, capture.capture_notices, capture.catch_error):
        with pytest.raises(TypeError, match="función"):
            helper("no soy una función")
    with pytest.raises(TypeError, match="Se esperaba texto; recibí bytes"):
        capture.render_terminal(b"x")
    with pytest.raises(TypeError, match="Se esperaba una excepción; recibí str"):
        capture.error_text("falla")


def test_render_terminal_pads_jumps_and_drops_trailing_blank_lines():
    # "\r" then writing past the old end: the gap is filled with spaces, trailing spaces dropped
    assert capture.render_terminal("abc\rX\n") == "Xbc"
    assert capture.render_terminal("a\b\bb") == "b"          # "\b" never goes left of column 0
    assert capture.render_terminal("ab  \ncd\n\n\n") == "ab\ncd"
    assert capture.render_terminal("\n\nx") == "\n\nx"         # leading blank lines stay
    assert capture.render_terminal("") == ""


def test_error_text_drops_every_noise_line_and_keeps_the_reason_lines_joined():
    raw = ("Exception encountered when calling Dense.call().\nGraph execution error:\n"
           "Detected at node x\n  File \"a.py\", line 1\n  [[node]]\nprimera parte\n  segunda parte  \n")
    assert capture.error_text(ValueError(raw)) == "ValueError: primera parte segunda parte"
    assert capture.error_text(ValueError("motivo\nArguments received by Dense.call():\n  x=1")) == "ValueError: motivo"


def test_the_helpers_pass_positional_and_keyword_arguments_on():
    def f(a, *, b):
        if b == "falla":
            raise ValueError(f"{a} falló")
        warnings.warn(f"{a}{b}", UserWarning)
        return a + b

    assert capture.capture_warnings(f, "x", b="y") == ("xy", ["UserWarning: xy"])
    assert capture.capture_notices(f, "x", b="z") == ("xz", ["UserWarning: xz"])
    assert capture.catch_error(f, "x", b="falla") == "ValueError: x falló"


def test_summary_text_joins_a_summary_printed_one_call_per_line():
    """Keras 3 passes its whole table to print_fn at once; a summary that prints line by line
    (as Keras 2 did) gives one line per call, joined with newlines."""
    class LineByLine:
        def summary(self, print_fn):
            for line in ("Model: m", "Total params: 3"):
                print_fn(line)

    assert capture.summary_text(LineByLine()) == "Model: m\nTotal params: 3"
