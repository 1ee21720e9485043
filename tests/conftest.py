"""Shared fixtures. The package quiets TensorFlow when imported."""

import gzip
import os
import struct
from pathlib import Path

import numpy as np
import pytest

import clase102  # noqa: F401  (sets TF_CPP_MIN_LOG_LEVEL before Keras loads)

ROOT = Path(__file__).resolve().parents[1]
# The built book to check; CLASE102_BUILD_DIR points the book tests at another build.
BUILD = Path(os.environ.get("CLASE102_BUILD_DIR") or ROOT / "_build").resolve()


# Real-data tests skip only where the data cannot be expected: under CI, or where Debian's
# dataset package is installed, they run and FAIL if the data are missing or wrong.
REAL_DATA_EXPECTED = bool(os.environ.get("CI")) or Path("/usr/share/datasets/fashion-mnist").is_dir()


def _real_data_present() -> bool:
    from clase102 import data

    return data.find_data_dir() is not None


real_data = pytest.mark.skipif(
    not REAL_DATA_EXPECTED and not _real_data_present(), reason="Fashion-MNIST no está en disco"
)


def write_idx(path: Path, array: np.ndarray, *, compress: bool = True) -> Path:
    """Write a uint8 array as an IDX file (gzip-compressed by default)."""
    array = np.asarray(array, dtype=np.uint8)
    header = struct.pack(">I", 0x0800 | array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    raw = header + array.tobytes()
    if compress:
        path = path.with_name(path.name + ".gz")
        with gzip.open(path, "wb") as fh:
            fh.write(raw)
    else:
        path.write_bytes(raw)
    return path


@pytest.fixture
def tiny_idx_dir(tmp_path):
    """A folder with four tiny, valid IDX files named like Fashion-MNIST's."""
    rng = np.random.default_rng(0)
    x_train = rng.integers(0, 256, (12, 28, 28), dtype=np.uint8)
    y_train = np.arange(12, dtype=np.uint8) % 10
    x_test = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8)
    y_test = np.arange(5, dtype=np.uint8)
    write_idx(tmp_path / "train-images-idx3-ubyte", x_train)
    write_idx(tmp_path / "train-labels-idx1-ubyte", y_train)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", x_test)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", y_test)
    return tmp_path, (x_train, y_train), (x_test, y_test)


@pytest.fixture
def tiny_xy():
    """100 random 784-feature samples with labels 0–9 (synthetic, fast)."""
    rng = np.random.default_rng(1)
    x = rng.random((100, 784), dtype=np.float32)
    y = np.arange(100) % 10
    return x, y
