"""Figures for the book: images, class balance and (appended by other pages) learning curves.

Every function returns a ``matplotlib.figure.Figure`` with Spanish labels and
does not call ``plt.show()``: a notebook displays the returned figure once.
Figures are built with the object-oriented API (``Figure``), so nothing is
left open in pyplot's global state.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from clase102.data import CLASS_NAMES, class_counts
from clase102.formatting import fmt_int
from clase102.validation import check_positive_int


def _new_figure(width: float, height: float) -> Figure:
    """A figure not registered with pyplot (no leaks across cells)."""
    return Figure(figsize=(width, height), layout="constrained")


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
