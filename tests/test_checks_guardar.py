"""Self-check of exercise 3 (book/guardar.md): right and wrong answers, tiny untrained models."""

import zipfile

import keras
import numpy as np
import pytest

from clase102 import checks


def tiny(seed=0):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])


@pytest.fixture
def x():
    return np.random.default_rng(0).random((7, 4), dtype=np.float32)


@pytest.fixture
def saved(tmp_path):
    model = tiny()
    path = tmp_path / "m.keras"
    model.save(path)
    return path, model, keras.models.load_model(path)


def test_right_answer_passes(saved, x, capsys):
    path, model, reloaded = saved
    assert checks.check_exercise_3(path, model, reloaded, x) is True
    out = capsys.readouterr().out
    assert "ejercicio 3" in out
    assert "un .keras válido" in out
    assert "las 21 probabilidades son idénticas" in out  # 7 samples × 3 classes
    assert "Resultado: ¡bien!" in out


def test_path_as_text_works_too(saved, x, capsys):
    path, model, reloaded = saved
    assert checks.check_exercise_3(str(path), model, reloaded, x) is True


def test_stub_answers_say_todavia_no(x, capsys):
    assert checks.check_exercise_3(None, None, None, x) is False
    out = capsys.readouterr().out
    assert out.count("todavía no:") == 3
    assert "ruta_ej3" in out and "modelo_ej3" in out and "recargado_ej3" in out
    assert "Resultado: todavía no (3 punto(s) por resolver)." in out


def test_missing_file_and_wrong_suffix(tmp_path, x, capsys):
    model = tiny()
    assert checks.check_exercise_3(tmp_path / "nada.keras", model, tiny(), x) is False
    assert "no existe el archivo" in capsys.readouterr().out
    assert checks.check_exercise_3(tmp_path / "m.h5", model, tiny(), x) is False
    assert "no termina en .keras" in capsys.readouterr().out


def test_a_file_that_is_not_a_keras_zip(tmp_path, x, capsys):
    model = tiny()
    fake = tmp_path / "falso.keras"
    fake.write_text("hola")
    assert checks.check_exercise_3(fake, model, tiny(), x) is False
    assert "no es un ZIP" in capsys.readouterr().out
    partial = tmp_path / "parcial.keras"
    with zipfile.ZipFile(partial, "w") as zf:
        zf.writestr("config.json", "{}")
    assert checks.check_exercise_3(partial, model, tiny(), x) is False
    assert "no tiene metadata.json, model.weights.h5" in capsys.readouterr().out


def test_same_object_is_not_a_reload(saved, x, capsys):
    path, model, _ = saved
    assert checks.check_exercise_3(path, model, model, x) is False
    assert "es el mismo objeto" in capsys.readouterr().out


def test_different_weights_are_reported_with_the_difference(saved, x, capsys):
    path, model, _ = saved
    other = tiny(seed=1)  # same architecture, other initial weights
    assert checks.check_exercise_3(path, model, other, x) is False
    out = capsys.readouterr().out
    assert "no son idénticas (mayor diferencia:" in out


def test_file_of_another_model_is_reported(tmp_path, x, capsys):
    model = tiny()
    path = tmp_path / "otro.keras"
    tiny(seed=1).save(path)  # saved a different model
    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())  # identical predictions, but not from the file
    assert checks.check_exercise_3(path, model, clone, x) is False
    assert "el archivo no guarda este modelo" in capsys.readouterr().out


def test_wrong_types_and_missing_data_never_raise(saved, capsys):
    path, model, reloaded = saved
    assert checks.check_exercise_3(42, "modelo", reloaded, None) is False
    out = capsys.readouterr().out
    assert "debe ser una ruta" in out and "no es un modelo de Keras (es un str)" in out
    assert checks.check_exercise_3(path, model, reloaded, None) is False
    assert "pasá los datos" in capsys.readouterr().out
    # data of the wrong shape: the decorator turns Keras' error into «todavía no»
    assert checks.check_exercise_3(path, model, reloaded, np.zeros((2, 9), "float32")) is False
    assert "no pude revisar tu respuesta" in capsys.readouterr().out


def test_each_right_line_and_the_stub_hint_are_spelled_out(saved, x, capsys):
    path, model, reloaded = saved
    assert checks.check_exercise_3(path, model, reloaded, x) is True
    lines = capsys.readouterr().out.splitlines()
    for right in ("la ruta termina en .keras (m.keras).", "el archivo existe.",
                  "es un ZIP con config.json, metadata.json y model.weights.h5: un .keras válido."):
        assert f"  {checks.OK} {right}" in lines
    assert checks.check_exercise_3(None, model, reloaded, x) is False
    assert ('todavía no: guardá la ruta del archivo en «ruta_ej3» (por ejemplo "m.keras").'
            in capsys.readouterr().out)
    assert checks.check_exercise_3(123, model, reloaded, x) is False
    assert "«ruta_ej3» debe ser una ruta (texto o Path); es un int." in capsys.readouterr().out


@pytest.mark.parametrize("name, why", [("m.h5", "no termina en .keras"), ("nada.keras", "no existe el archivo")])
def test_a_bad_file_is_one_point_and_is_not_loaded_afterwards(tmp_path, x, capsys, name, why):
    """Right models and data: only the file fails, and the check does not go on to load it."""
    model = tiny()
    assert checks.check_exercise_3(tmp_path / name, model, tiny(), x) is False
    out = capsys.readouterr().out
    assert why in out and "no pude revisar" not in out
    assert "Resultado: todavía no (1 punto(s) por resolver)." in out
