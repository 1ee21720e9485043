"""The homework page's claims, checked on the built book.

Expected values never come from ``clase102.stats``: parameter counts are
literals (hand counts), means and deviations are recomputed here with NumPy
from the runs the page glued, and the verdict is recomputed with the rule the
page states (|d| > 2·EE; for time, also ranges apart).
"""

import ast
import json
import re

import numpy as np
import pytest

from helpers import BUILD, HTML, executed_notebook, glued_reprs as glued

pytestmark = pytest.mark.book

PAGE = "book/homework"
PARAMS = {"tiny": 50_890, "medium": 235_146, "wide": 814_090}  # 784·64+64+64·10+10, …
LABEL = {"tiny": "Tiny", "medium": "Medium", "wide": "Wide"}


@pytest.fixture(scope="module")
def glue():
    if not (HTML / f"{PAGE}.html").exists():
        pytest.fail("No hay libro construido con el homework.")
    return {k: ast.literal_eval(v) for k, v in glued(PAGE).items()}


@pytest.fixture(scope="module")
def runs(glue):
    return json.loads(glue["hw_runs_json"])


def _es(value, digits):
    return f"{value:.{digits}f}".replace(".", ",")


def test_the_book_ran_the_full_protocol(glue, runs):
    assert glue["hw_modo"] == (
        "el protocolo completo: 3 arquitecturas × 3 semillas × 5 épocas, con 55.000 imágenes de "
        "entrenamiento, 5.000 de validación y 10.000 de prueba."
    )
    # seed by seed, the three architectures alternating inside each seed
    assert [(r["seed"], r["architecture"]) for r in runs] == [
        (s, a) for s in (0, 1, 2) for a in ("tiny", "medium", "wide")
    ]
    assert all(r["epochs"] == 5 for r in runs)


def test_parameters_are_the_hand_counts(glue, runs):
    for r in runs:
        assert r["params"] == PARAMS[r["architecture"]]
    assert (glue["hw_params_tiny"], glue["hw_params_medium"], glue["hw_params_wide"]) == (
        "50.890", "235.146", "814.090")
    assert glue["hw_ratio"] == _es(814_090 / 235_146, 1)


def test_runs_are_plausible(runs):
    assert all(0.80 < r["accuracy"] < 0.95 for r in runs)
    assert all(r["seconds"] > 0 for r in runs)


def test_glued_means_recomputed_from_the_runs(glue, runs):
    for a in PARAMS:
        acc = np.mean([r["accuracy"] for r in runs if r["architecture"] == a])
        sec = np.mean([r["seconds"] for r in runs if r["architecture"] == a])
        assert glue[f"hw_acc_{a}"] == f"{_es(100 * acc, 2)} %"
        assert glue[f"hw_sec_{a}"] == _es(sec, 1)


def _decide(runs, a, b, metric):
    """Winner of a vs b by the page's rule, written again here; None if undecided."""
    va = np.array([r[metric] for r in runs if r["architecture"] == a])
    vb = np.array([r[metric] for r in runs if r["architecture"] == b])
    d = vb.mean() - va.mean()
    se = np.sqrt(va.var(ddof=1) / len(va) + vb.var(ddof=1) / len(vb))
    if abs(d) <= 2 * se:
        return None
    if metric == "accuracy":
        return b if d > 0 else a
    fast, slow = (va, vb) if d > 0 else (vb, va)
    if fast.max() >= slow.min():
        return None
    return a if d > 0 else b


def test_verdict_recomputed_with_the_stated_rule(glue, runs):
    won = {(a, b, m): _decide(runs, a, b, m)
           for a, b in (("tiny", "medium"), ("medium", "wide"), ("tiny", "wide"))
           for m in ("accuracy", "seconds")}
    for (a, b, m), w in won.items():
        sentence = glue[f"hw_v_{a}_{b}"]
        part = sentence.split("; ")[0 if m == "accuracy" else 1]
        if w is None:
            assert "no concluyente" in part, sentence
        else:
            loser = b if w == a else a
            word = "más exacto" if m == "accuracy" else "más rápido"
            assert f"{LABEL[w]} es {word} que {LABEL[loser]}" in part, sentence

    def yes(w, name):
        return "no concluyente" if w is None else ("sí" if w == name else "no")

    parts = [yes(won[("tiny", "medium", "accuracy")], "medium"),
             yes(won[("medium", "wide", "seconds")], "medium"),
             {"sí": "no", "no": "sí", "no concluyente": "sí"}[yes(won[("medium", "wide", "accuracy")], "wide")]]
    balanced = "no" if "no" in parts else ("sí" if parts == ["sí"] * 3 else "no concluyente")
    wide_ok = parts[2]  # Wide has more parameters (literals above); is it clearly more accurate?
    whole = "no" if "no" in (balanced, wide_ok) else (
        "sí" if (balanced, wide_ok) == ("sí", "sí") else "no concluyente")
    assert glue["hw_v_balanced"].startswith(balanced.capitalize() + " (")
    assert glue["hw_v_wide_not_better"] == wide_ok.capitalize()
    assert glue["hw_v_criterion"] == whole.capitalize()
    deep = yes(won[("medium", "wide", "accuracy")], "medium")
    assert glue["hw_v_deep_beats_wide"].startswith(deep.capitalize() + ":")


def test_self_check_passes_in_the_book():
    nb = executed_notebook(PAGE)
    cell = next(c for c in nb["cells"] if "self-check" in c.get("metadata", {}).get("tags", []))
    out = "".join(o.get("text", "") for o in cell["outputs"] if o["output_type"] == "stream")
    assert "✔ medium: 235.146 parámetros, como da la cuenta a mano." in out
    assert "✘" not in out and "Resultado: ¡bien!" in out


def test_page_prose_times_come_with_the_machine_and_figures_have_alt_text():
    html = (HTML / f"{PAGE}.html").read_text()
    text = re.sub(r"<[^>]+>", "", html)
    assert "{glue" not in text
    assert re.search(r"medidos en esta máquina: .+ núcleos, carga media [\d,]+ / [\d,]+ / [\d,]+", text)
    alts = re.findall(r'<img alt="([^"]+)"', html)
    assert [a.split(":")[0] for a in alts] == [
        "Exactitud en prueba contra tiempo de fit", "Curvas de aprendizaje"]


