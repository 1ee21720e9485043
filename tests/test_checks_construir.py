"""Self-checks of exercises 1 and 2 (book/construir.md): right and wrong answers.

Tiny Keras models, never trained. Expected counts are hand computations.
"""

import sys
from types import SimpleNamespace

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
    assert "Distintas formas de salida en la capa 2: (None, 64) en modelo_a, (None, 32) en modelo_b." in out
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


# --- the whole report, line by line -------------------------------------------------------

HEAD_1 = "Autoevaluación del ejercicio 1: dos sintaxis, el mismo modelo"
HEAD_2 = "Autoevaluación del ejercicio 2: conteo de parámetros a mano"
GOOD = "Resultado: ¡bien! Todo lo que revisa esta autoevaluación está correcto."
UNBUILT = ("todavía no está construido: empezá con keras.Input(shape=(784,)) para que Keras sepa la forma "
           "de la entrada.")
BUILT_AB = ["  ✔ modelo_a es un modelo de Keras construido.", "  ✔ modelo_b es un modelo de Keras construido."]
TWO_WITH_LAYERS = [*BUILT_AB, "  ✔ Son dos modelos distintos.", "  ✔ Los dos tienen capas."]


class _NoLayers(keras.Model):
    """A built Keras model without any layer (the identity)."""

    def call(self, x):
        return x


def _no_layers():
    model = _NoLayers()
    model(np.zeros((1, 784), "float32"))
    return model


def _same_model():
    model = _mlp()
    return model, model


@pytest.mark.parametrize("make, ok, lines", [
    (lambda: (_mlp(), _mlp(syntax="add")), True, [
        *TWO_WITH_LAYERS,
        "  ✔ Los dos tienen 3 capas.",
        "  ✔ Mismos tipos de capa: Dense, Dense, Dense.",
        "  ✔ Mismas formas de salida: (None, 128), (None, 64), (None, 10).",
        "  ✔ Mismos parámetros por capa: 100.480, 8.256, 650.",   # 784·128+128, 128·64+64, 64·10+10
        "  ✔ Mismo total: 109.386 parámetros.",
        GOOD]),
    (lambda: (None, None), False, [
        "  ✘ todavía no: falta modelo_a (construilo con keras.Sequential([...])).",
        "  ✘ todavía no: falta modelo_b (construilo con keras.Sequential() y .add(...)).",
        "Resultado: todavía no (2 punto(s) por resolver)."]),
    (lambda: (keras.Sequential([layers.Dense(3)]), "modelo"), False, [
        f"  ✘ modelo_a {UNBUILT}",
        "  ✘ modelo_b no es un modelo de Keras (es un str).",
        "Resultado: todavía no (2 punto(s) por resolver)."]),
    (lambda: (_mlp(), None), False, [   # one right model is not enough to go on
        BUILT_AB[0],
        "  ✘ todavía no: falta modelo_b (construilo con keras.Sequential() y .add(...)).",
        "Resultado: todavía no (1 punto(s) por resolver)."]),
    (lambda: (None, _mlp()), False, [
        "  ✘ todavía no: falta modelo_a (construilo con keras.Sequential([...])).",
        BUILT_AB[1],
        "Resultado: todavía no (1 punto(s) por resolver)."]),
    (_same_model, False, [
        *BUILT_AB,
        "  ✘ modelo_a y modelo_b son el mismo objeto: construí modelo_b aparte, con .add().",
        "Resultado: todavía no (1 punto(s) por resolver)."]),
    (lambda: (_mlp(), _no_layers()), False, [
        *BUILT_AB, "  ✔ Son dos modelos distintos.", "  ✘ Uno de los modelos no tiene ninguna capa.",
        "Resultado: todavía no (1 punto(s) por resolver)."]),
    (lambda: (_no_layers(), _mlp()), False, [
        *BUILT_AB, "  ✔ Son dos modelos distintos.", "  ✘ Uno de los modelos no tiene ninguna capa.",
        "Resultado: todavía no (1 punto(s) por resolver)."]),
    (lambda: (_mlp(), _mlp((128, 10))), False, [
        *TWO_WITH_LAYERS,
        "  ✘ modelo_a tiene 3 capas y modelo_b tiene 2.",
        "  ✔ Mismos tipos de capa: Dense, Dense.",
        "  ✘ Distintas formas de salida en la capa 2: (None, 64) en modelo_a, (None, 10) en modelo_b.",
        "  ✘ Distintos parámetros por capa en la capa 2: 8.256 en modelo_a, 1.290 en modelo_b.",  # 128·10+10
        "  ✘ Totales distintos: 109.386 en modelo_a, 101.770 en modelo_b.",  # 100.480 + 1.290
        "Resultado: todavía no (4 punto(s) por resolver)."]),
    (lambda: (_mlp((128, 10)), _mlp()), False, [   # the shorter one first: compared on its 2 layers
        *TWO_WITH_LAYERS,
        "  ✘ modelo_a tiene 2 capas y modelo_b tiene 3.",
        "  ✔ Mismos tipos de capa: Dense, Dense.",
        "  ✘ Distintas formas de salida en la capa 2: (None, 10) en modelo_a, (None, 64) en modelo_b.",
        "  ✘ Distintos parámetros por capa en la capa 2: 1.290 en modelo_a, 8.256 en modelo_b.",
        "  ✘ Totales distintos: 101.770 en modelo_a, 109.386 en modelo_b.",
        "Resultado: todavía no (4 punto(s) por resolver)."]),
    (lambda: (_mlp(), keras.Sequential([keras.Input((784,)), layers.Dense(128), layers.Dropout(0.2),
                                         layers.Dense(10)])), False, [
        *TWO_WITH_LAYERS,
        "  ✔ Los dos tienen 3 capas.",
        "  ✘ Distintos tipos de capa en la capa 2: Dense en modelo_a, Dropout en modelo_b.",
        "  ✘ Distintas formas de salida en la capa 2: (None, 64) en modelo_a, (None, 128) en modelo_b.",
        "  ✘ Distintos parámetros por capa en la capa 2: 8.256 en modelo_a, 0 en modelo_b.",
        "  ✘ Totales distintos: 109.386 en modelo_a, 101.770 en modelo_b.",  # 100.480 + 0 + 1.290
        "Resultado: todavía no (4 punto(s) por resolver)."]),
    (lambda: (_mlp((10, 10, 10), n_in=4), _mlp((10, 10, 11), n_in=4)), False, [  # only the last layer
        *TWO_WITH_LAYERS,
        "  ✔ Los dos tienen 3 capas.",
        "  ✔ Mismos tipos de capa: Dense, Dense, Dense.",
        "  ✘ Distintas formas de salida en la capa 3: (None, 10) en modelo_a, (None, 11) en modelo_b.",
        "  ✘ Distintos parámetros por capa en la capa 3: 110 en modelo_a, 121 en modelo_b.",  # 10·10+10, 10·11+11
        "  ✘ Totales distintos: 270 en modelo_a, 281 en modelo_b.",  # 4·10+10 + 110 + 110, 50 + 110 + 121
        "Resultado: todavía no (3 punto(s) por resolver)."]),
])
def test_ex1_whole_report(capsys, make, ok, lines):
    ok_got, out = _run(checks.check_exercise_1, capsys, *make())
    assert ok_got is ok
    assert out.splitlines() == [HEAD_1, *lines]


RIGHT_LINES = [
    "  ✔ Capa 1, Dense(128) (recibe 784 valores): 100.480 parámetros.",
    "  ✔ Capa 2, Dense(64) (recibe 128 valores): 8.256 parámetros.",
    "  ✔ Capa 3, Dense(10) (recibe 64 valores): 650 parámetros.",
]
NO_MODEL_2 = "  ✘ todavía no: falta modelo_ej2 (construí el modelo del enunciado para comparar con Keras)."
BUILT_2 = "  ✔ modelo_ej2 es un modelo de Keras construido."
STATEMENT_2 = "  ✔ modelo_ej2 es el del enunciado: 784 → 128 → 64 → 10."
NOT_TOTAL = "no es el total del modelo: revisá las cuentas por capa y sumalas."


@pytest.mark.parametrize("make, ok, lines", [
    (lambda: (RIGHT, TOTAL, _ex2_model()), True, [
        *RIGHT_LINES, "  ✔ Total: 109.386 parámetros.", BUILT_2, STATEMENT_2,
        "  ✔ Keras coincide: model.count_params() da 109.386, igual que tu total.", GOOD]),
    (lambda: (None, None, None), False, [
        "  ✘ todavía no: completá cuentas_a_mano: una cuenta por capa densa (3 números).",
        "  ✘ todavía no: falta total_a_mano, la suma de las cuentas de todas las capas.",
        NO_MODEL_2,
        "Resultado: todavía no (3 punto(s) por resolver)."]),
    (lambda: ([None, "x", 100_480.0], 2.5, keras.Sequential([keras.Input((784,))])), False, [
        "  ✘ todavía no: falta la cuenta de la capa 1, Dense(128).",
        "  ✘ Capa 2, Dense(64) (recibe 128 valores): 'x' no es un número.",
        "  ✘ Capa 3, Dense(10) (recibe 64 valores): pusiste 100.480 y no es correcto. La cuenta es "
        "n_entrada · n_salida + n_salida = 64 · 10 + 10.",
        f"  ✘ total_a_mano = 2.5 {NOT_TOTAL}",
        f"  ✘ modelo_ej2 {UNBUILT}",
        "Resultado: todavía no (5 punto(s) por resolver)."]),
    (lambda: ([784 * 128, 8_256, 650], 109_258, _ex2_model()), False, [
        "  ✘ Capa 1, Dense(128) (recibe 784 valores): pusiste 100.352 y no es correcto. La cuenta es "
        "n_entrada · n_salida + n_salida = 784 · 128 + 128. Te faltó el sesgo: un parámetro más por "
        "neurona (+ n_salida).",
        *RIGHT_LINES[1:],
        f"  ✘ total_a_mano = 109.258 {NOT_TOTAL}",   # 100.352 + 8.256 + 650: their sum, not the model's
        BUILT_2, STATEMENT_2,
        "  ✘ model.count_params() da 109.386 y tu total es 109.258.",
        "Resultado: todavía no (3 punto(s) por resolver)."]),
    (lambda: (109_386, "mucho", _mlp((256, 10))), False, [
        "  ✘ cuentas_a_mano debe ser una lista con una cuenta por capa, no 109386.",
        "  ✘ total_a_mano = 'mucho' no es un número.",
        BUILT_2,
        "  ✘ modelo_ej2 no es el del enunciado: sus capas densas van 784 → 256 → 10 y el enunciado pide "
        "784 → 128 → 64 → 10.",
        "Resultado: todavía no (3 punto(s) por resolver)."]),
    (lambda: ([100_480, 8_256], 109_323, "modelo"), False, [
        "  ✘ cuentas_a_mano tiene 2 números, pero el modelo tiene 3 capas densas: va una cuenta por capa.",
        "  ✘ total_a_mano = 109.323 no es la suma de tus cuentas por capa (108.736).",  # 100.480 + 8.256
        "  ✘ modelo_ej2 no es un modelo de Keras (es un str).",
        "Resultado: todavía no (3 punto(s) por resolver)."]),
    (lambda: ([100_480, 8_193, 650], 109_324, None), False, [
        RIGHT_LINES[0],
        "  ✘ Capa 2, Dense(64) (recibe 128 valores): pusiste 8.193 y no es correcto. La cuenta es "
        "n_entrada · n_salida + n_salida = 128 · 64 + 64.",
        RIGHT_LINES[2],
        "  ✘ total_a_mano = 109.324 no es la suma de tus cuentas por capa (109.323).",
        NO_MODEL_2,
        "Resultado: todavía no (3 punto(s) por resolver)."]),
    (lambda: ("abc", TOTAL, None), False, [
        "  ✘ cuentas_a_mano debe ser una lista con una cuenta por capa, no 'abc'.",
        "  ✔ Total: 109.386 parámetros.",
        NO_MODEL_2,
        "Resultado: todavía no (2 punto(s) por resolver)."]),
    (lambda: (b"abc", 109_000, None), False, [   # bytes are not a list of counts either
        "  ✘ cuentas_a_mano debe ser una lista con una cuenta por capa, no b'abc'.",
        f"  ✘ total_a_mano = 109.000 {NOT_TOTAL}",
        NO_MODEL_2,
        "Resultado: todavía no (3 punto(s) por resolver)."]),
    (lambda: (iter(RIGHT), TOTAL, _no_layers()), False, [   # any iterable of counts is read as a list
        *RIGHT_LINES, "  ✔ Total: 109.386 parámetros.", BUILT_2,
        "  ✘ modelo_ej2 no es el del enunciado: sus capas densas van (ninguna) y el enunciado pide "
        "784 → 128 → 64 → 10.",
        "Resultado: todavía no (1 punto(s) por resolver)."]),
    (lambda: ([100_480, 8_256, "650"], 109_000, _ex2_model()), False, [   # a text count: no «sum» claim
        *RIGHT_LINES[:2],
        "  ✘ Capa 3, Dense(10) (recibe 64 valores): '650' no es un número.",
        f"  ✘ total_a_mano = 109.000 {NOT_TOTAL}",
        BUILT_2, STATEMENT_2,
        "  ✘ model.count_params() da 109.386 y tu total es 109.000.",
        "Resultado: todavía no (3 punto(s) por resolver)."]),
    (lambda: (RIGHT, "109386", _ex2_model()), False, [   # a text total is not compared with Keras
        *RIGHT_LINES,
        "  ✘ total_a_mano = '109386' no es un número.",
        BUILT_2, STATEMENT_2,
        "Resultado: todavía no (1 punto(s) por resolver)."]),
])
def test_ex2_whole_report(capsys, make, ok, lines):
    ok_got, out = _run(checks.check_exercise_2, capsys, *make())
    assert ok_got is ok
    assert out.splitlines() == [HEAD_2, *lines]


@pytest.mark.parametrize("widths, n_in, shown", [
    ((128, 64, 10), 783, "783 → 128 → 64 → 10"),   # the input size is compared too
    ((128, 64, 11), 784, "784 → 128 → 64 → 11"),
    ((128, 64), 784, "784 → 128 → 64"),
])
def test_ex2_each_size_of_the_statement_is_compared(capsys, widths, n_in, shown):
    ok, out = _run(checks.check_exercise_2, capsys, RIGHT, TOTAL, _mlp(widths, n_in=n_in))
    assert ok is False
    assert (f"  ✘ modelo_ej2 no es el del enunciado: sus capas densas van {shown} y el enunciado pide "
            "784 → 128 → 64 → 10.") in out.splitlines()


def test_a_report_is_one_write_so_a_kernel_sends_one_output(monkeypatch):
    # ipykernel flushes stdout on a timer: two writes may become two outputs (seen once, on a
    # loaded machine, in construir's exercise 1: the title alone, then the rest)
    writes = []
    monkeypatch.setattr(sys, "stdout", SimpleNamespace(write=writes.append, flush=lambda: None))
    feedback = checks.Feedback("Título")
    feedback.expect(True, "bien", "mal")
    feedback.expect(False, "bien", "mal")
    assert feedback.report() is False
    assert writes == ["Título\n  ✔ bien\n  ✘ mal\nResultado: todavía no (1 punto(s) por resolver).\n"]
