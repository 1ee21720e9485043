"""Bad input is rejected in Spanish, with ValueError/TypeError, before Keras is reached.

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

from clase102 import capture, data, environment, formatting, plots, stats, timing
from helpers import write_verified_idx

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
    model.unbuilt = keras.Sequential([keras.layers.Dense(3)])  # no Input: Dense has no kernel yet
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


def _corrupt_dir(tmp_path, monkeypatch):
    """Four IDX files that the (patched) checksums verify; ``t10k-images`` then cut mid-gzip."""
    shapes = {"train-images-idx3-ubyte": (3, 28, 28), "train-labels-idx1-ubyte": 3,
              "t10k-images-idx3-ubyte": (2, 28, 28), "t10k-labels-idx1-ubyte": 2}
    write_verified_idx(tmp_path, {name: np.zeros(shape, np.uint8) for name, shape in shapes.items()}, monkeypatch)
    cut = tmp_path / "t10k-images-idx3-ubyte.gz"
    cut.write_bytes(cut.read_bytes()[:25])
    return tmp_path


def _missing_file_dir(tmp_path, monkeypatch):
    _corrupt_dir(tmp_path, monkeypatch)
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    return tmp_path


def _bad_checksum_dir(tmp_path, monkeypatch):
    """A valid gzip whose content is not the one its checksum names."""
    _corrupt_dir(tmp_path, monkeypatch)
    with gzip.open(tmp_path / "t10k-images-idx3-ubyte.gz", "wb") as fh:
        fh.write(b"\x00\x00\x08\x03" + b"\x00\x00\x00\x01" * 3 + b"\x00" * 784)
    return tmp_path


RUN = {"arquitectura": "tiny", "semilla": 0, "parametros": 100, "exactitud": 0.85, "segundos": 8.0}
TIMES = {"Variante": ["a", "a"], "Repetición": [1, 2], "Segundos": [0.1, 0.2]}
RAW = np.full((4, 28, 28), 200, np.uint8)


def _run(**change):
    return [dict(RUN, **change)]


def _times(**change):
    import pandas as pd

    return pd.DataFrame(dict(TIMES, **change))


# (id, call(model, tmp_path, monkeypatch), exception, Spanish regex the message must match)
# Every regex is written by hand: it names what is wrong in the reader's own terms.
CASES = [
    # --- data.prepare_images
    ("imagen sin eje de lote", lambda m, t, mp: data.prepare_images(np.zeros(784)), ValueError, r"lote de imágenes"),
    ("imágenes ya escaladas", lambda m, t, mp: data.prepare_images(RAW / 255.0), ValueError, r"parecen ya escaladas"),
    ("escalar dos veces", lambda m, t, mp: data.prepare_images(data.prepare_images(RAW)), ValueError, r"ya escaladas"),
    ("imágenes con NaN", lambda m, t, mp: data.prepare_images(np.where(RAW > 0, np.nan, 0.0)), ValueError, r"NaN o infinitos"),
    ("imágenes con infinito", lambda m, t, mp: data.prepare_images(np.full((2, 28, 28), np.inf)), ValueError, r"NaN o infinitos"),
    ("píxeles negativos", lambda m, t, mp: data.prepare_images(-RAW.astype(int)), ValueError, r"entre 0 y 255"),
    ("píxeles mayores que 255", lambda m, t, mp: data.prepare_images(RAW.astype(int) + 100), ValueError, r"entre 0 y 255"),
    ("imágenes de texto", lambda m, t, mp: data.prepare_images(np.full((2, 3), "a")), TypeError, r"deben ser números"),
    ("lote vacío", lambda m, t, mp: data.prepare_images(np.zeros((0, 28, 28), np.uint8)), ValueError, r"No hay imágenes"),
    # --- data.split_validation
    ("x e y de distinto largo", lambda m, t, mp: data.split_validation(_xy()[0], _xy()[1][:-1]), ValueError, r"misma cantidad"),
    ("validación sin entrenamiento", lambda m, t, mp: data.split_validation(*_xy(), n_valid=20), ValueError, r"no quedaría nada"),
    ("validación de cero", lambda m, t, mp: data.split_validation(*_xy(), n_valid=0), ValueError, r"«n_valid» debe ser un entero positivo"),
    ("validación con decimales", lambda m, t, mp: data.split_validation(*_xy(), n_valid=2.5), TypeError, r"«n_valid» debe ser un entero"),
    ("etiquetas one-hot", lambda m, t, mp: data.split_validation(_xy()[0], np.eye(10)[_xy()[1]]), ValueError, r"one-hot"),
    ("x con NaN", lambda m, t, mp: data.split_validation(np.full((20, 784), np.nan), _xy()[1], n_valid=5), ValueError, r"NaN"),
    # --- data.stratified_subset
    ("x más largo que y", lambda m, t, mp: data.stratified_subset(_xy(30)[0], _xy(20)[1], 1), ValueError, r"30 muestras y 20 etiquetas"),
    ("subconjunto de cero por clase", lambda m, t, mp: data.stratified_subset(*_xy(), 0), ValueError, r"«n_per_class» debe ser un entero positivo"),
    ("subconjunto negativo", lambda m, t, mp: data.stratified_subset(*_xy(), -3), ValueError, r"«n_per_class».*recibí -3"),
    ("más por clase que los que hay", lambda m, t, mp: data.stratified_subset(*_xy(), 3), ValueError, r"tiene 2 ejemplos, menos que los 3"),
    ("etiquetas fuera de 0–9", lambda m, t, mp: data.stratified_subset(_xy(2)[0], [3, 10], 1), ValueError, r"fuera de 0\.\.9"),
    ("etiquetas negativas", lambda m, t, mp: data.stratified_subset(_xy(2)[0], [-1, 3], 1), ValueError, r"fuera de 0\.\.9.*mínimo -1"),
    ("etiquetas con decimales (no truncar)", lambda m, t, mp: data.stratified_subset(_xy(2)[0], [2.7, 3.2], 1), TypeError, r"deben ser enteros"),
    ("etiquetas de texto", lambda m, t, mp: data.stratified_subset(_xy(2)[0], ["a", "b"], 1), TypeError, r"deben ser enteros"),
    ("semilla negativa", lambda m, t, mp: data.stratified_subset(*_xy(), 1, seed=-1), ValueError, r"«seed» debe ser un entero ≥ 0"),
    ("semilla de texto", lambda m, t, mp: data.stratified_subset(*_xy(), 1, seed="cero"), TypeError, r"«seed» debe ser un entero"),
    # --- data.load_fashion_mnist
    ("FASHION_MNIST_DIR inexistente",
     lambda m, t, mp: (mp.setenv(data.ENV_VAR, str(t / "no-existe")), data.load_fashion_mnist()),
     ValueError, r"no existe"),
    ("carpeta inexistente", lambda m, t, mp: data.load_fashion_mnist(t / "nada"), ValueError, r"no existe"),
    ("carpeta que no es ruta", lambda m, t, mp: data.load_fashion_mnist(42), TypeError, r"«data_dir» debe ser una ruta"),
    ("archivo faltante", lambda m, t, mp: data.load_fashion_mnist(_missing_file_dir(t, mp)), ValueError, r"Falta el archivo train-labels-idx1-ubyte"),
    ("archivo truncado", lambda m, t, mp: data.load_fashion_mnist(_corrupt_dir(t, mp)), ValueError, r"^No se pudo leer t10k-images.*truncado"),
    ("suma SHA-256 distinta", lambda m, t, mp: data.load_fashion_mnist(_bad_checksum_dir(t, mp)), ValueError, r"SHA-256"),
    # --- plots
    ("grilla de imágenes con cero filas", lambda m, t, mp: plots.plot_samples(*_xy(), n_rows=0), ValueError, r"«n_rows»"),
    ("grilla más grande que las imágenes", lambda m, t, mp: plots.plot_samples(*_xy(4), 2, 3), ValueError, r"necesita 6"),
    ("muestras con etiqueta 10", lambda m, t, mp: plots.plot_samples(_xy(2)[0], [0, 10], 1, 2), ValueError, r"fuera de 0\.\.9"),
    ("balance con decimales", lambda m, t, mp: plots.plot_class_balance(np.array([0.5])), TypeError, r"deben ser enteros"),
    ("balance sin etiquetas", lambda m, t, mp: plots.plot_class_balance([]), ValueError, r"No hay etiquetas"),
    ("figura con exactitud NaN", lambda m, t, mp: plots.plot_accuracy_vs_time(_run(exactitud=float("nan"))), ValueError, r"número finito"),
    # --- stats
    ("una corrida sin lista", lambda m, t, mp: stats.summarize(RUN), TypeError, r"ponela entre corchetes"),
    ("corrida incompleta", lambda m, t, mp: stats.summary_table([{"arquitectura": "tiny", "semilla": 0, "exactitud": 0.8}]), ValueError, r"le falta: segundos"),
    ("exactitud en porcentaje", lambda m, t, mp: stats.runs_table(_run(exactitud=86.7)), ValueError, r"fracción, no un %.*entre 0 y 1"),
    ("exactitud como texto", lambda m, t, mp: stats.summarize(_run(exactitud="0,87")), TypeError, r"Se esperaba un número"),
    ("segundos negativos", lambda m, t, mp: stats.summarize(_run(segundos=-1.0)), ValueError, r"≥ 0"),
    ("parámetros con decimales", lambda m, t, mp: stats.summarize(_run(parametros=1.5)), TypeError, r"«parametros de la corrida 1»"),
    # --- formatting
    ("formatear texto", lambda m, t, mp: formatting.fmt_pct("86"), TypeError, r"Se esperaba un número"),
    ("entero con decimales", lambda m, t, mp: formatting.fmt_int(3.5), ValueError, r"Se esperaba un entero"),
    ("entero infinito", lambda m, t, mp: formatting.fmt_int(float("inf")), ValueError, r"número finito"),
    ("entero NaN", lambda m, t, mp: formatting.fmt_int(np.float64("nan")), ValueError, r"número finito"),
    ("porcentaje NaN", lambda m, t, mp: formatting.fmt_pct(float("nan")), ValueError, r"número finito"),
    ("decimal infinito", lambda m, t, mp: formatting.fmt_dec(-np.inf), ValueError, r"número finito"),
    ("decimales negativos", lambda m, t, mp: formatting.fmt_dec(0.5, digits=-1), ValueError, r"«digits» debe ser un entero ≥ 0"),
    ("glue de None", lambda m, t, mp: formatting.glue_text("x", None), TypeError, r"recibí None"),
    ("glue de un decimal sin formato", lambda m, t, mp: formatting.glue_text("x", 0.8668), TypeError, r"formatealo antes con fmt_dec"),
    ("glue con nombre vacío", lambda m, t, mp: formatting.glue_text("", "hola"), ValueError, r"nombre del glue"),
    # --- capture
    ("terminal sin texto", lambda m, t, mp: capture.render_terminal(b"\r"), TypeError, r"Se esperaba texto"),
    ("capturar algo que no es función", lambda m, t, mp: capture.catch_error(np.zeros(3)), TypeError, r"Se esperaba una función"),
    ("avisos de algo que no es función", lambda m, t, mp: capture.capture_warnings("fit"), TypeError, r"Se esperaba una función"),
    ("notas de algo que no es función", lambda m, t, mp: capture.capture_notices(None), TypeError, r"Se esperaba una función"),
    ("texto de algo que no es excepción", lambda m, t, mp: capture.error_text("falló"), TypeError, r"Se esperaba una excepción"),
    ("resumen de algo que no es modelo", lambda m, t, mp: capture.summary_text([1, 2]), TypeError, r"Se esperaba un modelo de Keras"),
    # --- timing
    ("repeticiones cero", lambda m, t, mp: timing.time_alternating({"a": lambda: None}, repeats=0), ValueError, r"«repeats»"),
    ("calentamiento negativo", lambda m, t, mp: timing.time_alternating({"a": lambda: None}, warmup=-1), ValueError, r"«warmup» debe ser un entero ≥ 0"),
    ("variantes en una lista", lambda m, t, mp: timing.time_alternating([lambda: None]), TypeError, r"diccionario no vacío"),
    ("variantes vacías", lambda m, t, mp: timing.time_alternating({}), TypeError, r"diccionario no vacío.*vacío"),
    ("variante que no es función", lambda m, t, mp: timing.time_alternating({"a": 3}), TypeError, r"Se esperaba una función en «funcs\['a'\]»"),
    ("tiempos sin columnas", lambda m, t, mp: timing.summarize_timings(_times().drop(columns="Segundos")), ValueError, r"le faltan las columnas 'Segundos'"),
    ("tiempos NaN", lambda m, t, mp: timing.summarize_timings(_times(Segundos=[0.1, float("nan")])), ValueError, r"números finitos"),
    ("tabla que no es tabla", lambda m, t, mp: timing.display_table({"a": 1}), TypeError, r"tabla de pandas"),
    ("índice que no es columna", lambda m, t, mp: timing.display_table(_times(), index="batch"), ValueError, r"le faltan las columnas 'batch'"),
    ("comparar sin resumen", lambda m, t, mp: timing.compare_variants(_times(), "a", "b"), ValueError, r"le faltan las columnas"),
    ("FLOP de cero muestras", lambda m, t, mp: timing.dense_training_flops(m, 0), ValueError, r"«n_samples»"),
    ("FLOP sin modelo", lambda m, t, mp: timing.dense_training_flops(None, 10), TypeError, r"modelo de Keras"),
    ("FLOP de un modelo sin construir", lambda m, t, mp: timing.dense_training_flops(m.unbuilt, 10), ValueError, r"no tiene capas Dense construidas"),
    # --- environment
    ("CPU con ruta que no es ruta", lambda m, t, mp: environment.cpu_info(path=3), TypeError, r"«path» debe ser una ruta"),
    ("nota de máquina con ruta None", lambda m, t, mp: environment.machine_note(path=None), TypeError, r"«path» debe ser una ruta"),
]


@pytest.mark.parametrize("call, exc, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_rejected_in_spanish_before_keras(call, exc, words, model, tmp_path, monkeypatch, keras_trap):
    with pytest.raises(exc) as info:
        call(model, tmp_path, monkeypatch)
    assert type(info.value) is exc or issubclass(type(info.value), data.DatasetError), type(info.value)
    message = str(info.value)
    assert re.search(words, message), message
    assert SPANISH.search(message) and not ENGLISH.search(message), f"¿en español?: {message}"
    assert info.value.__cause__ is None or not isinstance(info.value.__cause__, KerasReached)


def test_the_table_covers_the_issue_list():
    ids = " ".join(c[0] for c in CASES)
    for needed in ("etiquetas fuera de 0–9", "x e y de distinto largo", "archivo faltante",
                   "archivo truncado", "FASHION_MNIST_DIR inexistente", "imágenes ya escaladas",
                   "etiquetas con decimales (no truncar)", "porcentaje NaN", "entero infinito",
                   "x más largo que y", "más por clase que los que hay", "etiquetas negativas"):
        assert needed in ids
    assert len(CASES) >= 40
    assert len(set(c[0] for c in CASES)) == len(CASES)


def test_the_trap_catches_what_reaches_keras(model, keras_trap):
    """A call that passes every check does reach the trap (so the table can fail)."""
    with pytest.raises(KerasReached):
        keras.Input((784,))
    with pytest.raises(KerasReached):
        model.fit(*_xy(), epochs=1)


@pytest.mark.parametrize("module, helper, case", [
    (data, "check_images", "imágenes con NaN"),
    (formatting, "check_number", "porcentaje NaN"),
    (data, "check_labels", "etiquetas con decimales (no truncar)"),
])
def test_the_table_fails_if_a_check_is_removed(module, helper, case, model, tmp_path, monkeypatch):
    """Replace one shared check by a no-op: its row of the table stops passing."""
    monkeypatch.setattr(module, helper, lambda value, *a, **k: value if helper == "check_number" else np.asarray(value))
    _, call, exc, words = next(c for c in CASES if c[0] == case)
    try:
        call(model, tmp_path, monkeypatch)
    except exc as err:
        assert not re.search(words, str(err)), "la fila pasa aun sin el chequeo"
