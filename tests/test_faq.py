"""The FAQ's checkable claims (book/faq.md), and unit tests of ``timing`` and ``topology``."""

import time
import warnings

import keras
import numpy as np
import pandas as pd
import pytest

from clase102 import models, timing, topology
from clase102.console import capture_warnings
from clase102.params import same_architecture
from clase102.training import set_seed


def skip_model(n_inputs=8, width=6, n_classes=3):
    """The FAQ's skip connection: Input → Dense → Dense → Add(h1, h2) → Dense."""
    inputs = keras.Input((n_inputs,))
    h1 = keras.layers.Dense(width, activation="relu")(inputs)
    h2 = keras.layers.Dense(width, activation="relu")(h1)
    added = keras.layers.Add()([h1, h2])
    outputs = keras.layers.Dense(n_classes, activation="softmax")(added)
    return keras.Model(inputs, outputs)


# --- "¿Es más lento Sequential que Functional?" ------------------------------------------


def test_sequential_and_functional_are_the_same_model():
    set_seed(0)
    seq = models.build_sequential([16, 8], n_inputs=12, n_classes=4)
    fun = models.build_functional([16, 8], n_inputs=12, n_classes=4)
    assert seq.count_params() == fun.count_params()
    assert topology.layer_signature(seq) == topology.layer_signature(fun)
    assert topology.layer_signature(seq) == [
        ("Dense", (None, 16), 12 * 16 + 16),
        ("Dense", (None, 8), 16 * 8 + 8),
        ("Dense", (None, 4), 8 * 4 + 4),
    ]
    assert topology.layer_signature(seq) != topology.layer_signature(
        models.build_functional([16, 9], n_inputs=12, n_classes=4)
    )
    fun.set_weights(seq.get_weights())
    x = np.random.default_rng(0).random((50, 12), dtype=np.float32)
    assert np.array_equal(seq.predict(x, verbose=0), fun.predict(x, verbose=0))  # bit for bit
    assert type(seq._functional).__name__ == "Functional"  # the internal detail the page shows


def test_page_models_have_the_stated_parameter_count():
    assert models.build_sequential([128, 64]).count_params() == 109_386
    assert models.build_functional([128, 64]).count_params() == 109_386


# --- "¿Por qué Input separado y no input_shape=?" ----------------------------------------


def test_input_shape_warns_and_builds_the_same_architecture():
    with_input, quiet = capture_warnings(
        lambda: keras.Sequential([keras.Input((784,)), keras.layers.Dense(128), keras.layers.Dense(10)])
    )
    with_arg, messages = capture_warnings(
        lambda: keras.Sequential([keras.layers.Dense(128, input_shape=(784,)), keras.layers.Dense(10)])
    )
    assert same_architecture(with_input, with_arg)
    assert not [m for m in quiet if m.startswith("UserWarning")]
    assert any(m.startswith("UserWarning") and "input_shape" in m for m in messages)


# --- "¿Cuándo Sequential no alcanza?" -----------------------------------------------------


def test_skip_connection_is_not_a_linear_stack():
    model = skip_model()
    inbound = topology.inbound_layers(model)
    merge = [name for name, sources in inbound.items() if len(sources) == 2]
    assert len(merge) == 1 and type(model.get_layer(merge[0])).__name__ == "Add"
    assert not topology.is_linear_stack(model)
    assert topology.is_linear_stack(models.build_sequential([6, 6], n_inputs=8, n_classes=3))
    assert topology.is_linear_stack(models.build_functional([6, 6], n_inputs=8, n_classes=3))


def test_sequential_cannot_express_the_skip_connection():
    with pytest.raises(ValueError, match="A merge layer should be called on a list of inputs"):
        keras.Sequential(
            [keras.Input((8,)), keras.layers.Dense(6), keras.layers.Dense(6), keras.layers.Add()]
        )


def test_is_linear_stack_detects_a_layer_feeding_two_others():
    inputs = keras.Input((4,))
    h = keras.layers.Dense(3)(inputs)
    a = keras.layers.Dense(2, name="rama_a")(h)
    b = keras.layers.Dense(2, name="rama_b")(h)
    model = keras.Model(inputs, [a, b])  # two outputs, no merge: still not a chain
    assert all(len(s) <= 1 for s in topology.inbound_layers(model).values())
    assert not topology.is_linear_stack(model)


def test_connection_table_lists_both_sources_of_add():
    model = skip_model()
    table = topology.connection_table(model)
    assert list(table.columns) == ["Capa", "Tipo", "Recibe de"]
    row = table[table["Tipo"] == "Add"].iloc[0]
    assert row["Recibe de"].count(",") == 1
    assert table["Recibe de"].iloc[0] == "—"  # the input layer receives nothing
    seq = topology.connection_table(models.build_sequential([4], n_inputs=3, n_classes=2))
    assert seq["Recibe de"].tolist()[0] == "input"


def test_layer_signature_checks_its_input():
    with pytest.raises(TypeError, match="modelo de Keras"):
        topology.layer_signature("modelo")
    with pytest.raises(ValueError, match="construido"):
        topology.layer_signature(keras.Sequential([keras.layers.Dense(2)]))


def test_topology_rejects_non_models_and_subclassed_models():
    with pytest.raises(TypeError, match="modelo de Keras"):
        topology.inbound_layers([1, 2])

    class Sub(keras.Model):
        def __init__(self):
            super().__init__()
            self.d = keras.layers.Dense(2)

        def call(self, x):
            return self.d(x)

    sub = Sub()
    sub(np.zeros((1, 3), dtype="float32"))
    with pytest.raises(ValueError, match="subclaseados"):
        topology.inbound_layers(sub)


# --- timing ------------------------------------------------------------------------------


def test_time_alternating_alternates_and_measures():
    calls = []
    funcs = {
        "rápida": lambda: calls.append("r"),
        "lenta": lambda: (calls.append("l"), time.sleep(0.01)),
    }
    df = timing.time_alternating(funcs, repeats=4, warmup=1)
    assert list(df.columns) == timing.TIMING_COLUMNS
    assert len(df) == 8
    assert calls == ["r", "l", "r", "l", "l", "r", "r", "l", "l", "r"]  # warm-up, then A B, B A, …
    summary = timing.summarize_timings(df)
    assert list(summary.columns) == timing.SUMMARY_COLUMNS
    assert summary["Variante"].tolist() == ["rápida", "lenta"]
    assert (summary["Repeticiones"] == 4).all()
    slow = summary.set_index("Variante").loc["lenta"]
    assert slow["Mediana (s)"] >= 0.009
    assert slow["Mínimo (s)"] <= slow["Mediana (s)"] <= slow["Máximo (s)"]
    assert summary.set_index("Variante").loc["rápida", "Mediana (s)"] < slow["Mediana (s)"]


def test_summarize_timings_spread_is_range_over_median():
    df = pd.DataFrame(
        {"Variante": ["a"] * 3, "Repetición": [1, 2, 3], "Segundos": [1.0, 2.0, 4.0]}
    )
    row = timing.summarize_timings(df).iloc[0]
    assert row["Mediana (s)"] == 2.0 and row["Dispersión (%)"] == pytest.approx(150.0)


@pytest.mark.parametrize(
    "funcs, kwargs, exc, fragment",
    [
        ({}, {}, TypeError, "diccionario"),
        ([print], {}, TypeError, "diccionario"),
        ({"a": 3}, {}, TypeError, "no es una función"),
        ({1: print}, {}, TypeError, "texto"),
        ({"a": print}, {"repeats": 0}, ValueError, "repeats"),
        ({"a": print}, {"warmup": -1}, ValueError, "warmup"),
    ],
)
def test_time_alternating_checks_its_arguments(funcs, kwargs, exc, fragment):
    with pytest.raises(exc, match=fragment):
        timing.time_alternating(funcs, **kwargs)


def test_summarize_timings_checks_its_input():
    with pytest.raises(TypeError, match="time_alternating"):
        timing.summarize_timings(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="vacía"):
        timing.summarize_timings(pd.DataFrame(columns=timing.TIMING_COLUMNS))


def test_compare_batch_sizes_table_and_reproducibility(tiny_xy):
    x, y = tiny_xy
    table = timing.compare_batch_sizes(x[:80], y[:80], x[80:], y[80:], [8, 40], widths=(4,), epochs=2)
    again = timing.compare_batch_sizes(x[:80], y[:80], x[80:], y[80:], [40], widths=(4,), epochs=2)
    assert again["Exactitud de evaluación"].iloc[0] == table["Exactitud de evaluación"].iloc[1]
    assert list(table.columns) == timing.BATCH_COLUMNS
    assert table["batch_size"].tolist() == [8, 40]
    assert table["Actualizaciones por época"].tolist() == [10, 2]
    assert (table[["1.ª época (s)", "Época siguiente (s)"]] > 0).all().all()
    for column in ["Exactitud de entrenamiento", "Exactitud de evaluación"]:
        assert table[column].between(0, 1).all()


@pytest.mark.parametrize(
    "args, kwargs, exc, fragment",
    [
        ((np.zeros((4, 3, 3)), np.zeros(4)), {}, ValueError, "matriz"),
        ((np.zeros((4, 3)), np.zeros(5)), {}, ValueError, "una etiqueta por muestra"),
        ((np.zeros((0, 3)), np.zeros(0)), {}, ValueError, "no hay muestras"),
    ],
)
def test_compare_batch_sizes_checks_its_data(args, kwargs, exc, fragment):
    ok = (np.zeros((4, 3), dtype="float32"), np.zeros(4, dtype=int))
    with pytest.raises(exc, match=fragment):
        timing.compare_batch_sizes(*args, *ok, [2])
    with pytest.raises(exc, match=fragment):
        timing.compare_batch_sizes(*ok, *args, [2])


def test_compare_batch_sizes_checks_sizes_and_shapes():
    x, y = np.zeros((4, 3), dtype="float32"), np.zeros(4, dtype=int)
    with pytest.raises(TypeError, match="batch_sizes"):
        timing.compare_batch_sizes(x, y, x, y, 32)
    with pytest.raises(TypeError, match="batch_sizes"):
        timing.compare_batch_sizes(x, y, x, y, [])
    with pytest.raises(ValueError, match="batch_size"):
        timing.compare_batch_sizes(x, y, x, y, [0])
    with pytest.raises(ValueError, match="atributos"):
        timing.compare_batch_sizes(x, y, np.zeros((4, 5)), y, [2])


def test_display_table_formats_in_spanish():
    summary = pd.DataFrame(
        {"Variante": ["a"], "Mediana (s)": [0.2154], "Dispersión (%)": [37.6], "Repeticiones": [15]}
    )
    view = timing.display_table(summary, index="Variante")
    assert view.index.tolist() == ["a"]
    assert view.loc["a"].tolist() == ["0,215", "38", "15"]
    batches = pd.DataFrame(
        {"batch_size": [16], "Actualizaciones por época": [1250], "Exactitud de evaluación": [0.8531]}
    )
    view = timing.display_table(batches)
    assert view.iloc[0].tolist() == ["16", "1.250", "85,3 %"]  # no index: every column formatted
    assert batches["Exactitud de evaluación"].iloc[0] == 0.8531  # the input is not modified
    with pytest.raises(TypeError, match="pandas"):
        timing.display_table([1, 2])
    with pytest.raises(ValueError, match="columna"):
        timing.display_table(batches, index="Variante")


def test_epoch_timer_records_one_time_per_epoch(tiny_xy):
    x, y = tiny_xy
    model = models.compile_classifier(models.build_sequential([4], n_inputs=784))
    timer = timing.EpochTimer()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(x, y, epochs=3, batch_size=50, verbose=0, callbacks=[timer])
    assert len(timer.seconds) == 3 and all(s > 0 for s in timer.seconds)
