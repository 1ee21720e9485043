"""Reading ``predict``'s output: which classes the model confuses."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clase102.data import CLASS_NAMES


def _check_labels(y, name: str, n_classes: int) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"«{name}» debe ser un vector de etiquetas; recibí forma {y.shape}.")
    if y.size and not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"«{name}» debe tener etiquetas enteras; recibí dtype {y.dtype}.")
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"«{name}» tiene etiquetas fuera de 0..{n_classes - 1}.")
    return y


def confusion_pairs(y_true, y_pred, n: int = 5, class_names=CLASS_NAMES) -> pd.DataFrame:
    """The ``n`` most frequent mistakes: true class, predicted class and how many times.

    Only wrong predictions count; ties keep the order of (true, predicted) labels.
    """
    n_classes = len(class_names)
    y_true = _check_labels(y_true, "y_true", n_classes)
    y_pred = _check_labels(y_pred, "y_pred", n_classes)
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"y_true e y_pred deben tener el mismo largo; recibí {len(y_true)} y {len(y_pred)}."
        )
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"«n» debe ser un entero positivo; recibí {n!r}.")
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
