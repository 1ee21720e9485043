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

from clase102 import batching, data, formatting, models, params, splits, training
from clase102 import console, timing
from conftest import write_idx

# Spanish function words, and words of Keras' and Python's English messages.
SPANISH = re.compile(r"\b(de|del|la|el|los|las|una?|que|para|con|hay|recibí|debe|sin)\b", re.I)
ENGLISH = re.compile(r"\b(the|expected|must|invalid|received|should|cannot|got)\b", re.I)


class KerasReached(AssertionError):
    """Raised by the trap: the input got past the package's checks."""


@pytest.fixture(scope="module")
def model():
    """A compiled 784 → 8 → 10 model (built before the trap is set)."""
    return models.compile_classifier(models.build_sequential([8]))


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
    # widths: not int, <= 0, empty, not a list
    ("ancho no entero", lambda m, t, mp: models.build_sequential([64.5]), TypeError, "entero positivo"),
    ("ancho bool", lambda m, t, mp: models.build_sequential([True]), TypeError, "entero positivo"),
    ("ancho cero", lambda m, t, mp: models.build_sequential([128, 0]), ValueError, "capa 2"),
    ("ancho negativo", lambda m, t, mp: models.build_functional([-3]), ValueError, "≥ 1"),
    ("arquitectura vacía", lambda m, t, mp: models.build_sequential([]), ValueError, "vacía"),
    ("anchos como texto", lambda m, t, mp: models.build_sequential("64"), TypeError, "lista de anchos"),
    ("n_inputs cero", lambda m, t, mp: models.build_sequential([8], n_inputs=0), ValueError, "n_inputs"),
    ("sintaxis desconocida", lambda m, t, mp: models.build_sequential([8], syntax="dict"), ValueError, "syntax"),
    # architecture names
    ("arquitectura desconocida", lambda m, t, mp: models.build_architecture("huge"), ValueError, "huge"),
    ("arquitectura desconocida (anchos)", lambda m, t, mp: models.architecture_widths("Medium"), ValueError, "medium"),
    # compiling and training
    ("compilar algo que no es modelo", lambda m, t, mp: models.compile_classifier("modelo"), TypeError, "modelo de Keras"),
    ("épocas cero", lambda m, t, mp: training.train(m, *_xy(), epochs=0), ValueError, "epochs"),
    ("épocas negativas", lambda m, t, mp: training.train(m, *_xy(), epochs=-2), ValueError, "epochs"),
    ("épocas no enteras", lambda m, t, mp: training.train(m, *_xy(), epochs=2.0), TypeError, "epochs"),
    ("batch_size cero", lambda m, t, mp: training.train(m, *_xy(), epochs=1, batch_size=0), ValueError, "batch_size"),
    ("validation_split 1", lambda m, t, mp: training.train(m, *_xy(), epochs=1, validation_split=1.0), ValueError, "validation_split"),
    ("forma de entrada 28×28", lambda m, t, mp: training.train(m, *_xy(shape=(28, 28)), epochs=1), ValueError, "aplanalas"),
    ("forma de entrada 100 rasgos", lambda m, t, mp: training.train(m, *_xy(shape=(100,)), epochs=1), ValueError, "(784,)"),
    ("x e y de distinto largo", lambda m, t, mp: training.train(m, _xy()[0], _xy()[1][:-1], epochs=1), ValueError, "misma cantidad"),
    ("entrenar algo que no es modelo", lambda m, t, mp: training.train(None, *_xy(), epochs=1), TypeError, "modelo de Keras"),
    ("semilla negativa", lambda m, t, mp: training.set_seed(-1), ValueError, "semilla"),
    ("semilla texto", lambda m, t, mp: training.set_seed("42"), TypeError, "semilla"),
    # shapes outside training
    ("imagen sin eje de lote", lambda m, t, mp: data.prepare_images(np.zeros(784)), ValueError, "lote"),
    ("muestra sin aplanar", lambda m, t, mp: batching.ensure_batch(np.zeros((28, 28))), ValueError, "reshape(1, 784)"),
    ("etiquetas fuera de rango", lambda m, t, mp: data.class_counts(np.array([3, 10])), ValueError, "fuera de"),
    ("fracción de validación 1", lambda m, t, mp: splits.split_index(100, 1.0), ValueError, "entre 0 y 1"),
    # parameters
    ("Dense con 0 entradas", lambda m, t, mp: params.dense_params(0, 10), ValueError, "n_in"),
    ("MLP vacío", lambda m, t, mp: params.mlp_params([]), ValueError, "vacía"),
    # the data files
    ("FASHION_MNIST_DIR inexistente",
     lambda m, t, mp: (mp.setenv(data.ENV_VAR, str(t / "no-existe")), data.load_fashion_mnist()),
     ValueError, "no existe"),
    ("carpeta inexistente", lambda m, t, mp: data.load_fashion_mnist(t / "nada"), ValueError, "no existe"),
    ("archivo faltante", lambda m, t, mp: data.load_fashion_mnist(_missing_file_dir(t), verify=False), ValueError, "train-labels-idx1-ubyte"),
    ("archivo truncado", lambda m, t, mp: data.load_fashion_mnist(_corrupt_dir(t), verify=False), ValueError, "truncado"),
    ("suma SHA-256 distinta", lambda m, t, mp: data.load_fashion_mnist(_bad_checksum_dir(t)), ValueError, "SHA-256"),
    # formatting and console helpers
    ("formatear texto", lambda m, t, mp: formatting.fmt_pct("86"), TypeError, "número"),
    ("entero con decimales", lambda m, t, mp: formatting.fmt_int(3.5), ValueError, "entero"),
    ("terminal sin texto", lambda m, t, mp: console.render_terminal(b"\r"), TypeError, "texto"),
    ("repeticiones cero", lambda m, t, mp: timing.time_alternating({"a": lambda: None}, repeats=0), ValueError, "repeats"),
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
    for needed in ("ancho no entero", "ancho cero", "arquitectura vacía", "forma de entrada",
                   "arquitectura desconocida", "épocas cero", "archivo faltante",
                   "archivo truncado", "FASHION_MNIST_DIR inexistente"):
        assert needed in ids
    assert len(CASES) >= 10


def test_the_trap_catches_what_reaches_keras(model, keras_trap):
    """A call that passes every check does reach the trap (so the table can fail)."""
    with pytest.raises(KerasReached):
        models.build_sequential([8])
    with pytest.raises(KerasReached):
        training.train(model, *_xy(), epochs=1)


@pytest.mark.parametrize(
    "x, y, flat, fragment",
    [
        (np.zeros((3, 28, 28)), np.zeros(3), True, "aplanadas"),
        (np.zeros((3, 4)), np.zeros((3, 1)), True, "vector"),
        (np.zeros((3, 4)), np.zeros(2), True, "misma cantidad"),
        (np.zeros((0, 4)), np.zeros(0), True, "no hay muestras"),
        (np.zeros((0, 28, 28)), np.zeros(0), False, "no hay muestras"),
    ],
)
def test_check_xy_rejects_in_spanish(x, y, flat, fragment):
    from clase102.validation import check_xy

    with pytest.raises(ValueError, match=fragment):
        check_xy(x, y, "prueba", flat=flat)


def test_check_xy_accepts_and_returns_arrays():
    from clase102.validation import check_xy

    x, y = check_xy([[0.0, 1.0]], [3], "prueba")
    assert x.shape == (1, 2) and y.tolist() == [3]
    x, _ = check_xy(np.zeros((2, 28, 28)), [0, 1], "prueba", flat=False)
    assert x.shape == (2, 28, 28)
