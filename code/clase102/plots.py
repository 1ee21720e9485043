"""Figures for the book, with Spanish labels: images, class balance and the homework.

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
from matplotlib.ticker import PercentFormatter, ScalarFormatter

from clase102 import stats
from clase102.data import CLASS_NAMES
from clase102.formatting import fmt_int
from clase102.validation import check_images, check_labels, check_int


def _new_figure(width: float, height: float) -> Figure:
    """A new figure, already closed in pyplot (displayed only when returned)."""
    fig = plt.figure(figsize=(width, height), layout="constrained")
    plt.close(fig)
    return fig


class _Comma:
    """A tick formatter's labels and axis offset ("1e5", "+1,5"), with a decimal comma."""

    def __call__(self, x, pos=None):
        return super().__call__(x, pos).replace(".", ",")

    def get_offset(self):
        return super().get_offset().replace(".", ",")


class _SpanishScalar(_Comma, ScalarFormatter):
    pass


class _SpanishPercent(_Comma, PercentFormatter):
    pass


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


def plot_samples(x, y, n_rows: int = 3, n_cols: int = 6, class_names=CLASS_NAMES) -> Figure:
    """A grid with the first ``n_rows * n_cols`` images of ``x``, titled with their class name.

    ``x`` is ``(n, 28, 28)`` or flattened ``(n, 784)``, uint8 or float; ``y``
    holds integer labels that index ``class_names``.
    """
    n_rows = check_int(n_rows, "n_rows")
    n_cols = check_int(n_cols, "n_cols")
    x = _check_images(x)
    y = check_labels(y, len(class_names), n=len(x))
    n = n_rows * n_cols
    if len(x) < n:
        raise ValueError(
            f"La grilla de {n_rows} × {n_cols} necesita {n} imágenes; recibí {len(x)}."
        )
    fig = _new_figure(1.4 * n_cols, 1.6 * n_rows)
    vmax = 1.0 if x.dtype.kind == "f" and x.max() <= 1.0 else 255  # scaled or raw pixels
    for ax, image, label in zip(fig.subplots(n_rows, n_cols, squeeze=False).flat, x, y):
        ax.imshow(image, cmap="binary", vmin=0, vmax=vmax)
        ax.set_title(class_names[int(label)], fontsize=9)
        ax.axis("off")
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


# --- the homework: the list of runs of clase102.stats; with no runs, «todavía no» and None ---

COLORS = {"tiny": "#1b9e77", "medium": "#d95f02", "wide": "#7570b3"}


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
        name, color = row.architecture, COLORS.get(row.architecture, "#666666")
        mine = [r for r in runs if r["arquitectura"] == name]
        ax.scatter([r["segundos"] for r in mine], [r["exactitud"] for r in mine],
                   s=25, color=color, alpha=0.5)
        ax.errorbar(row.segundos_mean, row.exactitud_mean,
                    xerr=np.nan_to_num(row.segundos_sd), yerr=np.nan_to_num(row.exactitud_sd),
                    fmt="X", markersize=11, color=color, markeredgecolor="black", capsize=4,
                    label=f"{stats._label(name)} (media ± DE)")
    ax.set_xlabel("Tiempo de fit (segundos)")
    ax.set_ylabel("Exactitud en prueba")
    ax.set_title("Exactitud contra tiempo: cada punto chico es una corrida")
    ax.xaxis.set_major_formatter(_SpanishScalar())
    ax.yaxis.set_major_formatter(_SpanishPercent(xmax=1, symbol=" %"))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return fig
