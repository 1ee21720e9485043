"""Figures for the book: images, class balance and (appended by other pages) learning curves.

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

from clase102.data import CLASS_NAMES, class_counts
from clase102.formatting import fmt_int
from clase102.validation import check_positive_int


def _new_figure(width: float, height: float) -> Figure:
    """A new figure, already closed in pyplot (displayed only when returned)."""
    fig = plt.figure(figsize=(width, height), layout="constrained")
    plt.close(fig)
    return fig


def _check_images(x) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim == 2 and x.shape[1] == 784:
        x = x.reshape(-1, 28, 28)
    if x.ndim != 3:
        raise ValueError(
            "Se esperaba un lote de imágenes (n, alto, ancho) o (n, 784); "
            f"recibí forma {x.shape}."
        )
    return x


def _check_labels(y, n: int | None, n_classes: int) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"Las etiquetas deben ser un vector; recibí forma {y.shape}.")
    if n is not None and len(y) != n:
        raise ValueError(
            f"Hay {n} imágenes pero {len(y)} etiquetas; tienen que ser la misma cantidad."
        )
    if y.size and not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"Las etiquetas deben ser enteros; recibí dtype {y.dtype}.")
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"Hay etiquetas fuera de 0..{n_classes - 1}.")
    return y


def plot_samples(x, y, n_rows: int = 3, n_cols: int = 6, class_names=CLASS_NAMES) -> Figure:
    """A grid with the first ``n_rows * n_cols`` images of ``x``, titled with their class name.

    ``x`` is ``(n, 28, 28)`` or flattened ``(n, 784)``, uint8 or float; ``y``
    holds integer labels that index ``class_names``.
    """
    n_rows = check_positive_int(n_rows, "n_rows")
    n_cols = check_positive_int(n_cols, "n_cols")
    x = _check_images(x)
    y = _check_labels(y, len(x), len(class_names))
    n = n_rows * n_cols
    if len(x) < n:
        raise ValueError(
            f"La grilla de {n_rows} × {n_cols} necesita {n} imágenes; recibí {len(x)}."
        )
    fig = _new_figure(1.4 * n_cols, 1.6 * n_rows)
    axes = fig.subplots(n_rows, n_cols, squeeze=False)
    vmax = 1.0 if x.dtype.kind == "f" and x.max() <= 1.0 else 255
    for i, ax in enumerate(axes.flat):
        ax.imshow(x[i], cmap="binary", vmin=0, vmax=vmax)
        ax.set_title(class_names[int(y[i])], fontsize=9)
        ax.axis("off")
    return fig


def plot_class_balance(y, class_names=CLASS_NAMES, title: str | None = None) -> Figure:
    """A horizontal bar chart: how many samples of each class ``y`` holds."""
    y = _check_labels(y, None, len(class_names))
    counts = class_counts(y, n_classes=len(class_names))
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


# --- Learning curves and predictions (page "Compilar, entrenar, evaluar y predecir") ---

_METRIC_TITLES = {"loss": "Pérdida", "accuracy": "Exactitud (accuracy)"}


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


def _history_dict(history) -> dict:
    """The per-epoch dict of a ``dict``, a ``TrainingRun`` or a Keras ``History``."""
    raw = getattr(history, "history", history)
    if not isinstance(raw, dict):
        raise TypeError(
            "Se esperaba la historia de un entrenamiento (un dict, un TrainingRun o el "
            f"History que devuelve fit); recibí {type(history).__name__}."
        )
    if "loss" not in raw:
        raise ValueError("La historia no tiene «loss»: ¿viene de model.fit?")
    n = len(raw["loss"])
    if n == 0:
        raise ValueError("La historia está vacía (cero épocas).")
    for key, values in raw.items():
        if len(values) != n:
            raise ValueError(
                f"«{key}» tiene {len(values)} valores y «loss» {n}: "
                "todas las métricas deben tener uno por época."
            )
    return {k: [float(v) for v in vs] for k, vs in raw.items()}


def plot_history(history, title: str | None = None) -> Figure:
    """Learning curves: loss and accuracy per epoch, training vs validation.

    ``history`` is ``History.history`` (a dict), the ``History`` itself or a
    ``clase102.training.TrainingRun``. One panel per metric present among
    ``loss`` and ``accuracy``; validation curves are drawn when ``val_*`` exist.
    """
    hist = _history_dict(history)
    metrics = [m for m in _METRIC_TITLES if m in hist]
    epochs = np.arange(1, len(hist["loss"]) + 1)
    fig = _new_figure(4.2 * len(metrics), 3.4)
    axes = fig.subplots(1, len(metrics), squeeze=False)[0]
    for ax, metric in zip(axes, metrics):
        ax.plot(epochs, hist[metric], "o-", label="entrenamiento")
        if f"val_{metric}" in hist:
            ax.plot(epochs, hist[f"val_{metric}"], "s--", label="validación")
        ax.set_title(_METRIC_TITLES[metric])
        base = PercentFormatter(xmax=1) if metric == "accuracy" else ScalarFormatter()
        ax.yaxis.set_major_formatter(_SpanishTicks(base))
        ax.set_xlabel("Época")
        ax.set_xticks(epochs)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    return fig


def plot_predictions(x, y_true, y_pred, probabilities=None, n_cols: int = 5,
                     class_names=CLASS_NAMES) -> Figure:
    """Images titled with the predicted and the true class (green if right, red if wrong).

    ``probabilities`` (optional, ``(n, n_classes)`` from ``predict``) adds the
    probability the model gave to its prediction.
    """
    n_cols = check_positive_int(n_cols, "n_cols")
    x = _check_images(x)
    y_true = _check_labels(y_true, len(x), len(class_names))
    y_pred = _check_labels(y_pred, len(x), len(class_names))
    if probabilities is not None:
        probabilities = np.asarray(probabilities)
        if probabilities.shape != (len(x), len(class_names)):
            raise ValueError(
                f"Las probabilidades deben tener forma ({len(x)}, {len(class_names)}); "
                f"recibí {probabilities.shape}."
            )
    if len(x) == 0:
        raise ValueError("No hay imágenes para mostrar.")
    n_rows = -(-len(x) // n_cols)
    fig = _new_figure(1.9 * n_cols, 2.1 * n_rows)
    axes = fig.subplots(n_rows, n_cols, squeeze=False)
    vmax = 1.0 if x.dtype.kind == "f" and x.max() <= 1.0 else 255
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= len(x):
            continue
        ax.imshow(x[i], cmap="binary", vmin=0, vmax=vmax)
        pred, true = int(y_pred[i]), int(y_true[i])
        label = f"pred.: {class_names[pred]}"
        if probabilities is not None:
            label += f" ({100 * float(probabilities[i, pred]):.0f} %)"
        ax.set_title(f"{label}\nreal: {class_names[true]}", fontsize=8,
                     color="#1a7f37" if pred == true else "#c62828")
    return fig
