"""The claims of book/definiciones.md and book/dataset.md, on the pinned Keras and the real data."""

import inspect
import math

import keras
import numpy as np
import pytest

from clase102 import data

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


@pytest.mark.slow
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


def test_h5_is_legacy_in_keras_3_and_keras_files_are_zips(tmp_path):
    import zipfile

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        assert sorted(archive.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
    from clase102.capture import capture_notices

    _, notices = capture_notices(model.save, tmp_path / "m.h5")  # saved, with a notice
    assert len(notices) == 1 and "This file format is considered legacy" in notices[0]


# --- claims of book/construir.md ---------------------------------------------------------


def test_names_get_layer_and_pop_then_add():
    model = keras.Sequential(
        [keras.Input((784,)), keras.layers.Dense(128, name="oculta"), keras.layers.Dense(10, name="salida")],
        name="mi_mlp",
    )
    assert model.name == "mi_mlp" and model.get_layer("oculta").units == 128
    model.pop()
    model.add(keras.layers.Dense(5, name="salida_5"))
    assert [layer.name for layer in model.layers] == ["oculta", "salida_5"]
    assert model.output_shape == (None, 5) and model.count_params() == 784 * 128 + 128 + 128 * 5 + 5


def test_without_input_a_model_has_no_weights_until_build_or_a_first_call():
    deferred = keras.Sequential([keras.layers.Dense(128), keras.layers.Dense(10)])
    assert not deferred.built and deferred.weights == []
    deferred.build((None, 784))
    assert deferred.built and deferred.count_params() == 784 * 128 + 128 + 128 * 10 + 10
    called = keras.Sequential([keras.layers.Dense(128), keras.layers.Dense(10)])
    called(np.zeros((1, 784), "float32"))
    assert called.built and called.count_params() == deferred.count_params()


# --- claims of book/dataset.md (real data) -------------------------------------------------

from helpers import real_data as real  # noqa: E402  (never skips under CI or with Debian's dataset)


@real
@pytest.mark.slow
def test_books_split_of_real_fashion_mnist():
    (x, y), _ = data.load_fashion_mnist()
    assert np.bincount(y).tolist() == [6000] * 10
    (x_tr, _), (x_va, y_va) = data.split_validation(x, y)
    assert (len(x_tr), len(x_va)) == (55_000, 5_000)
    counts = np.bincount(y_va)
    assert counts.min() > 400 and counts.max() < 600  # the tail is mixed: every class is there
    scaled = data.prepare_images(x_va)
    assert scaled.dtype == np.float32 and scaled.min() == 0.0 and scaled.max() == 1.0
    # book/dataset.md writes Géron's split and the scaling by hand; other pages call the package
    assert np.array_equal(x[:-5000], x_tr) and np.array_equal(y[-5000:], y_va)
    by_hand = x[-5000:].reshape(5000, 784).astype("float32") / 255
    assert by_hand.dtype == np.float32 and np.array_equal(by_hand, scaled)
