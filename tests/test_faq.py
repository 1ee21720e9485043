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


def set_seed(seed):
    keras.utils.set_random_seed(seed)


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


def _glued(page: str) -> dict:
    """Values a built page glued (myst-nb stores the repr of each string)."""
    import ast
    import json

    from conftest import BUILD

    raw = json.loads((BUILD / "jupyter_execute" / f"{page}.glue.json").read_text())
    return {k: ast.literal_eval(v["data"]["text/plain"]) for k, v in raw.items()}


# --- "¿Cómo entrenar más rápido en CPU?" (steps_per_execution) ---------------------------


class CountBatches(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.calls = 0

    def on_train_batch_end(self, batch, logs=None):
        self.calls += 1


def _tiny(**compile_kwargs):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  **compile_kwargs)
    return model


def test_steps_per_execution_same_numbers_fewer_batch_callbacks():
    rng = np.random.default_rng(0)
    x, y = rng.random((250, 8), dtype=np.float32), np.arange(250) % 3  # 125 steps of 2
    results = {}
    for spe in (1, 50):
        counter = CountBatches()
        history = _tiny(steps_per_execution=spe).fit(
            x, y, epochs=2, batch_size=2, validation_data=(x[:20], y[:20]), verbose=0, callbacks=[counter]
        )
        results[spe] = (history.history, counter.calls)
    assert results[1][0] == results[50][0]  # identical losses and accuracies, bit for bit
    assert results[1][1] == 2 * 125  # once per step
    assert results[50][1] == 2 * 3  # once per block of 50 steps: ceil(125 / 50) = 3 per epoch


def test_dense_training_flops_of_the_medium_mlp():
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(256), keras.layers.Dense(128),
                              keras.layers.Dense(10)])
    # 6 FLOP per kernel weight and sample: 6 · (784·256 + 256·128 + 128·10) · 60.000
    assert timing.dense_training_flops(model, 60_000) == 84_510_720_000
    assert timing.dense_training_flops(model, 1) == 6 * 234_752
    with pytest.raises(ValueError, match="n_samples"):
        timing.dense_training_flops(model, 0)
    with pytest.raises(TypeError, match="modelo de Keras"):
        timing.dense_training_flops("modelo", 10)
    with pytest.raises(ValueError, match="Dense"):
        timing.dense_training_flops(keras.Sequential([keras.Input((3,)), keras.layers.Flatten()]), 10)


def test_cpu_info_reads_proc_cpuinfo_and_falls_back(tmp_path):
    fake = tmp_path / "cpuinfo"
    fake.write_text(
        "processor\t: 0\nmodel name\t: CPU de prueba\ncpu MHz\t\t: 2100.000\n\n"
        "processor\t: 1\nmodel name\t: CPU de prueba\ncpu MHz\t\t: 1800.000\n"
    )
    info = timing.cpu_info(fake)
    assert info["model"] == "CPU de prueba" and info["mhz"] == 2100.0 and info["cores"] >= 1
    missing = timing.cpu_info(tmp_path / "no_existe")
    assert missing["mhz"] is None and isinstance(missing["model"], str) and missing["model"]


def test_machine_description_names_cpu_cores_and_versions(tmp_path):
    import os

    fake = tmp_path / "cpuinfo"
    fake.write_text("model name\t: CPU de prueba\n")
    text = timing.machine_description(fake)
    assert text.startswith(f"CPU de prueba, {os.cpu_count()} núcleos, ")
    assert f"Keras {keras.__version__}" in text and "TensorFlow" in text


def _summary(ranges):
    rows = []
    for name, values in ranges.items():
        rows += [{"Variante": name, "Repetición": i + 1, "Segundos": v} for i, v in enumerate(values)]
    return timing.summarize_timings(pd.DataFrame(rows))


@pytest.mark.parametrize(
    "baseline, candidate, verdict, ratio",
    [
        ([2.0, 2.2, 2.4], [1.0, 1.1, 1.2], "más rápido", 2.0),
        ([2.0, 2.2, 2.4], [2.1, 2.2, 2.5], "no concluyente", 1.0),
        ([1.0, 1.1, 1.2], [2.0, 2.2, 2.4], "más lento", 0.5),
    ],
)
def test_compare_variants_says_only_what_the_ranges_allow(baseline, candidate, verdict, ratio):
    result = timing.compare_variants(_summary({"a": baseline, "b": candidate}), "a", "b")
    assert result == {"verdict": verdict, "ratio": pytest.approx(ratio)}


def test_compare_variants_checks_its_input():
    with pytest.raises(TypeError, match="summarize_timings"):
        timing.compare_variants(pd.DataFrame({"x": [1]}), "a", "b")
    with pytest.raises(ValueError, match="variante «c»"):
        timing.compare_variants(_summary({"a": [1.0], "b": [2.0]}), "a", "c")


# --- the built page (book/faq.md) ---------------------------------------------------------


@pytest.mark.book
def test_faq_speed_answer_is_glued_from_its_run():
    values = _glued("book/faq")
    assert values["faq_pasos"] == "625"  # 20.000 images in batches of 32
    assert values["faq_llamadas_50"] == "13"  # ceil(625 / 50)
    assert values["faq_flop"] == "8,5·10¹⁰"  # 84.510.720.000, computed by hand above
    assert values["faq_vel_veredicto"].startswith(
        ("steps_per_execution=50 fue más rápido en todas", "los rangos de las repeticiones se superponen",
         "steps_per_execution=50 fue más lento")
    )
    assert "núcleos" in values["faq_maquina"]


@pytest.mark.book
def test_faq_batch_size_experiment_measures_on_validation():
    from conftest import ROOT

    source = (ROOT / "book/faq.md").read_text()
    assert "x_test" not in source and "y_test" not in source
    assert "modelo.evaluate(x_valid, y_valid, verbose=0)" in source
    values = _glued("book/faq")
    assert values["faq_upd16"] == "625" and values["faq_upd512"] == "20"  # 10.000 / 16, ceil(10.000 / 512)
