"""Self-check of exercise 5 (book/guardar.md): right and wrong answers, tiny untrained models."""

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
    assert checks.check_exercise_5(path, model, reloaded, x) is True
    out = capsys.readouterr().out
    assert "ejercicio 5" in out
    assert "un .keras válido" in out
    assert "las 21 probabilidades son idénticas" in out  # 7 samples × 3 classes
    assert "Resultado: ¡bien!" in out


def test_path_as_text_works_too(saved, x, capsys):
    path, model, reloaded = saved
    assert checks.check_exercise_5(str(path), model, reloaded, x) is True


def test_stub_answers_say_todavia_no(x, capsys):
    assert checks.check_exercise_5(None, None, None, x) is False
    out = capsys.readouterr().out
    assert out.count("todavía no:") == 3
    assert "ruta_ej5" in out and "modelo_ej5" in out and "recargado_ej5" in out
    assert "Resultado: todavía no (3 punto(s) por resolver)." in out


def test_missing_file_and_wrong_suffix(tmp_path, x, capsys):
    model = tiny()
    assert checks.check_exercise_5(tmp_path / "nada.keras", model, tiny(), x) is False
    assert "no existe el archivo" in capsys.readouterr().out
    assert checks.check_exercise_5(tmp_path / "m.h5", model, tiny(), x) is False
    assert "no termina en .keras" in capsys.readouterr().out


def test_a_file_that_is_not_a_keras_zip(tmp_path, x, capsys):
    model = tiny()
    fake = tmp_path / "falso.keras"
    fake.write_text("hola")
    assert checks.check_exercise_5(fake, model, tiny(), x) is False
    assert "no es un ZIP" in capsys.readouterr().out
    partial = tmp_path / "parcial.keras"
    with zipfile.ZipFile(partial, "w") as zf:
        zf.writestr("config.json", "{}")
    assert checks.check_exercise_5(partial, model, tiny(), x) is False
    assert "no tiene metadata.json, model.weights.h5" in capsys.readouterr().out


def test_same_object_is_not_a_reload(saved, x, capsys):
    path, model, _ = saved
    assert checks.check_exercise_5(path, model, model, x) is False
    assert "es el mismo objeto" in capsys.readouterr().out


def test_different_weights_are_reported_with_the_difference(saved, x, capsys):
    path, model, _ = saved
    other = tiny(seed=1)  # same architecture, other initial weights
    assert checks.check_exercise_5(path, model, other, x) is False
    out = capsys.readouterr().out
    assert "no son idénticas (mayor diferencia:" in out


def test_file_of_another_model_is_reported(tmp_path, x, capsys):
    model = tiny()
    path = tmp_path / "otro.keras"
    tiny(seed=1).save(path)  # saved a different model
    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())  # identical predictions, but not from the file
    assert checks.check_exercise_5(path, model, clone, x) is False
    assert "el archivo no guarda este modelo" in capsys.readouterr().out


def test_wrong_types_and_missing_data_never_raise(saved, capsys):
    path, model, reloaded = saved
    assert checks.check_exercise_5(42, "modelo", reloaded, None) is False
    out = capsys.readouterr().out
    assert "debe ser una ruta" in out and "no es un modelo de Keras (es un str)" in out
    assert checks.check_exercise_5(path, model, reloaded, None) is False
    assert "pasá los datos" in capsys.readouterr().out
    # data of the wrong shape: the decorator turns Keras' error into «todavía no»
    assert checks.check_exercise_5(path, model, reloaded, np.zeros((2, 9), "float32")) is False
    assert "no pude revisar tu respuesta" in capsys.readouterr().out


def test_each_right_line_and_the_stub_hint_are_spelled_out(saved, x, capsys):
    path, model, reloaded = saved
    assert checks.check_exercise_5(path, model, reloaded, x) is True
    lines = capsys.readouterr().out.splitlines()
    for right in ("la ruta termina en .keras (m.keras).", "el archivo existe.",
                  "es un ZIP con config.json, metadata.json y model.weights.h5: un .keras válido."):
        assert f"  {checks.OK} {right}" in lines
    assert checks.check_exercise_5(None, model, reloaded, x) is False
    assert ('todavía no: guardá la ruta del archivo en «ruta_ej5» (por ejemplo "m.keras").'
            in capsys.readouterr().out)
    assert checks.check_exercise_5(123, model, reloaded, x) is False
    assert "«ruta_ej5» debe ser una ruta (texto o Path); es un int." in capsys.readouterr().out


@pytest.mark.parametrize("name, why", [("m.h5", "no termina en .keras"), ("nada.keras", "no existe el archivo")])
def test_a_bad_file_is_one_point_and_is_not_loaded_afterwards(tmp_path, x, capsys, name, why):
    """Right models and data: only the file fails, and the check does not go on to load it."""
    model = tiny()
    assert checks.check_exercise_5(tmp_path / name, model, tiny(), x) is False
    out = capsys.readouterr().out
    assert why in out and "no pude revisar" not in out
    assert "Resultado: todavía no (1 punto(s) por resolver)." in out


# --- the whole report, line by line -------------------------------------------------------

HEAD = "Autoevaluación del ejercicio 5: guardar y recargar"
KERAS_FILE_OK = ["  ✔ la ruta termina en .keras ({}).", "  ✔ el archivo existe.",
                 "  ✔ es un ZIP con config.json, metadata.json y model.weights.h5: un .keras válido."]
OTHER_OBJECT = "  ✔ «recargado_ej5» es otro objeto, el que devolvió load_model."
IDENTICAL_6 = "  ✔ las 6 probabilidades son idénticas (np.array_equal), bit a bit."   # 2 samples × 3 classes
SAME_FILE = "  ✔ el archivo guarda este modelo: cargado de nuevo, predice lo mismo."
ONE_POINT = "Resultado: todavía no (1 punto(s) por resolver)."


def fixed(bias):
    """Dense(3) + softmax with a zero kernel: every sample's prediction is softmax(bias)."""
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.set_weights([np.zeros((4, 3), "float32"), np.array(bias, "float32")])
    return model


def _file_ok(name):
    return [KERAS_FILE_OK[0].format(name), *KERAS_FILE_OK[1:]]


X2 = np.ones((2, 4), "float32")


def test_whole_report_right_and_with_other_weights(tmp_path, capsys):
    model = fixed([0, 0, 0])   # predicts (1/3, 1/3, 1/3)
    model.save(tmp_path / "m.keras")
    assert checks.check_exercise_5(tmp_path / "m.keras", model, keras.models.load_model(tmp_path / "m.keras"),
                                   X2) is True
    assert capsys.readouterr().out.splitlines() == [
        HEAD, *_file_ok("m.keras"), OTHER_OBJECT, IDENTICAL_6, SAME_FILE,
        "Resultado: ¡bien! Todo lo que revisa esta autoevaluación está correcto."]
    # softmax(ln 2, 0, 0) = (2/4, 1/4, 1/4): the largest difference is 1/2 - 1/3 = 0,1667
    assert checks.check_exercise_5(tmp_path / "m.keras", model, fixed([np.log(2), 0, 0]), X2) is False
    assert capsys.readouterr().out.splitlines() == [
        HEAD, *_file_ok("m.keras"), OTHER_OBJECT,
        "  ✘ las predicciones no son idénticas (mayor diferencia: 0.167): ¿recargaste el archivo que guardaste "
        "de ESTE modelo, después de entrenarlo?",
        SAME_FILE, ONE_POINT]


def test_whole_report_predictions_of_another_shape(tmp_path, capsys):
    model = fixed([0, 0, 0])
    model.save(tmp_path / "m.keras")
    two = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    assert checks.check_exercise_5(tmp_path / "m.keras", model, two, X2) is False
    assert capsys.readouterr().out.splitlines() == [
        HEAD, *_file_ok("m.keras"), OTHER_OBJECT,
        "  ✘ las predicciones tienen formas distintas: (2, 3) y (2, 2).", ONE_POINT]


def test_whole_report_file_of_another_model(tmp_path, capsys):
    fixed([np.log(2), 0, 0]).save(tmp_path / "o.keras")
    assert checks.check_exercise_5(tmp_path / "o.keras", fixed([0, 0, 0]), fixed([0, 0, 0]), X2) is False
    assert capsys.readouterr().out.splitlines() == [
        HEAD, *_file_ok("o.keras"), OTHER_OBJECT, IDENTICAL_6,
        "  ✘ el archivo no guarda este modelo: sus predicciones son otras. Guardalo con "
        "modelo_ej5.save(ruta_ej5) después de entrenar.",
        ONE_POINT]


def test_whole_report_bad_files_are_not_loaded(tmp_path, capsys):
    model, other = fixed([0, 0, 0]), fixed([0, 0, 0])
    (tmp_path / "f.keras").write_text("hola")
    assert checks.check_exercise_5(tmp_path / "f.keras", model, other, X2) is False
    assert capsys.readouterr().out.splitlines() == [
        HEAD, *_file_ok("f.keras")[:2], "  ✘ f.keras no es un ZIP, así que no es un .keras válido.",
        OTHER_OBJECT, IDENTICAL_6, ONE_POINT]
    with zipfile.ZipFile(tmp_path / "p.keras", "w") as zf:
        zf.writestr("config.json", "{}")
        zf.writestr("model.weights.h5", "")
    assert checks.check_exercise_5(str(tmp_path / "p.keras"), model, other, X2) is False
    assert capsys.readouterr().out.splitlines() == [
        HEAD, *_file_ok("p.keras")[:2], "  ✘ el ZIP no tiene metadata.json: no lo escribió model.save.",
        OTHER_OBJECT, IDENTICAL_6, ONE_POINT]
    assert checks.check_exercise_5(tmp_path / "m.h5", model, other, X2) is False
    assert capsys.readouterr().out.splitlines() == [
        HEAD, "  ✘ la ruta 'm.h5' no termina en .keras: usá model.save(\"m.keras\").",
        OTHER_OBJECT, IDENTICAL_6, ONE_POINT]


def test_whole_report_missing_file_same_object_and_no_data(tmp_path, capsys):
    model = fixed([0, 0, 0])
    assert checks.check_exercise_5(tmp_path / "nada.keras", model, model, X2) is False
    assert capsys.readouterr().out.splitlines() == [
        HEAD, "  ✔ la ruta termina en .keras (nada.keras).",
        f"  ✘ no existe el archivo {tmp_path / 'nada.keras'}: ¿llamaste a model.save(ruta_ej5)?",
        "  ✘ «recargado_ej5» es el mismo objeto que «modelo_ej5»: así las predicciones coinciden siempre. "
        "Recargalo con keras.models.load_model(ruta_ej5).",
        "Resultado: todavía no (2 punto(s) por resolver)."]
    assert checks.check_exercise_5(tmp_path / "m.h5", model, fixed([0, 0, 0])) is False
    assert capsys.readouterr().out.splitlines() == [
        HEAD, "  ✘ la ruta 'm.h5' no termina en .keras: usá model.save(\"m.keras\").", OTHER_OBJECT,
        "  ✘ todavía no: pasá los datos con los que comparar las predicciones (por ejemplo x_test).",
        "Resultado: todavía no (2 punto(s) por resolver)."]


@pytest.mark.parametrize("model, reloaded, lines", [
    (None, None, ["  ✘ todavía no: falta «modelo_ej5» (el modelo que entrenaste).",
                  "  ✘ todavía no: falta «recargado_ej5» (lo que devuelve keras.models.load_model(ruta_ej5))."]),
    ("modelo", 3.5, ["  ✘ «modelo_ej5» no es un modelo de Keras (es un str).",
                     "  ✘ «recargado_ej5» no es un modelo de Keras (es un float)."]),
    (None, "right", ["  ✘ todavía no: falta «modelo_ej5» (el modelo que entrenaste)."]),
    ("right", None, ["  ✘ todavía no: falta «recargado_ej5» (lo que devuelve keras.models.load_model(ruta_ej5))."]),
    ("modelo", "right", ["  ✘ «modelo_ej5» no es un modelo de Keras (es un str)."]),
    ("right", [1], ["  ✘ «recargado_ej5» no es un modelo de Keras (es un list)."]),
])
def test_whole_report_stops_at_a_missing_model(capsys, model, reloaded, lines):
    """One missing or wrong model is enough to stop: the other, right one is not compared."""
    right = fixed([0, 0, 0])
    model, reloaded = (right if v == "right" else v for v in (model, reloaded))
    assert checks.check_exercise_5(42, model, reloaded, X2) is False
    assert capsys.readouterr().out.splitlines() == [
        HEAD, "  ✘ «ruta_ej5» debe ser una ruta (texto o Path); es un int.", *lines,
        f"Resultado: todavía no ({len(lines) + 1} punto(s) por resolver)."]


class _NoPredictions(keras.Model):
    """A Keras model whose predict returns no rows at all (Keras' own predict cannot: it raises)."""

    def call(self, x):
        return x

    def predict(self, x, verbose="auto"):
        return np.zeros((0, 3), "float32")


def test_no_predictions_are_identical_and_nothing_is_measured(capsys):
    assert checks.check_exercise_5(None, _NoPredictions(), _NoPredictions(), np.zeros((0, 4), "float32")) is False
    assert capsys.readouterr().out.splitlines() == [
        HEAD, '  ✘ todavía no: guardá la ruta del archivo en «ruta_ej5» (por ejemplo "m.keras").', OTHER_OBJECT,
        "  ✔ las 0 probabilidades son idénticas (np.array_equal), bit a bit.", ONE_POINT]
