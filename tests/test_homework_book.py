"""The homework page's claims, checked on the built book.

Expected values never come from ``clase102.stats``: parameter counts are literals (hand counts),
and the paired intervals are recomputed here with NumPy from the runs the page glued and the
0,975 quantile of Student's t read from a printed table.
"""

import json
import re

import numpy as np
import pytest

from helpers import article_text, cell_with, glued, html, notebook, text_of

pytestmark = pytest.mark.book

PAGE = "book/homework"
PARAMS = {"tiny": 50_890, "medium": 235_146, "wide": 814_090}  # 784·64+64+64·10+10, …
LABEL = {"tiny": "Tiny", "medium": "Medium", "wide": "Wide"}
T975 = {2: 4.303, 4: 2.776}  # Student's t, 0,975 quantile, by degrees of freedom
PAIRS = (("tiny", "medium"), ("medium", "wide"), ("tiny", "wide"))


@pytest.fixture(scope="module")
def glue():
    return glued(PAGE)


@pytest.fixture(scope="module")
def runs(glue):
    return json.loads(glue["hw_runs_json"])


def _es(value, digits, signed=False):
    text = f"{abs(value):.{digits}f}".replace(".", ",")
    return (("−" if value < 0 else "+") + text) if signed else text


def _paired(runs, a, b, metric):
    """(mean, low, high, seeds b won) of the per-seed differences b − a, written again here."""
    by = {(r["arquitectura"], r["semilla"]): r[metric] for r in runs}
    d = np.array([by[(b, s)] - by[(a, s)] for (name, s) in by if name == a])
    half = T975[len(d) - 1] * d.std(ddof=1) / np.sqrt(len(d))
    sign = 1 if metric == "exactitud" else -1
    return d.mean(), d.mean() - half, d.mean() + half, int((sign * d > 0).sum()), int((sign * d < 0).sum())


def test_the_book_ran_five_seeds_of_two_epochs(glue, runs):
    assert glue["hw_modo"] == (
        "el protocolo completo: 3 arquitecturas × 5 semillas × 2 épocas, con 55.000 imágenes de "
        "entrenamiento y 10.000 de prueba.")
    assert [(r["semilla"], r["arquitectura"]) for r in runs] == [
        (s, a) for s in range(5) for a in ("tiny", "medium", "wide")]
    assert all(r["epocas"] == 2 for r in runs)
    assert (glue["hw_t3"], glue["hw_t5"]) == ("4,30", "2,78")


def test_parameters_are_the_hand_counts(glue, runs):
    assert all(r["parametros"] == PARAMS[r["arquitectura"]] for r in runs)
    assert (glue["hw_params_tiny"], glue["hw_params_medium"], glue["hw_params_wide"]) == (
        "50.890", "235.146", "814.090")
    assert glue["hw_ratio"] == _es(814_090 / 235_146, 1)


def test_runs_are_plausible(runs):
    assert all(0.75 < r["exactitud"] < 0.95 and r["segundos"] > 0 for r in runs)


def test_the_runs_table_shows_each_seed_side_by_side(runs):
    out = text_of(cell_with(notebook(PAGE), "stats.runs_table(resultados)"))
    for r in runs:
        assert f"{_es(100 * r['exactitud'], 2)} %" in out


def test_verdict_recomputed_with_the_stated_rule(glue, runs):
    won = {}
    for a, b in PAIRS:
        for metric, unit, scale, digits in (("exactitud", "puntos", 100, 2), ("segundos", "s", 1, 1)):
            mean, low, high, b_won, a_won = _paired(runs, a, b, metric)
            part = glue[f"hw_v_{a}_{b}"].split("; en tiempo")[0 if metric == "exactitud" else 1]
            interval = (f"{LABEL[b]} − {LABEL[a]} = {_es(scale * mean, digits, True)} {unit} "
                        f"[{_es(scale * low, digits, True)}; {_es(scale * high, digits, True)}]")
            assert interval in part
            winner = None if low <= 0 <= high else (
                (b if mean > 0 else a) if metric == "exactitud" else (a if mean > 0 else b))
            won[(a, b, metric)] = winner
            if winner is None:
                assert "no concluyente" in part and "incluye el 0" in part
            else:
                word = "más exacto" if metric == "exactitud" else "más rápido"
                assert f"{LABEL[winner]} es {word} que {LABEL[b if winner == a else a]}" in part
            ahead, count = (b, b_won) if (mean >= 0) == (metric == "exactitud") else (a, a_won)
            assert f"{LABEL[ahead]} " in part and (
                "en las 5 semillas" in part if count == 5 else f"en {count} de las 5 semillas" in part)

    def yes(w, name):
        return "no concluyente" if w is None else ("sí" if w == name else "no")

    parts = [yes(won[("tiny", "medium", "exactitud")], "medium"),
             yes(won[("medium", "wide", "segundos")], "medium"),
             {"sí": "no", "no": "sí", "no concluyente": "sí"}[yes(won[("medium", "wide", "exactitud")], "wide")]]
    balanced = "no" if "no" in parts else ("sí" if parts == ["sí"] * 3 else "no concluyente")
    wide_ok = parts[2]  # Wide has more parameters (literals above); is it clearly more accurate?
    whole = "no" if "no" in (balanced, wide_ok) else (
        "sí" if (balanced, wide_ok) == ("sí", "sí") else "no concluyente")
    assert glue["hw_v_balanced"].startswith(balanced.capitalize() + " (")
    assert glue["hw_v_wide_not_better"] == wide_ok.capitalize()
    assert glue["hw_v_criterion"] == whole.capitalize()
    assert glue["hw_v_deep_beats_wide"].startswith(yes(won[("medium", "wide", "exactitud")], "medium").capitalize() + ":")


def test_what_more_seeds_would_buy(glue, runs):
    for a, b in (("tiny", "medium"), ("medium", "wide")):
        by = {(r["arquitectura"], r["semilla"]): r["exactitud"] for r in runs}
        sd = np.std([by[(b, s)] - by[(a, s)] for s in range(5)], ddof=1)
        widths = [100 * t * sd / np.sqrt(n) for n, t in ((5, 2.776), (10, 2.262), (20, 2.093))]
        assert (f"{LABEL[b]} − {LABEL[a]}: ± {_es(widths[0], 2)} puntos con 5 semillas, "
                f"± {_es(widths[1], 2)} con 10 y ± {_es(widths[2], 2)} con 20") in glue["hw_mas_semillas"]


def test_self_check_passes_in_the_book():
    out = text_of(cell_with(notebook(PAGE), "checks.check_homework(resultados"))
    assert "✔ medium: 235.146 parámetros, como da la cuenta a mano." in out
    assert "✘" not in out and "Resultado: ¡bien!" in out


def test_the_rule_comes_before_the_results_and_the_figure_has_alt_text():
    text = article_text(PAGE)
    assert "{glue" not in text
    assert text.index("La diferencia cuenta si el intervalo deja afuera el 0") < text.index("Resultados")
    assert re.search(r"\d+ núcleos, carga media [\d,]+ / [\d,]+ / [\d,]+", text)
    alts = re.findall(r'<img alt="([^"]+)"', html(PAGE))
    assert [a.split(":")[0] for a in alts] == ["Exactitud en prueba contra tiempo de fit"]
