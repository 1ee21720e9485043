"""Looking inside saved models: the ``.keras`` ZIP archive and weights-only files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

# What Keras 3 writes into every ``.keras`` archive.
ARCHIVE_MEMBERS = ("config.json", "metadata.json", "model.weights.h5")
# ``save_weights`` refuses any other ending in Keras 3.
WEIGHTS_SUFFIX = ".weights.h5"
# Shown in a table cell when a layer has no such setting.
MISSING = "—"


class KerasArchiveError(ValueError):
    """A file is not a ``.keras`` archive (not a ZIP, or a member is missing)."""


def _existing_file(path) -> Path:
    if not isinstance(path, (str, Path)):
        raise TypeError(f"Se esperaba una ruta (str o Path); recibí {type(path).__name__}.")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"No existe el archivo {path}. ¿Guardaste el modelo con model.save(...) en esa ruta?"
        )
    return path


def _open_archive(path) -> zipfile.ZipFile:
    path = _existing_file(path)
    if not zipfile.is_zipfile(path):
        raise KerasArchiveError(
            f"{path} no es un archivo ZIP, así que no es un modelo .keras "
            "(¿es un .h5 legacy o un .weights.h5?)."
        )
    return zipfile.ZipFile(path)


def _read_member(path, member: str) -> bytes:
    with _open_archive(path) as archive:
        if member not in archive.namelist():
            raise KerasArchiveError(
                f"{path} no contiene «{member}»; tiene: {', '.join(archive.namelist())}."
            )
        return archive.read(member)


def keras_archive_members(path) -> pd.DataFrame:
    """The members of a ``.keras`` file (a ZIP) and their sizes in bytes."""
    with _open_archive(path) as archive:
        rows = [
            {"Archivo": info.filename, "Tamaño (bytes)": info.file_size}
            for info in archive.infolist()
        ]
    return pd.DataFrame(rows, columns=["Archivo", "Tamaño (bytes)"])


def read_config(path) -> dict:
    """``config.json`` of a ``.keras`` file, parsed."""
    return json.loads(_read_member(path, "config.json"))


def read_metadata(path) -> dict:
    """``metadata.json`` of a ``.keras`` file (Keras version and save date)."""
    return json.loads(_read_member(path, "metadata.json"))


def config_summary(path) -> pd.DataFrame:
    """The layers ``config.json`` describes: name, class, units, activation, input shape.

    A readable excerpt of the architecture that ``load_model`` rebuilds.
    A dash (``MISSING``) means the layer has no such setting.
    """
    config = read_config(path)
    layers = config.get("config", {}).get("layers")
    if layers is None:
        raise KerasArchiveError(
            f"{path}: config.json no describe una lista de capas (¿no es un modelo Sequential?)."
        )
    rows = []
    for layer in layers:
        settings = layer.get("config", {})
        shape = settings.get("batch_shape")
        rows.append(
            {
                "Capa": settings.get("name"),
                "Clase": layer.get("class_name"),
                "Unidades": settings.get("units", MISSING),
                "Activación": settings.get("activation") or MISSING,
                "Forma de entrada": MISSING if shape is None else tuple(shape),
            }
        )
    return pd.DataFrame(rows, columns=["Capa", "Clase", "Unidades", "Activación", "Forma de entrada"])


def compile_summary(path) -> dict:
    """What ``compile()`` set, as stored in ``config.json``: optimizer class, learning rate, loss, metrics.

    Empty (``{}``) when the model was saved without compiling.
    """
    compiled = read_config(path).get("compile_config")
    if not compiled:
        return {}
    optimizer = compiled.get("optimizer") or {}
    opt_config = optimizer.get("config", {}) if isinstance(optimizer, dict) else {}
    learning_rate = opt_config.get("learning_rate")
    if isinstance(learning_rate, float):
        # stored from a float32: 0.001 comes back as 0.0010000000474974513
        learning_rate = float(f"{learning_rate:.7g}")
    return {
        "optimizer": optimizer.get("class_name") if isinstance(optimizer, dict) else optimizer,
        "learning_rate": learning_rate,
        "loss": compiled.get("loss"),
        "metrics": compiled.get("metrics"),
    }


def _weights_rows(h5file) -> list[dict]:
    groups: dict[str, list[int]] = {}

    def visit(name, obj):
        if hasattr(obj, "shape"):  # a dataset: one saved variable
            owner = name.split("/vars/")[0] if "/vars/" in name else name.rsplit("/", 1)[0]
            groups.setdefault(owner, []).append(int(np.prod(obj.shape)))

    h5file.visititems(visit)
    return [
        {"Grupo": owner, "Variables": len(sizes), "Valores": sum(sizes)}
        for owner, sizes in groups.items()
    ]


def weights_summary(path) -> pd.DataFrame:
    """Which variables a weights file holds, grouped by owner (a layer or the optimizer).

    ``path`` is a ``.weights.h5`` file or a ``.keras`` archive (then its
    ``model.weights.h5`` member is read). ``Valores`` counts numbers stored.
    """
    import h5py

    path = _existing_file(path)
    if zipfile.is_zipfile(path):
        buffer = io.BytesIO(_read_member(path, "model.weights.h5"))
        with h5py.File(buffer, "r") as h5file:
            rows = _weights_rows(h5file)
    else:
        if not h5py.is_hdf5(path):
            raise KerasArchiveError(f"{path} no es ni un archivo .keras (ZIP) ni un HDF5 de pesos.")
        with h5py.File(path, "r") as h5file:
            rows = _weights_rows(h5file)
    return pd.DataFrame(rows, columns=["Grupo", "Variables", "Valores"])


def max_abs_difference(a, b) -> float:
    """Largest ``|a - b|`` over two arrays of the same shape (0.0 means identical)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        raise ValueError(f"Las formas no coinciden: {a.shape} y {b.shape}.")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a.astype("float64") - b.astype("float64"))))


def roundtrip_predictions(model, x, directory, filename: str = "m.keras"):
    """Save ``model`` as ``.keras`` in ``directory``, load it back and predict ``x`` with both.

    Returns ``(before, after, max_abs_diff)``.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"Se esperaba un modelo de Keras; recibí {type(model).__name__}.")
    if not str(filename).endswith(".keras"):
        raise ValueError(f"El nombre del archivo debe terminar en .keras; recibí {filename!r}.")
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"La carpeta {directory} no existe.")
    path = directory / filename
    model.save(path)
    reloaded = keras.models.load_model(path)
    before = model.predict(x, verbose=0)
    after = reloaded.predict(x, verbose=0)
    return before, after, max_abs_difference(before, after)
