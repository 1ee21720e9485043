"""clase102.timing: alternating repetitions, their summary, the Spanish table and the verdict."""

import time

import keras
import pandas as pd
import pytest

from clase102 import timing


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


def test_dense_training_flops_of_the_medium_mlp():
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(256), keras.layers.Dense(128),
                              keras.layers.Dense(10)])
    # 6 FLOP per kernel weight and sample: 6 · (784·256 + 256·128 + 128·10) · 60.000
    assert timing.dense_training_flops(model, 60_000) == 84_510_720_000
    assert timing.dense_training_flops(model, 1) == 6 * 234_752
    with pytest.raises(ValueError, match="Dense"):
        timing.dense_training_flops(keras.Sequential([keras.Input((3,)), keras.layers.Flatten()]), 10)


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


def test_compare_variants_names_an_unknown_variant():
    with pytest.raises(ValueError, match="variante «c»"):
        timing.compare_variants(_summary({"a": [1.0], "b": [2.0]}), "a", "c")


# --- sharper cases ---------------------------------------------------------------


def test_time_alternating_rows_come_from_the_clock_in_alternating_order(monkeypatch):
    ticks = iter([0.0, 1.0, 10.0, 12.0, 20.0, 23.5, 30.0, 34.0])  # start, end of each measurement
    monkeypatch.setattr(timing.time, "perf_counter", lambda: next(ticks))
    calls = []
    df = timing.time_alternating({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, repeats=2, warmup=0)
    assert calls == ["a", "b", "b", "a"]  # no warm-up call
    assert df.to_dict("list") == {"Variante": ["a", "b", "b", "a"], "Repetición": [1, 1, 2, 2],
                                  "Segundos": [1.0, 2.0, 3.5, 4.0]}


def test_time_alternating_defaults_are_one_warmup_and_seven_repeats():
    calls = []
    df = timing.time_alternating({"x": lambda: calls.append(1)})
    assert len(calls) == 8 and df["Repetición"].tolist() == [1, 2, 3, 4, 5, 6, 7]


def test_time_alternating_rejects_what_is_not_a_dict_of_functions():
    with pytest.raises(TypeError, match=r"^«funcs» debe ser un diccionario no vacío \{nombre: función\}; recibí list\.$"):
        timing.time_alternating([print])
    with pytest.raises(TypeError, match=r"; recibí dict vacío\.$"):
        timing.time_alternating({})
    with pytest.raises(TypeError, match=r"funcs\['b'\]"):
        timing.time_alternating({"a": print, "b": 3})
    with pytest.raises(ValueError, match="warmup"):
        timing.time_alternating({"a": print}, warmup=-1)


def _timings(rows):
    return pd.DataFrame(rows, columns=timing.TIMING_COLUMNS)


def test_summarize_timings_by_hand_in_order_of_appearance():
    df = _timings([("z", 1, 3.0), ("a", 1, 1.0), ("z", 2, 1.0), ("a", 2, 1.0), ("z", 3, 2.0), ("a", 3, 1.0)])
    got = timing.summarize_timings(df).to_dict("list")
    assert got == {"Variante": ["z", "a"], "Mediana (s)": [2.0, 1.0], "Mínimo (s)": [1.0, 1.0],
                   "Máximo (s)": [3.0, 1.0], "Dispersión (%)": [100.0, 0.0], "Repeticiones": [3, 3]}
    zero = timing.summarize_timings(_timings([("c", 1, 0.0), ("c", 2, 0.0)])).iloc[0]
    assert zero["Dispersión (%)"] == 0.0  # a zero median: no division by zero


@pytest.mark.parametrize("seconds", [[], [1.0, float("nan")], [1.0, -0.5], [1.0, "rápido"], [float("inf")]])
def test_summarize_timings_rejects_empty_or_non_finite_or_negative(seconds):
    df = _timings([("a", i + 1, s) for i, s in enumerate(seconds)])
    with pytest.raises(ValueError, match=r"^«timings» debe tener al menos una medición, y sus «Segundos», números finitos ≥ 0\.$"):
        timing.summarize_timings(df)


def test_display_table_leaves_other_columns_and_needs_its_index():
    table = pd.DataFrame({"Variante": ["a", "b"], "Dispersión (%)": [0.4, 12.6], "Nota": [1.5, 2.25],
                          "Lotes": [1000, 2_000_000], "Exactitud": [0.5, 1.0]})
    view = timing.display_table(table)
    assert view.to_dict("list") == {"Variante": ["a", "b"], "Dispersión (%)": ["0", "13"], "Nota": [1.5, 2.25],
                                    "Lotes": ["1.000", "2.000.000"], "Exactitud": ["50,0 %", "100,0 %"]}
    indexed = timing.display_table(pd.DataFrame({"Repeticiones": [7], "Mediana (s)": [1.0]}), index="Repeticiones")
    assert indexed.index.tolist() == [7] and indexed["Mediana (s)"].tolist() == ["1,000"]
    with pytest.raises(ValueError, match="Variante"):
        timing.display_table(pd.DataFrame({"a": [1]}), index="Variante")


def test_dense_training_flops_rejects_unbuilt_models_and_non_models():
    with pytest.raises(ValueError, match=r"^El modelo no tiene capas Dense construidas \(¿falta keras\.Input\?\)\.$"):
        timing.dense_training_flops(keras.Sequential([keras.layers.Dense(3)]), 10)
    with pytest.raises(TypeError, match=r"^Se esperaba un modelo de Keras en «model»; recibí str\.$"):
        timing.dense_training_flops("modelo", 10)
    with pytest.raises(ValueError, match="n_samples"):
        timing.dense_training_flops(keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)]), 0)
    # a Flatten in between counts nothing; 2·3 kernel weights · 6 FLOP · 5 samples
    model = keras.Sequential([keras.Input((1, 2)), keras.layers.Flatten(), keras.layers.Dense(3)])
    assert timing.dense_training_flops(model, 5) == 180


@pytest.mark.parametrize("baseline, candidate", [([2.0, 3.0], [1.0, 2.0]), ([1.0, 2.0], [2.0, 3.0])])
def test_compare_variants_touching_ranges_are_not_conclusive(baseline, candidate):
    result = timing.compare_variants(_summary({"a": baseline, "b": candidate}), "a", "b")
    assert result["verdict"] == "no concluyente"


def test_compare_variants_lists_the_variants_it_has():
    with pytest.raises(ValueError, match=r"^La tabla no tiene la variante «c»; tiene: a, b\.$"):
        timing.compare_variants(_summary({"a": [1.0], "b": [2.0]}), "c", "a")


def test_each_function_names_its_own_table_argument():
    for call, name in ((lambda: timing.summarize_timings([1.0]), "timings"),
                       (lambda: timing.display_table("tabla"), "table"),
                       (lambda: timing.compare_variants(pd.DataFrame({"Variante": ["a"]}), "a", "a"), "summary")):
        with pytest.raises((TypeError, ValueError), match=f"«{name}»"):
            call()


def test_summarize_timings_spread_below_one_second_and_seconds_stored_as_text():
    got = timing.summarize_timings(_timings([("a", 1, 0.5), ("a", 2, 1.0), ("a", 3, 0.25)])).iloc[0]
    assert got["Mediana (s)"] == 0.5 and got["Dispersión (%)"] == pytest.approx(150.0)  # (1 − 0,25) / 0,5
    text = timing.summarize_timings(_timings([("a", 1, "1.5"), ("a", 2, "2.5")])).iloc[0]  # e.g. read from a CSV
    assert (text["Mediana (s)"], text["Mínimo (s)"], text["Máximo (s)"]) == (2.0, 1.5, 2.5)
