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


def _checksums_for(directory: Path) -> dict:
    out = {}
    for name in data.FILES:
        with gzip.open(directory / f"{name}.gz", "rb") as fh:
            out[name] = hashlib.sha256(fh.read()).hexdigest()
    return out


def test_parse_idx_roundtrip(tmp_path):
    arr = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    path = write_idx(tmp_path / "x", arr, compress=False)
    np.testing.assert_array_equal(data.read_idx(path), arr)


def test_read_idx_gz_and_labels(tmp_path):
    labels = np.array([9, 0, 3], dtype=np.uint8)
    path = write_idx(tmp_path / "y", labels)
    out = data.read_idx(path)
    assert out.dtype == np.uint8 and out.shape == (3,)
    np.testing.assert_array_equal(out, labels)


def test_wrong_magic_is_rejected(tmp_path):
    path = tmp_path / "bad"
    path.write_bytes(b"\x00\x00\x0c\x03" + b"\x00" * 20)
    with pytest.raises(data.DatasetError, match="número mágico"):
        data.read_idx(path)


def test_truncated_raw_file_is_rejected(tmp_path):
    arr = np.zeros((2, 28, 28), np.uint8)
    path = write_idx(tmp_path / "x", arr, compress=False)
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(data.DatasetError, match="truncado"):
        data.read_idx(path)


def test_raw_file_with_extra_bytes_is_rejected_in_spanish(tmp_path):
    # header 16 bytes + 2*28*28 = 1584 bytes; 3 bytes more must be a DatasetError, not numpy's reshape error
    arr = np.zeros((2, 28, 28), np.uint8)
    path = write_idx(tmp_path / "x", arr, compress=False)
    path.write_bytes(path.read_bytes() + b"\x00\x01\x02")
    with pytest.raises(data.DatasetError, match=r"1587 bytes en lugar de 1584"):
        data.read_idx(path)
    labels = write_idx(tmp_path / "y", np.arange(4, dtype=np.uint8), compress=False)
    labels.write_bytes(labels.read_bytes() + b"\x07")  # 8 + 4 + 1 bytes
    with pytest.raises(data.DatasetError, match=r"13 bytes en lugar de 12"):
        data.read_idx(labels)


def test_truncated_gzip_is_rejected_without_raw_traceback(tmp_path):
    path = write_idx(tmp_path / "t10k-images-idx3-ubyte", np.zeros((3, 28, 28), np.uint8))
    path.write_bytes(path.read_bytes()[:30])
    with pytest.raises(data.DatasetError) as info:
        data.read_idx(path)
    assert "t10k-images" in str(info.value)
    assert info.value.__cause__ is None  # no chained gzip/zlib traceback
    assert "apt-get install dataset-fashion-mnist" in str(info.value)


def test_header_too_short(tmp_path):
    path = tmp_path / "x"
    path.write_bytes(b"\x00\x00")
    with pytest.raises(data.DatasetError, match="truncado"):
        data.read_idx(path)


def test_load_from_dir_matches_written_arrays(tiny_idx_dir):
    directory, (x_train, y_train), (x_test, y_test) = tiny_idx_dir
    (a, b), (c, d) = data.load_fashion_mnist(directory, verify=False)
    for got, want in ((a, x_train), (b, y_train), (c, x_test), (d, y_test)):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, want)


def test_checksum_mismatch_names_the_file(tiny_idx_dir, monkeypatch):
    directory, *_ = tiny_idx_dir
    sums = _checksums_for(directory)
    monkeypatch.setattr(data, "SHA256", sums)
    data.load_fashion_mnist(directory)  # correct sums: loads
    # flip one byte of t10k-images' content (re-compressed: the gzip stays valid)
    path = directory / "t10k-images-idx3-ubyte.gz"
    with gzip.open(path, "rb") as fh:
        raw = bytearray(fh.read())
    raw[-1] ^= 0xFF
    with gzip.open(path, "wb") as fh:
        fh.write(bytes(raw))
    with pytest.raises(data.DatasetError, match="t10k-images-idx3-ubyte.*SHA-256"):
        data.load_fashion_mnist(directory)


def test_missing_file_names_it_and_says_how_to_get_it(tiny_idx_dir):
    directory, *_ = tiny_idx_dir
    (directory / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(data.DatasetError) as info:
        data.load_fashion_mnist(directory, verify=False)
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
    (a, _), _ = data.load_fashion_mnist(verify=False)
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
    for name in data.FILES:
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
    for name in data.FILES:
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


# --- sharper cases (mutants that the cases above let through) ----------------


def test_parse_idx_boundaries_and_its_default_name():
    import struct

    # exactly a header: an empty label file (8 bytes) and an empty image file (16 bytes) are valid
    assert data.parse_idx(struct.pack(">II", 0x801, 0)).shape == (0,)
    assert data.parse_idx(struct.pack(">IIII", 0x803, 0, 28, 28)).shape == (0, 28, 28)
    with pytest.raises(data.DatasetError, match=r"^IDX: el archivo está truncado \(tiene 7 bytes\)\.$"):
        data.parse_idx(b"\x00" * 7)
    with pytest.raises(data.DatasetError, match=r"^IDX: el archivo está truncado \(cabecera incompleta\)\.$"):
        data.parse_idx(struct.pack(">II", 0x803, 2))
    # the magic number is unsigned: a first byte ≥ 0x80 is shown as it is in the file
    with pytest.raises(data.DatasetError, match=r"número mágico 0xffff0801\)"):
        data.parse_idx(b"\xff\xff\x08\x01" + b"\x00" * 8)


def test_read_idx_names_the_file_without_gz_or_with_the_given_name(tmp_path):
    path = write_idx(tmp_path / "etiquetas-idx1-ubyte", np.arange(4, dtype=np.uint8))  # .gz
    with gzip.open(path, "wb") as fh:  # a valid gzip whose content has one byte too many
        fh.write(b"\x00\x00\x08\x01\x00\x00\x00\x04" + bytes(5))
    with pytest.raises(data.DatasetError, match=r"^etiquetas-idx1-ubyte: el tamaño no coincide"):
        data.read_idx(path)
    with pytest.raises(data.DatasetError, match=r"^mis etiquetas: el tamaño no coincide"):
        data.read_idx(path, "mis etiquetas")
    cut = tmp_path / "cortado.gz"
    cut.write_bytes(path.read_bytes()[:12])
    with pytest.raises(data.DatasetError, match=r"^No se pudo leer mis etiquetas \(.*cortado\.gz\): .*\((EOFError|BadGzipFile)\)"):
        data.read_idx(cut, "mis etiquetas")
    with pytest.raises(data.DatasetError, match=r"^No se pudo leer cortado \("):
        data.read_idx(cut)


@pytest.mark.parametrize("split, images, labels, shapes", [
    ("train", np.zeros((12, 28, 28)), np.zeros(11), "imágenes (12, 28, 28) y etiquetas (11,)"),
    ("train", np.zeros(12), np.zeros(12), "imágenes (12,) y etiquetas (12,)"),       # images not 3-D
    ("t10k", np.zeros((5, 28, 28)), np.zeros((5, 1, 1)), "imágenes (5, 28, 28) y etiquetas (5, 1, 1)"),
])
def test_load_from_dir_rejects_images_and_labels_that_do_not_match(tiny_idx_dir, split, images, labels, shapes):
    directory, *_ = tiny_idx_dir  # write_idx takes the IDX header's dimensions from the array, not the name
    write_idx(directory / f"{split}-images-idx3-ubyte", images)
    write_idx(directory / f"{split}-labels-idx1-ubyte", labels)
    with pytest.raises(data.DatasetError, match=rf"^{split}: {re.escape(shapes)} no se corresponden\.$"):
        data.load_from_dir(directory, verify=False)


def test_load_from_dir_verifies_by_default(tiny_idx_dir):
    directory, *_ = tiny_idx_dir  # random content: not the real files' SHA-256
    with pytest.raises(data.DatasetError, match="SHA-256"):
        data.load_from_dir(directory)


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


def _tiny_sums(directory):
    return {name: hashlib.sha256(gzip.open(directory / f"{name}.gz").read()).hexdigest() for name in data.FILES}


def test_main_reports_the_folder_and_the_shapes(tiny_idx_dir, monkeypatch, capsys):
    directory, *_ = tiny_idx_dir
    monkeypatch.setenv(data.ENV_VAR, str(directory))
    monkeypatch.setattr(data, "SHA256", _tiny_sums(directory))
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
