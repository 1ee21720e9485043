"""The homework: Tiny, Medium and Wide trained under one protocol and compared.

``run_comparison`` trains every (architecture, seed) pair and returns a tidy
DataFrame, one row per run. ``summarize`` aggregates it per architecture
(mean ± sample standard deviation over seeds) and ``judge_criterion`` judges
the lesson's acceptance criterion explicitly:

* **Pareto-optimal**: no other architecture has a mean test accuracy at least
  as high *and* a mean training time at least as low (one of them strictly).
* **Balance score** (``balance_score``): accuracy and time weigh the same.
  Each is min–max normalised over the compared architectures, with 1 for the
  best (highest accuracy, shortest time) and 0 for the worst, and the score
  is their average: ``½·acc_norm + ½·time_norm`` (0 to 1, higher is better).
* **Beyond the spread**: a difference of mean accuracies ``d`` between two
  architectures exceeds the seed-to-seed spread when ``|d| > k·SE`` with
  ``SE = sqrt(sd_A²/n_A + sd_B²/n_B)`` (``k = 2`` by default).

``protocol()`` reads the environment variable ``CLASE102_QUICK``: ``1``
shrinks the run (1 epoch, 2 seeds, a stratified subset of the training and
validation images) for fast checks of the notebook; the book's real build
never sets it.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clase102 import data as data_mod
from clase102.formatting import fmt_dec, fmt_int, fmt_pct, fmt_seconds
from clase102.models import ARCHITECTURE_LABELS, ARCHITECTURES, N_CLASSES
from clase102.validation import check_positive_int, check_xy

QUICK_ENV = "CLASE102_QUICK"
_TRUE = {"1", "true", "yes", "si", "sí", "on"}
_FALSE = {"", "0", "false", "no", "off"}

# Columns of the DataFrame that ``run_comparison`` returns (one row per run).
RUN_COLUMNS = [
    "architecture",  # "tiny", "medium", "wide"
    "label",  # "Tiny", "Medium", "Wide"
    "hidden",  # hidden widths, e.g. "256 → 128"
    "seed",
    "parameters",
    "epochs",
    "batch_size",
    "n_train",
    "n_val",
    "n_test",
    "fit_seconds",  # wall time around model.fit only
    "test_loss",
    "test_accuracy",
    "final_val_accuracy",
    "val_accuracy_curve",  # tuple, one value per epoch
    "accuracy_curve",  # training accuracy, one value per epoch
]
CURVE_COLUMNS = ["architecture", "label", "seed", "epoch", "accuracy", "val_accuracy"]
# What judge_criterion / summarize need from a hand-made frame.
_REQUIRED = ["architecture", "seed", "parameters", "test_accuracy", "fit_seconds"]


# ---------------------------------------------------------------- protocol


@dataclass(frozen=True)
class Protocol:
    """One protocol for every run of the comparison."""

    architectures: tuple[str, ...] = tuple(ARCHITECTURES)
    seeds: tuple[int, ...] = (0, 1, 2)
    epochs: int = 5
    batch_size: int = 32
    validation_size: int = data_mod.N_VALID  # the last images of the training file
    train_per_class: int | None = None  # quick mode only: stratified subset
    validation_per_class: int | None = None  # quick mode only
    quick: bool = False

    def table(self) -> pd.DataFrame:
        """The protocol as a two-column table with Spanish labels."""
        rows = [
            ("Arquitecturas", ", ".join(ARCHITECTURE_LABELS[a] for a in self.architectures)),
            ("Entrada", "784 píxeles aplanados, escalados a [0, 1]"),
            ("Activaciones", "ReLU en las ocultas, softmax en la salida"),
            ("Optimizador y pérdida", "Adam, entropía cruzada categórica dispersa"),
            ("Tamaño de lote", fmt_int(self.batch_size)),
            ("Épocas", fmt_int(self.epochs)),
            ("Semillas", ", ".join(str(s) for s in self.seeds)),
            (
                "Validación",
                f"las últimas {fmt_int(self.validation_size)} imágenes de entrenamiento, "
                "las mismas en todas las corridas",
            ),
            ("Prueba", "las 10.000 imágenes de test"),
            ("Tiempo", "reloj de pared alrededor de fit (incluye la validación de cada época)"),
        ]
        if self.quick:
            rows.append(
                (
                    "MODO RÁPIDO",
                    f"{QUICK_ENV}=1: {fmt_int(self.train_per_class)} imágenes de entrenamiento "
                    f"y {fmt_int(self.validation_per_class)} de validación por clase; "
                    "los números NO son los del protocolo",
                )
            )
        return pd.DataFrame(rows, columns=["Parámetro", "Valor"]).set_index("Parámetro")


def quick_mode(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``CLASE102_QUICK`` asks for the quick mode (``1``/``true``/``sí``…)."""
    environ = os.environ if environ is None else environ
    value = str(environ.get(QUICK_ENV, "")).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(
        f"Valor no reconocido para {QUICK_ENV}: {value!r}. Usá 1 para el modo rápido "
        "o dejala sin definir (o en 0) para el protocolo completo."
    )


def protocol(environ: Mapping[str, str] | None = None) -> Protocol:
    """The homework's protocol; shrunk when ``CLASE102_QUICK=1`` (see ``quick_mode``)."""
    if quick_mode(environ):
        return Protocol(
            seeds=(0, 1),
            epochs=1,
            train_per_class=200,
            validation_per_class=50,
            quick=True,
        )
    return Protocol()


# -------------------------------------------------------------------- data


@dataclass
class SplitData:
    """Training, validation and test arrays, ready for ``run_comparison``."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    def sizes(self) -> pd.DataFrame:
        """How many images each part holds (Spanish labels)."""
        return pd.DataFrame(
            {
                "Conjunto": ["Entrenamiento", "Validación", "Prueba (test)"],
                "Imágenes": [fmt_int(len(y)) for y in (self.y_train, self.y_val, self.y_test)],
            }
        ).set_index("Conjunto")


def prepare_data(proto: Protocol, data_dir=None, verify: bool = True) -> SplitData:
    """Load Fashion-MNIST, scale it to [0, 1], flatten it and split it as ``proto`` says.

    The validation images are the last ``validation_size`` of the training
    file (``data.split_validation``, the book's split). In quick mode the
    training and validation parts are reduced to a stratified subset
    (``train_per_class`` / ``validation_per_class`` images per class); the
    test set is always complete. ``data_dir`` and ``verify`` go to
    ``data.load_fashion_mnist``.
    """
    if not isinstance(proto, Protocol):
        raise TypeError(f"Se esperaba un Protocol; recibí {type(proto).__name__}.")
    (x_full, y_full), (x_test, y_test) = data_mod.load_fashion_mnist(data_dir, verify=verify)
    x_full = data_mod.prepare_images(x_full)
    x_test = data_mod.prepare_images(x_test)
    (x_tr, y_tr), (x_val, y_val) = data_mod.split_validation(x_full, y_full, proto.validation_size)
    if proto.train_per_class is not None:
        x_tr, y_tr = data_mod.stratified_subset(x_tr, y_tr, proto.train_per_class, seed=0)
    if proto.validation_per_class is not None:
        x_val, y_val = data_mod.stratified_subset(x_val, y_val, proto.validation_per_class, seed=1)
    return SplitData(x_tr, y_tr, x_val, y_val, x_test, np.asarray(y_test))


# ------------------------------------------------------------- input checks


def check_architectures(architectures) -> tuple[str, ...]:
    """A non-empty list of known, distinct architecture names."""
    if isinstance(architectures, str):
        raise TypeError(
            "Las arquitecturas se dan como una lista de nombres, por ejemplo "
            f"['tiny', 'medium']; recibí el texto {architectures!r}."
        )
    if not isinstance(architectures, Iterable):
        raise TypeError(
            f"Las arquitecturas se dan como una lista de nombres; recibí {architectures!r}."
        )
    names = tuple(architectures)
    if not names:
        raise ValueError(
            "La lista de arquitecturas está vacía: indicá al menos una de "
            f"{', '.join(ARCHITECTURES)}."
        )
    for name in names:
        if name not in ARCHITECTURES:
            raise ValueError(
                f"Arquitectura desconocida: {name!r}. Las opciones son: "
                f"{', '.join(repr(a) for a in ARCHITECTURES)}."
            )
    if len(set(names)) != len(names):
        raise ValueError(f"Hay arquitecturas repetidas en {list(names)}.")
    return names


def check_seeds(seeds) -> tuple[int, ...]:
    """``3`` → ``(0, 1, 2)``; a list is kept if its seeds are distinct integers ≥ 0."""
    if isinstance(seeds, bool):
        raise TypeError(f"«seeds» debe ser un entero ≥ 1 o una lista de semillas; recibí {seeds!r}.")
    if isinstance(seeds, numbers.Integral):
        if seeds < 1:
            raise ValueError(
                f"Hace falta al menos una semilla por arquitectura; recibí seeds={seeds}."
            )
        return tuple(range(int(seeds)))
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Iterable):
        raise TypeError(f"«seeds» debe ser un entero ≥ 1 o una lista de semillas; recibí {seeds!r}.")
    seeds = tuple(seeds)
    if not seeds:
        raise ValueError("La lista de semillas está vacía: indicá al menos una, por ejemplo [0].")
    for s in seeds:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral) or s < 0:
            raise ValueError(f"Cada semilla debe ser un entero ≥ 0; recibí {s!r}.")
    if len(set(seeds)) != len(seeds):
        raise ValueError(
            f"Hay semillas repetidas en {list(seeds)}: una semilla repetida no agrega información."
        )
    return tuple(int(s) for s in seeds)


def _check_labels(y, n_classes: int, what: str) -> None:
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"Las etiquetas de {what} deben ser enteros; recibí tipo {y.dtype}.")
    if y.min() < 0 or y.max() >= n_classes:
        raise ValueError(f"Hay etiquetas de {what} fuera de 0..{n_classes - 1}.")


# -------------------------------------------------------------------- runs


def parameter_counts(architectures=tuple(ARCHITECTURES), n_inputs: int = 784,
                     n_classes: int = N_CLASSES) -> dict[str, int]:
    """``count_params()`` of each architecture, built but not trained."""
    from clase102 import models

    names = check_architectures(architectures)
    return {
        name: int(models.build_architecture(name, n_inputs=n_inputs, n_classes=n_classes).count_params())
        for name in names
    }


def _hidden(name: str) -> str:
    return " → ".join(str(w) for w in ARCHITECTURES[name])


def run_comparison(
    x_train,
    y_train,
    x_test,
    y_test,
    *,
    validation_data,
    architectures=tuple(ARCHITECTURES),
    seeds=3,
    epochs: int = 5,
    batch_size: int = 32,
    n_classes: int = N_CLASSES,
    keep_predictions: bool = False,
    progress: bool = True,
) -> pd.DataFrame:
    """Train every architecture with every seed; return one row per run.

    Each run: ``set_seed(seed)``, build the Sequential model, compile it (Adam,
    sparse categorical cross-entropy, accuracy), ``fit`` it on the training
    data validating on ``validation_data`` (timed: wall time around ``fit``
    only) and ``evaluate`` it on the test data. The loop goes seed by seed
    through all architectures, so a slow spell of the machine does not fall
    on one architecture only. ``progress`` prints one plain line per run.
    With ``keep_predictions`` a column ``test_predictions`` holds each run's
    predicted test labels (for a confusion matrix).

    Columns: ``RUN_COLUMNS`` (curves are tuples with one value per epoch).
    """
    names = check_architectures(architectures)
    seed_list = check_seeds(seeds)
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    n_classes = check_positive_int(n_classes, "n_classes")
    x_train, y_train = check_xy(x_train, y_train, "entrenamiento")
    x_test, y_test = check_xy(x_test, y_test, "prueba")
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        raise TypeError("«validation_data» debe ser una tupla (x_val, y_val).")
    x_val, y_val = check_xy(*validation_data, "validación")
    n_inputs = x_train.shape[1]
    for arr, what in ((x_val, "validación"), (x_test, "prueba")):
        if arr.shape[1] != n_inputs:
            raise ValueError(
                f"Las muestras de {what} tienen {arr.shape[1]} valores y las de entrenamiento "
                f"{n_inputs}: tienen que tener la misma forma."
            )
    for arr, what in ((y_train, "entrenamiento"), (y_val, "validación"), (y_test, "prueba")):
        _check_labels(arr, n_classes, what)

    import keras

    from clase102 import models, training

    total = len(names) * len(seed_list)
    rows = []
    for seed in seed_list:
        for name in names:
            keras.backend.clear_session()
            training.set_seed(seed)
            model = models.compile_classifier(
                models.build_architecture(name, n_inputs=n_inputs, n_classes=n_classes)
            )
            run = training.train(
                model,
                x_train,
                y_train,
                epochs=epochs,
                batch_size=batch_size,
                validation_data=(x_val, y_val),
                verbose=0,
            )
            test_loss, test_acc = model.evaluate(x_test, y_test, verbose=0)
            row = {
                "architecture": name,
                "label": ARCHITECTURE_LABELS[name],
                "hidden": _hidden(name),
                "seed": seed,
                "parameters": int(model.count_params()),
                "epochs": epochs,
                "batch_size": batch_size,
                "n_train": len(y_train),
                "n_val": len(y_val),
                "n_test": len(y_test),
                "fit_seconds": float(run.seconds),
                "test_loss": float(test_loss),
                "test_accuracy": float(test_acc),
                "final_val_accuracy": run.last("val_accuracy"),
                "val_accuracy_curve": tuple(run.history["val_accuracy"]),
                "accuracy_curve": tuple(run.history["accuracy"]),
            }
            if keep_predictions:
                probs = model.predict(x_test, verbose=0)
                row["test_predictions"] = np.argmax(probs, axis=1).astype(np.int64)
            rows.append(row)
            if progress:
                print(
                    f"[{len(rows)}/{total}] {ARCHITECTURE_LABELS[name]}, semilla {seed}: "
                    f"accuracy en test {fmt_pct(float(test_acc), 2)}, "
                    f"fit {fmt_seconds(run.seconds)}",
                    flush=True,
                )
    columns = RUN_COLUMNS + (["test_predictions"] if keep_predictions else [])
    return pd.DataFrame(rows, columns=columns)


def curves_frame(runs: pd.DataFrame) -> pd.DataFrame:
    """The per-epoch curves in long (tidy) form: one row per (architecture, seed, epoch)."""
    _check_runs(runs, ["architecture", "seed", "val_accuracy_curve", "accuracy_curve"])
    rows = []
    for r in runs.itertuples(index=False):
        label = getattr(r, "label", ARCHITECTURE_LABELS.get(r.architecture, r.architecture))
        if len(r.val_accuracy_curve) != len(r.accuracy_curve):
            raise ValueError("Las curvas de entrenamiento y validación tienen largos distintos.")
        for epoch, (acc, val) in enumerate(zip(r.accuracy_curve, r.val_accuracy_curve), start=1):
            rows.append((r.architecture, label, int(r.seed), epoch, float(acc), float(val)))
    return pd.DataFrame(rows, columns=CURVE_COLUMNS)


def best_run(runs: pd.DataFrame) -> pd.Series:
    """The run with the highest test accuracy (ties: the first one)."""
    _check_runs(runs, ["test_accuracy"])
    return runs.loc[runs["test_accuracy"].idxmax()]


def confusion_matrix(y_true, y_pred, n_classes: int = N_CLASSES) -> np.ndarray:
    """``m[i, j]`` = how many samples of true class ``i`` were predicted as ``j``."""
    n_classes = check_positive_int(n_classes, "n_classes")
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(
            f"Las etiquetas reales y predichas deben ser vectores del mismo largo; "
            f"recibí formas {y_true.shape} y {y_pred.shape}."
        )
    if y_true.size == 0:
        raise ValueError("No hay etiquetas para la matriz de confusión (vectores vacíos).")
    _check_labels(y_true, n_classes, "las clases reales")
    _check_labels(y_pred, n_classes, "las clases predichas")
    flat = y_true.astype(np.int64) * n_classes + y_pred.astype(np.int64)
    return np.bincount(flat, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


# --------------------------------------------------------------- summaries


def _check_runs(runs, required) -> None:
    if not isinstance(runs, pd.DataFrame):
        raise TypeError(f"Se esperaba un DataFrame de corridas; recibí {type(runs).__name__}.")
    missing = [c for c in required if c not in runs.columns]
    if missing:
        raise ValueError(f"Al DataFrame de corridas le faltan columnas: {', '.join(missing)}.")
    if runs.empty:
        raise ValueError("El DataFrame de corridas está vacío.")


def summarize(runs: pd.DataFrame) -> pd.DataFrame:
    """Mean and sample standard deviation (ddof=1) over seeds, per architecture.

    One row per architecture, in the order they first appear. The standard
    deviation is NaN for an architecture run with a single seed.
    """
    _check_runs(runs, _REQUIRED)
    order = list(dict.fromkeys(runs["architecture"]))
    grouped = runs.groupby("architecture", sort=False)
    out = pd.DataFrame(
        {
            "architecture": order,
            "label": [ARCHITECTURE_LABELS.get(a, a) for a in order],
            "parameters": [int(grouped.get_group(a)["parameters"].iloc[0]) for a in order],
            "n_seeds": [int(grouped.get_group(a)["seed"].nunique()) for a in order],
            "accuracy_mean": [float(grouped.get_group(a)["test_accuracy"].mean()) for a in order],
            "accuracy_sd": [float(grouped.get_group(a)["test_accuracy"].std(ddof=1)) for a in order],
            "seconds_mean": [float(grouped.get_group(a)["fit_seconds"].mean()) for a in order],
            "seconds_sd": [float(grouped.get_group(a)["fit_seconds"].std(ddof=1)) for a in order],
        }
    )
    return out


def _pm(mean: float, sd: float, fmt, unit: str) -> str:
    if math.isnan(sd):
        return f"{fmt(mean)}{unit} (una sola semilla)"
    return f"{fmt(mean)} ± {fmt(sd)}{unit}"


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """``summarize``'s result for readers: Spanish columns and Spanish numbers."""
    if not isinstance(summary, pd.DataFrame) or "accuracy_mean" not in summary.columns:
        raise TypeError("Se esperaba el resultado de summarize(runs).")
    return pd.DataFrame(
        {
            "Arquitectura": summary["label"],
            "Capas ocultas": [_hidden(a) if a in ARCHITECTURES else "" for a in summary["architecture"]],
            "Parámetros": [fmt_int(int(p)) for p in summary["parameters"]],
            "Semillas": [int(n) for n in summary["n_seeds"]],
            "Accuracy en test (media ± DE)": [
                _pm(100 * m, 100 * s, lambda v: fmt_dec(v, 2), " %")
                for m, s in zip(summary["accuracy_mean"], summary["accuracy_sd"])
            ],
            "Tiempo de fit (media ± DE)": [
                _pm(m, s, lambda v: fmt_dec(v, 1), " s")
                for m, s in zip(summary["seconds_mean"], summary["seconds_sd"])
            ],
        }
    ).set_index("Arquitectura")


def runs_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Every run for readers (Spanish columns, Spanish numbers)."""
    _check_runs(runs, _REQUIRED)
    out = pd.DataFrame(
        {
            "Arquitectura": [ARCHITECTURE_LABELS.get(a, a) for a in runs["architecture"]],
            "Semilla": runs["seed"].astype(int).to_numpy(),
            "Accuracy en test": [fmt_pct(float(v), 2) for v in runs["test_accuracy"]],
            "Tiempo de fit": [fmt_seconds(float(v)) for v in runs["fit_seconds"]],
        }
    )
    if "final_val_accuracy" in runs.columns:
        out["Accuracy en validación (última época)"] = [
            fmt_pct(float(v), 2) for v in runs["final_val_accuracy"]
        ]
    return out


def machine_record() -> pd.DataFrame:
    """``environment.describe()`` plus the load average now (other work slows timings)."""
    from clase102.environment import describe

    table = describe()
    try:
        load = ", ".join(fmt_dec(v, 2) for v in os.getloadavg())
    except OSError:  # not available on this platform
        load = "no disponible"
    extra = pd.DataFrame({"Componente": ["Carga media (1, 5, 15 min)"], "Valor": [load]})
    return pd.concat([table, extra], ignore_index=True).set_index("Componente")


# --------------------------------------------------------------- criterion


def pareto_optimal(summary: pd.DataFrame) -> list[str]:
    """Architectures that no other one dominates in (higher accuracy, lower time)."""
    acc = summary["accuracy_mean"].to_numpy(float)
    sec = summary["seconds_mean"].to_numpy(float)
    names = list(summary["architecture"])
    keep = []
    for i, name in enumerate(names):
        dominated = any(
            acc[j] >= acc[i] and sec[j] <= sec[i] and (acc[j] > acc[i] or sec[j] < sec[i])
            for j in range(len(names))
            if j != i
        )
        if not dominated:
            keep.append(name)
    return keep


def balance_score(summary: pd.DataFrame) -> dict[str, float]:
    """``½·acc_norm + ½·time_norm`` per architecture (min–max over the compared ones).

    ``acc_norm`` is 1 for the highest mean accuracy and 0 for the lowest;
    ``time_norm`` is 1 for the shortest mean time and 0 for the longest. When
    all values of one axis are equal, that axis gives 1 to everyone.
    """
    def norm(values, higher_is_better):
        lo, hi = float(np.min(values)), float(np.max(values))
        if hi == lo:
            return np.ones_like(values, dtype=float)
        scaled = (values - lo) / (hi - lo)
        return scaled if higher_is_better else 1.0 - scaled

    acc = norm(summary["accuracy_mean"].to_numpy(float), True)
    sec = norm(summary["seconds_mean"].to_numpy(float), False)
    return {name: float(0.5 * a + 0.5 * t) for name, a, t in zip(summary["architecture"], acc, sec)}


def accuracy_differences(summary: pd.DataFrame, k: float = 2.0) -> pd.DataFrame:
    """Every pair ``a`` vs ``b``: ``diff = mean_a − mean_b``, its standard error and ``|diff| > k·SE``."""
    rows = []
    s = summary.set_index("architecture")
    names = list(summary["architecture"])
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            diff = float(s.at[a, "accuracy_mean"] - s.at[b, "accuracy_mean"])
            se = math.sqrt(
                s.at[a, "accuracy_sd"] ** 2 / s.at[a, "n_seeds"]
                + s.at[b, "accuracy_sd"] ** 2 / s.at[b, "n_seeds"]
            )
            rows.append(
                {"a": a, "b": b, "diff": diff, "se": se, "threshold": k * se,
                 "exceeds": bool(abs(diff) > k * se)}
            )
    return pd.DataFrame(rows, columns=["a", "b", "diff", "se", "threshold", "exceeds"])


def differences_table(differences: pd.DataFrame, k: float = 2.0) -> pd.DataFrame:
    """``accuracy_differences`` (computed with the same ``k``) for readers, in Spanish."""
    return pd.DataFrame(
        {
            "Comparación": [
                f"{ARCHITECTURE_LABELS.get(a, a)} − {ARCHITECTURE_LABELS.get(b, b)}"
                for a, b in zip(differences["a"], differences["b"])
            ],
            "Diferencia de accuracy media": [
                f"{fmt_dec(100 * d, 2)} puntos" for d in differences["diff"]
            ],
            f"Umbral ({fmt_dec(k, 0) if float(k).is_integer() else fmt_dec(k, 1)} errores estándar)": [
                f"{fmt_dec(100 * t, 2)} puntos" for t in differences["threshold"]
            ],
            "¿Supera la dispersión?": ["sí" if e else "no" for e in differences["exceeds"]],
        }
    ).set_index("Comparación")


@dataclass
class Verdict:
    """The acceptance criterion, judged. See the module docstring for the definitions."""

    summary: pd.DataFrame
    reference: str
    rival: str
    pareto: list[str]
    scores: dict[str, float]
    best_balanced: list[str]  # all architectures tied at the top score
    differences: pd.DataFrame
    k: float = 2.0

    def _row(self, name):
        return self.summary.set_index("architecture").loc[name]

    @property
    def reference_wins(self) -> bool:
        """Reference is Pareto-optimal and alone at the top of the balance score."""
        return self.reference in self.pareto and self.best_balanced == [self.reference]

    @property
    def reference_vs_rival(self) -> pd.Series:
        d = self.differences
        hit = d[(d["a"] == self.reference) & (d["b"] == self.rival)]
        if len(hit):
            return hit.iloc[0]
        row = d[(d["a"] == self.rival) & (d["b"] == self.reference)].iloc[0].copy()
        row["a"], row["b"], row["diff"] = self.reference, self.rival, -row["diff"]
        return row

    @property
    def rival_has_more_params(self) -> bool:
        return int(self._row(self.rival)["parameters"]) > int(self._row(self.reference)["parameters"])

    @property
    def gap_exceeds_spread(self) -> bool:
        return bool(self.reference_vs_rival["exceeds"])

    @property
    def deep_beats_wide(self) -> bool:
        """Reference (deep) has a higher mean accuracy than rival (wide), beyond the spread."""
        row = self.reference_vs_rival
        return bool(row["diff"] > 0 and row["exceeds"])

    @property
    def rival_not_clearly_better(self) -> bool:
        """Rival's extra parameters do not buy a clearly (beyond spread) higher accuracy."""
        row = self.reference_vs_rival
        return not (row["diff"] < 0 and row["exceeds"])


def judge_criterion(runs: pd.DataFrame, reference: str = "medium", rival: str = "wide",
                    k: float = 2.0) -> Verdict:
    """Judge "Medium wins on balanced accuracy/time; Wide is not necessarily better".

    Needs at least two seeds per architecture (the spread is part of the
    criterion) and both ``reference`` and ``rival`` among the runs.
    """
    summary = summarize(runs)
    present = list(summary["architecture"])
    for name, role in ((reference, "de referencia"), (rival, "rival")):
        if name not in present:
            raise ValueError(
                f"La arquitectura {role} {name!r} no está entre las corridas ({', '.join(present)})."
            )
    if reference == rival:
        raise ValueError("La arquitectura de referencia y la rival tienen que ser distintas.")
    few = summary.loc[summary["n_seeds"] < 2, "architecture"].tolist()
    if few:
        raise ValueError(
            "Para comparar con la dispersión entre semillas hacen falta al menos 2 semillas "
            f"por arquitectura; {', '.join(few)} tiene una sola."
        )
    if isinstance(k, bool) or not isinstance(k, numbers.Real) or k <= 0:
        raise ValueError(f"«k» debe ser un número positivo; recibí {k!r}.")
    scores = balance_score(summary)
    top = max(scores.values())
    best = [a for a, v in scores.items() if math.isclose(v, top, abs_tol=1e-12)]
    return Verdict(
        summary=summary,
        reference=reference,
        rival=rival,
        pareto=pareto_optimal(summary),
        scores=scores,
        best_balanced=best,
        differences=accuracy_differences(summary, k),
        k=float(k),
    )


def verdict_phrases(verdict: Verdict) -> dict[str, str]:
    """Spanish phrases that state the verdict, for gluing into the prose."""
    lab = ARCHITECTURE_LABELS
    ref, riv = lab.get(verdict.reference, verdict.reference), lab.get(verdict.rival, verdict.rival)
    row = verdict.reference_vs_rival
    pareto = ", ".join(lab.get(a, a) for a in verdict.pareto)
    best = " y ".join(lab.get(a, a) for a in verdict.best_balanced)
    in_pareto = verdict.reference in verdict.pareto
    if verdict.deep_beats_wide:
        deep = (
            f"Los números respaldan «profundo > ancho»: {ref} le gana a {riv} por más que la "
            "dispersión entre semillas."
        )
    elif row["diff"] < 0 and row["exceeds"]:
        deep = (
            f"Los números contradicen «profundo > ancho»: {riv} le gana a {ref} por más que la "
            "dispersión entre semillas."
        )
    else:
        deep = (
            f"Los números no respaldan «profundo > ancho»: la diferencia entre {ref} y {riv} "
            "no supera la dispersión entre semillas; con otras semillas podría cambiar de signo."
        )
    phrases = {
        "deep_vs_wide": deep,
        "pareto": pareto,
        "best_balanced": best,
        "reference_pareto": "es" if in_pareto else "no es",
        "reference_wins": (
            f"Sí: {ref} es óptimo de Pareto y tiene el mejor puntaje de balance."
            if verdict.reference_wins
            else f"No: {ref} {'es' if in_pareto else 'no es'} óptimo de Pareto y el mejor "
            f"puntaje de balance es de {best}."
        ),
        "gap_text": (
            f"la misma accuracy media que {riv}"
            if row["diff"] == 0
            else f"{fmt_dec(abs(100 * row['diff']), 2)} puntos "
            f"{'más' if row['diff'] > 0 else 'menos'} de accuracy media que {riv}"
        ),
        "threshold": f"{fmt_dec(100 * row['threshold'], 2)} puntos",
        "gap_exceeds": "supera" if row["exceeds"] else "no supera",
        "wide_more_params": "Sí" if verdict.rival_has_more_params else "No",
        "wide_not_better": (
            f"{riv} no es claramente mejor que {ref}"
            if verdict.rival_not_clearly_better
            else f"{riv} sí es claramente mejor que {ref}"
        ),
    }
    return phrases



def criterion_table(verdict: Verdict) -> pd.DataFrame:
    """Each part of the criterion with its answer (Spanish, for readers)."""
    lab = ARCHITECTURE_LABELS
    ref, riv = lab.get(verdict.reference, verdict.reference), lab.get(verdict.rival, verdict.rival)

    def yes(flag):
        return "sí" if flag else "no"

    rows = [
        (f"{ref} es óptimo de Pareto en (accuracy, tiempo)", yes(verdict.reference in verdict.pareto)),
        (f"{ref} tiene el mejor puntaje de balance", yes(verdict.best_balanced == [verdict.reference])),
        (f"{ref} gana en accuracy/tiempo balanceado (las dos anteriores)", yes(verdict.reference_wins)),
        (f"{riv} tiene más parámetros que {ref}", yes(verdict.rival_has_more_params)),
        (f"{riv} NO es claramente mejor que {ref} en accuracy", yes(verdict.rival_not_clearly_better)),
        (
            f"{ref} le gana a {riv} en accuracy por más que la dispersión (profundo > ancho)",
            yes(verdict.deep_beats_wide),
        ),
    ]
    return pd.DataFrame(rows, columns=["Parte del criterio", "¿Se cumple?"]).set_index(
        "Parte del criterio"
    )


def last_epoch_gain(runs: pd.DataFrame) -> dict[str, float]:
    """Mean gain of validation accuracy in the last epoch, per architecture.

    ``val[-1] − val[-2]`` averaged over seeds; NaN when there is one epoch only.
    A clearly positive value means the model was still improving when
    training stopped.
    """
    _check_runs(runs, ["architecture", "val_accuracy_curve"])
    out = {}
    for name in dict.fromkeys(runs["architecture"]):
        curves = runs.loc[runs["architecture"] == name, "val_accuracy_curve"]
        gains = [c[-1] - c[-2] for c in curves if len(c) >= 2]
        out[name] = float(np.mean(gains)) if gains else float("nan")
    return out


def most_confused(matrix, class_names) -> tuple[str, str, int]:
    """The largest off-diagonal cell: ``(true class, predicted class, count)``."""
    matrix = np.asarray(matrix)
    class_names = list(class_names)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] != len(class_names):
        raise ValueError(
            f"La matriz debe ser cuadrada de {len(class_names)} × {len(class_names)}; "
            f"recibí forma {matrix.shape}."
        )
    off = matrix.copy()
    np.fill_diagonal(off, -1)
    i, j = np.unravel_index(int(np.argmax(off)), off.shape)
    return class_names[i], class_names[j], int(matrix[i, j])
