"""clase102.validation: the shared input checks, with their exact Spanish messages (written by hand)."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clase102 import validation as v


def _raises(exc, message, func, *args, **kwargs):
    with pytest.raises(exc) as info:
        func(*args, **kwargs)
    assert str(info.value) == message


def test_check_int_default_minimum_is_one():
    assert v.check_int(1, "n") == 1 and type(v.check_int(np.int64(3), "n")) is int
    _raises(ValueError, "«n» debe ser un entero positivo (≥ 1); recibí 0.", v.check_int, 0, "n")
    assert v.check_int(0, "k", minimum=0) == 0
    _raises(ValueError, "«k» debe ser un entero ≥ 0 (≥ 0); recibí -1.", v.check_int, -1, "k", minimum=0)
    _raises(TypeError, "«n» debe ser un entero positivo; recibí True (de tipo bool).", v.check_int, True, "n")
    _raises(TypeError, "«n» debe ser un entero positivo; recibí 2.0 (de tipo float).", v.check_int, 2.0, "n")


def test_check_number_bounds_and_messages():
    assert v.check_number(np.float32(0.5)) == 0.5 and type(v.check_number(3)) is float
    assert v.check_number(0, low=0) == 0.0 and v.check_number(1, high=1) == 1.0
    _raises(TypeError, "Se esperaba un número en «el valor»; recibí '1' (de tipo str).", v.check_number, "1")
    _raises(ValueError, "«p» debe ser un número finito; recibí inf (¿un NaN o infinito de un cálculo?).",
            v.check_number, float("inf"), "p")
    _raises(ValueError, "«p» debe estar entre 0 y 1; recibí 1.5.", v.check_number, 1.5, "p", low=0, high=1)
    _raises(ValueError, "«p» debe estar entre 0 y 1; recibí -0.5.", v.check_number, -0.5, "p", low=0, high=1)
    _raises(ValueError, "«p» debe estar ≥ 0; recibí -1.0.", v.check_number, -1, "p", low=0)
    _raises(ValueError, "«p» debe estar ≤ 1; recibí 2.0.", v.check_number, 2, "p", high=1)


def test_check_callable_and_check_path():
    assert v.check_callable(len) is len
    _raises(TypeError, "Se esperaba una función en «func»; recibí int.", v.check_callable, 3)
    _raises(TypeError, "Se esperaba una función en «f»; recibí NoneType.", v.check_callable, None, "f")
    assert v.check_path("a.txt") == "a.txt" and v.check_path(Path("a")) == Path("a")
    _raises(TypeError, "«path» debe ser una ruta (texto o Path); recibí int.", v.check_path, 3)
    _raises(TypeError, "«archivo» debe ser una ruta (texto o Path); recibí NoneType.", v.check_path, None, "archivo")


def test_check_images_each_rule():
    ok = np.zeros((2, 3, 3), np.uint8)
    assert v.check_images(ok) is not None and v.check_images([[1.0, 2.0]], min_ndim=1).shape == (1, 2)
    assert v.check_images(np.ones((1, 2, 2))).shape == (1, 2, 2)  # one image is a batch
    assert v.check_images(np.ones((1, 1, 1))).size == 1  # one pixel is still an image
    _raises(ValueError, "Se esperaba un lote de imágenes (n, alto, ancho) en «x»; recibí forma (3,).",
            v.check_images, np.zeros(3))
    _raises(ValueError, "Se esperaba un arreglo de muestras en «x»; recibí forma ().",
            v.check_images, np.float64(1.0), min_ndim=1)
    _raises(TypeError, "Las imágenes de «x» deben ser números; recibí dtype <U1.", v.check_images, [["a", "b"]])
    _raises(TypeError, "Las imágenes de «x» deben ser números; recibí dtype bool.", v.check_images, np.ones((2, 2), bool))
    assert v.check_images(np.ones((2, 2), np.int8)).dtype == np.int8
    _raises(ValueError, "No hay imágenes en «x» (forma (0, 3, 3)).", v.check_images, np.zeros((0, 3, 3)))
    _raises(ValueError, "No hay imágenes en «im» (forma (2, 0, 3)).", v.check_images, np.zeros((2, 0, 3)), "im")
    bad = np.zeros((1, 2, 2)); bad[0, 1, 1] = np.nan
    _raises(ValueError, "Hay valores NaN o infinitos en las imágenes de «x».", v.check_images, bad)


def test_check_labels_each_rule():
    assert v.check_labels([0, 9]).tolist() == [0, 9]
    assert v.check_labels([0, 2], n_classes=3, n=2).tolist() == [0, 2]
    _raises(ValueError, "Las etiquetas «y» deben ser un vector; recibí forma (2, 10) "
            "(¿etiquetas one-hot? pasá los enteros, p. ej. con argmax).", v.check_labels, np.eye(10)[:2].astype(int))
    _raises(ValueError, "Las etiquetas «y» deben ser un vector; recibí forma ().", v.check_labels, 3)
    _raises(ValueError, "No hay etiquetas en «y»: el vector está vacío.", v.check_labels, np.array([], int))
    _raises(ValueError, "Hay 3 muestras y 2 etiquetas en «y»: tiene que haber la misma cantidad.",
            v.check_labels, [1, 2], n=3)
    _raises(TypeError, "Las etiquetas «y» deben ser enteros; recibí dtype float64 "
            "(no las redondeo: un 2,7 no es ninguna clase).", v.check_labels, [2.7])
    _raises(ValueError, "Hay etiquetas en «y» fuera de 0..9 (mínimo 0, máximo 10).", v.check_labels, [0, 10])
    _raises(ValueError, "Hay etiquetas en «t» fuera de 0..2 (mínimo -1, máximo 1).",
            v.check_labels, [-1, 1], n_classes=3, name="t")


def test_check_table():
    t = pd.DataFrame({"a": [1], "b": [2]})
    assert v.check_table(t, ["a", "b"]) is t
    _raises(TypeError, "Se esperaba una tabla de pandas (DataFrame) en «la tabla»; recibí dict.", v.check_table, {}, ["a"])
    _raises(ValueError, "A «la tabla» le faltan las columnas 'c', 'd'.", v.check_table, t, ["a", "c", "d"])
