"""clase102.stats: the homework's statistics (its figures are in test_plots.py) and confusion_pairs.

Synthetic runs only: every expected value below is computed by hand in a comment.
Base scenario (3 seeds each):

* accuracy: Tiny 0,84/0,85/0,86 (mean 0,85, DE 0,01), Medium 0,86/0,87/0,88 (0,87, 0,01),
  Wide 0,855/0,865/0,875 (0,865, 0,01). Between two of them EE = sqrt(0,01²/3 · 2) = 0,0081650,
  umbral 2·EE = 0,016330: Tiny–Medium (0,02) counts, Medium–Wide (0,005) and Tiny–Wide (0,015) do not.
* seconds: Tiny 8/8,5/9 (8,5, DE 0,5), Medium 13/14/15 (14, 1), Wide 23/24/25 (24, 1).
  Tiny–Medium: EE = sqrt(0,25/3 + 1/3) = 0,6455, umbral 1,291 < 5,5; Medium–Wide: EE = sqrt(2/3)
  = 0,8165, umbral 1,633 < 10; ranges apart. Tiny is the fastest, Wide the slowest.
"""

import math

import numpy as np
import pytest

from clase102 import plots, stats

PARAMS = {"tiny": 50_890, "medium": 235_146, "wide": 814_090}
BASE_ACC = {"tiny": [0.84, 0.85, 0.86], "medium": [0.86, 0.87, 0.88], "wide": [0.855, 0.865, 0.875]}
BASE_SEC = {"tiny": [8, 8.5, 9], "medium": [13, 14, 15], "wide": [23, 24, 25]}


def make_runs(acc=None, sec=None, params=None, epochs=3):
    """One dict per run, like the page's loop, alternating architectures within each seed."""
    acc = {**BASE_ACC, **(acc or {})}
    sec = {**BASE_SEC, **(sec or {})}
    params = {**PARAMS, **(params or {})}
    runs = []
    for seed in range(max(len(v) for v in acc.values())):
        for name in ("tiny", "medium", "wide"):
            if seed < len(acc[name]):
                a = acc[name][seed]
                runs.append({
                    "architecture": name, "seed": seed, "params": params[name], "accuracy": a,
                    "seconds": sec[name][seed],
                    "history": {"accuracy": [a - 0.05] * epochs, "val_accuracy": [a - 0.01] * epochs},
                })
    return runs


# ------------------------------------------------------------------ summaries


def test_summarize_means_and_sample_deviations_by_hand():
    s = stats.summarize(make_runs()).set_index("architecture")
    assert list(s.index) == ["tiny", "medium", "wide"]
    assert s.loc["tiny", "accuracy_mean"] == pytest.approx(0.85)
    assert s.loc["tiny", "accuracy_sd"] == pytest.approx(0.01)  # ddof=1
    assert s.loc["medium", "seconds_mean"] == pytest.approx(14.0)
    assert s.loc["medium", "seconds_sd"] == pytest.approx(1.0)
    assert s.loc["tiny", "seconds_sd"] == pytest.approx(0.5)
    assert (s.loc["wide", "seconds_min"], s.loc["wide", "seconds_max"]) == (23, 25)
    assert s.loc["wide", "n"] == 3 and s.loc["wide", "params"] == 814_090


def test_summary_of_one_run_has_no_deviation():
    s = stats.summarize(make_runs(acc={a: v[:1] for a, v in BASE_ACC.items()}))
    assert s["n"].tolist() == [1, 1, 1]
    assert all(math.isnan(v) for v in s["accuracy_sd"])


def test_summary_table_in_spanish():
    t = stats.summary_table(make_runs())
    assert t.loc["Tiny", "Parámetros"] == "50.890"
    assert t.loc["Medium", "Exactitud en prueba (media ± DE)"] == "87,00 % ± 1,00 %"
    assert t.loc["Tiny", "Tiempo de fit en s (media ± DE)"] == "8,5 ± 0,5"
    r = stats.runs_table(make_runs())
    assert len(r) == 9 and r["Arquitectura"].tolist()[:3] == ["Tiny", "Medium", "Wide"]
    assert r["Tiempo de fit"].iloc[0] == "8,0 s" and r["Exactitud en prueba"].iloc[0] == "84,00 %"


@pytest.mark.parametrize("empty", [[], None, ()])
def test_tables_and_figures_say_not_yet_when_there_are_no_runs(empty, capsys):
    assert stats.summary_table(empty) is None
    assert stats.runs_table(empty) is None
    assert plots.plot_accuracy_vs_time(empty) is None
    assert plots.plot_learning_curves(empty) is None
    out = capsys.readouterr().out
    assert out.count("Todavía no hay corridas") == 4


# ------------------------------------------------------------ each comparison


@pytest.mark.parametrize("a, b", stats.PAIRS)
@pytest.mark.parametrize("case", ["b", "a", "none"])
def test_each_pair_on_accuracy_can_go_either_way_or_be_undecided(a, b, case):
    # a fixed at 0,85 ± 0,01; b 0,02 above (counts), 0,02 below (counts) or 0,015 above (< 0,01633)
    shift = {"b": 0.02, "a": -0.02, "none": 0.015}[case]
    acc = {a: [0.84, 0.85, 0.86], b: [0.84 + shift, 0.85 + shift, 0.86 + shift]}
    c = stats.verdict(make_runs(acc=acc)).get(a, b, "accuracy")
    assert c.threshold == pytest.approx(0.016330, abs=1e-6)
    assert c.diff == pytest.approx(shift)
    assert c.winner == {"b": b, "a": a, "none": None}[case]
    assert c.outcome(b) == {"b": "sí", "a": "no", "none": "no concluyente"}[case]


@pytest.mark.parametrize("a, b", stats.PAIRS)
@pytest.mark.parametrize("case", ["a", "b", "small", "overlap"])
def test_each_pair_on_time_can_go_either_way_or_be_undecided(a, b, case):
    sec = {
        # a 13/14/15 (DE 1); b 23/24/25: a faster by 10 > 1,633
        "a": {a: [13, 14, 15], b: [23, 24, 25]},
        "b": {a: [23, 24, 25], b: [13, 14, 15]},
        # 0,5 s apart < 1,633: too small
        "small": {a: [13, 14, 15], b: [13.5, 14.5, 15.5]},
        # b 14,9/30/31: mean 25,3, DE² = (10,4² + 4,7² + 5,7²)/2 = 81,37; EE = sqrt(1/3 + 81,37/3)
        # = 5,2399, umbral 10,48 < 11,3, but 15 (a's slowest) ≥ 14,9 (b's fastest): ranges overlap
        "overlap": {a: [13, 14, 15], b: [14.9, 30, 31]},
    }[case]
    c = stats.verdict(make_runs(sec=sec)).get(a, b, "seconds")
    assert c.winner == {"a": a, "b": b, "small": None, "overlap": None}[case]
    if case == "overlap":
        assert c.threshold == pytest.approx(10.4798, abs=1e-3) and abs(c.diff) > c.threshold
        assert c.reason == "los tiempos de las corridas se solapan"
        assert "se solapan" in c.sentence()


def test_sentences_of_the_base_scenario():
    p = stats.verdict(make_runs()).phrases()
    assert p["tiny_medium"] == (
        "Tiny – Medium: en exactitud, Medium es más exacto que Tiny por 2,00 puntos "
        "(umbral 1,63 puntos); en tiempo, Tiny es más rápido que Medium por 5,5 s (umbral 1,3 s)."
    )
    assert p["medium_wide"] == (
        "Medium – Wide: en exactitud, no concluyente: la diferencia (0,50 puntos) no supera el "
        "umbral (1,63 puntos); en tiempo, Medium es más rápido que Wide por 10,0 s (umbral 1,6 s)."
    )
    assert p["tiny_wide"].startswith("Tiny – Wide: en exactitud, no concluyente: la diferencia (1,50 puntos)")


# ------------------------------------------------------------- the criterion

# (accuracy and time overrides, expected: balanced, wide_not_better, criterion, deep_beats_wide)
CRITERION_CASES = {
    # Medium clearly above Tiny, clearly faster than Wide, Wide not clearly above Medium
    "todo sí": ({}, {}, ("sí", "sí", "sí", "no concluyente")),
    # Medium also clearly above Wide (0,87 vs 0,845: 0,025 > 0,0163): the lesson holds too
    "profundo gana": ({"wide": [0.835, 0.845, 0.855]}, {}, ("sí", "sí", "sí", "sí")),
    # Tiny clearly above Medium (0,89 vs 0,87)
    "tiny más exacto": ({"tiny": [0.88, 0.89, 0.90]}, {}, ("no", "sí", "no", "no concluyente")),
    # Wide clearly faster than Medium
    "wide más rápido": ({}, {"wide": [5, 6, 7]}, ("no", "sí", "no", "no concluyente")),
    # Wide clearly above Medium (0,90 vs 0,87): both parts fail, the lesson too
    "wide más exacto": ({"wide": [0.89, 0.90, 0.91]}, {}, ("no", "no", "no", "no")),
    # Medium vs Tiny within the noise (0,865 vs 0,85: 0,015 < 0,0163)
    "medium empata con tiny": (
        {"medium": [0.855, 0.865, 0.875], "wide": [0.85, 0.86, 0.87]}, {},
        ("no concluyente", "sí", "no concluyente", "no concluyente"),
    ),
    # Medium vs Wide time within the noise (14 vs 14,5)
    "tiempos empatados": (
        {}, {"wide": [13.5, 14.5, 15.5]}, ("no concluyente", "sí", "no concluyente", "no concluyente"),
    ),
    # a "no" wins over an undecided part: Tiny clearly above, times tied
    "no y no concluyente": (
        {"tiny": [0.88, 0.89, 0.90]}, {"wide": [13.5, 14.5, 15.5]},
        ("no", "sí", "no", "no concluyente"),
    ),
}


@pytest.mark.parametrize("case", CRITERION_CASES)
def test_the_criterion_can_be_yes_no_or_undecided(case):
    acc, sec, expected = CRITERION_CASES[case]
    v = stats.verdict(make_runs(acc=acc, sec=sec))
    assert (v.balanced, v.wide_not_better, v.criterion, v.deep_beats_wide) == expected
    table = v.criterion_table()["Respuesta"].tolist()
    assert table == list(expected)
    assert v.phrases()["criterion"] == expected[2].capitalize()


def test_wide_with_fewer_parameters_fails_the_second_part():
    v = stats.verdict(make_runs(params={"wide": 100}))
    assert (v.wide_not_better, v.criterion) == ("no", "no")


def test_balanced_phrase_lists_its_three_parts():
    p = stats.verdict(make_runs(acc={"tiny": [0.88, 0.89, 0.90]})).phrases()
    assert p["balanced"] == (
        "No (Medium más exacto que Tiny: no; más rápido que Wide: sí; "
        "Wide más exacto que Medium: no concluyente)."
    )


def test_one_seed_decides_nothing():
    v = stats.verdict(make_runs(acc={a: x[:1] for a, x in BASE_ACC.items()}))
    assert all(c.winner is None and not c.enough for c in v.comparisons.values())
    assert (v.balanced, v.wide_not_better, v.criterion) == ("no concluyente",) * 3
    assert "hace falta más de una semilla" in v.get("tiny", "medium", "accuracy").sentence()


@pytest.mark.parametrize("results", [[], None, make_runs(acc={"wide": []})])
def test_missing_runs_are_undecided_not_errors(results):
    v = stats.verdict(results)
    assert (v.balanced, v.wide_not_better, v.criterion, v.deep_beats_wide) == ("no concluyente",) * 4
    assert "faltan corridas de" in v.get("medium", "wide", "accuracy").sentence()
    assert v.table().loc["Medium – Wide", "¿Quién es más exacto?"] == "no concluyente"
    assert v.table().loc["Medium – Wide", "Exactitud: diferencia / umbral"] == "—"


def test_comparisons_table_in_spanish():
    t = stats.verdict(make_runs()).table()
    assert list(t.index) == ["Tiny – Medium", "Medium – Wide", "Tiny – Wide"]
    assert t.loc["Tiny – Medium", "¿Quién es más exacto?"] == "Medium"
    assert t.loc["Tiny – Medium", "Exactitud: diferencia / umbral"] == "2,00 puntos / 1,63 puntos"
    assert t.loc["Medium – Wide", "¿Quién es más rápido?"] == "Medium"
    assert t.loc["Medium – Wide", "¿Quién es más exacto?"] == "no concluyente"


@pytest.mark.parametrize("acc, expected", [
    ({"wide": [0.835, 0.845, 0.855]}, "Sí: Medium fue más exacto que Wide por más que el ruido entre semillas."),
    ({"wide": [0.89, 0.90, 0.91]}, "No: Wide fue más exacto que Medium por más que el ruido entre semillas."),
    ({}, "No concluyente: la diferencia (0,50 puntos) no supera el umbral (1,63 puntos)."),
    ({"wide": []}, "No concluyente: faltan corridas de Wide."),
])
def test_the_lesson_phrase_for_each_outcome(acc, expected):
    assert stats.verdict(make_runs(acc=acc)).phrases()["deep_beats_wide"] == expected


# ------------------------------------------------------------ confusion_pairs


def test_confusion_pairs_counts_only_mistakes_most_frequent_first():
    y_true = [6, 6, 6, 0, 0, 2, 1, 1]
    y_pred = [0, 0, 6, 6, 0, 4, 1, 1]
    table = stats.confusion_pairs(y_true, y_pred, n=5)
    assert list(table.columns) == ["Clase real", "Predicha como", "Casos"]
    assert table.iloc[0].tolist() == ["Camisa", "Remera/top", 2]
    assert table["Casos"].tolist() == [2, 1, 1]  # only 3 kinds of mistake exist
    assert set(zip(table["Clase real"], table["Predicha como"])) == {
        ("Camisa", "Remera/top"), ("Remera/top", "Camisa"), ("Buzo", "Abrigo")
    }
    assert len(stats.confusion_pairs(y_true, y_pred, n=1)) == 1


def test_confusion_pairs_all_right_and_bad_input():
    assert stats.confusion_pairs([1, 2], [1, 2]).empty
    with pytest.raises(ValueError, match="misma cantidad"):
        stats.confusion_pairs([1, 2], [1])
    with pytest.raises(ValueError, match="fuera de"):
        stats.confusion_pairs([1, 10], [1, 2])
    with pytest.raises(TypeError, match="enteros"):
        stats.confusion_pairs(np.array([0.5]), [1])


def test_an_incomplete_run_is_an_error_not_silently_dropped():
    # issue 14.4: a run without «seconds» used to vanish and the page said «todavía no»
    with pytest.raises(ValueError, match="le falta: seconds"):
        stats.summary_table([{"architecture": "tiny", "accuracy": 0.8}])
