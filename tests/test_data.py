import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from clase102 import data
from helpers import write_idx


def test_a_verified_folder_loads_gz_and_raw_files_as_keras_does(tiny_idx_dir):
    directory, (x_train, y_train), (x_test, y_test) = tiny_idx_dir
    raw = directory / "t10k-labels-idx1-ubyte"  # the same file, decompressed
    raw.write_bytes(gzip.open(f"{raw}.gz").read())
    Path(f"{raw}.gz").unlink()
    (a, b), (c, d) = data.load_fashion_mnist(directory)
    for got, want in ((a, x_train), (b, y_train), (c, x_test), (d, y_test)):
        assert got.dtype == np.uint8 and got.flags.writeable
        np.testing.assert_array_equal(got, want)


def test_a_changed_byte_names_the_file_and_its_checksum(tiny_idx_dir):
    directory, *_ = tiny_idx_dir
    path = directory / "t10k-images-idx3-ubyte.gz"
    raw = bytearray(gzip.open(path).read())
    raw[-1] ^= 0xFF
    with gzip.open(path, "wb") as fh:  # re-compressed: the gzip stays valid
        fh.write(bytes(raw))
    with pytest.raises(data.DatasetError, match="^t10k-images-idx3-ubyte .*SHA-256"):
        data.load_fashion_mnist(directory)


def test_a_raw_file_with_bytes_more_fails_its_checksum(tiny_idx_dir):
    directory, *_ = tiny_idx_dir
    raw = directory / "train-labels-idx1-ubyte"
    raw.write_bytes(gzip.open(f"{raw}.gz").read() + b"\x07")
    Path(f"{raw}.gz").unlink()
    with pytest.raises(data.DatasetError, match="^train-labels-idx1-ubyte .*SHA-256"):
        data.load_fashion_mnist(directory)


def test_a_cut_gzip_is_one_spanish_error_without_gzip_traceback(tiny_idx_dir):
    directory, *_ = tiny_idx_dir
    path = directory / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:30])
    with pytest.raises(data.DatasetError) as info:
        data.load_fashion_mnist(directory)
    assert re.match(r"No se pudo leer t10k-images-idx3-ubyte \(.*\): el archivo está truncado o dañado "
                    r"\((EOFError|BadGzipFile)\)", str(info.value)), str(info.value)
    assert info.value.__cause__ is None  # no chained gzip/zlib traceback
    assert "apt-get install dataset-fashion-mnist" in str(info.value)


def test_the_real_checksums_reject_other_content(tmp_path):
    
    for name in data.SHA256:  # random-free but not Fashion-MNIST
        write_idx(tmp_path / name, np.zeros((2, 28, 28) if "images" in name else 2, np.uint8))
    with pytest.raises(data.DatasetError, match="^train-images-idx3-ubyte .*SHA-256"):
        data.load_fashion_mnist(tmp_path)


def test_missing_file_names_it_and_says_how_to_get_it(tiny_idx_dir):
    directory, *_ = tiny_idx_dir
    (directory / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(data.DatasetError) as info:
        data.load_fashion_mnist(directory)
    msg = str(info.value)
    assert "train-labels-idx1-ubyte" in msg and "dataset-fashion-mnist" in msg


def test_env_var_dir_that_does_not_exist(monkeypatch, tmp_path):
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "no-existe"))
    with pytest.raises(data.DatasetError, match="no existe"):
        data.load_fashion_mnist()


def test_env_var_is_used(monkeypatch, tiny_idx_dir):
    directory, (x_train, _), _ = tiny_idx_dir
    monkeypatch.setenv(data.ENV_VAR, str(directory))
    assert data.find_data_dir() == directory
    (a, _), _ = data.load_fashion_mnist()
    np.testing.assert_array_equal(a, x_train)


def test_keras_fallback_failure_is_spanish_and_names_the_error(monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.setattr(data, "DEBIAN_DIR", Path("/nonexistent/fashion"))
    import keras.datasets.fashion_mnist as kfm

    def boom():
        raise ConnectionError("no network")

    monkeypatch.setattr(kfm, "load_data", boom)
    with pytest.raises(data.DatasetError, match=r"^No encontré Fashion-MNIST en disco y la descarga de Keras "
                                                r"falló \(ConnectionError\)\. Para obtenerlo"):
        data.load_fashion_mnist()


def test_keras_fallback_is_used_when_nothing_on_disk(monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.setattr(data, "DEBIAN_DIR", Path("/nonexistent/fashion"))
    import keras.datasets.fashion_mnist as kfm

    sentinel = ((np.zeros((1, 28, 28), np.uint8), np.zeros(1, np.uint8)),) * 2
    monkeypatch.setattr(kfm, "load_data", lambda: sentinel)
    assert data.load_fashion_mnist() is sentinel


def test_prepare_images_scales_and_flattens():
    x = np.full((3, 28, 28), 255, np.uint8)
    x[0, 0, 0] = 0
    out = data.prepare_images(x)
    assert out.shape == (3, 784) and out.dtype == np.float32
    assert out.max() == 1.0 and out[0, 0] == 0.0


def test_prepare_images_rejects_a_single_vector():
    with pytest.raises(ValueError, match="lote"):
        data.prepare_images(np.zeros(784))


def test_class_names_are_ten_and_distinct():
    assert len(data.CLASS_NAMES) == 10 and len(set(data.CLASS_NAMES)) == 10
    assert data.CLASS_NAMES[9] == "Botín"


def test_stratified_subset_is_balanced_and_reproducible():
    y = np.repeat(np.arange(10), 20)
    x = np.arange(200)
    xs, ys = data.stratified_subset(x, y, 5, seed=3)
    assert np.bincount(ys).tolist() == [5] * 10
    np.testing.assert_array_equal(y[xs], ys)  # x and y stay paired
    xs2, _ = data.stratified_subset(x, y, 5, seed=3)
    np.testing.assert_array_equal(xs, xs2)
    # drawn at (and just under) the class size: sampling with replacement would repeat images
    for n in (20, 19):
        xs, ys = data.stratified_subset(x, y, n, seed=1)
        assert len(set(xs.tolist())) == 10 * n and np.bincount(ys).tolist() == [n] * 10
    with pytest.raises(ValueError, match="menos que"):
        data.stratified_subset(x, y, 21)
    with pytest.raises(ValueError):
        data.stratified_subset(x, y, 0)


def test_split_validation_takes_the_last_samples_unshuffled():
    x, y = np.arange(20).reshape(10, 2), np.arange(10)
    (x_tr, y_tr), (x_va, y_va) = data.split_validation(x, y, n_valid=3)
    assert y_tr.tolist() == list(range(7)) and y_va.tolist() == [7, 8, 9]
    assert np.array_equal(x_va, x[-3:])
    assert data.N_VALID == 5000


def test_split_validation_rejects_bad_sizes():
    x, y = np.zeros((10, 2)), np.zeros(10, int)
    with pytest.raises(ValueError, match="no quedaría nada"):
        data.split_validation(x, y, n_valid=10)
    with pytest.raises(ValueError, match="misma cantidad"):
        data.split_validation(x, y[:5], n_valid=2)
    with pytest.raises(TypeError, match="n_valid"):
        data.split_validation(x, y, n_valid=2.5)


def test_cli_reports_bad_dir(tmp_path):
    env = dict(os.environ, FASHION_MNIST_DIR=str(tmp_path / "nada"))
    res = subprocess.run([sys.executable, "-m", "clase102.data"], env=env, capture_output=True, text=True)
    assert res.returncode == 1 and "no existe" in res.stderr and "Traceback" not in res.stderr


# --- the real data, when present ------------------------------------------------------

from helpers import real_data as real  # noqa: E402  (never skips under CI or with Debian's dataset)


# Debian's own record of its files (dpkg), an independent source for the bytes on disk.
DPKG_MD5SUMS = Path("/var/lib/dpkg/info/dataset-fashion-mnist.md5sums")


@real
def test_sha256_constants_are_those_of_the_real_files():
    """A changed hex digit in data.SHA256 fails here, in the fast tier."""
    directory = data.find_data_dir()
    assert directory is not None, "Fashion-MNIST no está en disco"
    published = {}
    if DPKG_MD5SUMS.is_file() and directory == Path("/usr/share/datasets/fashion-mnist"):
        for line in DPKG_MD5SUMS.read_text().splitlines():
            md5, rel = line.split(maxsplit=1)
            published[Path(rel).name] = md5
    for name in data.SHA256:
        path = directory / f"{name}.gz"
        if published:
            assert hashlib.md5(path.read_bytes()).hexdigest() == published[f"{name}.gz"]
        with gzip.open(path, "rb") as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == data.SHA256[name], name


@real
@pytest.mark.slow
def test_real_fashion_mnist_is_canonical():
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    assert x_train.shape == (60000, 28, 28) and y_train.shape == (60000,)
    assert x_test.shape == (10000, 28, 28) and y_test.shape == (10000,)
    assert x_train.dtype == np.uint8 and y_test.dtype == np.uint8
    assert int(y_train[0]) == 9
    assert np.bincount(y_test).tolist() == [1000] * 10


@real
@pytest.mark.slow
def test_one_flipped_byte_in_a_real_copy_names_t10k_images(tmp_path, monkeypatch):
    src = data.find_data_dir()
    for name in data.SHA256:
        shutil.copy(src / f"{name}.gz", tmp_path / f"{name}.gz")
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    with gzip.open(path, "rb") as fh:
        raw = bytearray(fh.read())
    raw[5000] ^= 0x01
    with gzip.open(path, "wb") as fh:
        fh.write(bytes(raw))
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    with pytest.raises(data.DatasetError, match="t10k-images"):
        data.load_fashion_mnist()


# --- sharper cases ---------------------------------------------------------------


def test_prepare_images_edges_of_the_pixel_range():
    assert data.prepare_images(np.zeros((2, 28, 28), np.uint8)).max() == 0.0  # integers ≤ 1 are raw pixels
    half = data.prepare_images(np.full((1, 28, 28), 1.5, np.float32))           # floats above 1: raw
    assert half.shape == (1, 784) and half[0, 0] == pytest.approx(1.5 / 255)
    with pytest.raises(ValueError, match=r"^Los píxeles deben estar entre 0 y 255; recibí valores de 0 a 256\.$"):
        data.prepare_images(np.array([[0, 256]], np.int64).reshape(1, 2, 1))
    with pytest.raises(ValueError, match=r"^Las imágenes parecen ya escaladas \(son decimales y todas ≤ 1\): "
                                         r"prepare_images divide por 255, así que llamala una sola vez, "
                                         r"con los píxeles originales\.$"):
        data.prepare_images(np.ones((1, 28, 28), np.float32))  # max exactly 1.0


def test_split_validation_keeps_the_head_for_training_and_checks_labels():
    x, y = np.arange(20).reshape(10, 2), np.arange(10)
    (x_tr, _), _ = data.split_validation(x, y, n_valid=3)
    assert x_tr.tolist() == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11], [12, 13]]
    (v_tr, _), (v_va, _) = data.split_validation(np.arange(10.0), y, n_valid=4)  # 1-D features are fine
    assert v_tr.tolist() == [0, 1, 2, 3, 4, 5] and v_va.tolist() == [6, 7, 8, 9]
    with pytest.raises(ValueError):
        data.split_validation(x, np.arange(10) + 5, n_valid=3)  # label 14: there are 10 classes
    with pytest.raises(ValueError, match=r"de un total de 10: no quedaría nada para entrenar\.$"):
        data.split_validation(x, y, n_valid=10)


def test_stratified_subset_default_seed_is_zero_and_labels_are_checked():
    y = np.repeat(np.arange(10), 3)
    x = np.arange(30)
    np.testing.assert_array_equal(data.stratified_subset(x, y, 2)[0], data.stratified_subset(x, y, 2, seed=0)[0])
    with pytest.raises(ValueError):
        data.stratified_subset(x, np.repeat(np.arange(10), 3) + 10, 2)  # labels 10..19


def test_main_reports_the_folder_and_the_shapes(tiny_idx_dir, monkeypatch, capsys):
    directory, *_ = tiny_idx_dir
    monkeypatch.setenv(data.ENV_VAR, str(directory))
    assert data._main() == 0
    out = capsys.readouterr()
    assert out.out == f"Fashion-MNIST verificado ({directory}): train (12, 28, 28), test (5, 28, 28).\n"
    assert out.err == ""


def test_main_reports_the_keras_download_and_errors_on_stderr(monkeypatch, tmp_path, capsys):
    import keras.datasets.fashion_mnist as kfm

    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.setattr(data, "DEBIAN_DIR", tmp_path / "no-hay-debian")
    tiny = ((np.zeros((3, 28, 28), np.uint8), np.zeros(3, np.uint8)), (np.zeros((2, 28, 28), np.uint8), np.zeros(2, np.uint8)))
    monkeypatch.setattr(kfm, "load_data", lambda: tiny)
    assert data._main() == 0
    assert capsys.readouterr().out == "Fashion-MNIST verificado (la descarga de Keras): train (3, 28, 28), test (2, 28, 28).\n"
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "nada"))
    assert data._main() == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err.startswith(f"ERROR: La carpeta de Fashion-MNIST {tmp_path / 'nada'} no existe.")
