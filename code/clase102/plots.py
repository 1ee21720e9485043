"""Figures for the book, with Spanish labels: images, class balance, predictions and the homework.

Every function returns a ``matplotlib.figure.Figure`` with Spanish labels and
does not call ``plt.show()``: a notebook displays the returned figure once.
Figures are created through pyplot (which, inside Jupyter, activates the inline
backend that knows how to display a returned figure) and closed right away, so
pyplot does not show them a second time nor keep them in memory.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, PercentFormatter, ScalarFormatter

from clase102 import stats
from clase102.data import CLASS_NAMES
from clase102.formatting import fmt_int
from clase102.validation import check_images, check_labels, check_positive_int


def _new_figure(width: float, height: float) -> Figure:
    """A new figure, already closed in pyplot (displayed only when returned)."""
    fig = plt.figure(figsize=(width, height), layout="constrained")
    plt.close(fig)
    return fig


class _SpanishTicks(Formatter):
    """Wrap a tick formatter so its labels use a decimal comma (and "84 %", with a space)."""

    def __init__(self, base: Formatter):
        self.base = base

    def set_axis(self, axis):
        super().set_axis(axis)
        self.base.set_axis(axis)

    def set_locs(self, locs):
        self.base.set_locs(locs)

    def __call__(self, x, pos=None):
        return self.base(x, pos).replace(".", ",").replace("%", " %")

    def get_offset(self):
        """The axis offset ("1e5", "+1,5"), which the tick labels leave out, in the same style."""
        return self.base.get_offset().replace(".", ",")


def _check_images(x) -> np.ndarray:
    x = check_images(x)
    if x.ndim == 2 and x.shape[1] == 784:
        x = x.reshape(-1, 28, 28)
    if x.ndim != 3:
        raise ValueError(
            "Se esperaba un lote de imágenes (n, alto, ancho) o (n, 784); "
            f"recibí forma {x.shape}."
        )
    return x


def _image_grid(x, n_rows: int, n_cols: int, cell_width: float, cell_height: float):
    """A figure with a grid of axes (no frames) showing ``x``'s images in order; its axes."""
    fig = _new_figure(cell_width * n_cols, cell_height * n_rows)
    axes = list(fig.subplots(n_rows, n_cols, squeeze=False).flat)
    vmax = 1.0 if x.dtype.kind == "f" and x.max() <= 1.0 else 255  # scaled or raw pixels
    for ax, image in zip(axes, x):
        ax.imshow(image, cmap="binary", vmin=0, vmax=vmax)
    for ax in axes:
        ax.axis("off")
    return fig, axes


def plot_samples(x, y, n_rows: int = 3, n_cols: int = 6, class_names=CLASS_NAMES) -> Figure:
    """A grid with the first ``n_rows * n_cols`` images of ``x``, titled with their class name.

    ``x`` is ``(n, 28, 28)`` or flattened ``(n, 784)``, uint8 or float; ``y``
    holds integer labels that index ``class_names``.
    """
    n_rows = check_positive_int(n_rows, "n_rows")
    n_cols = check_positive_int(n_cols, "n_cols")
    x = _check_images(x)
    y = check_labels(y, len(class_names), n=len(x))
    n = n_rows * n_cols
    if len(x) < n:
        raise ValueError(
            f"La grilla de {n_rows} × {n_cols} necesita {n} imágenes; recibí {len(x)}."
        )
    fig, axes = _image_grid(x[:n], n_rows, n_cols, 1.4, 1.6)
    for label, ax in zip(y, axes):
        ax.set_title(class_names[int(label)], fontsize=9)
    return fig


def plot_class_balance(y, class_names=CLASS_NAMES, title: str | None = None) -> Figure:
    """A horizontal bar chart: how many samples of each class ``y`` holds."""
    y = check_labels(y, len(class_names))
    counts = np.bincount(y, minlength=len(class_names))
    fig = _new_figure(6.5, 3.6)
    ax = fig.subplots()
    positions = np.arange(len(class_names))
    ax.barh(positions, counts, color="#4c72b0")
    ax.set_yticks(positions, labels=list(class_names))
    ax.invert_yaxis()  # class 0 on top, like the table
    ax.set_xlabel("Cantidad de imágenes")
    ax.set_title(title or "Imágenes por clase")
    for pos, count in zip(positions, counts):
        ax.text(count, pos, " " + fmt_int(int(count)), va="center", fontsize=8)
    ax.set_xlim(0, max(1, int(counts.max())) * 1.15)
    return fig


def plot_predictions(x, y_true, y_pred, probabilities=None, n_cols: int = 5,
                     class_names=CLASS_NAMES) -> Figure:
    """Images titled with the predicted and the true class (green if right, red if wrong).

    ``probabilities`` (optional, ``(n, n_classes)`` from ``predict``) adds the
    probability the model gave to its prediction.
    """
    n_cols = check_positive_int(n_cols, "n_cols")
    x = _check_images(x)
    y_true = check_labels(y_true, len(class_names), n=len(x), name="y_true")
    y_pred = check_labels(y_pred, len(class_names), n=len(x), name="y_pred")
    if probabilities is not None:
        probabilities = np.asarray(probabilities)
        if probabilities.shape != (len(x), len(class_names)) or probabilities.dtype.kind != "f":
            raise ValueError(
                f"«probabilities» debe ser la salida de predict, de forma ({len(x)}, {len(class_names)}); "
                f"recibí forma {probabilities.shape} y dtype {probabilities.dtype}."
            )
        if not np.isfinite(probabilities).all():
            raise ValueError("Hay valores NaN o infinitos en «probabilities».")
    fig, axes = _image_grid(x, -(-len(x) // n_cols), n_cols, 1.9, 2.1)
    for i, ax in enumerate(axes[:len(x)]):
        pred, true = int(y_pred[i]), int(y_true[i])
        label = f"pred.: {class_names[pred]}"
        if probabilities is not None:
            label += f" ({100 * float(probabilities[i, pred]):.0f} %)"
        ax.set_title(f"{label}\nreal: {class_names[true]}", fontsize=8,
                     color="#1a7f37" if pred == true else "#c62828")
    return fig


# --- the homework: the list of runs of clase102.stats; with no runs, «todavía no» and None ---

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
                    label=f"{stats._label(name)} (media ± DE)")
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
        for r in mine:
            val = r["history"]["val_accuracy"]
            epochs = np.arange(1, len(val) + 1)
            ax.plot(epochs, val, "o-", color=_color(name), alpha=0.85, label="validación")
            if "accuracy" in r["history"]:
                ax.plot(epochs, r["history"]["accuracy"], ".--", color=_color(name), alpha=0.45,
                        label="entrenamiento")
        last = max(len(r["history"]["val_accuracy"]) for r in mine)
        ax.set_title(f"{stats._label(name)} ({len(mine)} corridas)")
        ax.set_xlabel("Época")
        ax.set_xticks(range(1, last + 1))
        ax.set_xlim(0.5, last + 0.5)
        ax.grid(alpha=0.3)
        named = dict(zip(*ax.get_legend_handles_labels()[::-1]))  # each kind once, in order
        ax.legend(named.values(), named.keys(), fontsize=8, loc="lower right")
    axes[0].set_ylabel("Exactitud")
    axes[0].yaxis.set_major_formatter(_SpanishTicks(PercentFormatter(xmax=1)))
    fig.suptitle("Curvas de aprendizaje: exactitud por época (una línea por semilla)")
    return fig
