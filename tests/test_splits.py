"""validation_split takes the LAST fraction, before shuffling (page book/validacion), in plain Keras."""


import numpy as np
import pytest

# both claims train Keras models: not unit tests (make test runs them)
pytestmark = pytest.mark.slow


def _plain_model(optimizer="adam", hidden=16):
    """The page's nuevo_modelo(), small: plain Keras, seeded."""
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _separable(n_per_class=30, n_classes=10, n_features=784, seed=0):
    """Labels in order 0,1,…,9,0,1,… and features that make each class easy to learn."""
    rng = np.random.default_rng(seed)
    y = np.tile(np.arange(n_classes), n_per_class)
    centers = rng.random((n_classes, n_features), dtype=np.float32)
    x = centers[y] + 0.1 * rng.standard_normal((len(y), n_features)).astype("float32")
    return x.astype("float32"), y


# --- The page's claims, in plain Keras ------------------------------------------------------


def test_page_claim_frozen_fit_validates_on_the_tail_exactly():
    """SGD(learning_rate=0): weights do not move; val_loss equals evaluate on the LAST 20 %, not the first."""
    import keras

    x, y = _separable(n_per_class=10)  # 100 samples, labels 0..9 repeating
    frozen = _plain_model(optimizer=keras.optimizers.SGD(learning_rate=0.0))
    before = frozen.get_weights()
    val_loss = frozen.fit(x, y, epochs=1, validation_split=0.2, verbose=0).history["val_loss"][0]
    assert all(np.array_equal(a, b) for a, b in zip(before, frozen.get_weights()))
    n_val = 20  # by hand: 100 samples, validation_split=0.2 -> the last 20
    assert frozen.evaluate(x[-n_val:], y[-n_val:], verbose=0)[0] == val_loss  # exactly
    assert abs(frozen.evaluate(x[:n_val], y[:n_val], verbose=0)[0] - val_loss) > 1e-4
