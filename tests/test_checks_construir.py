"""Self-checks of exercises 1 and 2 (book/construir.md): right and wrong answers.

Tiny Keras models, never trained. Expected counts are hand computations.
"""

import keras
import numpy as np
import pytest
from keras import layers

from clase102 import checks


def _mlp(widths=(128, 64, 10), n_in=784, syntax="list", activation="relu"):
    dense = [layers.Dense(w, activation=activation) for w in widths]
    if syntax == "list":
        return keras.Sequential([keras.Input(shape=(n_in,)), *dense])
    model = keras.Sequential()
    model.add(keras.Input(shape=(n_in,)))
    for layer in dense:
        model.add(layer)
    return model


def _run(check, capsys, *args, **kwargs):
    result = check(*args, **kwargs)
    return result, capsys.readouterr().out


# --- exercise 1 ---------------------------------------------------------------------------


def test_ex1_same_model_with_two_syntaxes_passes(capsys):
    ok, out = _run(checks.check_exercise_1, capsys, _mlp(syntax="list"), _mlp(syntax="add"))
    assert ok is True
    assert "Mismos tipos de capa: Dense, Dense, Dense." in out
    assert "(None, 128), (None, 64), (None, 10)" in out
    assert "100.480, 8.256, 650" in out
    assert "Mismo total: 109.386 parámetros." in out
    assert "Resultado: ¡bien!" in out


def test_ex1_stubs_say_not_yet(capsys):
    ok, out = _run(checks.check_exercise_1, capsys, None, None)
    assert ok is False
    assert out.count("todavía no") >= 2 and "modelo_a" in out and "modelo_b" in out
    assert "Resultado: todavía no" in out


def test_ex1_one_stub_names_the_missing_model(capsys):
    ok, out = _run(checks.check_exercise_1, capsys, _mlp(), None)
    assert ok is False
    assert "✔ modelo_a es un modelo de Keras construido." in out
    assert "todavía no: falta modelo_b" in out


def test_ex1_a_different_width_is_reported_with_the_layer(capsys):
    ok, out = _run(checks.check_exercise_1, capsys, _mlp(), _mlp((128, 32, 10), syntax="add"))
    assert ok is False
    assert "Distintos formas de salida en la capa 2: (None, 64) en modelo_a, (None, 32) en modelo_b." in out
    # 128·32 + 32 = 4.128 instead of 128·64 + 64 = 8.256
    assert "capa 2: 8.256 en modelo_a, 4.128 en modelo_b" in out
    assert "Mismos tipos de capa" in out


def test_ex1_a_different_layer_type_and_count(capsys):
    b = keras.Sequential([keras.Input((784,)), layers.Dense(128), layers.Dropout(0.2), layers.Dense(10)])
    ok, out = _run(checks.check_exercise_1, capsys, _mlp(), b)
    assert ok is False
    assert "Distintos tipos de capa en la capa 2: Dense en modelo_a, Dropout en modelo_b." in out


def test_ex1_missing_layer(capsys):
    ok, out = _run(checks.check_exercise_1, capsys, _mlp(), _mlp((128, 10)))
    assert ok is False
    assert "modelo_a tiene 3 capas y modelo_b tiene 2." in out


def test_ex1_the_same_object_twice_is_not_two_syntaxes(capsys):
    m = _mlp()
    ok, out = _run(checks.check_exercise_1, capsys, m, m)
    assert ok is False and "son el mismo objeto" in out


def test_ex1_unbuilt_and_non_models_do_not_raise(capsys):
    unbuilt = keras.Sequential([layers.Dense(3)])
    ok, out = _run(checks.check_exercise_1, capsys, unbuilt, "modelo")
    assert ok is False
    assert "modelo_a todavía no está construido" in out and "keras.Input" in out
    assert "modelo_b no es un modelo de Keras (es un str)" in out


# --- exercise 2 ---------------------------------------------------------------------------

RIGHT = [100_480, 8_256, 650]  # 784·128+128, 128·64+64, 64·10+10
TOTAL = 109_386


def _ex2_model():
    return _mlp(activation=None)


def test_ex2_right_counts_pass(capsys):
    ok, out = _run(checks.check_exercise_2, capsys, RIGHT, TOTAL, _ex2_model())
    assert ok is True
    for line in (
        "Capa 1, Dense(128) (recibe 784 valores): 100.480 parámetros.",
        "Capa 2, Dense(64) (recibe 128 valores): 8.256 parámetros.",
        "Capa 3, Dense(10) (recibe 64 valores): 650 parámetros.",
        "Total: 109.386 parámetros.",
        "modelo_ej2 es el del enunciado: 784 → 128 → 64 → 10.",
        "Keras coincide: model.count_params() da 109.386, igual que tu total.",
    ):
        assert line in out
    assert "Resultado: ¡bien!" in out


def test_ex2_numpy_integers_and_a_tuple_are_accepted(capsys):
    ok, _ = _run(checks.check_exercise_2, capsys, tuple(np.array(RIGHT)), np.int64(TOTAL), _ex2_model())
    assert ok is True


def test_ex2_the_input_shape_model_passes_too(capsys):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        old = keras.Sequential([layers.Dense(128, input_shape=(784,)), layers.Dense(64), layers.Dense(10)])
    ok, _ = _run(checks.check_exercise_2, capsys, RIGHT, TOTAL, old)
    assert ok is True


def test_ex2_stub_says_not_yet_for_everything(capsys):
    ok, out = _run(checks.check_exercise_2, capsys, [None, None, None], None, None)
    assert ok is False
    for fragment in (
        "todavía no: falta la cuenta de la capa 1, Dense(128).",
        "todavía no: falta la cuenta de la capa 3, Dense(10).",
        "todavía no: falta total_a_mano",
        "todavía no: falta modelo_ej2",
    ):
        assert fragment in out
    assert "Resultado: todavía no (5 punto(s) por resolver)." in out


def test_ex2_a_missing_bias_names_the_layer_the_formula_and_the_hint(capsys):
    wrong = [784 * 128, 8_256, 650]  # first layer without its 128 biases
    ok, out = _run(checks.check_exercise_2, capsys, wrong, sum(wrong), _ex2_model())
    assert ok is False
    assert (
        "Capa 1, Dense(128) (recibe 784 valores): pusiste 100.352 y no es correcto. La cuenta es "
        "n_entrada · n_salida + n_salida = 784 · 128 + 128. Te faltó el sesgo" in out
    )
    assert "✔ Capa 2, Dense(64)" in out and "✔ Capa 3, Dense(10)" in out
    assert "total_a_mano = 109.258 no es el total del modelo" in out
    assert "model.count_params() da 109.386 y tu total es 109.258." in out


def test_ex2_other_wrong_count_has_no_bias_hint(capsys):
    ok, out = _run(checks.check_exercise_2, capsys, [100_480, 8_192 + 1, 650], TOTAL, _ex2_model())
    assert ok is False
    assert "Capa 2, Dense(64) (recibe 128 valores): pusiste 8.193 y no es correcto" in out
    assert "128 · 64 + 64." in out and "Te faltó el sesgo" not in out
    assert "✔ Total: 109.386 parámetros." in out  # the total itself is right
    ok, out = _run(checks.check_exercise_2, capsys, [100_480, 8_192 + 1, 650], 109_323 + 1, _ex2_model())
    assert "total_a_mano = 109.324 no es la suma de tus cuentas por capa (109.323)." in out


def test_ex2_wrong_length_and_non_numbers(capsys):
    ok, out = _run(checks.check_exercise_2, capsys, [100_480, 8_256], "mucho", _ex2_model())
    assert ok is False
    assert "cuentas_a_mano tiene 2 números, pero el modelo tiene 3 capas densas" in out
    assert "total_a_mano = 'mucho' no es un número." in out
    ok, out = _run(checks.check_exercise_2, capsys, 109_386, TOTAL, _ex2_model())
    assert ok is False and "debe ser una lista" in out
    ok, out = _run(checks.check_exercise_2, capsys, ["100480", 8_256, 650], TOTAL, _ex2_model())
    assert ok is False and "'100480' no es un número." in out


def test_ex2_another_model_is_not_the_statement(capsys):
    ok, out = _run(checks.check_exercise_2, capsys, RIGHT, TOTAL, _mlp((256, 10)))
    assert ok is False
    assert "modelo_ej2 no es el del enunciado: sus capas densas van 784 → 256 → 10" in out
    assert "count_params" not in out


def test_ex2_counts_are_checked_even_without_the_model(capsys):
    ok, out = _run(checks.check_exercise_2, capsys, RIGHT, TOTAL, None)
    assert ok is False
    assert "✔ Total: 109.386 parámetros." in out
    assert "Resultado: todavía no (1 punto(s) por resolver)." in out


@pytest.mark.parametrize("check", [checks.check_exercise_1, checks.check_exercise_2])
def test_checks_never_raise(check, capsys):
    class Weird:
        def __iter__(self):
            raise RuntimeError("boom")

    args = (Weird(), Weird()) if check is checks.check_exercise_1 else (Weird(), 3, Weird())
    assert check(*args) is False
    assert "Resultado: todavía no" in capsys.readouterr().out


def test_unbuilt_model_hint_is_the_whole_sentence_and_the_success_line_is_exact(capsys):
    ok, out = _run(checks.check_exercise_1, capsys, keras.Sequential([layers.Dense(3)]), None)
    assert ok is False
    assert ("modelo_a todavía no está construido: empezá con keras.Input(shape=(784,)) "
            "para que Keras sepa la forma de la entrada.") in out
    ok, out = _run(checks.check_exercise_1, capsys, _mlp(), _mlp())
    assert ok is True
    assert "Resultado: ¡bien! Todo lo que revisa esta autoevaluación está correcto." in out.splitlines()


@pytest.mark.parametrize("value, shown", [
    (109_386, "109.386"),            # an integer, Spanish thousands
    (np.int64(650), "650"),
    (8256.0, "8.256"),               # a float with no fraction is still a count
    (2.5, "2.5"),                    # as typed
    (True, "True"),                  # a bool is not a count
    ("650", "'650'"),                # text stays text, with its quotes
    (None, "None"),
])
def test_show_number_formats_only_whole_numbers(value, shown):
    assert checks._show_number(value) == shown
