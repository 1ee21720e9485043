"""Fashion-MNIST: loading without internet, verified; scaling, subsets and the validation split.

``load_fashion_mnist()`` returns exactly what ``keras.datasets.fashion_mnist.load_data()``
returns, looking in order at: a directory given as argument or in the
environment variable ``FASHION_MNIST_DIR``, Debian's package
``dataset-fashion-mnist`` (``/usr/share/datasets/fashion-mnist/``) and, last,
Keras' own download (which needs a network).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from pathlib import Path

import numpy as np

from clase102.validation import check_images, check_int, check_labels, check_path

ENV_VAR = "FASHION_MNIST_DIR"
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")

# SHA-256 of the *decompressed* IDX files. Debian's .gz bytes differ from
# upstream's; the content does not. In the order Keras' loader returns them.
SHA256 = {
    "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

# The ten classes in the lesson's own voice (index = label).
CLASS_NAMES = (
    "Remera/top",
    "Pantalón",
    "Buzo",
    "Vestido",
    "Abrigo",
    "Sandalia",
    "Camisa",
    "Zapatilla",
    "Cartera",
    "Botín",
)

HOW_TO_GET = (
    "Para obtenerlo: en Debian/Ubuntu, `sudo apt-get install dataset-fashion-mnist` "
    f"(instala los archivos en {DEBIAN_DIR}/); o apuntá la variable {ENV_VAR} a una "
    "carpeta con los cuatro archivos IDX (.gz o sin comprimir); o, con conexión a "
    "internet, dejá que Keras lo descargue (`keras.datasets.fashion_mnist.load_data()`)."
)

class DatasetError(ValueError):
    """A Fashion-MNIST file is missing, truncated, corrupted or not the canonical one."""


def _read(directory: Path, name: str) -> np.ndarray:
    """One IDX file of ``directory`` (``.gz`` or raw), checked against its SHA-256."""
    path = next((p for p in (directory / f"{name}.gz", directory / name) if p.is_file()), None)
    if path is None:
        raise DatasetError(f"Falta el archivo {name}(.gz) de Fashion-MNIST en {directory}. {HOW_TO_GET}")
    try:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:  # gzip's errors on a cut or damaged file
        raise DatasetError(
            f"No se pudo leer {name} ({path}): el archivo está truncado o dañado "
            f"({type(exc).__name__}). {HOW_TO_GET}"
        ) from None
    if hashlib.sha256(raw).hexdigest() != SHA256[name]:
        raise DatasetError(
            f"{name} ({path}) no coincide con la suma SHA-256 esperada: el archivo está "
            f"truncado, dañado o no es el de Fashion-MNIST. {HOW_TO_GET}"
        )
    # A verified file is the canonical one: images (n, 28, 28) after a 16-byte header,
    # labels (n,) after an 8-byte one; read like Keras' own loader, but writable.
    if "images" in name:
        return np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 28, 28).copy()
    return np.frombuffer(raw, np.uint8, offset=8).copy()


def find_data_dir(data_dir=None) -> Path | None:
    """The directory ``load_fashion_mnist`` would read, or ``None`` for Keras' download."""
    if data_dir is not None:
        return Path(data_dir)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    if DEBIAN_DIR.is_dir():
        return DEBIAN_DIR
    return None


def load_fashion_mnist(data_dir=None):
    """Return ``(x_train, y_train), (x_test, y_test)`` like Keras' loader.

    uint8 arrays of shapes (60000, 28, 28), (60000,), (10000, 28, 28), (10000,).
    A directory given explicitly (argument or ``FASHION_MNIST_DIR``) must hold
    the files: it never falls back silently to another source.
    """
    if data_dir is not None:
        check_path(data_dir, "data_dir")
    directory = find_data_dir(data_dir)
    if directory is not None:
        if not directory.is_dir():
            raise DatasetError(f"La carpeta de Fashion-MNIST {directory} no existe. {HOW_TO_GET}")
        x_train, y_train, x_test, y_test = (_read(directory, name) for name in SHA256)
        return (x_train, y_train), (x_test, y_test)
    try:
        from keras.datasets import fashion_mnist

        return fashion_mnist.load_data()
    except Exception as exc:  # no network, blocked host, broken cache...
        raise DatasetError(
            "No encontré Fashion-MNIST en disco y la descarga de Keras falló "
            f"({type(exc).__name__}). {HOW_TO_GET}"
        ) from None


def prepare_images(x) -> np.ndarray:
    """Flatten ``(n, 28, 28)`` uint8 images to ``(n, 784)`` float32 in [0, 1].

    Raw pixels only (0..255): float images all within [0, 1] look already
    scaled, and dividing them again by 255 would silently ruin training.
    """
    x = check_images(x)
    if x.min() < 0 or x.max() > 255:
        raise ValueError(
            f"Los píxeles deben estar entre 0 y 255; recibí valores de {x.min()} a {x.max()}."
        )
    if x.dtype.kind == "f" and x.max() <= 1.0:
        raise ValueError(
            "Las imágenes parecen ya escaladas (son decimales y todas ≤ 1): "
            "prepare_images divide por 255, así que llamala una sola vez, con los píxeles originales."
        )
    return (x.reshape(len(x), -1).astype("float32")) / 255.0


def stratified_subset(x, y, n_per_class: int, seed: int = 0):
    """Take ``n_per_class`` samples of each class, shuffled with ``seed``."""
    n_per_class = check_int(n_per_class, "n_per_class")
    seed = check_int(seed, "seed", minimum=0)
    x = check_images(x, min_ndim=1)
    y = check_labels(y, len(CLASS_NAMES), n=len(x))
    rng = np.random.default_rng(seed)
    picks = []
    for label in np.unique(y):
        where = np.flatnonzero(y == label)
        if len(where) < n_per_class:
            raise ValueError(
                f"La clase {label} tiene {len(where)} ejemplos, menos que los {n_per_class} pedidos."
            )
        picks.append(rng.choice(where, n_per_class, replace=False))
    index = rng.permutation(np.concatenate(picks))
    return x[index], y[index]


# The book's validation set: the last 5,000 training images, as in Géron's chapter 10.
N_VALID = 5000


def split_validation(x, y, n_valid: int = N_VALID):
    """Hold out the LAST ``n_valid`` samples: ``(x_train, y_train), (x_valid, y_valid)``.

    No shuffling (Fashion-MNIST's training set is already mixed), so every
    page that calls it gets the same split.
    """
    n_valid = check_int(n_valid, "n_valid")
    x = check_images(x, min_ndim=1)
    y = check_labels(y, len(CLASS_NAMES), n=len(x))
    if n_valid >= len(x):
        raise ValueError(
            f"No se pueden separar {n_valid} muestras de validación de un total de {len(x)}: "
            "no quedaría nada para entrenar."
        )
    return (x[:-n_valid], y[:-n_valid]), (x[-n_valid:], y[-n_valid:])


def _main(argv=None) -> int:
    """``python -m clase102.data``: check that the data can be loaded."""
    import sys

    try:
        (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
    except DatasetError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    where = find_data_dir() or "la descarga de Keras"
    print(
        f"Fashion-MNIST verificado ({where}): train {x_train.shape}, test {x_test.shape}."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
