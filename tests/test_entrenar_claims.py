"""Claims of the page book/entrenar on the pinned Keras (plain Keras, synthetic data) and the error
line the page glues."""

import contextlib
import inspect
import io
import math

import numpy as np
import pytest

from clase102 import capture


def _model(steps_per_execution=1, seed=0, hidden=8):
    """The kind of model the page trains, small: Dense(hidden) → Dense(10, softmax)."""
    import keras

    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer="adam",
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=steps_per_execution,
    )
    return model


@pytest.fixture
def data(tiny_xy):
    """The shared 100 synthetic 784-feature samples (tests/conftest.py)."""
    return tiny_xy


@pytest.fixture(scope="module")
def model():
    return _model()


# --- Ejercicio 3: batch vs one sample -------------------------------------------------


def test_predict_shapes_one_and_hundred(model, data):
    x, _ = data
    assert model.predict(x[:1], verbose=0).shape == (1, 10)
    assert model.predict(x[:100], verbose=0).shape == (100, 10)


def test_the_fixes_give_the_same_prediction(model, data):
    x, _ = data
    sample = x[0]
    outs = [
        model.predict(x[:1], verbose=0),
        model.predict(sample[None], verbose=0),
        model.predict(np.expand_dims(sample, 0), verbose=0),
    ]
    assert all(o.shape == (1, 10) for o in outs)
    assert all(np.array_equal(outs[0], o) for o in outs[1:])


def test_missing_batch_axis_raises_on_a_fresh_model(data):
    """A bare 784-vector is read as 784 samples and cut in batches of 32 scalars."""
    x, _ = data
    message = capture.catch_error(_model().predict, x[0], verbose=0)
    assert message.startswith("ValueError: Invalid input shape for input")
    assert "Expected shape (None, 784), but input has incompatible shape (32,)" in message
    with pytest.raises(ValueError, match="incompatible shape"):
        _model().predict(x[0], verbose=0)


def test_missing_batch_axis_message_after_earlier_predictions(data):
    """Default compile: after predict ran with other shapes, the retraced function reports an unknown rank."""
    x, _ = data
    m = _model()
    m.predict(x[:1], verbose=0)
    with pytest.raises(ValueError) as info:
        m.predict(x[0], verbose=0)
    text = capture.error_text(info.value)
    assert text == "ValueError: Cannot take the length of shape with unknown rank."
    assert "Exception encountered when calling Sequential.call()" in str(info.value)


@pytest.mark.slow
def test_with_steps_per_execution_the_message_stays_clear(data):
    """The page's model (steps_per_execution=50) gives the clear message even after other predictions,
    and the page glues its last sentence."""
    x, _ = data
    m = _model(steps_per_execution=50)
    m.predict(x[:5], verbose=0)
    m.predict(x[:1], verbose=0)
    m.predict(x[:100], verbose=0)
    message = capture.catch_error(m.predict, x[0], verbose=0)
    assert message.split(". ")[-1] == "Expected shape (None, 784), but input has incompatible shape (32,)"


def test_catch_error_is_none_when_predict_works(model, data):
    x, _ = data
    assert capture.catch_error(model.predict, x[:2], verbose=0) is None


# --- Ejercicio 4: verbose ------------------------------------------------------------------


def _printed(func, *args, **kwargs) -> str:
    """What ``func`` printed (the solution of exercise 4 captures with contextlib.redirect_stdout)."""
    screen = io.StringIO()
    with contextlib.redirect_stdout(screen):
        func(*args, **kwargs)
    return screen.getvalue()


def _fit_output(verbose, data, epochs=2):
    x, y = data
    return _printed(_model().fit, x, y, epochs=epochs, batch_size=32, validation_split=0.2, verbose=verbose)


@pytest.mark.slow
def test_verbose_0_prints_nothing(data):
    assert _fit_output(0, data) == ""


@pytest.mark.slow
def test_verbose_1_writes_control_characters_and_renders_clean(data):
    raw = _fit_output(1, data)
    assert raw.count("\b") > 0 and raw.count("\r") > 0
    clean = capture.render_terminal(raw)
    assert "\b" not in clean and "\r" not in clean
    lines = clean.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    assert "3/3" in lines[1] and "val_loss" in lines[1]


@pytest.mark.slow
def test_verbose_2_prints_a_header_and_one_summary_line_per_epoch(data):
    """The page: with verbose=2, fit prints two lines per epoch (header and summary)."""
    out = _fit_output(2, data, epochs=3)
    assert "\b" not in out and "\r" not in out
    assert "\x1b[" not in out  # no ANSI colors either
    lines = out.splitlines()
    assert len(lines) == 2 * 3
    assert lines[0::2] == ["Epoch 1/3", "Epoch 2/3", "Epoch 3/3"]
    assert all(line.startswith("3/3 - ") and "val_loss" in line for line in lines[1::2])


@pytest.mark.slow
def test_default_verbose_is_the_progress_bar(data):
    """fit's default verbose="auto" means 1 here: the bar, with control characters."""
    x, y = data
    out = _printed(_model().fit, x, y, epochs=1)
    assert "\b" in out and "loss" in out


# --- compile and fit: the claims the page makes about their arguments ---------------------------


def test_sparse_and_categorical_crossentropy_are_the_same_loss():
    import keras

    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(10), size=6).astype("float32")
    labels = np.array([0, 3, 9, 1, 1, 5])
    sparse = np.asarray(keras.losses.sparse_categorical_crossentropy(labels, probs))
    one_hot = keras.utils.to_categorical(labels, num_classes=10)
    categ = np.asarray(keras.losses.categorical_crossentropy(one_hot, probs))
    np.testing.assert_allclose(sparse, categ, atol=1e-6)
    np.testing.assert_allclose(sparse, -np.log(probs[np.arange(6), labels]), atol=1e-5)


@pytest.mark.slow
def test_fit_signature_says_none_and_the_default_batch_is_32(data):
    import keras

    assert inspect.signature(keras.Model.fit).parameters["batch_size"].default is None
    x, y = data
    out = _printed(_model().fit, x, y, epochs=1, verbose=2)
    # with a single epoch Keras prints no "Epoch 1/1" header: just the summary line
    assert len(out.splitlines()) == 1
    assert out.startswith("4/4 - ")  # ceil(100 / 32) = 4 updates
    assert math.ceil(55000 / 32) == 1719  # the page's updates per epoch


@pytest.mark.slow
def test_steps_per_execution_gives_the_same_numbers(data):
    x, y = data
    runs = [
        _model(steps_per_execution=spe).fit(x, y, epochs=3, batch_size=16, validation_split=0.2, verbose=0)
        for spe in (1, 50)
    ]
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        np.testing.assert_allclose(runs[0].history[key], runs[1].history[key], rtol=1e-6)


# --- callbacks: EarlyStopping(restore_best_weights=True) and ModelCheckpoint ------------------------


def _noisy_validation(n=200, seed=0):
    """Training data with a learnable rule and validation labels that do not follow it.

    The model fits the training set, so its validation loss bottoms out early and then rises.
    """
    rng = np.random.default_rng(seed)
    x = rng.random((n, 784), dtype=np.float32)
    y = (x[:, :10].argmax(axis=1)).astype("int64")
    x_val = rng.random((n // 2, 784), dtype=np.float32)
    y_val = rng.integers(0, 10, n // 2)
    return x, y, x_val, y_val


@pytest.mark.slow
def test_early_stopping_restores_the_best_epoch_and_the_checkpoint_keeps_it(tmp_path):
    import keras

    x, y, x_val, y_val = _noisy_validation()
    m = _model(steps_per_execution=50, hidden=32)
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    path = tmp_path / "mejor.keras"
    keep = keras.callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True)
    hist = m.fit(x, y, epochs=40, batch_size=16, validation_data=(x_val, y_val), callbacks=[stop, keep], verbose=0)
    val = hist.history["val_loss"]
    best = int(np.argmin(val))
    assert stop.stopped_epoch > 0 and len(val) < 40  # it did stop early
    assert stop.best_epoch == best and len(val) == best + 1 + 2  # patience 2 after the best
    assert m.evaluate(x_val, y_val, verbose=0)[0] == pytest.approx(val[best], abs=1e-6)
    assert m.evaluate(x_val, y_val, verbose=0)[0] != pytest.approx(val[-1], abs=1e-6)
    assert [p.name for p in tmp_path.iterdir()] == ["mejor.keras"]
    loaded = keras.models.load_model(path)
    assert loaded.evaluate(x_val, y_val, verbose=0)[0] == pytest.approx(val[best], abs=1e-6)


@pytest.mark.slow
def test_early_stopping_restores_even_when_it_does_not_stop(data):
    """Keras 3.15 restores the best weights at the end of training, stopped or not."""
    import keras

    x, y, x_val, y_val = _noisy_validation()
    m = _model(hidden=32)
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=100, restore_best_weights=True)
    hist = m.fit(x, y, epochs=12, batch_size=16, validation_data=(x_val, y_val), callbacks=[stop], verbose=0)
    val = hist.history["val_loss"]
    assert stop.stopped_epoch == 0 and len(val) == 12
    best = int(np.argmin(val))
    assert best < 11  # the last epoch was not the best: restoring is visible
    assert m.evaluate(x_val, y_val, verbose=0)[0] == pytest.approx(val[best], abs=1e-6)


@pytest.mark.slow
def test_without_restore_best_weights_the_model_keeps_the_last_epoch():
    import keras

    x, y, x_val, y_val = _noisy_validation()
    m = _model(hidden=32)
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2)  # restore_best_weights=False
    val = m.fit(x, y, epochs=40, batch_size=16, validation_data=(x_val, y_val), callbacks=[stop], verbose=0).history["val_loss"]
    assert int(np.argmin(val)) < len(val) - 1
    assert m.evaluate(x_val, y_val, verbose=0)[0] == pytest.approx(val[-1], abs=1e-6)
