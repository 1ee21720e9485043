"""Fixtures: the built book, Debian's Chromium, a reader's venv. Functions live in helpers.py.

Markers: ``book`` tests read the built book (``make test`` builds it first); ``slow`` tests build
throwaway books, run notebooks or open a browser. ``make unit`` runs the rest.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import clase102  # noqa: F401  (quiets TensorFlow before Keras is imported)
from helpers import BUILD, HTML, fresh_venv, serve, write_verified_idx

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions"]


def pytest_collection_modifyitems(items):
    # the longest files first, so that neither worker is left with one at the end (`make test` keeps
    # this order: --no-loadscope-reorder; xdist would otherwise put the files with most tests first)
    first = ("test_site.py", "test_build.py", "test_notebooks.py")
    items.sort(key=lambda item: first.index(item.path.name) if item.path.name in first else len(first))


@pytest.fixture(scope="session")
def site():
    """The built book's folder (``make test`` builds it; ``CLASE102_BUILD_DIR`` points at another)."""
    if not (HTML / "index.html").exists():
        pytest.fail(f"No hay libro construido en {BUILD}: corré `make html` primero.")
    return HTML


@pytest.fixture(scope="session")
def server(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Falta Chromium (/usr/bin/chromium): `make browser` lo instala en Debian.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium")), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900}, locale="es-AR")
        yield context
        context.close()


@pytest.fixture(scope="session")
def reader_python(tmp_path_factory):
    """The python of a venv like a reader's: the lock's packages, no clase102, no build tools."""
    return fresh_venv(tmp_path_factory.mktemp("lector") / "venv")


@pytest.fixture
def tiny_idx_dir(tmp_path, monkeypatch):
    """A folder with four tiny IDX files named like Fashion-MNIST's, and their SHA-256 as the
    package's checksums (so the folder is a verified copy)."""
    rng = np.random.default_rng(0)
    x_train, y_train = rng.integers(0, 256, (12, 28, 28), dtype=np.uint8), np.arange(12, dtype=np.uint8) % 10
    x_test, y_test = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8), np.arange(5, dtype=np.uint8)
    write_verified_idx(tmp_path, {"train-images-idx3-ubyte": x_train, "train-labels-idx1-ubyte": y_train,
                                  "t10k-images-idx3-ubyte": x_test, "t10k-labels-idx1-ubyte": y_test}, monkeypatch)
    return tmp_path, (x_train, y_train), (x_test, y_test)


@pytest.fixture
def tiny_xy():
    """100 random 784-feature samples with labels 0–9 (synthetic, fast)."""
    rng = np.random.default_rng(1)
    return rng.random((100, 784), dtype=np.float32), np.arange(100) % 10
