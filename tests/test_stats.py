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
from helpers import BASE_ACC, PARAMS, make_runs

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
    # a run without «seconds» used to vanish and the page said «todavía no»
    with pytest.raises(ValueError, match="le falta: seconds"):
        stats.summary_table([{"architecture": "tiny", "accuracy": 0.8}])


# ------------------------------------------------- sharper inputs (mutation)


def test_an_unknown_architecture_keeps_its_name_and_goes_last():
    # _order: tiny, medium, wide first, then any other name once, in the order it appeared
    runs = [
        {"architecture": "deep", "accuracy": 0.5, "seconds": 2.0},
        {"architecture": "wide", "accuracy": 0.6, "seconds": 3.0},
        {"architecture": "deep", "accuracy": 0.7, "seconds": 4.0},
        {"architecture": "tiny", "accuracy": 0.8, "seconds": 1.0},
    ]
    s = stats.summarize(runs)
    assert s["architecture"].tolist() == ["tiny", "wide", "deep"]
    assert s["n"].tolist() == [1, 1, 2]
    assert s["params"].tolist() == [0, 0, 0]  # no «params» in the runs: 0
    t = stats.summary_table(runs)
    assert list(t.index) == ["Tiny", "Wide", "deep"]
    # deep: 0,5 and 0,7 → mean 0,6, DE sqrt(0,02) = 0,141421 → 14,14 %; seconds 3 ± sqrt(2) = 1,4
    assert t.loc["deep", "Exactitud en prueba (media ± DE)"] == "60,00 % ± 14,14 %"
    assert t.loc["deep", "Tiempo de fit en s (media ± DE)"] == "3,0 ± 1,4"
    # a single run has no DE: no «±»
    assert t.loc["Tiny", "Exactitud en prueba (media ± DE)"] == "80,00 %"
    assert t.loc["Wide", "Tiempo de fit en s (media ± DE)"] == "3,0"
    assert t["Corridas"].tolist() == [1, 1, 2]
    assert t["Corridas"].dtype.kind == "i"  # whole runs: the page shows «2», not «2.0»
    assert t.loc["Tiny", "Parámetros"] == "0"
    assert stats.runs_table(runs)["Arquitectura"].tolist() == ["deep", "Wide", "deep", "Tiny"]


def test_two_runs_already_have_a_deviation_and_decide():
    # two seeds each: Tiny 0,84/0,86 (0,85, DE sqrt(0,0002) = 0,0141421), Medium 0,90/0,92 (0,91, same DE)
    # EE = sqrt(0,0002/2 · 2) = 0,0141421, umbral 0,0282843 < 0,06: Medium clearly more accurate
    acc = {"tiny": [0.84, 0.86], "medium": [0.90, 0.92], "wide": [0.90, 0.92]}
    runs = make_runs(acc=acc)
    s = stats.summarize(runs).set_index("architecture")
    assert s.loc["tiny", "accuracy_sd"] == pytest.approx(0.0141421, abs=1e-6)
    c = stats.verdict(runs).get("tiny", "medium", "accuracy")
    assert c.enough is True
    assert c.threshold == pytest.approx(0.0282843, abs=1e-6)
    assert c.diff == pytest.approx(0.06)
    assert c.winner == "medium"


def test_a_run_table_shows_the_seed_or_nothing():
    runs = [{"architecture": "tiny", "seed": 7, "accuracy": 0.5, "seconds": 1.0},
            {"architecture": "tiny", "accuracy": 0.25, "seconds": 2.0}]
    r = stats.runs_table(runs)
    assert r["Semilla"].tolist() == [7, ""]
    assert r["Exactitud en prueba"].tolist() == ["50,00 %", "25,00 %"]
    assert r["Tiempo de fit"].tolist() == ["1,0 s", "2,0 s"]
    assert list(r.columns) == ["Arquitectura", "Semilla", "Exactitud en prueba", "Tiempo de fit"]


def test_the_limits_of_a_run_are_inclusive_and_exact():
    # accuracy in [0, 1] (both ends allowed), seconds ≥ 0, a tuple is a list of runs too
    ok = ({"architecture": "tiny", "accuracy": 0.0, "seconds": 0.0, "params": 1},
          {"architecture": "tiny", "accuracy": 1.0, "seconds": 0.5})
    s = stats.summarize(ok)
    assert s["accuracy_mean"].tolist() == [0.5] and s["seconds_max"].tolist() == [0.5]
    with pytest.raises(ValueError, match=r"accuracy de la corrida 1 .*entre 0 y 1"):
        stats.summarize([{"architecture": "tiny", "accuracy": 1.5, "seconds": 1.0}])
    with pytest.raises(ValueError, match=r"accuracy de la corrida 1 .*entre 0 y 1"):
        stats.summarize([{"architecture": "tiny", "accuracy": -0.1, "seconds": 1.0}])
    with pytest.raises(ValueError, match=r"«seconds de la corrida 2» debe estar ≥ 0"):
        stats.summarize([ok[0], {"architecture": "tiny", "accuracy": 0.5, "seconds": -0.5}])
    with pytest.raises(ValueError, match=r"«params de la corrida 2»"):
        stats.summarize([ok[0], {"architecture": "tiny", "accuracy": 0.5, "seconds": 1.0, "params": 0}])


def test_bad_results_name_the_run_and_what_is_missing():
    with pytest.raises(TypeError) as err:
        stats.summarize("tiny")
    assert str(err.value) == "«results» debe ser una lista de corridas (diccionarios); recibí str."
    with pytest.raises(TypeError) as err:
        stats.summarize({"architecture": "tiny", "accuracy": 0.5, "seconds": 1.0})
    assert str(err.value) == ("«results» debe ser una lista de corridas (diccionarios); recibí dict"
                              " (¿una sola corrida? ponela entre corchetes: [corrida]).")
    good = {"architecture": "tiny", "accuracy": 0.5, "seconds": 1.0}
    with pytest.raises(TypeError) as err:
        stats.summarize([good, 0.87])
    assert str(err.value) == "La corrida 2 de «results» debe ser un diccionario; recibí float."
    with pytest.raises(ValueError) as err:
        stats.summarize([good, {"architecture": "tiny"}])
    assert str(err.value) == "A la corrida 2 de «results» le falta: accuracy, seconds."
    with pytest.raises(ValueError) as err:
        stats.summarize([{"accuracy": 0.5, "seconds": 1.0}])
    assert str(err.value) == "A la corrida 1 de «results» le falta: architecture."


def test_a_perfect_tie_without_spread_has_no_winner():
    # both sides 0,85 three times: DE 0, EE 0, umbral 0, diferencia 0 → 0 > 0 is false: no winner
    acc = {"tiny": [0.85, 0.85, 0.85], "medium": [0.85, 0.85, 0.85]}
    sec = {"tiny": [10, 10, 10], "medium": [10, 10, 10]}
    v = stats.verdict(make_runs(acc=acc, sec=sec))
    for metric in ("accuracy", "seconds"):
        c = v.get("tiny", "medium", metric)
        assert (c.diff, c.threshold, c.winner, c.reason) == (0.0, 0.0, None, "")


def test_time_ranges_that_touch_overlap():
    # a 13/14/15, b 15/30/31: mean 25,333, DE² = (10,333² + 4,667² + 5,667²)/2 = 80,333,
    # EE = sqrt(1/3 + 80,333/3) = 5,2068, umbral 10,414 < 11,333; but a's slowest (15) = b's fastest (15)
    c = stats.verdict(make_runs(sec={"tiny": [13, 14, 15], "medium": [15, 30, 31]})).get("tiny", "medium", "seconds")
    assert c.threshold == pytest.approx(10.4137, abs=1e-3)
    assert c.diff == pytest.approx(11.3333, abs=1e-3)
    assert (c.winner, c.reason) == (None, "los tiempos de las corridas se solapan")
    # one hundredth apart (15,01): no overlap, Tiny is clearly faster
    c = stats.verdict(make_runs(sec={"tiny": [13, 14, 15], "medium": [15.01, 30, 31]})).get("tiny", "medium", "seconds")
    assert (c.winner, c.reason) == ("tiny", "")


def test_undecided_time_sentence_and_table_in_seconds():
    # Medium 13/14/15 vs Wide 13,5/14,5/15,5: 0,5 s < umbral 2·sqrt(2/3) = 1,633 s
    v = stats.verdict(make_runs(sec={"wide": [13.5, 14.5, 15.5]}))
    c = v.get("medium", "wide", "seconds")
    assert c.sentence() == "en tiempo, no concluyente: la diferencia (0,5 s) no supera el umbral (1,6 s)"
    assert v.table().loc["Medium – Wide", "Tiempo: diferencia / umbral"] == "0,5 s / 1,6 s"
    assert v.table().loc["Medium – Wide", "¿Quién es más rápido?"] == "no concluyente"
    base = stats.verdict(make_runs()).table()
    assert base.loc["Medium – Wide", "Tiempo: diferencia / umbral"] == "10,0 s / 1,6 s"
    assert base.loc["Tiny – Wide", "¿Quién es más rápido?"] == "Tiny"
    assert list(base.columns) == ["¿Quién es más exacto?", "Exactitud: diferencia / umbral",
                                  "¿Quién es más rápido?", "Tiempo: diferencia / umbral"]


def test_missing_and_single_runs_are_named_in_the_reason():
    only_tiny = make_runs(acc={"medium": [], "wide": []})
    c = stats.verdict(only_tiny).get("medium", "wide", "accuracy")
    assert c.reason == "faltan corridas de Medium y Wide"
    assert math.isnan(c.diff) and math.isnan(c.threshold) and c.enough is False
    one = make_runs(acc={"tiny": [0.84], "medium": [0.86]})
    c = stats.verdict(one).get("tiny", "medium", "seconds")
    assert c.reason == "hace falta más de una semilla (Tiny y Medium tiene una sola corrida)"
    assert c.sentence() == "en tiempo, no concluyente: hace falta más de una semilla (Tiny y Medium tiene una sola corrida)"
    assert math.isnan(c.diff) and c.enough is False and c.outcome("tiny") == "no concluyente"


def test_k_sets_the_threshold():
    # base scenario, Medium–Wide accuracy: EE = 0,0081650; k = 1 → 0,0081650 (still > 0,005)
    v1 = stats.verdict(make_runs(), k=1)
    assert v1.get("medium", "wide", "accuracy").threshold == pytest.approx(0.0081650, abs=1e-6)
    # Tiny–Wide: 0,015 > 0,008165 with k = 1 (undecided with k = 2)
    assert v1.get("tiny", "wide", "accuracy").winner == "wide"
    v3 = stats.verdict(make_runs(), k=3)
    assert v3.get("tiny", "medium", "accuracy").threshold == pytest.approx(0.0244949, abs=1e-6)
    assert v3.get("tiny", "medium", "accuracy").winner is None  # 0,02 < 0,0245
    with pytest.raises(ValueError, match="≥ 0"):
        stats.verdict(make_runs(), k=-1)


def test_wide_with_as_many_parameters_as_medium_is_not_more_parameters():
    # enough runs: «Wide tiene más parámetros» needs wide > medium, equal is «no»
    v = stats.verdict(make_runs(params={"wide": PARAMS["medium"]}))
    assert v.wide_not_better == "no"
    assert v.phrases()["wide_not_better"] == "No"
    # one seed: undecided on accuracy, but equal or fewer parameters already answer «no»
    one = {a: x[:1] for a, x in BASE_ACC.items()}
    assert stats.verdict(make_runs(acc=one, params={"wide": PARAMS["medium"]})).wide_not_better == "no"
    assert stats.verdict(make_runs(acc=one, params={"wide": 100})).wide_not_better == "no"
    assert stats.verdict(make_runs(acc=one)).wide_not_better == "no concluyente"
    assert stats.verdict(make_runs()).phrases()["wide_not_better"] == "Sí"


def test_criterion_table_statements_in_spanish():
    t = stats.verdict(make_runs()).criterion_table()
    assert list(t.index) == [
        "Medium gana en exactitud/tiempo balanceado",
        "Wide tiene más parámetros que Medium pero no es claramente más exacto",
        "El criterio completo (las dos partes)",
        "La lección «profundo > ancho»: Medium claramente más exacto que Wide",
    ]
    assert t.index.name == "Afirmación" and list(t.columns) == ["Respuesta"]


def test_confusion_pairs_default_n_is_five_and_ties_keep_label_order():
    # 12 kinds of mistake, once each, all tied: the first five in (true, predicted) order
    y_true = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8]
    y_pred = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 0]
    table = stats.confusion_pairs(y_true, y_pred)
    assert len(table) == 5
    names = stats.CLASS_NAMES
    assert list(zip(table["Clase real"], table["Predicha como"])) == [
        (names[0], names[1]), (names[1], names[2]), (names[2], names[3]), (names[3], names[4]), (names[4], names[5])]
    # many ties (more than a small sort keeps stable by luck): still (true, predicted) order
    pairs = [(i, j) for i in range(10) for j in range(10) if i != j]
    full = stats.confusion_pairs([i for i, _ in pairs], [j for _, j in pairs], n=90)
    assert list(zip(full["Clase real"], full["Predicha como"])) == [(names[i], names[j]) for i, j in pairs]
    assert full["Casos"].tolist() == [1] * 90


def test_confusion_pairs_with_other_class_names():
    table = stats.confusion_pairs([0, 1, 2, 2], [1, 1, 0, 0], class_names=("a", "b", "c"))
    assert table.values.tolist() == [["c", "a", 2], ["a", "b", 1]]
    with pytest.raises(ValueError, match=r"«y_true» fuera de 0\.\.2"):
        stats.confusion_pairs([0, 3], [0, 0], class_names=("a", "b", "c"))
    with pytest.raises(ValueError, match=r"«y_pred» fuera de 0\.\.2"):
        stats.confusion_pairs([0, 1], [0, 3], class_names=("a", "b", "c"))
    with pytest.raises(ValueError, match=r"«y_pred»: tiene que haber la misma cantidad"):
        stats.confusion_pairs([0, 1], [0], class_names=("a", "b", "c"))


def test_confusion_pairs_ties_among_different_counts_keep_label_order():
    # every off-diagonal pair (i, j) appears 1 + (7i + j) mod 3 times: 90 kinds of mistake, in
    # three tied groups (3, 2 and 1 cases), interleaved. Expected order from Python's own stable
    # sort (an independent path): most cases first, ties in (true, predicted) order.
    pairs = [(i, j) for i in range(10) for j in range(10) if i != j]
    cases = {p: 1 + (7 * p[0] + p[1]) % 3 for p in pairs}
    y_true = [i for (i, j) in pairs for _ in range(cases[(i, j)])]
    y_pred = [j for (i, j) in pairs for _ in range(cases[(i, j)])]
    table = stats.confusion_pairs(y_true, y_pred, n=90)
    expected = sorted(pairs, key=lambda p: -cases[p])
    names = stats.CLASS_NAMES
    assert list(zip(table["Clase real"], table["Predicha como"])) == [(names[i], names[j]) for i, j in expected]
    assert table["Casos"].tolist() == [cases[p] for p in expected]
    # counts are whole numbers (the page shows «3», not «3.0»)
    assert table["Casos"].dtype.kind == "i"
    assert str(table["Casos"].iloc[0]) == "3"


@pytest.mark.parametrize("acc, expected", [
    # base: Medium 0,87 vs Tiny 0,85 (counts), Medium 14 s vs Wide 24 s (counts), Wide–Medium 0,005 (does not)
    pytest.param({}, "Sí (Medium más exacto que Tiny: sí; más rápido que Wide: sí; "
                     "Wide más exacto que Medium: no concluyente).", id="base"),
    # Wide 0,90 vs Medium 0,87: Wide clearly more accurate, so the balance fails on that part
    pytest.param({"wide": [0.89, 0.90, 0.91]}, "No (Medium más exacto que Tiny: sí; más rápido que Wide: sí; "
                 "Wide más exacto que Medium: sí).", id="wide-more-accurate"),
])
def test_balanced_phrase_answers_from_medium_and_wide_side(acc, expected):
    assert stats.verdict(make_runs(acc=acc)).phrases()["balanced"] == expected


def test_a_single_run_gives_no_deviation_and_no_numpy_warning():
    # NumPy warns («Degrees of freedom <= 0») when asked for a DE of one value: a page must not show it
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = stats.summarize([{"architecture": "tiny", "accuracy": 0.5, "seconds": 1.0}])
        stats.summary_table([{"architecture": "tiny", "accuracy": 0.5, "seconds": 1.0}])
    assert math.isnan(s["accuracy_sd"].iloc[0]) and math.isnan(s["seconds_sd"].iloc[0])


def test_bad_k_messages_name_k_exactly():
    with pytest.raises(ValueError) as err:
        stats.verdict(make_runs(), k=0)
    assert str(err.value) == "«k» debe ser positivo: con k = 0 cualquier diferencia contaría."
    with pytest.raises(ValueError) as err:
        stats.verdict(make_runs(), k=-1)
    assert str(err.value) == "«k» debe estar ≥ 0; recibí -1.0."


def test_the_verdict_keeps_the_summary_it_judged():
    s = stats.verdict(make_runs()).summary.set_index("architecture")
    assert list(s.index) == ["tiny", "medium", "wide"]
    assert s.loc["medium", "accuracy_mean"] == pytest.approx(0.87)  # (0,86 + 0,87 + 0,88) / 3
    assert s.loc["wide", "seconds_mean"] == pytest.approx(24.0)


def test_undecided_comparisons_keep_their_pair_and_metric():
    only_tiny = stats.verdict(make_runs(acc={"medium": [], "wide": []}))
    c = only_tiny.get("medium", "wide", "accuracy")
    assert (c.a, c.b, c.metric, c.winner) == ("medium", "wide", "accuracy", None)
    one = stats.verdict(make_runs(acc={"tiny": [0.84], "medium": [0.86]}))
    c = one.get("tiny", "medium", "seconds")
    assert (c.a, c.b, c.metric, c.winner) == ("tiny", "medium", "seconds", None)
    assert math.isnan(c.threshold)


def test_a_time_difference_under_one_second_still_counts():
    # Tiny 10,0/10,1/10,2 vs Medium 10,5/10,6/10,7: d = 0,5 s, DE 0,1 each, EE = sqrt(0,01/3 · 2)
    # = 0,08165, umbral 0,1633 < 0,5; ranges apart (10,2 < 10,5): Tiny is clearly faster
    sec = {"tiny": [10.0, 10.1, 10.2], "medium": [10.5, 10.6, 10.7]}
    c = stats.verdict(make_runs(sec=sec)).get("tiny", "medium", "seconds")
    assert c.threshold == pytest.approx(0.1633, abs=1e-4)
    assert (c.winner, c.reason) == ("tiny", "")
