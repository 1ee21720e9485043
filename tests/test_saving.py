"""The claims of book/guardar.md (and the .keras part of book/definiciones.md), in plain Keras."""

import io
import zipfile

import keras
import numpy as np
import pytest

from clase102.capture import capture_warnings

# every claim here trains or saves a Keras model: not a unit test (make test runs them)
pytestmark = pytest.mark.slow


def _small(widths=(16,)):
    model = keras.Sequential([keras.Input((784,))])
    for width in widths:
        model.add(keras.layers.Dense(width, activation="relu"))
    model.add(keras.layers.Dense(10, activation="softmax"))
    return model


def _compiled(model):
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture(scope="module")
def xy():
    rng = np.random.default_rng(1)
    return rng.random((64, 784), dtype=np.float32), np.arange(64) % 10


@pytest.fixture(scope="module")
def trained(xy):
    """A small compiled model after one epoch on synthetic data (optimizer built).

    Shared by the module's tests: none of them trains it further.
    """
    x, y = xy
    keras.utils.set_random_seed(0)
    model = _compiled(_small())
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    return model


@pytest.fixture(scope="module")
def archive(trained, tmp_path_factory):
    path = tmp_path_factory.mktemp("archive") / "m.keras"
    trained.save(path)
    return path


def stored_values(path) -> dict:
    """Numbers stored per owner (a layer or the optimizer) in a .weights.h5 file or a .keras archive."""
    import h5py

    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            path = io.BytesIO(zf.read("model.weights.h5"))
    sizes = {}
    with h5py.File(path, "r") as h5file:
        def visit(name, obj):
            if hasattr(obj, "shape"):  # a dataset: one saved variable
                owner = name.split("/vars/")[0] if "/vars/" in name else name.rsplit("/", 1)[0]
                sizes[owner] = sizes.get(owner, 0) + int(np.prod(obj.shape))

        h5file.visititems(visit)
    return sizes


def test_archive_holds_layer_weights_and_adam_state(trained, archive):
    sizes = stored_values(archive)
    n_params = trained.count_params()
    assert sum(v for k, v in sizes.items() if k != "optimizer") == n_params
    # Adam: two moments per trainable value, plus iteration and learning rate
    assert sizes["optimizer"] == 2 * n_params + 2


# --- weights-only files (the claims of book/guardar.md) -------------------------------


def test_save_weights_requires_the_weights_h5_suffix(trained, tmp_path):
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        trained.save_weights(tmp_path / "pesos.h5")
    trained.save_weights(tmp_path / "pesos.weights.h5")
    assert (tmp_path / "pesos.weights.h5").is_file()


def test_weights_file_has_the_same_variables_but_no_config(trained, archive, tmp_path):
    path = tmp_path / "m.weights.h5"
    trained.save_weights(path)
    assert not zipfile.is_zipfile(path)
    assert stored_values(path) == stored_values(archive)
    with pytest.raises(ValueError, match="No model config found"):
        keras.models.load_model(path)


def test_load_weights_into_a_fresh_model_predicts_the_same(trained, xy, tmp_path):
    x, _ = xy
    path = tmp_path / "m.weights.h5"
    trained.save_weights(path)
    copy = _small()
    copy.load_weights(path)
    assert not copy.compiled
    assert np.array_equal(trained.predict(x, verbose=0), copy.predict(x, verbose=0))


def test_compiled_model_cannot_restore_the_saved_optimizer_state(trained, tmp_path):
    path = tmp_path / "m.weights.h5"
    trained.save_weights(path)

    def compile_then_load():
        other = _compiled(_small())
        other.load_weights(path)
        return other

    other, messages = capture_warnings(compile_then_load)
    assert any(
        m.startswith("UserWarning: Skipping variable loading for optimizer") for m in messages
    )
    assert int(other.optimizer.iterations) == 0 < int(trained.optimizer.iterations)


# --- exercise 5: identical predictions after save + load_model -----------------------


def test_reloaded_model_is_compiled_with_its_optimizer_state(trained, archive, xy):
    x, y = xy
    reloaded = keras.models.load_model(archive)
    assert reloaded.compiled
    assert int(reloaded.optimizer.iterations) == int(trained.optimizer.iterations) > 0
    for a, b in zip(trained.optimizer.variables, reloaded.optimizer.variables):
        assert np.array_equal(a.numpy(), b.numpy())
    assert trained.evaluate(x, y, verbose=0) == reloaded.evaluate(x, y, verbose=0)


def test_roundtrip_predictions_are_exactly_equal(trained, xy, tmp_path):
    x, _ = xy
    trained.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    assert np.array_equal(trained.predict(x, verbose=0), again.predict(x, verbose=0))


# --- the migration error: a folder without extension (book/guardar.md) -----------------


def test_save_without_extension_raises_and_names_both_fixes(trained, tmp_path):
    with pytest.raises(ValueError) as info:
        trained.save(tmp_path / "carpeta")
    message = str(info.value)
    assert message.startswith("Invalid filepath extension for saving.")
    assert "`.keras` extension" in message and "`.h5` extension" in message
    assert "Use `model.export(filepath)` if you want to export a SavedModel" in message
    assert not (tmp_path / "carpeta").exists()


def test_export_writes_a_savedmodel_that_serves_the_same_predictions(trained, xy, tmp_path):
    import tensorflow as tf

    x, _ = xy
    folder = tmp_path / "carpeta"
    trained.export(folder, verbose=False)
    assert {"saved_model.pb", "variables"} <= {p.name for p in folder.iterdir()}
    served = tf.saved_model.load(str(folder))
    assert np.array_equal(served.serve(x[:32]).numpy(), trained.predict(x[:32], verbose=0))
    with pytest.raises(ValueError, match=r"legacy SavedModel format is not supported by `load_model\(\)`"):
        keras.models.load_model(folder)


def test_keras_archive_config_as_the_page_reads_it(archive):
    import json

    with zipfile.ZipFile(archive) as zf:
        assert sorted(zf.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
        config = json.loads(zf.read("config.json"))
        metadata = json.loads(zf.read("metadata.json"))
    assert [c["class_name"] for c in config["config"]["layers"]] == ["InputLayer", "Dense", "Dense"]
    assert config["compile_config"]["optimizer"]["class_name"] == "Adam"
    assert config["compile_config"]["loss"] == "sparse_categorical_crossentropy"
    assert metadata["keras_version"] == keras.__version__
