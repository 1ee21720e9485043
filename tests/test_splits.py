"""validation_split takes the LAST fraction, before shuffling (page book/validacion).

The page's claims are checked with plain Keras first; the tests of ``clase102.splits`` (which the
pages no longer use) come after them.
"""

import math

import numpy as np
import pandas as pd
import pytest

from clase102 import models, splits, training


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
    n_val = 100 - math.floor(100 * 0.8)
    assert n_val == 20
    assert frozen.evaluate(x[-n_val:], y[-n_val:], verbose=0)[0] == val_loss  # exactly
    assert abs(frozen.evaluate(x[:n_val], y[:n_val], verbose=0)[0] - val_loss) > 1e-4


def test_page_claim_sorted_labels_give_zero_validation_accuracy_and_both_fixes_work():
    x, y = _separable(n_per_class=20)
    order = np.argsort(y, kind="stable")
    x_ord, y_ord = x[order], y[order]
    cut = int(np.floor(len(y_ord) * (1.0 - 0.2)))
    assert set(np.unique(y_ord[cut:]).tolist()) == {8, 9}  # the tail: "Cartera" and "Botín"
    fit = dict(epochs=8, batch_size=16, verbose=0)
    sorted_run = _plain_model().fit(x_ord, y_ord, validation_split=0.2, **fit).history
    mix = np.random.default_rng(0).permutation(len(y_ord))
    mixed_run = _plain_model().fit(x_ord[mix], y_ord[mix], validation_split=0.2, **fit).history
    x_val, y_val = _separable(n_per_class=5, seed=0)
    explicit_run = _plain_model().fit(x_ord, y_ord, validation_data=(x_val, y_val), **fit).history
    assert sorted_run["val_accuracy"][-1] == 0.0 and sorted_run["accuracy"][-1] > 0.5
    assert mixed_run["val_accuracy"][-1] > 0.5
    assert explicit_run["val_accuracy"][-1] > 0.5


# --- clase102.splits (no longer used by the pages) -----------------------------------------


@pytest.mark.parametrize("n, fraction", [(100, 0.2), (10, 0.3), (7, 0.5), (60000, 0.1), (55, 0.25)])
def test_split_index_uses_keras_formula(n, fraction):
    assert splits.split_index(n, fraction) == int(math.floor(n * (1.0 - fraction)))


def test_split_index_rejects_empty_parts_and_bad_fractions():
    assert splits.split_index(3, 0.1) == 2  # floor(2.7)
    with pytest.raises(ValueError, match="queda vacía"):
        splits.split_index(1, 0.5)  # training part empty
    with pytest.raises(ValueError, match="queda vacía"):
        splits.split_index(10, 1e-17)  # 1 - 1e-17 == 1.0: validation part empty
    with pytest.raises(ValueError):
        splits.split_index(10, 0.0)
    with pytest.raises(ValueError):
        splits.split_index(10, 1.0)
    with pytest.raises(TypeError):
        splits.split_index(10.0, 0.2)


def test_split_like_keras_returns_the_tail_in_order():
    x = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    (x_tr, y_tr), (x_val, y_val) = splits.split_like_keras(x, y, 0.2)
    assert y_tr.tolist() == list(range(8)) and y_val.tolist() == [8, 9]
    assert (x_val == x[8:]).all() and (x_tr == x[:8]).all()
    with pytest.raises(ValueError, match="misma cantidad"):
        splits.split_like_keras(x, y[:-1], 0.2)


def test_first_slice_has_the_validation_size():
    y = np.arange(10)
    x_first, y_first = splits.first_slice(y * 2, y, 0.3)
    assert y_first.tolist() == [0, 1, 2] and x_first.tolist() == [0, 2, 4]


def test_sorted_by_label_is_stable_and_keeps_pairs():
    y = np.array([2, 0, 1, 0, 2])
    x = np.array([10, 11, 12, 13, 14])
    xs, ys = splits.sorted_by_label(x, y)
    assert ys.tolist() == [0, 0, 1, 2, 2] and xs.tolist() == [11, 13, 12, 10, 14]
    with pytest.raises(ValueError, match="vector"):
        splits.sorted_by_label(x, y.reshape(5, 1))


def test_shuffled_is_a_reproducible_paired_permutation():
    x, y = np.arange(50) * 10, np.arange(50)
    a = splits.shuffled(x, y, seed=3)
    b = splits.shuffled(x, y, seed=3)
    assert (a[0] == b[0]).all() and (a[0] == a[1] * 10).all()
    assert sorted(a[1].tolist()) == y.tolist() and a[1].tolist() != y.tolist()


def test_class_count_table():
    table = splits.class_count_table({"A": [0, 0, 9], "B": [9]})
    assert isinstance(table, pd.DataFrame) and table.index.name == "Clase"
    assert table.loc["Remera/top", "A"] == 2 and table.loc["Botín", "B"] == 1
    assert table["A"].sum() == 3 and len(table) == 10
    with pytest.raises(TypeError):
        splits.class_count_table([0, 1])
    with pytest.raises(ValueError, match="fuera de"):
        splits.class_count_table({"A": [10]})


def test_sorted_labels_leave_only_the_last_classes_in_validation():
    _, y = _separable(n_per_class=10)
    _, y_sorted = splits.sorted_by_label(np.zeros(len(y)), y)
    (_, y_tr), (_, y_val) = splits.split_like_keras(np.zeros(len(y)), y_sorted, 0.2)
    assert set(y_val.tolist()) == {8, 9} and set(y_tr.tolist()) == set(range(8))


@pytest.fixture(scope="module")
def small_model():
    training.set_seed(0)
    return models.compile_classifier(models.build_sequential([8]))


def test_keras_validation_split_is_the_last_fraction(small_model):
    """The claim of the page, on the pinned Keras: val_loss == evaluate(last 20 %) exactly."""
    x, y = _separable(n_per_class=10)
    check = splits.check_validation_source(small_model, x, y, fraction=0.2, batch_size=16)
    assert check.weight_change == 0.0  # learning_rate=0: weights frozen during the epoch
    assert check.n_validation == 20
    assert check.val_loss == pytest.approx(check.last_loss, abs=1e-6)
    assert check.val_accuracy == pytest.approx(check.last_accuracy, abs=1e-6)
    assert abs(check.val_loss - check.first_loss) > 1e-3
    assert check.validation_is_last()
    assert list(check.table().columns) == ["Pérdida", "Exactitud"]


def test_check_validation_source_leaves_the_model_untouched(small_model):
    x, y = _separable(n_per_class=5)
    before = [w.copy() for w in small_model.get_weights()]
    optimizer = small_model.optimizer
    splits.check_validation_source(small_model, x, y, fraction=0.2)
    assert small_model.optimizer is optimizer
    assert all((a == b).all() for a, b in zip(before, small_model.get_weights()))


def test_check_validation_source_rejects_bad_input(small_model):
    x, y = _separable(n_per_class=2)
    with pytest.raises(TypeError, match="modelo"):
        splits.check_validation_source(object(), x, y)
    with pytest.raises(ValueError, match="misma cantidad"):
        splits.check_validation_source(small_model, x, y[:-1])
    with pytest.raises(ValueError, match="entre 0 y 1"):
        splits.check_validation_source(small_model, x, y, fraction=1.2)


def test_validation_is_last_needs_a_difference_with_the_first():
    same = splits.ValidationCheck(1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 10, 0.0)
    assert not same.validation_is_last()
    first = splits.ValidationCheck(1.0, 0.5, 1.3, 0.5, 1.0, 0.5, 10, 0.0)
    assert not first.validation_is_last()


def test_sorted_data_gives_zero_validation_accuracy_and_shuffling_fixes_it():
    """Page claim: with sorted labels the model never sees the validation classes."""
    x, y = _separable(n_per_class=20)
    x_sorted, y_sorted = splits.sorted_by_label(x, y)
    results = {}
    for name, (xx, yy) in {
        "sorted": (x_sorted, y_sorted),
        "shuffled": splits.shuffled(x_sorted, y_sorted, seed=0),
    }.items():
        training.set_seed(0)
        model = models.compile_classifier(models.build_sequential([16]))
        history = model.fit(xx, yy, epochs=8, batch_size=16, validation_split=0.2, verbose=0)
        results[name] = history.history
    assert results["sorted"]["val_accuracy"][-1] == 0.0
    assert results["sorted"]["accuracy"][-1] > 0.5
    assert results["shuffled"]["val_accuracy"][-1] > 0.5
