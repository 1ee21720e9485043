"""clase102.environment (what machine is this) and clase102 itself (TensorFlow kept quiet)."""

import os

import keras
import numpy as np
import pytest

from clase102 import environment


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


def test_tf_quiet_env_is_set_by_the_package_not_by_make(monkeypatch):
    """The Makefile exports both variables: clear them, so only the package can set them."""
    import os

    from clase102 import quiet_tensorflow

    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    monkeypatch.delenv("TF_ENABLE_ONEDNN_OPTS", raising=False)
    quiet_tensorflow()
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")  # a reader's own choice is kept
    quiet_tensorflow()
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "1"


def test_tensorflow_warnings_stay_hidden_after_keras_resets_the_level(caplog):
    import logging

    from clase102 import quiet_tensorflow

    quiet_tensorflow()
    quiet_tensorflow()  # twice: still one filter
    logger = logging.getLogger("tensorflow")
    assert len(logger.filters) == 1
    with caplog.at_level(logging.INFO, logger="tensorflow"):  # what `import keras` does
        logger.warning("5 out of the last 5 calls triggered tf.function retracing")
        logger.error("un error real")
    assert [r.getMessage() for r in caplog.records] == ["un error real"]


def test_quiet_tensorflow_sets_levels_filter_and_warnings_from_scratch():
    """From a clean state (the package's import already did all this once): which loggers, which
    filter, which warnings. The root logger and other modules' warnings are left alone."""
    import logging
    import warnings

    import clase102

    tf, absl, root = (logging.getLogger(n) for n in ("tensorflow", "absl", None))
    saved = [(lg, lg.level, list(lg.filters)) for lg in (tf, absl, root)]
    try:
        for lg in (tf, absl):
            lg.setLevel(logging.NOTSET)
            lg.filters.clear()
        root.setLevel(logging.WARNING)
        with warnings.catch_warnings(record=True) as caught:
            warnings.resetwarnings()
            warnings.simplefilter("always")
            clase102.quiet_tensorflow()
            for module in ("tensorflow.python.util", "keras.src.layers", "otro.modulo"):
                warnings.warn_explicit("obsoleto", DeprecationWarning, "f.py", 1, module=module)
                warnings.warn_explicit("aviso", UserWarning, "f.py", 1, module=module)
        assert tf.level == logging.ERROR and absl.level == logging.ERROR
        assert root.level == logging.WARNING
        assert tf.filters == [clase102._errors_only] and absl.filters == []
        assert sorted((w.category.__name__, w.filename, str(w.message)) for w in caught) == [
            ("DeprecationWarning", "f.py", "obsoleto"),  # only from otro.modulo
            ("UserWarning", "f.py", "aviso"), ("UserWarning", "f.py", "aviso"), ("UserWarning", "f.py", "aviso"),
        ]
    finally:
        for lg, level, filters in saved:
            lg.setLevel(level)
            lg.filters[:] = filters


def test_cpu_info_reads_proc_cpuinfo_and_falls_back(tmp_path):
    fake = tmp_path / "cpuinfo"
    fake.write_text(
        "processor\t: 0\nmodel name\t: CPU de prueba\ncpu MHz\t\t: 2100.000\n\n"
        "processor\t: 1\nmodel name\t: CPU de prueba\ncpu MHz\t\t: 1800.000\n"
    )
    info = environment.cpu_info(fake)
    assert info["model"] == "CPU de prueba" and info["mhz"] == 2100.0 and info["cores"] >= 1
    missing = environment.cpu_info(tmp_path / "no_existe")
    assert missing["mhz"] is None and isinstance(missing["model"], str) and missing["model"]


def test_machine_description_names_cpu_cores_and_versions(tmp_path):
    import os

    fake = tmp_path / "cpuinfo"
    fake.write_text("model name\t: CPU de prueba\n")
    text = environment.machine_description(fake)
    assert text.startswith(f"CPU de prueba, {os.cpu_count()} núcleos, ")
    assert f"Keras {keras.__version__}" in text and "TensorFlow" in text


def test_machine_note_names_cpu_cores_and_load(tmp_path):
    fake = tmp_path / "cpuinfo"
    fake.write_text("model name\t: CPU de prueba\n")
    note = environment.machine_note(fake)
    assert note.startswith("CPU de prueba, ") and "núcleos" in note
    assert "carga media" in note and note.endswith("(1 / 5 / 15 min)")


@pytest.fixture
def fake_machine(monkeypatch):
    """Every source machine_info reads, replaced by a literal."""
    import os
    import platform

    import tensorflow as tf

    monkeypatch.setattr(platform, "python_version", lambda: "3.99.1")
    monkeypatch.setattr(platform, "machine", lambda: "riscv64")
    monkeypatch.setattr(platform, "processor", lambda: "")
    monkeypatch.setattr(os, "cpu_count", lambda: 7)
    monkeypatch.setattr(keras, "__version__", "3.0.prueba")
    monkeypatch.setattr(tf, "__version__", "2.0.prueba")
    monkeypatch.setattr(np, "__version__", "1.0.prueba")
    monkeypatch.setattr(keras.backend, "backend", lambda: "jax")
    gpus = {"GPU": ["gpu:0", "gpu:1"]}
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: gpus.get(kind, ["cpu:0"]))
    return gpus


def test_machine_info_and_describe_read_each_source(fake_machine):
    assert environment.machine_info() == {
        "python": "3.99.1", "keras": "3.0.prueba", "tensorflow": "2.0.prueba", "numpy": "1.0.prueba",
        "backend": "jax", "cpus": 7, "processor": "riscv64", "gpus": 2,
    }
    table = environment.describe()
    assert table.to_dict("list") == {
        "Componente": ["Python", "Keras", "TensorFlow", "NumPy", "Backend de Keras", "Núcleos de CPU",
                       "Arquitectura", "GPU visibles"],
        "Valor": ["3.99.1", "3.0.prueba", "2.0.prueba", "1.0.prueba", "jax", "7", "riscv64", "2"],
    }


def test_machine_description_and_note_spell_out_everything(fake_machine, tmp_path, monkeypatch):
    import os

    fake = tmp_path / "cpuinfo"
    fake.write_text("model name\t: CPU de prueba\n")
    assert environment.machine_description(fake) == (
        "CPU de prueba, 7 núcleos, 2 GPU; TensorFlow 2.0.prueba, Keras 3.0.prueba")
    fake_machine["GPU"] = []
    assert environment.machine_description(fake) == (
        "CPU de prueba, 7 núcleos, sin GPU; TensorFlow 2.0.prueba, Keras 3.0.prueba")
    monkeypatch.setattr(os, "getloadavg", lambda: (0.5, 1.25, 12.0))
    assert environment.machine_note(fake) == "CPU de prueba, 7 núcleos, carga media 0,50 / 1,25 / 12,00 (1 / 5 / 15 min)"

    def no_load():
        raise OSError("sin getloadavg")

    monkeypatch.setattr(os, "getloadavg", no_load)
    assert environment.machine_note(fake) == "CPU de prueba, 7 núcleos, carga media no disponible (1 / 5 / 15 min)"


def test_cpu_info_takes_the_first_values_and_survives_a_bad_line(fake_machine, tmp_path, monkeypatch):
    import os

    fake = tmp_path / "cpuinfo"
    fake.write_text("model name : Primera\ncpu MHz : 2100.5\nmodel name : Segunda\ncpu MHz : 999\n")
    info = environment.cpu_info(fake)
    assert (info["model"], info["cores"], info["mhz"], info["physical"]) == ("Primera", 7, 2100.5, 7)
    fake.write_text("model name : CPU: rápida, 2 GHz\n")  # the value may hold a colon
    assert environment.cpu_info(fake)["model"] == "CPU: rápida, 2 GHz"
    fake.write_text("  model name  :  Con espacios  \ncpu MHz : no es un número\n")
    assert [environment.cpu_info(fake)[k] for k in ("model", "cores", "mhz")] == ["Con espacios", 7, None]
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # unknown: at least one core
    fake.write_text("flags : sse\n")
    assert [environment.cpu_info(fake)[k] for k in ("model", "cores", "mhz")] == ["desconocido", 1, None]
    import platform

    monkeypatch.setattr(platform, "processor", lambda: "x86_64")
    assert environment.cpu_info(tmp_path / "no_existe")["model"] == "x86_64"
    with pytest.raises(TypeError):
        environment.cpu_info(None)


def test_cpu_info_counts_physical_cores_apart_from_hyperthreads(tmp_path):
    fake = tmp_path / "cpuinfo"  # two vCPUs that are the two threads of one core
    fake.write_text("processor : 0\nphysical id : 0\ncore id : 0\n\nprocessor : 1\nphysical id : 0\ncore id : 0\n")
    assert environment.cpu_info(fake)["physical"] == 1
    fake.write_text("physical id : 0\ncore id : 0\nphysical id : 0\ncore id : 1\nphysical id : 1\ncore id : 0\n")
    assert environment.cpu_info(fake)["physical"] == 3
    assert environment.cpu_info(fake)["usable"] == len(os.sched_getaffinity(0))
