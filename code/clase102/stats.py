"""Statistics the pages show: the homework's mean ± DE and verdict, and ``predict``'s confusions.

The homework loop (in the page) appends one dict per run to a list::

    {"architecture": "medium", "seed": 0, "params": 235146,
     "accuracy": 0.871, "seconds": 14.2, "history": {...}}

Every homework function here takes that list. An empty or partial list never fails:
tables say «todavía no hay corridas» and the verdict says «no concluyente».

The rule, stated before any result (``compare``): between architectures A and
B, the difference of means ``d`` counts when ``|d| > k·EE``, with
``EE = sqrt(DE_A²/n_A + DE_B²/n_B)`` (``k = 2``). For time we also ask that the
ranges of the runs do not overlap: the machine's load changes from run to run.
With one seed there is no DE, so nothing is decided.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clase102.data import CLASS_NAMES
from clase102.formatting import fmt_dec, fmt_int, fmt_pct
from clase102.validation import check_labels, check_number, check_positive_int

ARCHITECTURES = ("tiny", "medium", "wide")
LABELS = {"tiny": "Tiny", "medium": "Medium", "wide": "Wide"}
PAIRS = (("tiny", "medium"), ("medium", "wide"), ("tiny", "wide"))
YES, NO, UNDECIDED = "sí", "no", "no concluyente"
K = 2.0
NO_RUNS = "Todavía no hay corridas: completá «resultados» en la celda «Tu turno» y volvé a correr esta."


def _label(name) -> str:
    return LABELS.get(name, str(name))


def _runs(results) -> list[dict]:
    """The runs, checked: a list of dicts with an architecture, an accuracy and a time.

    ``None`` or an empty list is «no runs yet»; anything else that is not a list of
    complete runs (a single dict, an accuracy in %, a NaN, …) is a Spanish error.
    """
    if results is None:
        return []
    if not isinstance(results, (list, tuple)):
        hint = " (¿una sola corrida? ponela entre corchetes: [corrida])" if isinstance(results, dict) else ""
        raise TypeError(
            f"«results» debe ser una lista de corridas (diccionarios); recibí {type(results).__name__}{hint}."
        )
    for i, r in enumerate(results, 1):
        if not isinstance(r, dict):
            raise TypeError(f"La corrida {i} de «results» debe ser un diccionario; recibí {type(r).__name__}.")
        missing = [k for k in ("architecture", "accuracy", "seconds") if k not in r]
        if missing:
            raise ValueError(f"A la corrida {i} de «results» le falta: {', '.join(missing)}.")
        check_number(r["accuracy"], f"accuracy de la corrida {i} (una fracción, no un %)", 0, 1)
        check_number(r["seconds"], f"seconds de la corrida {i}", 0)
        if "params" in r:
            check_positive_int(r["params"], f"params de la corrida {i}")
    return list(results)


def _order(names) -> list[str]:
    names = list(dict.fromkeys(names))
    return [a for a in ARCHITECTURES if a in names] + [a for a in names if a not in ARCHITECTURES]


# --------------------------------------------------------------- summaries


def summarize(results) -> pd.DataFrame:
    """One row per architecture: runs, parameters, mean and DE (ddof=1) of accuracy and seconds.

    DE is NaN with a single run. Architectures in the order tiny, medium, wide.
    """
    runs = _runs(results)
    rows = []
    for name in _order(r["architecture"] for r in runs):
        mine = [r for r in runs if r["architecture"] == name]
        acc = np.array([float(r["accuracy"]) for r in mine])
        sec = np.array([float(r["seconds"]) for r in mine])
        sd = (lambda v: float(np.std(v, ddof=1))) if len(mine) > 1 else (lambda v: math.nan)
        rows.append({
            "architecture": name,
            "n": len(mine),
            "params": int(mine[0].get("params", 0)),
            "accuracy_mean": float(acc.mean()), "accuracy_sd": sd(acc),
            "seconds_mean": float(sec.mean()), "seconds_sd": sd(sec),
            "seconds_min": float(sec.min()), "seconds_max": float(sec.max()),
        })
    columns = ["architecture", "n", "params", "accuracy_mean", "accuracy_sd",
               "seconds_mean", "seconds_sd", "seconds_min", "seconds_max"]
    return pd.DataFrame(rows, columns=columns)


def _pm(mean, sd, fmt) -> str:
    return fmt(mean) if math.isnan(sd) else f"{fmt(mean)} ± {fmt(sd)}"


def summary_table(results):
    """``summarize`` for readers (Spanish); prints «todavía no…» and returns None when empty."""
    s = summarize(results)
    if s.empty:
        print(NO_RUNS)
        return None
    return pd.DataFrame({
        "Arquitectura": [_label(a) for a in s["architecture"]],
        "Parámetros": [fmt_int(int(p)) for p in s["params"]],
        "Corridas": s["n"].astype(int).to_numpy(),
        "Exactitud en prueba (media ± DE)": [
            _pm(m, d, lambda v: fmt_pct(v, 2)) for m, d in zip(s["accuracy_mean"], s["accuracy_sd"])],
        "Tiempo de fit en s (media ± DE)": [
            _pm(m, d, lambda v: fmt_dec(v, 1)) for m, d in zip(s["seconds_mean"], s["seconds_sd"])],
    }).set_index("Arquitectura")


def runs_table(results):
    """Every run for readers (Spanish); prints «todavía no…» and returns None when empty."""
    runs = _runs(results)
    if not runs:
        print(NO_RUNS)
        return None
    return pd.DataFrame({
        "Arquitectura": [_label(r["architecture"]) for r in runs],
        "Semilla": [r.get("seed", "") for r in runs],
        "Exactitud en prueba": [fmt_pct(float(r["accuracy"]), 2) for r in runs],
        "Tiempo de fit": [f"{fmt_dec(float(r['seconds']), 1)} s" for r in runs],
    })


# -------------------------------------------------------------- the verdict


@dataclass(frozen=True)
class Comparison:
    """One pair (a, b) on one metric, judged with the rule of the module docstring."""

    a: str
    b: str
    metric: str  # "accuracy" (higher is better) or "seconds" (lower is better)
    diff: float  # mean_b − mean_a (NaN when it cannot be computed)
    threshold: float  # k · EE
    winner: str | None  # a, b, or None (no concluyente)
    reason: str  # Spanish, why it is undecided ("" when decided or a plain tie)
    enough: bool  # both sides have ≥ 2 runs

    def outcome(self, name: str) -> str:
        """«sí» if ``name`` won, «no» if the other one did, else «no concluyente»."""
        if self.winner is None:
            return UNDECIDED
        return YES if self.winner == name else NO

    def sentence(self) -> str:
        """The comparison in Spanish words, e.g. «Medium es más exacto que Tiny (…)»."""
        what = "exactitud" if self.metric == "accuracy" else "tiempo"
        if not self.enough:
            return f"en {what}, no concluyente: {self.reason}"
        size = self._fmt(abs(self.diff))
        limit = self._fmt(self.threshold)
        if self.winner is None:
            why = self.reason or f"la diferencia ({size}) no supera el umbral ({limit})"
            return f"en {what}, no concluyente: {why}"
        loser = self.b if self.winner == self.a else self.a
        better = "más exacto" if self.metric == "accuracy" else "más rápido"
        return f"en {what}, {_label(self.winner)} es {better} que {_label(loser)} por {size} (umbral {limit})"

    def _fmt(self, value) -> str:
        if self.metric == "accuracy":
            return f"{fmt_dec(100 * value, 2)} puntos"
        return f"{fmt_dec(value, 1)} s"


def compare(summary: pd.DataFrame, a: str, b: str, metric: str, k: float = K) -> Comparison:
    """Judge ``a`` against ``b`` on ``metric`` ("accuracy" or "seconds") with ``|d| > k·EE``."""
    s = summary.set_index("architecture")
    missing = [_label(x) for x in (a, b) if x not in s.index]
    if missing:
        return Comparison(a, b, metric, math.nan, math.nan, None,
                          f"faltan corridas de {' y '.join(missing)}", False)
    few = [_label(x) for x in (a, b) if s.at[x, "n"] < 2]
    if few:
        return Comparison(a, b, metric, math.nan, math.nan, None,
                          f"hace falta más de una semilla ({' y '.join(few)} tiene una sola corrida)", False)
    mean, sd = f"{metric}_mean", f"{metric}_sd"
    diff = float(s.at[b, mean] - s.at[a, mean])
    se = math.sqrt(s.at[a, sd] ** 2 / s.at[a, "n"] + s.at[b, sd] ** 2 / s.at[b, "n"])
    threshold = k * se
    winner, reason = None, ""
    if abs(diff) > threshold:
        higher = b if diff > 0 else a
        lower = a if diff > 0 else b
        winner = higher if metric == "accuracy" else lower
        if metric == "seconds" and s.at[lower, "seconds_max"] >= s.at[higher, "seconds_min"]:
            winner = None
            reason = "los tiempos de las corridas se solapan"
    return Comparison(a, b, metric, diff, threshold, winner, reason, True)


@dataclass(frozen=True)
class Verdict:
    """Every comparison and the acceptance criterion, each «sí», «no» or «no concluyente»."""

    summary: pd.DataFrame
    comparisons: dict  # (a, b, metric) -> Comparison
    balanced: str  # Medium wins on balanced accuracy/time
    wide_not_better: str  # Wide has more parameters but is not clearly more accurate
    criterion: str  # both parts together
    deep_beats_wide: str  # the lesson: Medium clearly more accurate than Wide

    def get(self, a, b, metric) -> Comparison:
        return self.comparisons[(a, b, metric)]

    def table(self) -> pd.DataFrame:
        """One row per pair: the answer on accuracy and on time, in Spanish."""
        def answer(c):
            return _label(c.winner) if c.winner else UNDECIDED

        return pd.DataFrame({
            "Comparación": [f"{_label(a)} – {_label(b)}" for a, b in PAIRS],
            "¿Quién es más exacto?": [answer(self.get(a, b, "accuracy")) for a, b in PAIRS],
            "Exactitud: diferencia / umbral": [self._numbers(self.get(a, b, "accuracy")) for a, b in PAIRS],
            "¿Quién es más rápido?": [answer(self.get(a, b, "seconds")) for a, b in PAIRS],
            "Tiempo: diferencia / umbral": [self._numbers(self.get(a, b, "seconds")) for a, b in PAIRS],
        }).set_index("Comparación")

    @staticmethod
    def _numbers(c: Comparison) -> str:
        if not c.enough:
            return "—"
        return f"{c._fmt(abs(c.diff))} / {c._fmt(c.threshold)}"

    def criterion_table(self) -> pd.DataFrame:
        """The parts of the criterion and the lesson, each with its answer."""
        rows = [
            ("Medium gana en exactitud/tiempo balanceado", self.balanced),
            ("Wide tiene más parámetros que Medium pero no es claramente más exacto", self.wide_not_better),
            ("El criterio completo (las dos partes)", self.criterion),
            ("La lección «profundo > ancho»: Medium claramente más exacto que Wide", self.deep_beats_wide),
        ]
        return pd.DataFrame(rows, columns=["Afirmación", "Respuesta"]).set_index("Afirmación")

    def phrases(self) -> dict[str, str]:
        """Spanish sentences built from the outcomes, to glue into the prose."""
        out = {}
        for a, b in PAIRS:
            acc, sec = self.get(a, b, "accuracy"), self.get(a, b, "seconds")
            out[f"{a}_{b}"] = f"{_label(a)} – {_label(b)}: {acc.sentence()}; {sec.sentence()}."
        mt_acc = self.get("tiny", "medium", "accuracy")
        mw_acc = self.get("medium", "wide", "accuracy")
        mw_sec = self.get("medium", "wide", "seconds")
        parts = [
            f"más exacto que Tiny: {mt_acc.outcome('medium')}",
            f"más rápido que Wide: {mw_sec.outcome('medium')}",
            f"Wide más exacto que Medium: {mw_acc.outcome('wide')}",
        ]
        out["balanced"] = f"{self.balanced.capitalize()} (Medium {parts[0]}; {parts[1]}; {parts[2]})."
        out["wide_not_better"] = self.wide_not_better.capitalize()
        out["criterion"] = self.criterion.capitalize()
        out["deep_beats_wide"] = {
            YES: "Sí: Medium fue más exacto que Wide por más que el ruido entre semillas.",
            NO: "No: Wide fue más exacto que Medium por más que el ruido entre semillas.",
            UNDECIDED: f"No concluyente: {mw_acc.sentence().removeprefix('en exactitud, no concluyente: ')}.",
        }[self.deep_beats_wide]
        return out


def _all_of(answers) -> str:
    """«no» if any is «no», «sí» if all are «sí», else «no concluyente»."""
    answers = list(answers)
    if NO in answers:
        return NO
    return YES if all(x == YES for x in answers) else UNDECIDED


def verdict(results, k: float = K) -> Verdict:
    """Judge every pair and the acceptance criterion.

    * **Medium gana en balance**: «sí» if Medium is clearly more accurate than
      Tiny, clearly faster than Wide and Wide is not clearly more accurate
      than Medium; «no» if any of the three comes out the other way round
      clearly; «no concluyente» otherwise.
    * **Wide no es claramente mejor**: «no» if Wide does not have more
      parameters than Medium or is clearly more accurate; «sí» if, with
      enough runs, it is not; «no concluyente» without enough runs.
    * **Criterion**: both parts (``_all_of``).
    * **Lesson «profundo > ancho»**: Medium against Wide on accuracy.
    """
    k = check_number(k, "k", low=0)
    if k == 0:
        raise ValueError("«k» debe ser positivo: con k = 0 cualquier diferencia contaría.")
    summary = summarize(results)
    comparisons = {
        (a, b, m): compare(summary, a, b, m, k) for a, b in PAIRS for m in ("accuracy", "seconds")
    }
    mt_acc = comparisons[("tiny", "medium", "accuracy")]
    mw_acc = comparisons[("medium", "wide", "accuracy")]
    mw_sec = comparisons[("medium", "wide", "seconds")]
    wide_accuracy = {YES: NO, NO: YES, UNDECIDED: YES}[mw_acc.outcome("wide")]
    balanced = _all_of([mt_acc.outcome("medium"), mw_sec.outcome("medium"), wide_accuracy])

    params = summary.set_index("architecture")["params"]
    if not mw_acc.enough:
        wide_not_better = UNDECIDED
        if "medium" in params and "wide" in params and params["wide"] <= params["medium"]:
            wide_not_better = NO
    else:
        more_params = YES if params["wide"] > params["medium"] else NO
        wide_not_better = _all_of([more_params, wide_accuracy])
    return Verdict(
        summary=summary,
        comparisons=comparisons,
        balanced=balanced,
        wide_not_better=wide_not_better,
        criterion=_all_of([balanced, wide_not_better]),
        deep_beats_wide=mw_acc.outcome("medium"),
    )


# ------------------------------------------------------- predict's mistakes


def confusion_pairs(y_true, y_pred, n: int = 5, class_names=CLASS_NAMES) -> pd.DataFrame:
    """The ``n`` most frequent mistakes: true class, predicted class and how many times.

    Only wrong predictions count; ties keep the order of (true, predicted) labels.
    """
    n = check_positive_int(n, "n")
    n_classes = len(class_names)
    y_true = check_labels(y_true, n_classes, name="y_true")
    y_pred = check_labels(y_pred, n_classes, n=len(y_true), name="y_pred")
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    np.fill_diagonal(counts, 0)
    true_idx, pred_idx = np.nonzero(counts)
    order = np.argsort(-counts[true_idx, pred_idx], kind="stable")[:n]
    return pd.DataFrame(
        {
            "Clase real": [class_names[i] for i in true_idx[order]],
            "Predicha como": [class_names[j] for j in pred_idx[order]],
            "Casos": counts[true_idx[order], pred_idx[order]],
        }
    )
