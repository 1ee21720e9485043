"""Statistics the homework page shows: the runs side by side and the paired verdict.

The homework loop (in the page) appends one dict per run, with the page's Spanish keys::

    {"arquitectura": "medium", "semilla": 0, "parametros": 235146,
     "exactitud": 0.871, "segundos": 14.2, "historia": {...}}

Every homework function here takes that list. An empty or partial list never fails:
tables say «todavía no hay corridas» and the verdict says «no concluyente».

The rule, stated in the page before any result (``paired``): each seed trains the three
architectures one after the other, so the runs are paired by seed. Between A and B, on
accuracy or on time, take the per-seed differences ``d_i = B_i − A_i``, their mean ``d̄``,
its standard error ``EE = DE_d / √n`` and the 95 % interval ``d̄ ± t·EE``, with ``t`` the
0,975 quantile of Student's t with ``n − 1`` degrees of freedom. The difference counts when
the interval leaves 0 out. Time uses the same rule: the three runs of a seed share the
machine's load of that moment, which the difference cancels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clase102.formatting import fmt_dec, fmt_int, fmt_pct
from clase102.validation import check_int, check_number

ARCHITECTURES = ("tiny", "medium", "wide")
LABELS = {"tiny": "Tiny", "medium": "Medium", "wide": "Wide"}
PAIRS = (("tiny", "medium"), ("medium", "wide"), ("tiny", "wide"))
METRICS = ("exactitud", "segundos")
YES, NO, UNDECIDED = "sí", "no", "no concluyente"
NO_RUNS = "Todavía no hay corridas: completá «resultados» en la celda «Tu turno» y volvé a correr esta."
# 0,975 quantiles of Student's t for 1 to 30 degrees of freedom (any table of the t distribution);
# beyond 30 the value for 30 is used, slightly wider than the exact one.
T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


def t975(df: int) -> float:
    """The 0,975 quantile of Student's t with ``df`` ≥ 1 degrees of freedom."""
    df = check_int(df, "df")
    return T975[min(df, len(T975)) - 1]


def half_width(sd: float, n: int) -> float:
    """Half the 95 % interval of a mean of ``n`` paired differences whose DE is ``sd``."""
    n = check_int(n, "n")
    if n < 2:
        raise ValueError("Con una sola semilla no hay intervalo: hacen falta al menos 2.")
    return t975(n - 1) * check_number(sd, "sd", low=0) / math.sqrt(n)


def _label(name) -> str:
    return LABELS.get(name, str(name))


def _runs(results) -> list[dict]:
    """The runs, checked: a list of dicts with an architecture, a seed, an accuracy and a time.

    ``None`` or an empty list is «no runs yet»; anything else that is not a list of
    complete runs (a single dict, an accuracy in %, a NaN, a seed twice, …) is a Spanish error.
    """
    if results is None:
        return []
    if not isinstance(results, (list, tuple)):
        hint = " (¿una sola corrida? ponela entre corchetes: [corrida])" if isinstance(results, dict) else ""
        raise TypeError(
            f"«resultados» debe ser una lista de corridas (diccionarios); recibí {type(results).__name__}{hint}."
        )
    seen = set()
    for i, r in enumerate(results, 1):
        if not isinstance(r, dict):
            raise TypeError(f"La corrida {i} de «resultados» debe ser un diccionario; recibí {type(r).__name__}.")
        missing = [k for k in ("arquitectura", "semilla", "exactitud", "segundos") if k not in r]
        if missing:
            raise ValueError(f"A la corrida {i} de «resultados» le falta: {', '.join(missing)}.")
        check_number(r["exactitud"], f"exactitud de la corrida {i} (una fracción, no un %)", 0, 1)
        check_number(r["segundos"], f"segundos de la corrida {i}", 0)
        if "parametros" in r:
            check_int(r["parametros"], f"parametros de la corrida {i}")
        key = (r["arquitectura"], r["semilla"])
        if key in seen:
            raise ValueError(f"La semilla {r['semilla']} de {_label(key[0])} aparece dos veces en «resultados».")
        seen.add(key)
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
    for name in _order(r["arquitectura"] for r in runs):
        mine = [r for r in runs if r["arquitectura"] == name]
        row = {"architecture": name, "n": len(mine), "params": int(mine[0].get("parametros", 0))}
        for metric in METRICS:
            v = np.array([float(r[metric]) for r in mine])
            row[f"{metric}_mean"] = float(v.mean())
            row[f"{metric}_sd"] = float(np.std(v, ddof=1)) if len(v) > 1 else math.nan
        rows.append(row)
    columns = ["architecture", "n", "params", "exactitud_mean", "exactitud_sd", "segundos_mean", "segundos_sd"]
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
        "Exactitud (media ± DE)": [
            _pm(m, d, lambda v: fmt_pct(v, 2)) for m, d in zip(s["exactitud_mean"], s["exactitud_sd"])],
        "Segundos de fit (media ± DE)": [
            _pm(m, d, lambda v: fmt_dec(v, 1)) for m, d in zip(s["segundos_mean"], s["segundos_sd"])],
    }).set_index("Arquitectura")


def runs_table(results):
    """Every run for readers, one row per seed and one column per architecture and measure,
    so that the pairs are side by side; prints «todavía no…» and returns None when empty."""
    runs = _runs(results)
    if not runs:
        print(NO_RUNS)
        return None
    names = _order(r["arquitectura"] for r in runs)
    seeds = list(dict.fromkeys(r["semilla"] for r in runs))
    cell = {(r["semilla"], r["arquitectura"]): r for r in runs}
    table = {}
    for metric, fmt in (("exactitud", lambda v: fmt_pct(v, 2)), ("segundos", lambda v: f"{fmt_dec(v, 1)} s")):
        for name in names:
            table[(metric.capitalize(), _label(name))] = [
                fmt(float(cell[(s, name)][metric])) if (s, name) in cell else "—" for s in seeds]
    out = pd.DataFrame(table, index=pd.Index(seeds, name="Semilla"))
    out.columns = pd.MultiIndex.from_tuples(out.columns)
    return out


# -------------------------------------------------------------- the verdict


@dataclass(frozen=True)
class Comparison:
    """One pair (a, b) on one metric, judged with the paired rule of the module docstring."""

    a: str
    b: str
    metric: str  # "exactitud" (higher is better) or "segundos" (lower is better)
    n: int  # seeds that both have
    diff: float  # mean of b − a over those seeds (NaN with fewer than 2)
    sd: float  # DE of the differences
    half: float  # t · EE, half the 95 % interval
    b_better: int  # seeds where b beat a (more accurate, or faster)
    a_better: int  # seeds where a beat b
    winner: str | None  # a, b, or None (no concluyente)

    @property
    def enough(self) -> bool:
        return self.n >= 2

    def outcome(self, name: str) -> str:
        """«sí» if ``name`` won, «no» if the other one did, else «no concluyente»."""
        if self.winner is None:
            return UNDECIDED
        return YES if self.winner == name else NO

    def _fmt(self, value, signed=True) -> str:
        digits = 2 if self.metric == "exactitud" else 1
        value = 100 * value if self.metric == "exactitud" else value
        text = fmt_dec(abs(value), digits)
        if not signed:
            return text
        return ("−" if value < 0 and text.strip("0,") else "+") + text

    def interval(self) -> str:
        """«+0,70 puntos [+0,20; +1,20]»: the mean difference b − a and its 95 % interval."""
        if not self.enough:
            return "—"
        unit = "puntos" if self.metric == "exactitud" else "s"
        return f"{self._fmt(self.diff)} {unit} [{self._fmt(self.diff - self.half)}; {self._fmt(self.diff + self.half)}]"

    def agreement(self) -> str:
        """How many seeds agreed in sign with the mean difference: a description, never the verdict."""
        if not self.enough:
            return "—"
        b_ahead = (1 if self.metric == "exactitud" else -1) * self.diff >= 0
        first, second, count = (self.b, self.a, self.b_better) if b_ahead else (self.a, self.b, self.a_better)
        verb = "superó a" if self.metric == "exactitud" else "fue más rápido que"
        where = f"las {fmt_int(self.n)} semillas" if count == self.n else f"{fmt_int(count)} de las {fmt_int(self.n)} semillas"
        return f"{_label(first)} {verb} {_label(second)} en {where}"

    def sentence(self) -> str:
        """The comparison in Spanish words, for the prose."""
        what = "exactitud" if self.metric == "exactitud" else "tiempo"
        if not self.enough:
            return f"en {what}, no concluyente: hacen falta al menos 2 semillas con las dos arquitecturas"
        numbers = (f"{_label(self.b)} − {_label(self.a)} = {self.interval()} (IC 95 %)")
        if self.winner is None:
            return f"en {what}, no concluyente: {numbers} incluye el 0; {self.agreement()}"
        loser = self.b if self.winner == self.a else self.a
        better = "más exacto" if self.metric == "exactitud" else "más rápido"
        return f"en {what}, {_label(self.winner)} es {better} que {_label(loser)}: {numbers}; {self.agreement()}"


def paired(results, a: str, b: str, metric: str) -> Comparison:
    """Judge ``b`` against ``a`` on ``metric`` with the paired interval (module docstring)."""
    if metric not in METRICS:
        raise ValueError(f"«metric» debe ser {' o '.join(METRICS)}; recibí {metric!r}.")
    cell = {(r["arquitectura"], r["semilla"]): float(r[metric]) for r in _runs(results)}
    seeds = [s for (name, s) in cell if name == a and (b, s) in cell]
    d = np.array([cell[(b, s)] - cell[(a, s)] for s in seeds])
    sign = 1 if metric == "exactitud" else -1  # b better: more accurate, or fewer seconds
    b_better, a_better = int((sign * d > 0).sum()), int((sign * d < 0).sum())
    if len(d) < 2:
        return Comparison(a, b, metric, len(d), math.nan, math.nan, math.nan, b_better, a_better, None)
    mean, sd = float(d.mean()), float(np.std(d, ddof=1))
    half = half_width(sd, len(d))
    winner = None
    if mean - half > 0 or mean + half < 0:
        winner = b if sign * mean > 0 else a
    return Comparison(a, b, metric, len(d), mean, sd, half, b_better, a_better, winner)


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
        """One row per pair and measure: the paired interval, the answer and the seeds' signs."""
        rows = []
        for a, b in PAIRS:
            for metric in METRICS:
                c = self.get(a, b, metric)
                rows.append({
                    "Comparación": f"{_label(b)} − {_label(a)}",
                    "Medida": "exactitud" if metric == "exactitud" else "tiempo",
                    "Diferencia media [IC 95 %]": c.interval(),
                    "Veredicto": UNDECIDED if c.winner is None else (
                        f"{_label(c.winner)} más {'exacto' if metric == 'exactitud' else 'rápido'}"),
                    "Semillas (descripción)": c.agreement(),
                })
        return pd.DataFrame(rows).set_index(["Comparación", "Medida"])

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
            acc, sec = self.get(a, b, "exactitud"), self.get(a, b, "segundos")
            out[f"{a}_{b}"] = f"{_label(a)} – {_label(b)}: {acc.sentence()}; {sec.sentence()}."
        mt_acc = self.get("tiny", "medium", "exactitud")
        mw_acc = self.get("medium", "wide", "exactitud")
        mw_sec = self.get("medium", "wide", "segundos")
        parts = [
            f"más exacto que Tiny: {mt_acc.outcome('medium')}",
            f"más rápido que Wide: {mw_sec.outcome('medium')}",
            f"Wide más exacto que Medium: {mw_acc.outcome('wide')}",
        ]
        out["balanced"] = f"{self.balanced.capitalize()} (Medium {parts[0]}; {parts[1]}; {parts[2]})."
        out["wide_not_better"] = self.wide_not_better.capitalize()
        out["criterion"] = self.criterion.capitalize()
        out["deep_beats_wide"] = {
            YES: "Sí: el intervalo de Medium − Wide en exactitud queda entero por encima de 0.",
            NO: "No: el intervalo de Medium − Wide en exactitud queda entero por debajo de 0.",
            UNDECIDED: "No concluyente: el intervalo de Wide − Medium en exactitud incluye el 0.",
        }[self.deep_beats_wide]
        return out


def _all_of(answers) -> str:
    """«no» if any is «no», «sí» if all are «sí», else «no concluyente»."""
    answers = list(answers)
    if NO in answers:
        return NO
    return YES if all(x == YES for x in answers) else UNDECIDED


def verdict(results) -> Verdict:
    """Judge every pair and the acceptance criterion.

    * **Medium gana en balance**: «sí» if Medium is clearly more accurate than
      Tiny, clearly faster than Wide and Wide is not clearly more accurate
      than Medium; «no» if any of the three comes out the other way round
      clearly; «no concluyente» otherwise.
    * **Wide no es claramente mejor**: «no» if Wide does not have more
      parameters than Medium or is clearly more accurate; «sí» if, with
      enough seeds, it is not; «no concluyente» without enough seeds.
    * **Criterion**: both parts (``_all_of``).
    * **Lesson «profundo > ancho»**: Medium against Wide on accuracy.
    """
    summary = summarize(results)
    comparisons = {(a, b, m): paired(results, a, b, m) for a, b in PAIRS for m in METRICS}
    mt_acc = comparisons[("tiny", "medium", "exactitud")]
    mw_acc = comparisons[("medium", "wide", "exactitud")]
    mw_sec = comparisons[("medium", "wide", "segundos")]
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
