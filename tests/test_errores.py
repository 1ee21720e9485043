"""Each row of «Errores comunes» (book/errores.md): the behaviour the book states, on the pinned Keras.

If a Keras upgrade changes one of these behaviours, the test fails and the page must be
rewritten; the reader never finds a book that says something Keras no longer does.
(``clase102.capture``, which the page uses to show the messages, is tested in test_capture.py.)
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

from clase102 import capture

# every claim here trains or saves a Keras model: not a unit test (make test runs them)
pytestmark = pytest.mark.slow

LOSS = "sparse_categorical_crossentropy"


def set_seed(seed):
    keras.utils.set_random_seed(seed)


def base_model(compiled=True):
    """The page's model: 784 → Dense(128, relu) → Dense(10, softmax)."""
    set_seed(0)
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    if compiled:
        model.compile(optimizer="adam", loss=LOSS, metrics=["accuracy"])
    return model


def trained_model(data):
    """The page's model after one epoch on ``data``."""
    model = base_model()
    model.fit(*data, epochs=1, verbose=0)
    return model


def weights(model):
    """A copy of every layer's weights."""
    return [[np.array(w) for w in layer.get_weights()] for layer in model.layers]


def max_changes(model, before):
    """Per layer, the largest absolute change of its weights since ``before``."""
    return [max(float(np.max(np.abs(a - b))) for a, b in zip(layer.get_weights(), old))
            for layer, old in zip(model.layers, before)]


@pytest.fixture(scope="module")
def data():
    """200 synthetic samples (200 / 32 leaves a partial last batch, like the page's 2,000)."""
    rng = np.random.default_rng(0)
    x = rng.random((200, 784), dtype=np.float32)
    y = np.arange(200) % 10
    return x, y


# --- Row 1: "Input shape mismatch al cargar" ----------------------------------------------


def test_loading_does_not_fail_using_with_other_shape_does(tmp_path, data):
    x, y = data
    model = trained_model(data)
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.models.load_model(path)  # no error at load time
    assert loaded.input_shape == (None, 784)
    images = x[:2].reshape(2, 28, 28)
    with pytest.raises(ValueError) as info:
        loaded.predict(images, verbose=0)
    message = str(info.value)
    assert "Invalid input shape for input" in message
    assert "Expected shape (None, 784), but input has incompatible shape (2, 28, 28)" in message
    # the fixes: flatten the data, or put Flatten in the model
    assert loaded.predict(images.reshape(2, -1), verbose=0).shape == (2, 10)
    with_flatten = keras.Sequential(
        [keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)]
    )
    assert with_flatten.layers[0].output.shape == (None, 784)
    assert with_flatten.predict(images, verbose=0).shape == (2, 10)


# --- Row 2: summary() shows "?" ----------------------------------------------------------


def test_summary_without_input_is_unbuilt_and_build_fixes_it():
    model = keras.Sequential([keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10)])
    text = capture.summary_text(model)
    assert "?" in text and "0 (unbuilt)" in text
    assert not model.built
    with pytest.raises(ValueError, match="isn't built"):
        model.count_params()
    model.build((None, 784))
    text = capture.summary_text(model)
    assert "unbuilt" not in text and "(None, 128)" in text
    assert model.count_params() == 101_770


# --- Row 3: fit without compile ----------------------------------------------------------


def test_fit_without_compile_raises_and_compile_fixes_it(data):
    x, y = data
    model = base_model(compiled=False)
    with pytest.raises(ValueError, match=r"You must call `compile\(\)` before using the model\."):
        model.fit(x, y, epochs=1, verbose=0)
    assert model.predict(x[:3], verbose=0).shape == (3, 10)  # predict needs no compile
    model.compile(optimizer="adam", loss=LOSS, metrics=["accuracy"])
    history = model.fit(x, y, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1


# --- Row 4: saving to .h5 ----------------------------------------------------------------


def test_h5_is_a_legacy_log_message_and_still_loads(tmp_path, data):
    x, y = data
    model = trained_model(data)
    _, notices = capture.capture_notices(model.save, tmp_path / "m.h5")  # no exception
    assert len(notices) == 1
    assert notices[0].startswith("WARNING: You are saving your model as an HDF5 file")
    assert "This file format is considered legacy" in notices[0]
    loaded, notices = capture.capture_notices(keras.models.load_model, tmp_path / "m.h5")
    assert any("compiled metrics have yet to be built" in n for n in notices)
    assert np.array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_keras_format_saves_and_loads_without_notices(tmp_path, data):
    x, y = data
    model = trained_model(data)
    _, on_save = capture.capture_notices(model.save, tmp_path / "m.keras")
    loaded, on_load = capture.capture_notices(keras.models.load_model, tmp_path / "m.keras")
    assert on_save == [] and on_load == []
    assert type(loaded.optimizer).__name__ == "Adam"
    assert np.array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_h5_save_drops_the_optimizer_from_the_compile_config(tmp_path, data):
    """Keras 3.15.1 bug (fixed upstream by keras-team/keras#23475), as the page's warning says."""
    x, y = data
    model = trained_model(data)
    assert "optimizer" in model.get_compile_config()
    capture.capture_notices(model.save, tmp_path / "m.h5")
    assert "optimizer" not in model.get_compile_config()
    model.save(tmp_path / "after.keras")
    loaded, notices = capture.capture_notices(keras.models.load_model, tmp_path / "after.keras")
    assert type(loaded.optimizer).__name__ == "RMSprop"
    assert any(n.startswith("UserWarning: Skipping variable loading for optimizer") for n in notices)
    # the page's fix: recompile with the same optimizer (its state is kept)
    steps = int(model.optimizer.iterations.numpy())
    model.compile(optimizer=model.optimizer, loss=LOSS, metrics=["accuracy"])
    assert int(model.optimizer.iterations.numpy()) == steps
    model.save(tmp_path / "fixed.keras")
    loaded, notices = capture.capture_notices(keras.models.load_model, tmp_path / "fixed.keras")
    assert notices == [] and type(loaded.optimizer).__name__ == "Adam"


# --- Row 5: add() after compile() and fit() ----------------------------------------------


def test_add_after_fit_grows_silently_and_fit_trains_the_old_graph(data):
    x, y = data
    model = trained_model(data)
    traced = model.train_function
    assert model.count_params() == 101_770
    model.add(keras.layers.Dense(5, activation="softmax"))  # no exception
    assert model.count_params() == 101_825
    assert model.output_shape == (None, 5)
    before = weights(model)
    history = model.fit(x, y, epochs=2, verbose=0)  # 5-unit head, labels 0–9: no error
    assert len(history.history["loss"]) == 2
    assert model.train_function is traced
    changes = max_changes(model, before)
    assert changes[-1] == 0.0  # the new layer was never trained
    assert all(c > 0 for c in changes[:-1])
    assert model.predict(x[:3], verbose=0).shape == (3, 5)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"outside the valid range of \[0, 5\)"):
        model.evaluate(x, y, verbose=0)
    # recompiling discards the stale function: now the right error appears
    model.compile(optimizer="adam", loss=LOSS, metrics=["accuracy"])
    message = capture.catch_error(model.fit, x, y, epochs=1, verbose=0)
    assert message.startswith("InvalidArgumentError: Received a label value of 9")


def test_add_after_fit_fails_when_the_batch_shape_changes(data):
    x, y = data
    n = 6 * 32  # only full batches: TensorFlow traces a fixed batch shape
    model = base_model()
    model.fit(x[:n], y[:n], batch_size=32, epochs=1, verbose=0)
    model.add(keras.layers.Dense(5, activation="softmax"))
    with pytest.raises(ValueError, match="Unknown variable") as info:
        model.fit(x[:n], y[:n], batch_size=64, epochs=1, verbose=0)
    assert "optimizer can only be called for the variables it was originally built with" in str(info.value)


def test_sparse_crossentropy_checks_the_label_range_on_cpu(data):
    """Why the page says the loss *does* check labels: a fresh 5-unit model fails at once."""
    x, y = data
    set_seed(0)
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(5, activation="softmax")])
    model.compile(optimizer="adam", loss=LOSS)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Received a label value of 9"):
        model.fit(x, y, epochs=1, verbose=0)


def test_rebuilding_with_frozen_trained_layers_trains_only_the_new_ones(data):
    x, y = data
    trained = trained_model(data)
    hidden = trained.layers[0]
    hidden.trainable = False
    new = keras.Sequential(
        [keras.Input((784,)), hidden, keras.layers.Dense(16, activation="relu"),
         keras.layers.Dense(10, activation="softmax")]
    )
    new.compile(optimizer="adam", loss=LOSS)
    before = weights(new)
    new.fit(x, y, epochs=1, verbose=0)
    change = max_changes(new, before)
    assert change[0] == 0.0 and change[1] > 0 and change[2] > 0


# --- Rows 6 and 7: labels a sparse loss cannot take ----------------------------------------


def test_one_hot_labels_with_the_sparse_loss_and_both_fixes(data):
    x, y = data
    one_hot = keras.utils.to_categorical(y, 10)
    with pytest.raises(ValueError) as info:
        base_model().fit(x, one_hot, epochs=1, verbose=0)
    assert str(info.value) == (
        "Argument `output` must have rank (ndim) `target.ndim - 1`. "
        "Received: target.shape=(None, 10), output.shape=(None, 10)"
    )
    assert np.array_equal(one_hot.argmax(axis=1), y)
    assert len(base_model().fit(x, one_hot.argmax(axis=1), epochs=1, verbose=0).history["loss"]) == 1
    model = base_model()
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    assert len(model.fit(x, one_hot, epochs=1, verbose=0).history["loss"]) == 1


def test_labels_from_1_to_10_fail_inside_the_graph(data):
    x, y = data
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        base_model().fit(x, y + 1, epochs=1, verbose=0)
    assert "Received a label value of 10 which is outside the valid range of [0, 10)." in str(info.value)
    assert len(base_model().fit(x, y + 1 - 1, epochs=1, verbose=0).history["loss"]) == 1


def test_add_after_fit_leaves_the_new_kernel_untouched_as_the_page_prints(data):
    x, y = data
    model = trained_model(data)
    model.add(keras.layers.Dense(5, activation="softmax"))
    before = model.layers[-1].get_weights()[0].copy()
    model.fit(x, y, epochs=1, verbose=0)
    assert np.array_equal(before, model.layers[-1].get_weights()[0])
    model.compile(optimizer="adam", loss=LOSS)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"outside the valid range of \[0, 5\)"):
        model.fit(x, y, epochs=1, verbose=0)


def test_recompiling_after_add_trains_the_new_layer(data):
    x, y = data
    model = trained_model(data)
    model.add(keras.layers.Dense(10, activation="softmax"))
    model.compile(optimizer="adam", loss=LOSS)
    before = model.layers[-1].get_weights()[0].copy()
    model.fit(x, y, epochs=1, verbose=0)
    assert not np.array_equal(before, model.layers[-1].get_weights()[0])


# --- Row 1b: load_weights into another architecture -----------------------------------------


def test_load_weights_into_another_shape_fails_while_loading(tmp_path, data):
    base_model().save_weights(tmp_path / "m.weights.h5")
    other = keras.Sequential([keras.Input((784,)), keras.layers.Dense(64), keras.layers.Dense(10)])
    message = capture.catch_error(other.load_weights, tmp_path / "m.weights.h5")
    assert message.startswith("ValueError") and "The shape of the target variable" in message
    assert "must match" in message and "(784, 64)" in message and "(784, 128)" in message


# --- Row 8: trainable = False needs a new compile -------------------------------------------


def test_freezing_without_compile_still_trains_and_compile_stops_it(data):
    x, y = data
    model = trained_model(data)
    frozen = model.layers[0]
    frozen.trainable = False
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 2
    before = frozen.kernel.numpy().copy()
    model.fit(x, y, epochs=1, verbose=0)
    assert not np.array_equal(before, frozen.kernel.numpy())  # no warning, and it moved
    model.compile(optimizer="adam", loss=LOSS)
    before = frozen.kernel.numpy().copy()
    model.fit(x, y, epochs=1, verbose=0)
    assert np.array_equal(before, frozen.kernel.numpy())
    lines = []
    model.summary(print_fn=lambda line, **kwargs: lines.append(line))
    assert "Non-trainable params: 100,480" in "\n".join(lines)  # 784 · 128 + 128
