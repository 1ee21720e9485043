"""saving.py and the claims of book/guardar.md (and the .keras part of book/definiciones.md)."""

import zipfile

import keras
import numpy as np
import pytest

from clase102 import saving
from clase102.console import capture_warnings


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


# --- the .keras archive -------------------------------------------------------------


def test_keras_file_is_a_zip_with_the_three_members(archive):
    assert zipfile.is_zipfile(archive)
    table = saving.keras_archive_members(archive)
    assert list(table.columns) == ["Archivo", "Tamaño (bytes)"]
    assert set(table["Archivo"]) == set(saving.ARCHIVE_MEMBERS)
    assert (table["Tamaño (bytes)"] > 0).all()


def test_missing_file_is_a_spanish_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="No existe el archivo"):
        saving.keras_archive_members(tmp_path / "nada.keras")


def test_not_a_zip_is_rejected(tmp_path):
    path = tmp_path / "falso.keras"
    path.write_text("hola")
    with pytest.raises(saving.KerasArchiveError, match="no es un archivo ZIP"):
        saving.keras_archive_members(path)


def test_path_must_be_a_path():
    with pytest.raises(TypeError, match="Se esperaba una ruta"):
        saving.keras_archive_members(42)


def test_zip_without_config_names_what_it_has(tmp_path):
    path = tmp_path / "otro.keras"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("metadata.json", "{}")
    with pytest.raises(saving.KerasArchiveError, match="no contiene «config.json».*metadata.json"):
        saving.config_summary(path)


def test_config_summary_lists_the_layers(archive):
    table = saving.config_summary(archive)
    assert list(table["Clase"]) == ["InputLayer", "Dense", "Dense"]
    assert list(table["Unidades"]) == [saving.MISSING, 16, 10]
    assert list(table["Activación"]) == [saving.MISSING, "relu", "softmax"]
    assert table["Forma de entrada"].iloc[0] == (None, 784)


def test_config_summary_rejects_a_config_without_layers(tmp_path):
    path = tmp_path / "raro.keras"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("config.json", '{"class_name": "Functional", "config": {}}')
    with pytest.raises(saving.KerasArchiveError, match="lista de capas"):
        saving.config_summary(path)


def test_metadata_records_the_keras_version(archive):
    assert saving.read_metadata(archive)["keras_version"] == keras.__version__


def test_compile_summary(archive, tmp_path):
    assert saving.compile_summary(archive) == {
        "optimizer": "Adam",
        "learning_rate": 0.001,
        "loss": "sparse_categorical_crossentropy",
        "metrics": ["accuracy"],
    }
    uncompiled = tmp_path / "sin_compilar.keras"
    _small().save(uncompiled)
    assert saving.compile_summary(uncompiled) == {}


def test_archive_holds_layer_weights_and_adam_state(trained, archive):
    table = saving.weights_summary(archive).set_index("Grupo")
    n_params = trained.count_params()
    assert int(table.drop(index="optimizer")["Valores"].sum()) == n_params
    # Adam: two moments per trainable value, plus iteration and learning rate
    assert int(table.loc["optimizer", "Valores"]) == 2 * n_params + 2


# --- weights-only files (the claims of book/guardar.md) -------------------------------


def test_save_weights_requires_the_weights_h5_suffix(trained, tmp_path):
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        trained.save_weights(tmp_path / "pesos.h5")
    trained.save_weights(tmp_path / f"pesos{saving.WEIGHTS_SUFFIX}")
    assert (tmp_path / "pesos.weights.h5").is_file()


def test_weights_file_has_the_same_variables_but_no_config(trained, archive, tmp_path):
    path = tmp_path / "m.weights.h5"
    trained.save_weights(path)
    assert not zipfile.is_zipfile(path)
    assert saving.weights_summary(path).equals(saving.weights_summary(archive))
    with pytest.raises(ValueError, match="No model config found"):
        keras.models.load_model(path)


def test_weights_summary_rejects_other_files(tmp_path):
    path = tmp_path / "texto.weights.h5"
    path.write_text("no soy HDF5")
    with pytest.raises(saving.KerasArchiveError, match="ni un archivo .keras"):
        saving.weights_summary(path)


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


# --- exercise 3: identical predictions after save + load_model -----------------------


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
    before, after, diff = saving.roundtrip_predictions(trained, x, tmp_path)
    assert before.shape == (len(x), 10)
    assert np.array_equal(before, after)
    assert diff == 0.0
    assert (tmp_path / "m.keras").is_file()


def test_roundtrip_checks_its_inputs(trained, xy, tmp_path):
    x, _ = xy
    with pytest.raises(TypeError, match="modelo de Keras"):
        saving.roundtrip_predictions("modelo", x, tmp_path)
    with pytest.raises(ValueError, match="terminar en .keras"):
        saving.roundtrip_predictions(trained, x, tmp_path, filename="m.h5")
    with pytest.raises(FileNotFoundError, match="no existe"):
        saving.roundtrip_predictions(trained, x, tmp_path / "no_hay")


def test_max_abs_difference():
    a = np.array([[0.1, 0.9], [0.5, 0.5]], dtype=np.float32)
    b = a.copy()
    assert saving.max_abs_difference(a, b) == 0.0
    b[1, 0] += 0.25
    assert saving.max_abs_difference(a, b) == pytest.approx(0.25)
    assert saving.max_abs_difference(np.zeros((0, 2)), np.zeros((0, 2))) == 0.0
    with pytest.raises(ValueError, match="formas no coinciden"):
        saving.max_abs_difference(a, a[:1])


def _glued(page: str) -> dict:
    """Values a built page glued (myst-nb stores the repr of each string)."""
    import ast
    import json

    from conftest import BUILD

    raw = json.loads((BUILD / "jupyter_execute" / f"{page}.glue.json").read_text())
    return {k: ast.literal_eval(v["data"]["text/plain"]) for k, v in raw.items()}


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


# --- the built page (book/guardar.md) --------------------------------------------------


@pytest.mark.book
def test_guardar_page_glues_its_numbers():
    values = _glued("book/guardar")
    assert values["gu_n_valid"] == "50.000"  # 5.000 validation images × 10 classes
    assert values["gu_ex3_n"] == "100.000"  # 10.000 test images × 10 classes
    assert values["gu_pasos"] == "157"  # one epoch over 5.000 images in batches of 32
    assert values["gu_ex3_val_acc"].endswith(" %")
