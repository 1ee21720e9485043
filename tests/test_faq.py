"""The FAQ's checkable claims (book/faq.md), on the pinned Keras, in plain Keras."""


import keras
import numpy as np
import pytest


def set_seed(seed):
    keras.utils.set_random_seed(seed)


def mlp(widths, n_inputs=784, n_classes=10, functional=False):
    """The pages' MLP: Input → Dense(relu) per width → Dense(softmax), Sequential or Functional."""
    if not functional:
        return keras.Sequential(
            [keras.Input((n_inputs,))]
            + [keras.layers.Dense(w, activation="relu") for w in widths]
            + [keras.layers.Dense(n_classes, activation="softmax")]
        )
    x = inputs = keras.Input((n_inputs,))
    for w in widths:
        x = keras.layers.Dense(w, activation="relu")(x)
    return keras.Model(inputs, keras.layers.Dense(n_classes, activation="softmax")(x))


def signature(model):
    """(layer type, output shape, parameters) of every layer."""
    return [(type(l).__name__, tuple(l.output.shape), l.count_params()) for l in model.layers]


def skip_model(n_inputs=8, width=6, n_classes=3):
    """The FAQ's skip connection: Input → Dense → Dense → Add(h1, h2) → Dense."""
    inputs = keras.Input((n_inputs,))
    h1 = keras.layers.Dense(width, activation="relu")(inputs)
    h2 = keras.layers.Dense(width, activation="relu")(h1)
    added = keras.layers.Add()([h1, h2])
    outputs = keras.layers.Dense(n_classes, activation="softmax")(added)
    return keras.Model(inputs, outputs)


# --- "¿Es más lento Sequential que Functional?" ------------------------------------------


def test_sequential_and_functional_are_the_same_model():
    set_seed(0)
    seq = mlp([16, 8], n_inputs=12, n_classes=4)
    fun = mlp([16, 8], n_inputs=12, n_classes=4, functional=True)
    assert seq.count_params() == fun.count_params()
    assert signature(seq) == signature(fun)[1:]  # the Functional model lists its InputLayer
    assert signature(seq) == [
        ("Dense", (None, 16), 12 * 16 + 16),
        ("Dense", (None, 8), 16 * 8 + 8),
        ("Dense", (None, 4), 8 * 4 + 4),
    ]
    fun.set_weights(seq.get_weights())
    x = np.random.default_rng(0).random((50, 12), dtype=np.float32)
    assert np.array_equal(seq.predict(x, verbose=0), fun.predict(x, verbose=0))  # bit for bit
    assert type(seq._functional).__name__ == "Functional"  # the internal detail the page shows


def test_page_models_have_the_stated_parameter_count():
    assert mlp([128, 64]).count_params() == 109_386
    assert mlp([128, 64], functional=True).count_params() == 109_386


# --- "¿Por qué Input separado y no input_shape=?" (and exercise 2 of book/construir) -----


def test_input_shape_warns_and_builds_the_same_architecture():
    from clase102.capture import capture_warnings

    dense = keras.layers.Dense
    with_input, quiet = capture_warnings(lambda: keras.Sequential([keras.Input((784,)), dense(128), dense(10)]))
    with_arg, messages = capture_warnings(lambda: keras.Sequential([dense(128, input_shape=(784,)), dense(10)]))
    assert signature(with_input) == signature(with_arg)
    assert quiet == []
    assert any(m.startswith("UserWarning: Do not pass an `input_shape`") for m in messages)
    with pytest.warns(UserWarning, match="input_shape"):  # seen above; kept out of pytest's summary
        old = keras.Sequential([dense(128, input_shape=(784,)), dense(64), dense(10)])
    assert old.count_params() == 109_386


# --- "¿Cuándo Sequential no alcanza?" -----------------------------------------------------


def test_skip_connection_merges_two_layers():
    model = skip_model()
    (add,) = [layer for layer in model.layers if isinstance(layer, keras.layers.Add)]
    assert len(add.input) == 2  # Add receives h1 and h2


def test_sequential_cannot_express_the_skip_connection():
    with pytest.raises(ValueError, match="A merge layer should be called on a list of inputs"):
        keras.Sequential(
            [keras.Input((8,)), keras.layers.Dense(6), keras.layers.Dense(6), keras.layers.Add()]
        )


# --- "¿Cómo entrenar más rápido en CPU?" (steps_per_execution) ---------------------------


class CountBatches(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.calls = 0

    def on_train_batch_end(self, batch, logs=None):
        self.calls += 1


def _tiny(**compile_kwargs):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  **compile_kwargs)
    return model


@pytest.mark.slow
def test_steps_per_execution_same_numbers_fewer_batch_callbacks():
    rng = np.random.default_rng(0)
    x, y = rng.random((250, 8), dtype=np.float32), np.arange(250) % 3  # 125 steps of 2
    results = {}
    for spe in (1, 50):
        counter = CountBatches()
        history = _tiny(steps_per_execution=spe).fit(
            x, y, epochs=2, batch_size=2, validation_data=(x[:20], y[:20]), verbose=0, callbacks=[counter]
        )
        results[spe] = (history.history, counter.calls)
    assert results[1][0] == results[50][0]  # identical losses and accuracies, bit for bit
    assert results[1][1] == 2 * 125  # once per step
    assert results[50][1] == 2 * 3  # once per block of 50 steps: ceil(125 / 50) = 3 per epoch
