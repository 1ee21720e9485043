"""Training helpers: seeds, timed ``fit`` and one-line progress."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import keras
import numpy as np

from clase102.validation import check_fraction, check_positive_int


def set_seed(seed: int) -> int:
    """Fix Python's, NumPy's and the backend's seeds (``keras.utils.set_random_seed``)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"La semilla debe ser un entero ≥ 0; recibí {seed!r}.")
    if seed < 0:
        raise ValueError(f"La semilla debe ser un entero ≥ 0; recibí {seed}.")
    keras.utils.set_random_seed(int(seed))
    return int(seed)


@dataclass
class TrainingRun:
    """What ``train`` returns: the per-epoch history and the wall time of ``fit``."""

    history: dict = field(default_factory=dict)
    seconds: float = 0.0
    epochs: int = 0

    def last(self, metric: str) -> float:
        """The last epoch's value of ``metric`` (e.g. ``"val_accuracy"``)."""
        if metric not in self.history:
            raise KeyError(
                f"La historia no tiene «{metric}»; tiene: {', '.join(self.history)}."
            )
        return float(self.history[metric][-1])


class EpochLine(keras.callbacks.Callback):
    """Prints one plain line per epoch (no progress bar, no control characters)."""

    def __init__(self, prefix: str = ""):
        super().__init__()
        self.prefix = prefix

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        parts = [f"{k}={v:.4f}" for k, v in logs.items()]
        print(f"{self.prefix}época {epoch + 1}: " + " ".join(parts), flush=True)


def _check_xy(x, y):
    if len(x) != len(y):
        raise ValueError(
            f"x e y deben tener la misma cantidad de muestras; recibí {len(x)} y {len(y)}."
        )
    if len(x) == 0:
        raise ValueError("No hay datos para entrenar (x está vacío).")


def _check_input_shape(model, x):
    """Compare one sample's shape with the model's declared input (if it has one)."""
    try:
        expected = tuple(model.inputs[0].shape)[1:]
    except (AttributeError, IndexError, TypeError, ValueError):
        return  # no keras.Input yet: Keras takes the shape from the first batch
    got = tuple(np.shape(x))[1:]
    if len(got) != len(expected) or any(e is not None and e != g for e, g in zip(expected, got)):
        raise ValueError(
            f"Cada muestra de x tiene forma {got}, pero el modelo espera {expected} "
            "(sin contar el eje del lote). Si son imágenes de 28 × 28, aplanalas antes "
            "(por ejemplo con clase102.data.prepare_images)."
        )


def train(
    model,
    x,
    y,
    *,
    epochs: int,
    batch_size: int = 32,
    validation_split: float = 0.0,
    validation_data=None,
    verbose: int = 0,
    callbacks=None,
) -> TrainingRun:
    """``model.fit`` with its arguments checked first and the wall time measured around it."""
    if not isinstance(model, keras.Model):
        raise TypeError(f"Se esperaba un modelo de Keras; recibí {type(model).__name__}.")
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    validation_split = check_fraction(validation_split, "validation_split")
    if verbose not in (0, 1, 2):
        raise ValueError(f"«verbose» debe ser 0, 1 o 2; recibí {verbose!r}.")
    _check_xy(x, y)
    _check_input_shape(model, x)
    start = time.perf_counter()
    history = model.fit(
        x,
        y,
        epochs=epochs,
        batch_size=batch_size,
        validation_split=validation_split,
        validation_data=validation_data,
        verbose=verbose,
        callbacks=callbacks,
    )
    seconds = time.perf_counter() - start
    return TrainingRun(
        history={k: [float(v) for v in vs] for k, vs in history.history.items()},
        seconds=seconds,
        epochs=epochs,
    )


def updates_per_epoch(n_samples: int, batch_size: int) -> int:
    """Weight updates in one epoch: ``ceil(n_samples / batch_size)`` (the last batch may be short)."""
    n_samples = check_positive_int(n_samples, "n_samples")
    batch_size = check_positive_int(batch_size, "batch_size")
    return -(-n_samples // batch_size)
