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


# `make test` hands whole files to two workers (`--dist loadfile --no-loadscope-reorder`, the
# Makefile's PYTEST), in collection order: the longest files go first, so that no worker is left alone with a long file
# at the end (xdist's own order, by number of tests, sent the 43 s parallel-pages test last).
# Measured in a fresh clone on 2 cores: browser 79 s, build_guard 75 s, notebooks 68 s, parallel_pages 44 s.
LONGEST_FIRST = ("test_browser.py", "test_build_guard.py", "test_notebooks.py", "test_parallel_pages.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order
