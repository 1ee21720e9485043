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
