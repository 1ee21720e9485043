"""The homework's figures, with Spanish labels: accuracy against time, and learning curves.

Both take the page's list of runs (see ``clase102.stats``). With no runs they
print «todavía no hay corridas» and return ``None`` instead of a figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter, ScalarFormatter

from clase102 import stats
from clase102.plots import _new_figure, _SpanishTicks

COLORS = {"tiny": "#1b9e77", "medium": "#d95f02", "wide": "#7570b3"}


def _color(name: str) -> str:
    return COLORS.get(name, "#666666")


def plot_accuracy_vs_time(results) -> Figure | None:
    """One small point per run and, per architecture, the mean with ± 1 DE bars on both axes."""
    summary = stats.summarize(results)
    if summary.empty:
        print(stats.NO_RUNS)
        return None
    runs = stats._runs(results)
    fig = _new_figure(8, 4.5)
    ax = fig.subplots()
    for row in summary.itertuples(index=False):
        name, color = row.architecture, _color(row.architecture)
        mine = [r for r in runs if r["architecture"] == name]
        ax.scatter([r["seconds"] for r in mine], [r["accuracy"] for r in mine],
                   s=25, color=color, alpha=0.5)
        ax.errorbar(row.seconds_mean, row.accuracy_mean,
                    xerr=np.nan_to_num(row.seconds_sd), yerr=np.nan_to_num(row.accuracy_sd),
                    fmt="X", markersize=11, color=color, markeredgecolor="black", capsize=4,
                    label=f"{stats.LABELS.get(name, name)} (media ± DE)")
    ax.set_xlabel("Tiempo de fit (segundos)")
    ax.set_ylabel("Exactitud en prueba")
    ax.set_title("Exactitud contra tiempo: cada punto chico es una corrida")
    ax.xaxis.set_major_formatter(_SpanishTicks(ScalarFormatter()))
    ax.yaxis.set_major_formatter(_SpanishTicks(PercentFormatter(xmax=1)))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return fig


def plot_learning_curves(results) -> Figure | None:
    """Validation accuracy per epoch (solid) and training accuracy (dashed), one panel per
    architecture and one line per seed; the panels share the y axis."""
    runs = [dict(r, history=getattr(r.get("history"), "history", r.get("history")))
            for r in stats._runs(results)]  # a Keras History or its .history dict
    runs = [r for r in runs if "val_accuracy" in (r["history"] or {})]
    names = stats._order(r["architecture"] for r in runs)
    if not names:
        print(stats.NO_RUNS)
        return None
    fig = _new_figure(3.6 * len(names) + 0.6, 3.8)
    axes = fig.subplots(1, len(names), sharey=True, squeeze=False)[0]
    for ax, name in zip(axes, names):
        mine = [r for r in runs if r["architecture"] == name]
        for j, r in enumerate(mine):
            val = r["history"]["val_accuracy"]
            epochs = np.arange(1, len(val) + 1)
            ax.plot(epochs, val, "o-", color=_color(name), alpha=0.85,
                    label="validación" if j == 0 else None)
            if "accuracy" in r["history"]:
                ax.plot(epochs, r["history"]["accuracy"], ".--", color=_color(name), alpha=0.45,
                        label="entrenamiento" if j == 0 else None)
        last = max(len(r["history"]["val_accuracy"]) for r in mine)
        ax.set_title(f"{stats.LABELS.get(name, name)} ({len(mine)} corridas)")
        ax.set_xlabel("Época")
        ax.set_xticks(range(1, last + 1))
        ax.set_xlim(0.5, last + 0.5)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    axes[0].set_ylabel("Exactitud")
    axes[0].yaxis.set_major_formatter(_SpanishTicks(PercentFormatter(xmax=1)))
    fig.suptitle("Curvas de aprendizaje: exactitud por época (una línea por semilla)")
    return fig
