"""Self-checks of exercises 4 and 5 (page book/entrenar): right and wrong answers, no training."""

import numpy as np
import pytest

from clase102 import checks

# Softmax-like rows (each sums to 1), the shapes predict returns for 1 and 100 samples.
ONE = np.full((1, 10), 0.1, dtype="float32")
HUNDRED = np.full((100, 10), 0.1, dtype="float32")

# What fit printed, copied from Keras 3.15 runs (2 epochs on 2.000 images, 63 batches).
BAR = (
    "Epoch 1/2\n\r\x1b[1m 1/63\x1b[0m \x1b[37m━━━━\x1b[0m 17ms/step - accuracy: 0.8750 - loss: 0.3667"
    + "\b" * 20
    + "\r\x1b[1m63/63\x1b[0m \x1b[32m━━━━\x1b[0m 4ms/step - accuracy: 0.8590 - loss: 0.4190"
    " - val_accuracy: 0.8200 - val_loss: 0.5122\n"
    "Epoch 2/2\n\r\x1b[1m63/63\x1b[0m \x1b[32m━━━━\x1b[0m 4ms/step - accuracy: 0.8685 - loss: 0.3802"
    " - val_accuracy: 0.8060 - val_loss: 0.5306\n"
)
PLAIN = (
    "Epoch 1/2\n"
    "63/63 - 0s - 6ms/step - accuracy: 0.8095 - loss: 0.5483 - val_accuracy: 0.7980 - val_loss: 0.5552\n"
    "Epoch 2/2\n"
    "63/63 - 0s - 5ms/step - accuracy: 0.8430 - loss: 0.4703 - val_accuracy: 0.8140 - val_loss: 0.5277\n"
)
RIGHT = {0: "", 1: BAR, 2: PLAIN}


# --- Ejercicio 3 ----------------------------------------------------------------------------


def test_exercise_4_right(capsys):
    assert checks.check_exercise_3(ONE, HUNDRED) is True
    out = capsys.readouterr().out
    assert "ejercicio 3" in out
    assert "«una» tiene forma (1, 10)" in out and "«cien» tiene forma (100, 10)" in out
    assert "cada fila suma 1" in out and "¡bien!" in out


def test_exercise_4_stub_says_not_yet(capsys):
    assert checks.check_exercise_3(None, None) is False
    out = capsys.readouterr().out
    assert out.count("todavía no: guardá en") == 2
    assert "modelo.predict(x_test[:1], verbose=0)" in out
    assert "Resultado: todavía no (2 punto(s) por resolver)." in out


def test_exercise_4_called_without_arguments_does_not_raise(capsys):
    assert checks.check_exercise_3() is False
    assert "todavía no" in capsys.readouterr().out


def test_exercise_4_missing_batch_axis(capsys):
    assert checks.check_exercise_3(ONE[0], HUNDRED) is False
    out = capsys.readouterr().out
    assert "forma (10,): le sacaste el eje del lote" in out
    assert "para 1 muestra(s) es (1, 10)" in out
    assert "«cien» tiene forma (100, 10)" in out  # what is right is still reported


def test_exercise_4_input_instead_of_output(capsys):
    assert checks.check_exercise_3(np.zeros((1, 784)), HUNDRED) is False
    assert "forma (1, 784): parece la entrada" in capsys.readouterr().out


def test_exercise_4_wrong_number_of_samples(capsys):
    assert checks.check_exercise_3(ONE, HUNDRED[:10]) is False
    assert "forma (10, 10): son 10 muestra(s), pero pedimos 100" in capsys.readouterr().out


def test_exercise_4_rows_that_are_not_probabilities(capsys):
    logits = np.arange(100 * 10, dtype="float32").reshape(100, 10)
    assert checks.check_exercise_3(ONE, logits) is False
    assert "alguna fila no suma 1" in capsys.readouterr().out


def test_exercise_4_odd_shape_and_unreadable_value(capsys):
    assert checks.check_exercise_3(np.zeros((2, 3, 4)), HUNDRED) is False
    assert "forma (2, 3, 4); se esperaba (1, 10)" in capsys.readouterr().out
    assert checks.check_exercise_3([[1], [1, 2]], HUNDRED) is False  # ragged: never raises
    assert "todavía no" in capsys.readouterr().out


# --- Ejercicio 4 ----------------------------------------------------------------------------


def test_exercise_5_right(capsys):
    assert checks.check_exercise_4(RIGHT, 2) is True
    out = capsys.readouterr().out
    assert "\\" not in out  # the book's outputs carry no backslash escapes (\b, \r) either
    assert "verbose=0 no imprimió nada." in out
    assert "verbose=1 dibujó la barra de progreso: 20 retrocesos y 3 retornos de carro" in out
    assert "verbose=2 imprimió 4 líneas de texto plano, sin caracteres de control: 2 de resumen" in out
    assert "2 encabezados «Epoch i/n»" in out
    assert "para un log, verbose=2" in out and "¡bien!" in out


def test_exercise_5_accepts_string_keys_and_one_epoch(capsys):
    one_epoch = "63/63 - 0s - 6ms/step - accuracy: 0.81 - loss: 0.55\n"  # epochs=1: no header
    assert checks.check_exercise_4({"0": "", "1": BAR, "2": one_epoch}, 2) is True
    out = capsys.readouterr().out
    assert "1 líneas de texto plano" in out and "encabezados" not in out


def test_exercise_5_stub_says_not_yet(capsys):
    assert checks.check_exercise_4({}, None) is False
    out = capsys.readouterr().out
    assert "todavía no: guardá en «salidas»" in out
    assert "todavía no: contestá en «para_un_log»" in out


def test_exercise_5_swapped_outputs(capsys):
    assert checks.check_exercise_4({0: PLAIN, 1: PLAIN, 2: BAR}, 2) is False
    out = capsys.readouterr().out
    assert "verbose=0 no debería imprimir nada; tu texto tiene" in out
    assert "carro; tu texto no tiene ninguno (¿es la salida de verbose=2?)" in out
    assert "tu texto tiene 20 retrocesos y 3 retornos de carro (¿es la salida de verbose=1?)" in out
    assert "3 punto(s) por resolver" in out


def test_exercise_5_missing_value_and_history_instead_of_text(capsys):
    class History:  # what fit returns, not what it printed
        history = {"loss": [0.5]}

    assert checks.check_exercise_4({0: "", 1: History()}, 2) is False
    out = capsys.readouterr().out
    assert "recibí History (¿guardaste el History en lugar del texto?)" in out
    assert "todavía no: falta lo que imprimió fit con verbose=2." in out


def test_exercise_5_plain_text_without_loss(capsys):
    assert checks.check_exercise_4({0: "", 1: BAR, 2: "hola\n"}, 2) is False
    assert "tu texto no tiene ninguna línea con «loss»" in capsys.readouterr().out


@pytest.mark.parametrize(
    "answer, reason",
    [(1, "se llena de retrocesos y retornos de carro"), (0, "no dice nada del avance"), ("dos", "no es un verbose de fit")],
)
def test_exercise_5_wrong_choice_for_a_log(capsys, answer, reason):
    assert checks.check_exercise_4(RIGHT, answer) is False
    assert reason in capsys.readouterr().out


def test_exercise_5_unhashable_answer_never_raises(capsys):
    assert checks.check_exercise_4(RIGHT, [2]) is False
    assert "no pude revisar tu respuesta" in capsys.readouterr().out


@pytest.mark.parametrize("value, hint", [
    (np.zeros((2, 3, 40)), "forma (2, 3, 40); se esperaba (1, 10)"),    # 3-D, wide: not "the input"
    (np.zeros(784), "forma (784,); se esperaba (1, 10)"),               # 1-D, wide: not "the input"
    (np.zeros((10, 784)), "forma (10, 784): parece la entrada"),        # 10 rows: still the input
    (np.zeros((2, 3, 10)), "forma (2, 3, 10); se esperaba (1, 10)"),    # 3-D ending in 10 classes
    (np.zeros((10, 5)), "forma (10, 5); se esperaba (1, 10)"),          # 10 rows, too few classes
    (np.full((7, 10), 0.1), "forma (7, 10): son 7 muestra(s), pero pedimos 1"),
])
def test_exercise_4_each_wrong_shape_gets_its_own_hint(capsys, value, hint):
    assert checks.check_exercise_3(value, HUNDRED) is False
    assert hint in capsys.readouterr().out


# --- the whole report, line by line -------------------------------------------------------

HEAD_3 = "Autoevaluación del ejercicio 3: predict con 1 muestra y con 100"
HEAD_4 = "Autoevaluación del ejercicio 4: qué imprime fit con cada verbose"
GOOD = "Resultado: ¡bien! Todo lo que revisa esta autoevaluación está correcto."
ROW_OK_4 = ": una fila por muestra del lote, una columna por clase."
SUMS_1 = "  ✔ cada fila suma 1: son las probabilidades de la softmax para las 10 clases."
SUMS_1_OF_3 = "  ✔ cada fila suma 1: son las probabilidades de la softmax para las 3 clases."
NOT_SUMS_1 = "  ✘ alguna fila no suma 1: ¿es la salida de predict de un modelo con softmax al final?"


@pytest.mark.parametrize("args, kwargs, ok, lines", [
    ((ONE, HUNDRED), {}, True, [
        f"  ✔ «una» tiene forma (1, 10){ROW_OK_4}",
        f"  ✔ «cien» tiene forma (100, 10){ROW_OK_4}",
        SUMS_1, GOOD]),
    ((None, None), {}, False, [
        "  ✘ todavía no: guardá en «una» lo que devuelve modelo.predict(x_test[:1], verbose=0).",
        "  ✘ todavía no: guardá en «cien» lo que devuelve modelo.predict(x_test[:100], verbose=0).",
        "Resultado: todavía no (2 punto(s) por resolver)."]),
    ((ONE[0], HUNDRED[:10]), {}, False, [
        "  ✘ «una»: forma (10,): le sacaste el eje del lote (¿una[0]?). predict devuelve siempre una "
        "matriz; para 1 muestra(s) es (1, 10).",
        "  ✘ «cien»: forma (10, 10): son 10 muestra(s), pero pedimos 100 (x_test[:100]); se esperaba (100, 10).",
        "Resultado: todavía no (2 punto(s) por resolver)."]),
    ((np.zeros((1, 784)), np.zeros((2, 3, 4))), {}, False, [
        "  ✘ «una»: forma (1, 784): parece la entrada (las imágenes), no lo que devuelve predict; "
        "se esperaba (1, 10).",
        "  ✘ «cien»: forma (2, 3, 4); se esperaba (100, 10) (una fila por muestra, una columna por clase).",
        "Resultado: todavía no (2 punto(s) por resolver)."]),
    ((None, np.full((100, 10), 0.2)), {}, False, [   # rows summing to 2; the missing one is one point
        "  ✘ todavía no: guardá en «una» lo que devuelve modelo.predict(x_test[:1], verbose=0).",
        f"  ✔ «cien» tiene forma (100, 10){ROW_OK_4}",
        NOT_SUMS_1,
        "Resultado: todavía no (2 punto(s) por resolver)."]),
    ((np.full((1, 3), 1 / 3), np.full((100, 3), 1 / 3)), {"n_classes": 3}, True, [
        f"  ✔ «una» tiene forma (1, 3){ROW_OK_4}",
        f"  ✔ «cien» tiene forma (100, 3){ROW_OK_4}",
        SUMS_1_OF_3, GOOD]),
    ((np.full((1, 3), 1 / 3), None), {"n_classes": 3}, False, [  # one right answer is still checked
        f"  ✔ «una» tiene forma (1, 3){ROW_OK_4}",
        "  ✘ todavía no: guardá en «cien» lo que devuelve modelo.predict(x_test[:100], verbose=0).",
        SUMS_1_OF_3,
        "Resultado: todavía no (1 punto(s) por resolver)."]),
])
def test_exercise_4_whole_report(capsys, args, kwargs, ok, lines):
    assert checks.check_exercise_3(*args, **kwargs) is ok
    assert capsys.readouterr().out.splitlines() == [HEAD_3, *lines]


def _one_row(*values):
    return np.array([list(values) + [0.0] * (10 - len(values))])


@pytest.mark.parametrize("row, is_probability", [
    (_one_row(1.0), True),                       # one-hot: zeros are probabilities
    (_one_row(1.0 + 1e-6, -1e-6), True),         # the tolerance itself: -10⁻⁶ still counts as 0
    (_one_row(1.0 + 2e-6, -2e-6), False),        # below it: negative
    (_one_row(1.5, -0.5), False),                # sums to 1, but negative
    (_one_row(0.5, 0.5005), True),               # sum 1,0005: within 10⁻³
    (_one_row(0.5, 0.502), False),               # sum 1,002: not
    (_one_row(0.75, 0.75), False),               # sum 1,5
])
def test_exercise_4_probability_rows_and_their_tolerances(capsys, row, is_probability):
    assert checks.check_exercise_3(row, HUNDRED) is is_probability
    out = capsys.readouterr().out.splitlines()
    assert out[3] == (SUMS_1 if is_probability else NOT_SUMS_1)


VERBOSE_1_BAR = ("  ✔ verbose=1 dibujó la barra de progreso: 20 retrocesos y 3 retornos de carro para "
                 "redibujarla en el mismo lugar.")
VERBOSE_2_PLAIN = ("  ✔ verbose=2 imprimió 4 líneas de texto plano, sin caracteres de control: 2 de resumen "
                   "(una por época) y 2 encabezados «Epoch i/n».")
LOG_1 = ("  ✘ con verbose=1 el log se llena de retrocesos y retornos de carro (cada redibujo de la barra); "
         "mejor 2.")


@pytest.mark.parametrize("args, ok, lines", [
    ((RIGHT, 2), True, [
        "  ✔ verbose=0 no imprimió nada.", VERBOSE_1_BAR, VERBOSE_2_PLAIN,
        "  ✔ para un log, verbose=2: una línea legible por época.", GOOD]),
    (({0: "hola\n", 1: PLAIN, 2: BAR}, 1), False, [
        "  ✘ verbose=0 no debería imprimir nada; tu texto tiene 5 caracteres (¿es la salida de otro verbose?).",
        "  ✘ verbose=1 dibuja una barra que se redibuja con retrocesos y retornos de carro; tu texto no tiene "
        "ninguno (¿es la salida de verbose=2?).",
        "  ✘ verbose=2 imprime texto plano, una línea de resumen con la pérdida por época; tu texto tiene "
        "20 retrocesos y 3 retornos de carro (¿es la salida de verbose=1?).",
        LOG_1,
        "Resultado: todavía no (4 punto(s) por resolver)."]),
    ((None, None), False, [
        "  ✘ todavía no: guardá en «salidas» lo que imprimió fit con cada verbose: "
        "{0: texto, 1: texto, 2: texto}.",
        "  ✘ todavía no: contestá en «para_un_log» qué verbose usarías si la salida va a un archivo (CI, nohup).",
        "Resultado: todavía no (2 punto(s) por resolver)."]),
    (({0: "", "1": 3, 2: "hola\n"}, 0), False, [
        "  ✔ verbose=0 no imprimió nada.",
        "  ✘ verbose=1: se esperaba el texto que imprimió fit; recibí int (¿guardaste el History en lugar "
        "del texto?).",
        "  ✘ verbose=2 imprime texto plano, una línea de resumen con la pérdida por época; tu texto no tiene "
        "ninguna línea con «loss».",
        "  ✘ con verbose=0 el log no dice nada del avance; mejor 2.",
        "Resultado: todavía no (3 punto(s) por resolver)."]),
    # blank text for verbose 0, a single carriage return for 1, one summary line without header for 2
    (({"0": "  \n", "1": "\r", "2": "\nloss: 1\n\n"}, "dos"), False, [
        "  ✔ verbose=0 no imprimió nada.",
        "  ✔ verbose=1 dibujó la barra de progreso: 0 retrocesos y 1 retornos de carro para redibujarla en "
        "el mismo lugar.",
        "  ✔ verbose=2 imprimió 1 líneas de texto plano, sin caracteres de control: 1 de resumen (una por época).",
        "  ✘ «'dos'» no es un verbose de fit (0, 1 o 2); para un log, 2.",
        "Resultado: todavía no (1 punto(s) por resolver)."]),
    # a single backspace is a bar too; one \r in verbose=2's text is not plain text any more
    (({0: "", 1: "\b", 2: "Epoch 1/1\nloss: 1\r"}, 2), False, [
        "  ✔ verbose=0 no imprimió nada.",
        "  ✔ verbose=1 dibujó la barra de progreso: 1 retrocesos y 0 retornos de carro para redibujarla en "
        "el mismo lugar.",
        "  ✘ verbose=2 imprime texto plano, una línea de resumen con la pérdida por época; tu texto tiene "
        "0 retrocesos y 1 retornos de carro (¿es la salida de verbose=1?).",
        "  ✔ para un log, verbose=2: una línea legible por época.",
        "Resultado: todavía no (1 punto(s) por resolver)."]),
    # as many backspaces as carriage returns: still control characters, with a «loss» line or not
    (({0: "", 1: BAR, 2: "\bEpoch 1/1\rloss: 1\n"}, 2), False, [
        "  ✔ verbose=0 no imprimió nada.", VERBOSE_1_BAR,
        "  ✘ verbose=2 imprime texto plano, una línea de resumen con la pérdida por época; tu texto tiene "
        "1 retrocesos y 1 retornos de carro (¿es la salida de verbose=1?).",
        "  ✔ para un log, verbose=2: una línea legible por época.",
        "Resultado: todavía no (1 punto(s) por resolver)."]),
    (({1: BAR, 2: PLAIN}, 2.0), False, [   # 2.0 == 2 is right; only verbose=0's text is missing
        "  ✘ todavía no: falta lo que imprimió fit con verbose=0.",
        VERBOSE_1_BAR, VERBOSE_2_PLAIN,
        "  ✔ para un log, verbose=2: una línea legible por época.",
        "Resultado: todavía no (1 punto(s) por resolver)."]),
])
def test_exercise_5_whole_report(capsys, args, ok, lines):
    assert checks.check_exercise_4(*args) is ok
    assert capsys.readouterr().out.splitlines() == [HEAD_4, *lines]


def test_exercise_5_a_bool_is_not_verbose_2(capsys):
    # True == 1 for Python: the answer gets verbose=1's reason, never the «2» it is not
    assert checks.check_exercise_4(RIGHT, True) is False
    assert capsys.readouterr().out.splitlines()[-2] == LOG_1
