"""plots.py, data.split_validation and the claims of book/definiciones.md and book/dataset.md."""

import inspect
import math

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from clase102 import data, plots, training

# --- plots -----------------------------------------------------------------------------


def _images(n=12):
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), np.arange(n) % 10


def test_plot_samples_titles_are_the_spanish_class_names():
    x, y = _images(12)
    fig = plots.plot_samples(x, y, n_rows=2, n_cols=5)
    assert isinstance(fig, Figure)
    axes = fig.axes
    assert len(axes) == 10
    assert [ax.get_title() for ax in axes] == [data.CLASS_NAMES[i] for i in y[:10]]
    assert axes[0].get_images()[0].get_array().shape == (28, 28)
    assert fig.number not in plt.get_fignums()  # closed: shown once, when returned


def test_plot_samples_accepts_flattened_scaled_images_and_custom_names():
    x, y = _images(4)
    fig = plots.plot_samples(data.prepare_images(x), y, 1, 4, class_names=[f"c{i}" for i in range(10)])
    assert [ax.get_title() for ax in fig.axes] == [f"c{i}" for i in y]
    assert fig.axes[0].get_images()[0].get_clim() == (0, 1.0)


@pytest.mark.parametrize(
    "x, y, rows, cols, exc, fragment",
    [
        (np.zeros((3, 28, 28)), np.zeros(3, int), 2, 2, ValueError, "necesita 4 imágenes"),
        (np.zeros((4, 28, 28)), np.zeros(3, int), 2, 2, ValueError, "4 imágenes pero 3 etiquetas"),
        (np.zeros((4, 28)), np.zeros(4, int), 1, 1, ValueError, "lote de imágenes"),
        (np.zeros((4, 28, 28)), np.full(4, 10), 1, 1, ValueError, "fuera de 0..9"),
        (np.zeros((4, 28, 28)), np.zeros(4), 1, 1, TypeError, "enteros"),
        (np.zeros((4, 28, 28)), np.zeros(4, int), 0, 1, ValueError, "n_rows"),
    ],
)
def test_plot_samples_rejects_bad_input_in_spanish(x, y, rows, cols, exc, fragment):
    with pytest.raises(exc, match=fragment):
        plots.plot_samples(x, y, rows, cols)


def test_plot_class_balance_bars_are_the_counts():
    y = np.array([0, 0, 0, 3, 9, 9])
    fig = plots.plot_class_balance(y, title="Prueba")
    ax = fig.axes[0]
    heights = [bar.get_width() for bar in ax.patches]
    assert heights == data.class_counts(y).tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == list(data.CLASS_NAMES)
    assert ax.get_title() == "Prueba"
    assert ax.get_xlabel() == "Cantidad de imágenes"
    with pytest.raises(ValueError, match="vector"):
        plots.plot_class_balance(np.zeros((2, 2), int))


# --- data.split_validation -------------------------------------------------------------


def test_split_validation_takes_the_last_samples_unshuffled():
    x, y = np.arange(20).reshape(10, 2), np.arange(10)
    (x_tr, y_tr), (x_va, y_va) = data.split_validation(x, y, n_valid=3)
    assert y_tr.tolist() == list(range(7)) and y_va.tolist() == [7, 8, 9]
    assert np.array_equal(x_va, x[-3:])
    assert data.N_VALID == 5000


def test_split_validation_rejects_bad_sizes():
    x, y = np.zeros((10, 2)), np.zeros(10)
    with pytest.raises(ValueError, match="no quedaría nada"):
        data.split_validation(x, y, n_valid=10)
    with pytest.raises(ValueError, match="misma cantidad"):
        data.split_validation(x, y[:5], n_valid=2)
    with pytest.raises(TypeError, match="n_valid"):
        data.split_validation(x, y, n_valid=2.5)


# --- claims of book/definiciones.md ------------------------------------------------------


def test_sequential_is_a_chain_with_one_input_and_one_output():
    model = keras.Sequential(
        [keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(32), keras.layers.Dense(10)]
    )
    assert [tuple(layer.output.shape) for layer in model.layers] == [(None, 784), (None, 32), (None, 10)]
    assert all(a.output is b.input for a, b in zip(model.layers, model.layers[1:]))
    assert len(model.inputs) == len(model.outputs) == 1


def _dense_bn():
    return keras.Sequential(
        [keras.Input((784,)), keras.layers.Dense(64), keras.layers.BatchNormalization(), keras.layers.Dense(10)]
    )


def test_batchnorm_after_dense64_adds_256_params_128_non_trainable():
    model = _dense_bn()
    bn = model.layers[1]
    assert bn.count_params() == 4 * 64
    assert sum(int(np.prod(w.shape)) for w in model.non_trainable_weights) == 128
    assert sum(int(np.prod(w.shape)) for w in bn.trainable_weights) == 128
    assert {w.name: w.trainable for w in bn.weights} == {
        "gamma": True, "beta": True, "moving_mean": False, "moving_variance": False,
    }
    lines = []
    model.summary(print_fn=lambda line, **kwargs: lines.append(line))
    assert "Non-trainable params: 128" in "\n".join(lines)


def test_batchnorm_moving_stats_follow_the_moving_average_formula():
    bn = keras.layers.BatchNormalization()
    x = np.random.default_rng(0).normal(3.0, 2.0, (64, 4)).astype("float32")
    bn.build((None, 4))
    m, mean0, var0 = bn.momentum, bn.moving_mean.numpy(), bn.moving_variance.numpy()
    assert m == pytest.approx(0.99)
    bn(x, training=True)
    assert np.allclose(bn.moving_mean.numpy(), m * mean0 + (1 - m) * x.mean(axis=0))
    assert np.allclose(bn.moving_variance.numpy(), m * var0 + (1 - m) * x.var(axis=0))


def test_fit_moves_moving_stats_although_the_optimizer_does_not_see_them():
    model = _dense_bn()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    bn = model.layers[1]
    seen = {id(w) for w in model.trainable_weights}
    assert id(bn.moving_mean) not in seen and id(bn.moving_variance) not in seen
    before = {w.name: w.numpy().copy() for w in bn.weights}
    rng = np.random.default_rng(0)
    model.fit(rng.random((64, 784), dtype=np.float32), np.arange(64) % 10, epochs=1, verbose=0)
    assert all(not np.array_equal(before[w.name], w.numpy()) for w in bn.weights)


def test_fit_batch_size_default_is_none_in_the_signature_and_32_in_practice():
    assert inspect.signature(keras.Model.fit).parameters["batch_size"].default is None
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.zeros((320, 4), "float32"), np.zeros((320, 2), "float32"), epochs=1, verbose=0)
    assert int(model.optimizer.iterations) == 10  # 320 / 32


def test_updates_per_epoch_on_the_books_training_split():
    n = 60_000 - data.N_VALID
    assert [math.ceil(n / b) for b in (1, 32, 512, n)] == [55_000, 1_719, 108, 1]
    assert training.updates_per_epoch(n, 32) == 1_719  # the package agrees


def test_h5_is_legacy_in_keras_3_and_keras_files_are_zips(tmp_path):
    import zipfile

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        assert sorted(archive.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
    from clase102 import pitfalls

    _, notices = pitfalls.capture_notices(model.save, tmp_path / "m.h5")  # saved, with a notice
    assert len(notices) == 1 and "This file format is considered legacy" in notices[0]


# --- claims of book/dataset.md (real data) -------------------------------------------------

real = pytest.mark.skipif(data.find_data_dir() is None, reason="Fashion-MNIST no está en disco")


@real
@pytest.mark.slow
def test_books_split_of_real_fashion_mnist():
    (x, y), _ = data.load_fashion_mnist()
    assert data.class_counts(y).tolist() == [6000] * 10
    (x_tr, _), (x_va, y_va) = data.split_validation(x, y)
    assert (len(x_tr), len(x_va)) == (55_000, 5_000)
    counts = data.class_counts(y_va)
    assert counts.min() > 400 and counts.max() < 600  # the tail is mixed: every class is there
    scaled = data.prepare_images(x_va)
    assert scaled.dtype == np.float32 and scaled.min() == 0.0 and scaled.max() == 1.0
    # book/dataset.md writes Géron's split and the scaling by hand; other pages call the package
    assert np.array_equal(x[:-5000], x_tr) and np.array_equal(y[-5000:], y_va)
    by_hand = x[-5000:].reshape(5000, 784).astype("float32") / 255
    assert by_hand.dtype == np.float32 and np.array_equal(by_hand, scaled)
