"""clase102.stats: the homework's paired verdict. Synthetic runs; every expected value is worked
out by hand in a comment (t quantiles from a printed table of Student's t)."""

import math

import numpy as np
import pytest

from clase102 import stats
from helpers import make_runs

TINY5 = [0.80, 0.85, 0.90, 0.82, 0.88]  # mean 0,85; DE 0,041231 (Σ dev² = 0,0068, /4 = 0,0017)
SEC5 = {"tiny": [4, 4, 4, 4, 4], "medium": [8, 8, 8, 8, 8], "wide": [18, 19, 17, 18, 18]}


def _runs(medium_minus_tiny, wide=None, sec=None):
    """Five seeds: Tiny as TINY5, Medium = Tiny + the given per-seed differences."""
    medium = [t + d for t, d in zip(TINY5, medium_minus_tiny)]
    return make_runs(acc={"tiny": TINY5, "medium": medium, "wide": wide or list(medium)}, sec=sec or SEC5)


def _unpaired_threshold(a, b):
    """The old rule, 2·sqrt(DE_A²/n + DE_B²/n), to show what the scenario is about."""
    return 2 * math.sqrt(np.var(a, ddof=1) / len(a) + np.var(b, ddof=1) / len(b))


def test_t_quantiles_from_the_table():
    assert (stats.t975(1), stats.t975(2), stats.t975(4), stats.t975(30)) == (12.706, 4.303, 2.776, 2.042)
    assert stats.t975(100) == 2.042  # beyond the table: the value for 30, slightly wider


def test_half_width_by_hand():
    # 2,776 · 0,01 / √5 = 0,012415
    assert stats.half_width(0.01, 5) == pytest.approx(0.012415, abs=1e-6)
    with pytest.raises(ValueError, match="al menos 2"):
        stats.half_width(0.01, 1)


def test_paired_decides_where_the_unpaired_rule_does_not():
    diffs = [0.010, 0.012, 0.008, 0.011, 0.009]
    # mean 0,010; dev 0, ±0,002, ±0,001 → Σ dev² = 1e-5, DE = √(2,5e-6) = 0,0015811;
    # EE = 0,00070711; t·EE = 2,776 · 0,00070711 = 0,0019629 → [0,0080371; 0,0119629]
    runs = _runs(diffs)
    medium = [t + d for t, d in zip(TINY5, diffs)]
    assert 0.010 < _unpaired_threshold(TINY5, medium)  # the unpaired rule: no concluyente
    c = stats.paired(runs, "tiny", "medium", "exactitud")
    assert c.winner == "medium" and c.n == 5
    assert (c.diff, c.half) == (pytest.approx(0.010), pytest.approx(0.0019629, abs=1e-6))
    assert c.interval() == "+1,00 puntos [+0,80; +1,20]"
    assert c.agreement() == "Medium superó a Tiny en las 5 semillas"


def test_both_rules_undecided():
    diffs = [0.01, -0.01, 0.02, -0.015, 0.0]
    # mean 0,001; Σ dev² = 8,2e-4 → DE 0,014318, EE 0,0064031, t·EE 0,017775 → [−0,016775; 0,018775]
    medium = [t + d for t, d in zip(TINY5, diffs)]
    assert 0.001 < _unpaired_threshold(TINY5, medium)
    c = stats.paired(_runs(diffs), "tiny", "medium", "exactitud")
    assert c.winner is None and c.half == pytest.approx(0.017775, abs=1e-6)
    assert c.interval() == "+0,10 puntos [−1,68; +1,88]"
    assert c.agreement() == "Medium superó a Tiny en 2 de las 5 semillas"  # one tie, two each way
    assert "no concluyente" in c.sentence() and "incluye el 0" in c.sentence()


def test_a_sign_that_flips_in_one_seed_leaves_it_undecided():
    diffs = [0.03, 0.03, 0.03, 0.03, -0.01]
    # mean 0,022; Σ dev² = 4·0,008² + 0,032² = 1,28e-3 → DE 0,017889, EE 0,008, t·EE 0,022208
    # → [−0,000208; 0,044208]: four seeds of five, and still no concluyente
    c = stats.paired(_runs(diffs), "tiny", "medium", "exactitud")
    assert c.winner is None and c.diff - c.half == pytest.approx(-0.000208, abs=1e-6)
    assert c.agreement() == "Medium superó a Tiny en 4 de las 5 semillas"


def test_time_lower_wins_and_says_faster():
    # Wide − Medium: 10, 11, 9, 10, 10 s → mean 10, DE √(2/4) = 0,70711, EE 0,31623, t·EE 0,87785
    c = stats.paired(_runs([0.01] * 5), "medium", "wide", "segundos")
    assert c.winner == "medium" and c.half == pytest.approx(0.87785, abs=1e-5)
    assert c.interval() == "+10,0 s [+9,1; +10,9]"
    assert c.agreement() == "Medium fue más rápido que Wide en las 5 semillas"
    assert c.sentence().startswith("en tiempo, Medium es más rápido que Wide: Wide − Medium = +10,0 s")


def test_one_common_seed_decides_nothing():
    runs = make_runs(acc={"tiny": [0.8], "medium": [0.9], "wide": [0.85]})
    c = stats.paired(runs, "tiny", "medium", "exactitud")
    assert (c.enough, c.winner, c.interval(), c.agreement()) == (False, None, "—", "—")
    assert "al menos 2 semillas" in c.sentence()
    assert stats.verdict(runs).criterion == "no concluyente"


def test_only_seeds_both_have_are_paired():
    runs = make_runs(acc={"tiny": [0.80, 0.81, 0.82], "medium": [0.85, 0.87], "wide": [0.8]})
    assert stats.paired(runs, "tiny", "medium", "exactitud").n == 2


@pytest.mark.parametrize("wide, expected", [
    # Wide = Medium + 0,001·(−1, 1, −1, 1, 0): undecided, so «not more accurate»
    ([0.001 * s for s in (-1, 1, -1, 1, 0)], ("sí", "sí", "sí", "no concluyente")),
    # Wide = Medium + 0,02 ± 0,001: clearly more accurate → both parts «no»
    ([0.02 + 0.001 * s for s in (-1, 1, -1, 1, 0)], ("no", "no", "no", "no")),
])
def test_the_criterion(wide, expected):
    diffs = [0.010, 0.012, 0.008, 0.011, 0.009]  # Medium clearly above Tiny (see above)
    medium = [t + d for t, d in zip(TINY5, diffs)]
    v = stats.verdict(_runs(diffs, wide=[m + w for m, w in zip(medium, wide)]))
    assert (v.balanced, v.wide_not_better, v.criterion, v.deep_beats_wide) == expected


def test_undecided_accuracy_leaves_the_balance_undecided():
    v = stats.verdict(_runs([0.01, -0.01, 0.02, -0.015, 0.0]))
    assert (v.balanced, v.criterion) == ("no concluyente", "no concluyente")
    assert v.phrases()["deep_beats_wide"].startswith("No concluyente")


def test_wide_with_as_many_parameters_fails_the_second_part():
    runs = make_runs(params={"wide": 235_146})
    assert stats.verdict(runs).wide_not_better == "no"


def test_tables_in_spanish():
    runs = _runs([0.010, 0.012, 0.008, 0.011, 0.009])
    t = stats.verdict(runs).table()
    assert list(t.columns) == ["Diferencia media [IC 95 %]", "Veredicto", "Semillas (descripción)"]
    assert t.loc[("Medium − Tiny", "exactitud"), "Veredicto"] == "Medium más exacto"
    assert t.loc[("Wide − Medium", "tiempo"), "Veredicto"] == "Medium más rápido"
    s = stats.summary_table(runs)
    assert s.loc["Tiny", "Exactitud (media ± DE)"] == "85,00 % ± 4,12 %"  # DE 0,041231
    assert s.loc["Wide", "Parámetros"] == "814.090"


def test_the_runs_table_puts_the_pairs_side_by_side():
    runs = make_runs(acc={"tiny": [0.8, 0.81], "medium": [0.85], "wide": [0.82, 0.83]})
    t = stats.runs_table(runs)
    assert list(t.index) == [0, 1] and t.index.name == "Semilla"
    assert t.loc[0, ("Exactitud", "Medium")] == "85,00 %" and t.loc[1, ("Exactitud", "Medium")] == "—"
    assert t.loc[1, ("Segundos", "Tiny")] == "8,5 s"


@pytest.mark.parametrize("empty", [None, []])
def test_no_runs_yet(empty, capsys):
    assert stats.runs_table(empty) is None and stats.summary_table(empty) is None
    assert capsys.readouterr().out.count("Todavía no hay corridas") == 2
    assert stats.verdict(empty).criterion == "no concluyente"


@pytest.mark.parametrize("results, error, fragment", [
    ({"arquitectura": "tiny"}, TypeError, "ponela entre corchetes"),
    ([{"arquitectura": "tiny", "semilla": 0, "exactitud": 0.8}], ValueError, "le falta: segundos"),
    ([{"arquitectura": "tiny", "semilla": 0, "exactitud": 85.0, "segundos": 1}], ValueError, "no un %"),
    (make_runs() + make_runs()[:1], ValueError, "La semilla 0 de Tiny aparece dos veces"),
])
def test_bad_results_are_spanish_errors(results, error, fragment):
    with pytest.raises(error, match=fragment):
        stats.verdict(results)


def test_paired_rejects_an_unknown_measure():
    with pytest.raises(ValueError, match="exactitud o segundos"):
        stats.paired(make_runs(), "tiny", "medium", "accuracy")
