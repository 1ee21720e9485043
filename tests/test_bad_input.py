"""Bad input is rejected in Spanish, with ValueError/TypeError, before Keras is reached (issue 6).

One table of cases across the package's public functions. While a case runs, Keras'
entry points (``keras.Input``, ``keras.Sequential``, ``keras.layers.Dense``,
``keras.Model``, ``Model.fit``/``evaluate``/``predict``) are replaced by a trap, so a
check that only happens inside Keras fails the test instead of passing by luck.
Other test files hold more specific cases; this one is the overview.
"""

from __future__ import annotations

import gzip
import re

import keras
import numpy as np
import pytest

from clase102 import capture, data, formatting, plots, stats, timing
from conftest import write_idx

# Spanish function words, and words of Keras' and Python's English messages.
SPANISH = re.compile(r"\b(de|del|la|el|los|las|una?|que|para|con|hay|recibí|debe|sin)\b", re.I)
ENGLISH = re.compile(r"\b(the|expected|must|invalid|received|should|cannot|got)\b", re.I)


class KerasReached(AssertionError):
    """Raised by the trap: the input got past the package's checks."""


@pytest.fixture(scope="module")
def model():
    """A compiled 784 → 8 → 10 model (built before the trap is set)."""
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(8), keras.layers.Dense(10)])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


@pytest.fixture
def keras_trap(monkeypatch):
    def trap(*args, **kwargs):
        raise KerasReached("la entrada llegó a Keras sin ser validada")

    monkeypatch.setattr(keras, "Input", trap)
    # the classes stay (isinstance checks need them); building or running one is trapped
    for cls in (keras.Sequential, keras.Model, keras.layers.Dense):
        monkeypatch.setattr(cls, "__init__", trap)
    for name in ("fit", "evaluate", "predict", "compile"):
        monkeypatch.setattr(keras.Model, name, trap)


def _xy(n=20, shape=(784,)):
    rng = np.random.default_rng(0)
    return rng.random((n, *shape), dtype=np.float32), np.arange(n) % 10


def _corrupt_dir(tmp_path):
    """Four IDX files; ``t10k-images`` cut in the middle of its gzip stream."""
    write_idx(tmp_path / "train-images-idx3-ubyte", np.zeros((3, 28, 28), np.uint8))
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.zeros(3, np.uint8))
    path = write_idx(tmp_path / "t10k-images-idx3-ubyte", np.zeros((2, 28, 28), np.uint8))
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.zeros(2, np.uint8))
    path.write_bytes(path.read_bytes()[:25])
    return tmp_path


def _missing_file_dir(tmp_path):
    _corrupt_dir(tmp_path)
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    return tmp_path


def _bad_checksum_dir(tmp_path):
    """A valid gzip whose content is not Fashion-MNIST's."""
    _corrupt_dir(tmp_path)
    with gzip.open(tmp_path / "t10k-images-idx3-ubyte.gz", "wb") as fh:
        fh.write(b"\x00\x00\x08\x03" + b"\x00\x00\x00\x01" * 3 + b"\x00" * 784)
    return tmp_path


# (id, call(model, tmp_path, monkeypatch), exception, words the message must contain)
CASES = [
    # images and labels
    ("imagen sin eje de lote", lambda m, t, mp: data.prepare_images(np.zeros(784)), ValueError, "lote"),
    ("etiquetas fuera de rango", lambda m, t, mp: stats.confusion_pairs([3, 10], [3, 3]), ValueError, "fuera de"),
    ("etiquetas con decimales", lambda m, t, mp: plots.plot_class_balance(np.array([0.5])), TypeError, "enteros"),
    ("x e y de distinto largo", lambda m, t, mp: data.split_validation(_xy()[0], _xy()[1][:-1]), ValueError, "misma cantidad"),
    ("validación sin entrenamiento", lambda m, t, mp: data.split_validation(*_xy(), n_valid=20), ValueError, "no quedaría nada"),
    ("subconjunto de cero por clase", lambda m, t, mp: data.stratified_subset(*_xy(), 0), ValueError, "n_per_class"),
    ("grilla de imágenes con cero filas", lambda m, t, mp: plots.plot_samples(*_xy(), n_rows=0), ValueError, "n_rows"),
    ("grilla más grande que las imágenes", lambda m, t, mp: plots.plot_samples(*_xy(4), 2, 3), ValueError, "necesita 6"),
    ("imágenes de forma rara", lambda m, t, mp: plots.plot_predictions(np.zeros((2, 5)), [0, 1], [0, 1]), ValueError, "lote de imágenes"),
    # the data files
    ("FASHION_MNIST_DIR inexistente",
     lambda m, t, mp: (mp.setenv(data.ENV_VAR, str(t / "no-existe")), data.load_fashion_mnist()),
     ValueError, "no existe"),
    ("carpeta inexistente", lambda m, t, mp: data.load_fashion_mnist(t / "nada"), ValueError, "no existe"),
    ("archivo faltante", lambda m, t, mp: data.load_fashion_mnist(_missing_file_dir(t), verify=False), ValueError, "train-labels-idx1-ubyte"),
    ("archivo truncado", lambda m, t, mp: data.load_fashion_mnist(_corrupt_dir(t), verify=False), ValueError, "truncado"),
    ("suma SHA-256 distinta", lambda m, t, mp: data.load_fashion_mnist(_bad_checksum_dir(t)), ValueError, "SHA-256"),
    # formatting, capture and timing
    ("formatear texto", lambda m, t, mp: formatting.fmt_pct("86"), TypeError, "número"),
    ("entero con decimales", lambda m, t, mp: formatting.fmt_int(3.5), ValueError, "entero"),
    ("terminal sin texto", lambda m, t, mp: capture.render_terminal(b"\r"), TypeError, "texto"),
    ("capturar algo que no es función", lambda m, t, mp: capture.catch_error(np.zeros(3)), TypeError, "función"),
    ("repeticiones cero", lambda m, t, mp: timing.time_alternating({"a": lambda: None}, repeats=0), ValueError, "repeats"),
    ("FLOP de cero muestras", lambda m, t, mp: timing.dense_training_flops(m, 0), ValueError, "n_samples"),
]


@pytest.mark.parametrize("call, exc, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_rejected_in_spanish_before_keras(call, exc, words, model, tmp_path, monkeypatch, keras_trap):
    with pytest.raises(exc) as info:
        call(model, tmp_path, monkeypatch)
    message = str(info.value)
    assert words in message, message
    assert SPANISH.search(message) and not ENGLISH.search(message), f"¿en español?: {message}"
    assert info.value.__cause__ is None or not isinstance(info.value.__cause__, KerasReached)


def test_the_table_covers_the_issue_list():
    ids = " ".join(c[0] for c in CASES)
    for needed in ("etiquetas fuera de rango", "x e y de distinto largo", "archivo faltante",
                   "archivo truncado", "FASHION_MNIST_DIR inexistente"):
        assert needed in ids
    assert len(CASES) >= 10


def test_the_trap_catches_what_reaches_keras(model, keras_trap):
    """A call that passes every check does reach the trap (so the table can fail)."""
    with pytest.raises(KerasReached):
        keras.Input((784,))
    with pytest.raises(KerasReached):
        model.fit(*_xy(), epochs=1)
