"""``validation_split`` the way Keras does it: the last fraction, cut before shuffling.

Keras 3 (``keras/src/trainers/data_adapters/array_slicing.py``,
``train_validation_split``) computes ``split_at = floor(n * (1 - fraction))``
and keeps ``[:split_at]`` for training and ``[split_at:]`` for validation. The
cut happens before ``shuffle=True`` mixes the training batches, so the
validation set is always the tail of the arrays, in their original order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clase102.data import CLASS_NAMES
from clase102.validation import check_fraction, check_positive_int

LOSS = "sparse_categorical_crossentropy"


def split_index(n_samples: int, fraction: float) -> int:
    """Where Keras cuts ``n_samples`` for ``validation_split=fraction``.

    The same formula as Keras: ``floor(n_samples * (1.0 - fraction))``.
    Raises ``ValueError`` when one of the two parts would be empty.
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    fraction = check_fraction(fraction, "validation_split", allow_zero=False)
    split_at = int(math.floor(n_samples * (1.0 - fraction)))
    if split_at == 0 or split_at == n_samples:
        raise ValueError(
            f"Con {n_samples} muestras y validation_split={fraction} una de las dos partes "
            "queda vacía: usá más datos u otra fracción."
        )
    return split_at


def _check_xy(x, y) -> None:
    if len(x) != len(y):
        raise ValueError(
            f"x e y deben tener la misma cantidad de muestras; recibí {len(x)} y {len(y)}."
        )


def split_like_keras(x, y, fraction: float):
    """The slices ``fit(x, y, validation_split=fraction)`` uses.

    Returns ``(x_train, y_train), (x_val, y_val)``: the first part and the last
    ``fraction`` of the arrays, in their original order.
    """
    _check_xy(x, y)
    at = split_index(len(x), fraction)
    return (x[:at], y[:at]), (x[at:], y[at:])


def first_slice(x, y, fraction: float):
    """As many samples as Keras' validation slice, but taken from the *start* of the arrays."""
    _check_xy(x, y)
    n_val = len(x) - split_index(len(x), fraction)
    return x[:n_val], y[:n_val]


def sorted_by_label(x, y):
    """``x`` and ``y`` reordered by label (stable: ties keep their order)."""
    _check_xy(x, y)
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"Las etiquetas deben ser un vector; recibí forma {y.shape}.")
    order = np.argsort(y, kind="stable")
    return np.asarray(x)[order], y[order]


def shuffled(x, y, seed: int = 0):
    """``x`` and ``y`` with the same random permutation applied (reproducible with ``seed``)."""
    _check_xy(x, y)
    order = np.random.default_rng(seed).permutation(len(y))
    return np.asarray(x)[order], np.asarray(y)[order]


def class_count_table(parts: dict, class_names=CLASS_NAMES) -> pd.DataFrame:
    """Samples of each class in each part: one row per class, one column per part.

    ``parts`` maps a column title (e.g. ``"Validación"``) to a vector of
    integer labels. The index holds the class names.
    """
    if not isinstance(parts, dict) or not parts:
        raise TypeError(
            "Pasá un diccionario no vacío {título: etiquetas}, "
            "por ejemplo {'Validación': y_val}."
        )
    n_classes = len(class_names)
    columns = {}
    for title, labels in parts.items():
        labels = np.asarray(labels)
        if labels.ndim != 1:
            raise ValueError(f"«{title}»: las etiquetas deben ser un vector; forma {labels.shape}.")
        if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
            raise ValueError(f"«{title}»: hay etiquetas fuera de 0..{n_classes - 1}.")
        columns[title] = np.bincount(labels.astype(int), minlength=n_classes)
    table = pd.DataFrame(columns, index=pd.Index(list(class_names), name="Clase"))
    return table


@dataclass
class ValidationCheck:
    """What ``check_validation_source`` measured (losses and accuracies, one epoch)."""

    val_loss: float
    val_accuracy: float
    last_loss: float
    last_accuracy: float
    first_loss: float
    first_accuracy: float
    n_validation: int
    weight_change: float

    def table(self) -> pd.DataFrame:
        """The three measurements side by side, with Spanish labels."""
        return pd.DataFrame(
            {
                "Pérdida": [self.val_loss, self.last_loss, self.first_loss],
                "Exactitud": [self.val_accuracy, self.last_accuracy, self.first_accuracy],
            },
            index=pd.Index(
                [
                    "val_loss de fit(validation_split)",
                    "evaluate sobre el ÚLTIMO tramo",
                    "evaluate sobre el PRIMER tramo",
                ],
                name="Medición",
            ),
        )

    def validation_is_last(self, tol: float = 1e-6) -> bool:
        """True when ``val_loss`` matches the last slice (within ``tol``) and not the first."""
        return abs(self.val_loss - self.last_loss) <= tol and abs(
            self.val_loss - self.first_loss
        ) > tol


def _max_weight_change(before, after) -> float:
    return float(max((np.max(np.abs(a - b)) for a, b in zip(before, after)), default=0.0))


def check_validation_source(model, x, y, fraction: float = 0.2, batch_size: int = 32):
    """Find out which slice ``fit(validation_split=fraction)`` validates on.

    Works on a clone of ``model`` with its weights, compiled with
    ``SGD(learning_rate=0.0)`` so one epoch of ``fit`` leaves the weights
    frozen; then ``val_loss`` can be compared with ``evaluate`` on the last
    and on the first ``fraction`` of the arrays. ``model`` itself is not
    touched. Labels are integers (sparse categorical cross-entropy).
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"Se esperaba un modelo de Keras; recibí {type(model).__name__}.")
    if not model.built:
        raise ValueError("El modelo todavía no está construido: definí su entrada con keras.Input.")
    batch_size = check_positive_int(batch_size, "batch_size")
    (_, _), (x_last, y_last) = split_like_keras(x, y, fraction)
    x_first, y_first = first_slice(x, y, fraction)

    frozen = keras.models.clone_model(model)
    frozen.set_weights(model.get_weights())
    frozen.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.0), loss=LOSS, metrics=["accuracy"]
    )
    before = [np.array(w) for w in frozen.get_weights()]
    history = frozen.fit(
        x, y, epochs=1, batch_size=batch_size, validation_split=fraction, verbose=0
    ).history
    change = _max_weight_change(before, frozen.get_weights())
    last = frozen.evaluate(x_last, y_last, batch_size=batch_size, verbose=0, return_dict=True)
    first = frozen.evaluate(x_first, y_first, batch_size=batch_size, verbose=0, return_dict=True)
    return ValidationCheck(
        val_loss=float(history["val_loss"][-1]),
        val_accuracy=float(history["val_accuracy"][-1]),
        last_loss=float(last["loss"]),
        last_accuracy=float(last["accuracy"]),
        first_loss=float(first["loss"]),
        first_accuracy=float(first["accuracy"]),
        n_validation=len(y_last),
        weight_change=change,
    )
