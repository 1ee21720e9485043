"""Figures of the homework's comparison, with Spanish labels and Spanish numbers.

Every function takes the DataFrame of ``comparison.run_comparison`` (or a
hand-made one with the same columns) and returns a ``matplotlib`` Figure.
As in ``clase102.plots``, figures are created through pyplot and closed at
once: a notebook displays the returned figure exactly once.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, FuncFormatter

from clase102 import comparison
from clase102.data import CLASS_NAMES
from clase102.formatting import fmt_dec, fmt_int
from clase102.models import ARCHITECTURE_LABELS

COLORS = {"tiny": "#1b9e77", "medium": "#d95f02", "wide": "#7570b3"}
_FALLBACK = ("#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")


def _color(name: str, i: int) -> str:
    return COLORS.get(name, _FALLBACK[i % len(_FALLBACK)])


def _label(name: str) -> str:
    return ARCHITECTURE_LABELS.get(name, name)


def _subplots(*args, **kwargs):
    """``plt.subplots`` with the figure already closed in pyplot."""
    fig, axes = plt.subplots(*args, layout="constrained", **kwargs)
    plt.close(fig)
    return fig, axes


class _SpanishFormatter(Formatter):
    """Tick labels with a decimal comma and the fewest decimals that show every tick exactly.

    ``scale`` multiplies the value first (100 for fractions shown as %);
    ``suffix`` is appended (e.g. ``" %"``).
    """

    def __init__(self, scale: float = 1.0, suffix: str = ""):
        self.scale, self.suffix, self.digits = scale, suffix, 0

    def set_locs(self, locs):
        super().set_locs(locs)
        values = [self.scale * v for v in locs]
        for digits in range(4):
            if all(abs(round(v, digits) - v) < 1e-9 * max(1.0, abs(v)) for v in values):
                break
        self.digits = digits

    def __call__(self, value, pos=None):
        return f"{fmt_dec(self.scale * value, self.digits)}{self.suffix}"


def _pct_axis(axis) -> None:
    """Tick labels as Spanish percentages: 0.865 → '86,5 %'."""
    axis.set_major_formatter(_SpanishFormatter(100.0, " %"))


def _seconds_axis(ax) -> None:
    """Spanish tick labels for a time x axis."""
    ax.xaxis.set_major_formatter(_SpanishFormatter())


def plot_accuracy_vs_time(runs) -> Figure:
    """Test accuracy vs training time: one small point per run, the mean of each
    architecture as a large marker with ± 1 DE bars; Pareto-optimal means are named."""
    summary = comparison.summarize(runs)
    pareto = set(comparison.pareto_optimal(summary))
    fig, ax = _subplots(figsize=(8.5, 4.5))
    for i, row in enumerate(summary.itertuples(index=False)):
        name, color = row.architecture, _color(row.architecture, i)
        mine = runs[runs["architecture"] == name]
        ax.scatter(mine["fit_seconds"], mine["test_accuracy"], s=25, color=color, alpha=0.55,
                   label=f"{_label(name)}: corridas")
        ax.errorbar(row.seconds_mean, row.accuracy_mean,
                    xerr=0 if np.isnan(row.seconds_sd) else row.seconds_sd,
                    yerr=0 if np.isnan(row.accuracy_sd) else row.accuracy_sd,
                    fmt="X", markersize=12, color=color, markeredgecolor="black", capsize=4,
                    label=f"{_label(name)}: media")
        tag = " (Pareto)" if name in pareto else ""
        ax.annotate(f"{_label(name)}{tag}", (row.seconds_mean, row.accuracy_mean),
                    textcoords="offset points", xytext=(8, -14), fontsize=9)
    ax.set_xlabel("Tiempo de entrenamiento (segundos de fit)")
    ax.set_ylabel("Accuracy en test")
    ax.set_title("Accuracy en test vs. tiempo de entrenamiento")
    _pct_axis(ax.yaxis)
    _seconds_axis(ax)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return fig


def plot_accuracy_vs_params(runs) -> Figure:
    """Test accuracy vs number of parameters (log scale): runs and mean ± 1 DE."""
    summary = comparison.summarize(runs)
    fig, ax = _subplots(figsize=(7, 4.5))
    for i, row in enumerate(summary.itertuples(index=False)):
        name, color = row.architecture, _color(row.architecture, i)
        mine = runs[runs["architecture"] == name]
        ax.scatter(mine["parameters"], mine["test_accuracy"], s=25, color=color, alpha=0.55)
        ax.errorbar(row.parameters, row.accuracy_mean,
                    yerr=0 if np.isnan(row.accuracy_sd) else row.accuracy_sd,
                    fmt="X", markersize=12, color=color, markeredgecolor="black", capsize=4,
                    label=f"{_label(name)} ({fmt_int(int(row.parameters))} parámetros)")
    ax.set_xscale("log")
    ticks = sorted(summary["parameters"].astype(int))
    ax.set_xticks(ticks)
    ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _pos: ""))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_int(int(round(v)))))
    ax.set_xlabel("Parámetros entrenables (escala logarítmica)")
    ax.set_ylabel("Accuracy en test")
    ax.set_title("Accuracy en test vs. cantidad de parámetros")
    _pct_axis(ax.yaxis)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    return fig


def plot_learning_curves(runs) -> Figure:
    """Validation accuracy per epoch, one panel per architecture and one line per seed
    (training accuracy dashed). Panels share the y axis so they can be compared."""
    curves = comparison.curves_frame(runs)
    names = list(dict.fromkeys(curves["architecture"]))
    fig, axes = _subplots(1, len(names), figsize=(3.6 * len(names) + 0.6, 3.8),
                          sharey=True, squeeze=False)
    for i, (ax, name) in enumerate(zip(axes[0], names)):
        color = _color(name, i)
        mine = curves[curves["architecture"] == name]
        for j, (seed, one) in enumerate(mine.groupby("seed", sort=True)):
            ax.plot(one["epoch"], one["val_accuracy"], marker="o", color=color, alpha=0.85,
                    label="validación" if j == 0 else None)
            ax.plot(one["epoch"], one["accuracy"], linestyle="--", marker=".", color=color,
                    alpha=0.45, label="entrenamiento" if j == 0 else None)
        ax.set_title(f"{_label(name)} ({mine['seed'].nunique()} semillas)")
        ax.set_xlabel("Época")
        last = int(curves["epoch"].max())
        ax.set_xticks(range(1, last + 1))
        ax.set_xlim(0.5, last + 0.5)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    axes[0][0].set_ylabel("Accuracy")
    _pct_axis(axes[0][0].yaxis)
    fig.suptitle("Curvas de aprendizaje: accuracy por época (una línea por semilla)")
    return fig


def plot_confusion_matrix(y_true, y_pred, class_names=CLASS_NAMES, title=None) -> Figure:
    """Confusion matrix (counts; each row is a true class) with Spanish class names."""
    class_names = list(class_names)
    matrix = comparison.confusion_matrix(y_true, y_pred, n_classes=len(class_names))
    fig, ax = _subplots(figsize=(7.5, 6.5))
    image = ax.imshow(matrix, cmap="Blues")
    n = len(class_names)
    ax.set_xticks(range(n), class_names, rotation=45, ha="right")
    ax.set_yticks(range(n), class_names)
    threshold = matrix.max() / 2 if matrix.max() else 1
    for i in range(n):
        for j in range(n):
            ax.text(j, i, fmt_int(int(matrix[i, j])), ha="center", va="center", fontsize=8,
                    color="white" if matrix[i, j] > threshold else "black")
    ax.set_xlabel("Clase predicha")
    ax.set_ylabel("Clase real")
    ax.set_title(title or "Matriz de confusión en test")
    colorbar = fig.colorbar(image, ax=ax, shrink=0.8)
    colorbar.set_label("Imágenes")
    colorbar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_int(int(round(v)))))
    return fig
