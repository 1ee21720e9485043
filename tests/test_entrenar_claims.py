"""Claims of the page book/entrenar (exercises 4 and 5) on the pinned Keras, plus batching helpers."""

import numpy as np
import pytest

from clase102 import batching, console, models, training


@pytest.fixture
def data(tiny_xy):
    """The shared 100 synthetic 784-feature samples (tests/conftest.py)."""
    return tiny_xy


def _fresh_model():
    training.set_seed(0)
    return models.compile_classifier(models.build_sequential([8]))


@pytest.fixture(scope="module")
def model():
    return _fresh_model()


# --- Ejercicio 4: batch vs one sample -------------------------------------------------


def test_predict_shapes_one_and_hundred(model, data):
    x, _ = data
    assert model.predict(x[:1], verbose=0).shape == (1, 10)
    assert model.predict(x[:100], verbose=0).shape == (100, 10)


def test_the_three_fixes_give_the_same_prediction(model, data):
    x, _ = data
    sample = x[0]
    outs = [
        model.predict(x[:1], verbose=0),
        model.predict(sample[None], verbose=0),
        model.predict(np.expand_dims(sample, 0), verbose=0),
        model.predict(batching.ensure_batch(sample), verbose=0),
    ]
    assert all(o.shape == (1, 10) for o in outs)
    assert all(np.array_equal(outs[0], o) for o in outs[1:])


def test_missing_batch_axis_raises_on_a_fresh_model(data):
    """A bare 784-vector is read as 784 samples and cut in batches of 32 scalars."""
    x, _ = data
    message = batching.predict_error(_fresh_model(), x[0])
    assert message.startswith("ValueError: Invalid input shape for input")
    assert "Expected shape (None, 784), but input has incompatible shape (32,)" in message
    with pytest.raises(ValueError, match="incompatible shape"):
        _fresh_model().predict(x[0], verbose=0)


def test_missing_batch_axis_message_after_earlier_predictions(data):
    """After predict ran with other shapes, the retraced function reports an unknown rank."""
    x, _ = data
    m = _fresh_model()
    m.predict(x[:1], verbose=0)
    with pytest.raises(ValueError) as info:
        m.predict(x[0], verbose=0)
    text = batching.error_text(info.value)
    assert text == "ValueError: Cannot take the length of shape with unknown rank."
    assert "Exception encountered when calling Sequential.call()" in str(info.value)


def test_ensure_batch():
    v = np.zeros(784, dtype=np.float32)
    assert batching.ensure_batch(v).shape == (1, 784)
    b = np.zeros((3, 784))
    assert batching.ensure_batch(b) is b
    assert batching.ensure_batch([1.0, 2.0], n_features=2).shape == (1, 2)
    with pytest.raises(ValueError, match="sin aplanar"):
        batching.ensure_batch(np.zeros((28, 28)))
    with pytest.raises(ValueError, match="lote de 5 muestras sin aplanar"):
        batching.ensure_batch(np.zeros((5, 28, 28)))
    with pytest.raises(ValueError, match="recibí forma \\(10,\\)"):
        batching.ensure_batch(np.zeros(10))
    with pytest.raises(TypeError):
        batching.ensure_batch(np.array(["a"] * 784))
    with pytest.raises(ValueError):
        batching.ensure_batch(v, n_features=0)


def test_error_text_cleans_keras_messages():
    exc = ValueError(
        "Exception encountered when calling Sequential.call().\n\n\x1b[1mInvalid input "
        "shape for input [" + "0.1 " * 60 + "] with name 'x'.\x1b[0m\n\n"
        "Arguments received by Sequential.call():\n  • inputs=…"
    )
    assert batching.error_text(exc) == "ValueError: Invalid input shape for input […] with name 'x'."
    assert batching.error_text(KeyError("k")) == "KeyError: 'k'"
    with pytest.raises(TypeError):
        batching.error_text("no es una excepción")


def test_predict_error_is_none_when_predict_works(model, data):
    x, _ = data
    assert batching.predict_error(model, x[:2]) is None


# --- Ejercicio 5: verbose ------------------------------------------------------------------


def _fit_output(verbose, data, epochs=2):
    x, y = data
    m = _fresh_model()
    _, out = console.capture_output(
        m.fit, x, y, epochs=epochs, batch_size=32, validation_split=0.2, verbose=verbose
    )
    return out


def test_verbose_0_prints_nothing(data):
    assert _fit_output(0, data) == ""


def test_verbose_1_writes_control_characters_and_renders_clean(data):
    raw = _fit_output(1, data)
    counts = console.control_characters(raw)
    assert counts["\\b"] > 0 and counts["\\r"] > 0
    clean = console.render_terminal(raw)
    assert "\b" not in clean and "\r" not in clean
    lines = clean.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    assert "3/3" in lines[1] and "val_loss" in lines[1]


def test_verbose_2_prints_a_header_and_one_summary_line_per_epoch(data):
    out = _fit_output(2, data, epochs=3)
    assert console.control_characters(out) == {"\\b": 0, "\\r": 0}
    assert "\x1b[" not in out  # no ANSI colors either
    lines = out.splitlines()
    assert len(lines) == 2 * 3
    assert lines[0::2] == ["Epoch 1/3", "Epoch 2/3", "Epoch 3/3"]
    assert all(line.startswith("3/3 - ") and "val_loss" in line for line in lines[1::2])


def test_default_verbose_is_the_progress_bar(data):
    """fit's default verbose="auto" means 1 here: the bar, with control characters."""
    x, y = data
    _, out = console.capture_output(_fresh_model().fit, x, y, epochs=1)
    assert console.control_characters(out)["\\b"] > 0


# --- compile: the claims the page makes about its arguments ---------------------------------


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


def test_adam_default_learning_rate():
    import keras

    assert float(keras.optimizers.Adam().learning_rate) == pytest.approx(0.001)


def test_fit_default_batch_size_is_32(data):
    x, y = data
    _, out = console.capture_output(_fresh_model().fit, x, y, epochs=1, verbose=2)
    # with a single epoch Keras prints no "Epoch 1/1" header: just the summary line
    assert len(out.splitlines()) == 1
    assert out.startswith("4/4 - ")  # ceil(100 / 32) = 4 updates
    assert training.updates_per_epoch(55000, 32) == 1719  # the page's count per epoch
