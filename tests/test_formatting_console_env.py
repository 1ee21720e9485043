import pytest

from clase102 import console, environment, formatting


def test_spanish_numbers():
    assert formatting.fmt_int(109386) == "109.386"
    assert formatting.fmt_int(650) == "650"
    assert formatting.fmt_int(1234567) == "1.234.567"
    assert formatting.fmt_dec(0.86684, 4) == "0,8668"
    assert formatting.fmt_dec(1234.5, 1) == "1.234,5"
    assert formatting.fmt_pct(0.8668) == "86,7 %"
    assert formatting.fmt_pct(0.0003, 2) == "0,03 %"
    assert formatting.fmt_seconds(44.23) == "44,2 s"


def test_formatting_rejects_non_numbers():
    with pytest.raises(TypeError):
        formatting.fmt_dec("0.5")
    with pytest.raises(TypeError):
        formatting.fmt_int(True)
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


def test_render_terminal_resolves_backspace_and_return():
    raw = "1/3 [==>....]\b\b\b\b\b\b\b\b\b\b\b\b\b\r2/3 [=====>.]\r3/3 [========] done\n"
    assert console.render_terminal(raw) == "3/3 [========] done"
    assert console.render_terminal("ab\bc\n\nd") == "ac\n\nd"
    assert console.control_characters(raw) == {"\\b": 13, "\\r": 2}
    with pytest.raises(TypeError):
        console.render_terminal(b"bytes")


def test_capture_output_and_warnings():
    import warnings

    def noisy():
        print("hola")
        warnings.warn("cuidado", UserWarning)
        return 7

    with pytest.warns(UserWarning, match="cuidado"):
        (result, out) = console.capture_output(noisy)
    assert result == 7 and out == "hola\n"
    result, msgs = console.capture_warnings(lambda: warnings.warn("ojo", FutureWarning) or 3)
    assert result == 3 and msgs == ["FutureWarning: ojo"]


def test_machine_info_and_describe():
    info = environment.machine_info()
    assert info["keras"].startswith("3.") and info["backend"] == "tensorflow"
    assert info["cpus"] >= 1
    table = environment.describe()
    assert list(table.columns) == ["Componente", "Valor"] and "Keras" in table["Componente"].tolist()


def test_import_code_is_the_standard_library():
    import code
    import sysconfig
    from pathlib import Path

    assert hasattr(code, "InteractiveConsole")
    assert Path(code.__file__).parent == Path(sysconfig.get_paths()["stdlib"])


def test_tf_quiet_env_is_set():
    import os

    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"


def test_tensorflow_warnings_stay_hidden_after_keras_resets_the_level(caplog):
    import logging

    from clase102._env import quiet_tensorflow

    quiet_tensorflow()
    quiet_tensorflow()  # twice: still one filter
    logger = logging.getLogger("tensorflow")
    assert len(logger.filters) == 1
    with caplog.at_level(logging.INFO, logger="tensorflow"):  # what `import keras` does
        logger.warning("5 out of the last 5 calls triggered tf.function retracing")
        logger.error("un error real")
    assert [r.getMessage() for r in caplog.records] == ["un error real"]
