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


# --- Ejercicio 4 ----------------------------------------------------------------------------


def test_exercise_4_right(capsys):
    assert checks.check_exercise_4(ONE, HUNDRED) is True
    out = capsys.readouterr().out
    assert "ejercicio 4" in out
    assert "«una» tiene forma (1, 10)" in out and "«cien» tiene forma (100, 10)" in out
    assert "cada fila suma 1" in out and "¡bien!" in out


def test_exercise_4_stub_says_not_yet(capsys):
    assert checks.check_exercise_4(None, None) is False
    out = capsys.readouterr().out
    assert out.count("todavía no: guardá en") == 2
    assert "modelo.predict(x_test[:1], verbose=0)" in out
    assert "Resultado: todavía no (2 punto(s) por resolver)." in out


def test_exercise_4_called_without_arguments_does_not_raise(capsys):
    assert checks.check_exercise_4() is False
    assert "todavía no" in capsys.readouterr().out


def test_exercise_4_missing_batch_axis(capsys):
    assert checks.check_exercise_4(ONE[0], HUNDRED) is False
    out = capsys.readouterr().out
    assert "forma (10,): le sacaste el eje del lote" in out
    assert "para 1 muestra(s) es (1, 10)" in out
    assert "«cien» tiene forma (100, 10)" in out  # what is right is still reported


def test_exercise_4_input_instead_of_output(capsys):
    assert checks.check_exercise_4(np.zeros((1, 784)), HUNDRED) is False
    assert "forma (1, 784): parece la entrada" in capsys.readouterr().out


def test_exercise_4_wrong_number_of_samples(capsys):
    assert checks.check_exercise_4(ONE, HUNDRED[:10]) is False
    assert "forma (10, 10): son 10 muestra(s), pero pedimos 100" in capsys.readouterr().out


def test_exercise_4_rows_that_are_not_probabilities(capsys):
    logits = np.arange(100 * 10, dtype="float32").reshape(100, 10)
    assert checks.check_exercise_4(ONE, logits) is False
    assert "alguna fila no suma 1" in capsys.readouterr().out


def test_exercise_4_odd_shape_and_unreadable_value(capsys):
    assert checks.check_exercise_4(np.zeros((2, 3, 4)), HUNDRED) is False
    assert "forma (2, 3, 4); se esperaba (1, 10)" in capsys.readouterr().out
    assert checks.check_exercise_4([[1], [1, 2]], HUNDRED) is False  # ragged: never raises
    assert "todavía no" in capsys.readouterr().out


# --- Ejercicio 5 ----------------------------------------------------------------------------


def test_exercise_5_right(capsys):
    assert checks.check_exercise_5(RIGHT, 2) is True
    out = capsys.readouterr().out
    assert "\\" not in out  # the book's outputs carry no backslash escapes (\b, \r) either
    assert "verbose=0 no imprimió nada." in out
    assert "verbose=1 dibujó la barra de progreso: 20 retrocesos y 3 retornos de carro" in out
    assert "verbose=2 imprimió 4 líneas de texto plano, sin caracteres de control: 2 de resumen" in out
    assert "2 encabezados «Epoch i/n»" in out
    assert "para un log, verbose=2" in out and "¡bien!" in out


def test_exercise_5_accepts_string_keys_and_one_epoch(capsys):
    one_epoch = "63/63 - 0s - 6ms/step - accuracy: 0.81 - loss: 0.55\n"  # epochs=1: no header
    assert checks.check_exercise_5({"0": "", "1": BAR, "2": one_epoch}, 2) is True
    out = capsys.readouterr().out
    assert "1 líneas de texto plano" in out and "encabezados" not in out


def test_exercise_5_stub_says_not_yet(capsys):
    assert checks.check_exercise_5({}, None) is False
    out = capsys.readouterr().out
    assert "todavía no: guardá en «salidas»" in out
    assert "todavía no: contestá en «para_un_log»" in out


def test_exercise_5_swapped_outputs(capsys):
    assert checks.check_exercise_5({0: PLAIN, 1: PLAIN, 2: BAR}, 2) is False
    out = capsys.readouterr().out
    assert "verbose=0 no debería imprimir nada; tu texto tiene" in out
    assert "carro; tu texto no tiene ninguno (¿es la salida de verbose=2?)" in out
    assert "tu texto tiene 20 retrocesos y 3 retornos de carro (¿es la salida de verbose=1?)" in out
    assert "3 punto(s) por resolver" in out


def test_exercise_5_missing_value_and_history_instead_of_text(capsys):
    class History:  # what fit returns, not what it printed
        history = {"loss": [0.5]}

    assert checks.check_exercise_5({0: "", 1: History()}, 2) is False
    out = capsys.readouterr().out
    assert "recibí History (¿guardaste el History en lugar del texto?)" in out
    assert "todavía no: falta lo que imprimió fit con verbose=2." in out


def test_exercise_5_plain_text_without_loss(capsys):
    assert checks.check_exercise_5({0: "", 1: BAR, 2: "hola\n"}, 2) is False
    assert "tu texto no tiene ninguna línea con «loss»" in capsys.readouterr().out


@pytest.mark.parametrize(
    "answer, reason",
    [(1, "se llena de retrocesos y retornos de carro"), (0, "no dice nada del avance"), ("dos", "no es un verbose de fit")],
)
def test_exercise_5_wrong_choice_for_a_log(capsys, answer, reason):
    assert checks.check_exercise_5(RIGHT, answer) is False
    assert reason in capsys.readouterr().out


def test_exercise_5_unhashable_answer_never_raises(capsys):
    assert checks.check_exercise_5(RIGHT, [2]) is False
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
    assert checks.check_exercise_4(value, HUNDRED) is False
    assert hint in capsys.readouterr().out
