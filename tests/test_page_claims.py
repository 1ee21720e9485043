"""Every number the lesson's pages glue into their prose, checked on the built book.

Each value is compared with a hand count, a literal, or what the page's own cell printed (an
independent path: the cell's output, not the code that glued). ``test_every_glued_value_has_a_claim``
fails when a page glues a value no claim here covers. The homework has its own file.
"""

import math
import os
import re

import keras
import pytest

from helpers import article_text, cell_with, code_pages, glued, html, notebook, text_of

pytestmark = pytest.mark.book


def es(value, digits=1):
    """A number the way the pages write it: 1.234,5."""
    return f"{value:,.{digits}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


def number(text):
    """The inverse: '85,3 %' → 85.3, '1.719' → 1719."""
    return float(text.rstrip(" %s").replace(".", "").replace(",", "."))


def out(page, snippet):
    return text_of(cell_with(notebook(page), snippet))


def printed_list(text, label):
    """The numbers NumPy printed after ``label``: 'val_loss por época: [0.5 0.4]' → [0.5, 0.4]."""
    inside = re.search(re.escape(label) + r"\s*\[([^\]]*)\]", text)[1]
    return [float(v) for v in inside.split()]


def pct_of(fraction_text):
    return es(100 * float(fraction_text)) + " %"


# --- what each page's glue must say --------------------------------------------------------
# A literal is the exact text; a function gets (value, all values of the page) and must be true.

CLAIMS = {
    "book/construir": {
        "k_filas": "784", "k_cols": "128", "k_size": "100.352", "b_size": "128",  # 784 · 128
        "c1": "100.480", "c2": "8.256", "c3": "650", "c_total": "109.386",
        "c_share": "92 %",  # 100.480 / 109.386 = 91,86 %
        "viejo_total": "109.386",
        "ej2_c1": "100.480", "ej2_c2": "8.256", "ej2_c3": "650", "ej2_total": "109.386",
    },
    "book/definiciones": {
        "def_keras": keras.__version__,
        "def_bn_total": "256", "def_bn_width": "64",  # gamma, beta, moving mean and variance of 64
        "def_bn_train": "128", "def_bn_frozen": "128",
        "def_n_train": "55.000", "def_updates_32": "1.719", "def_updates_512": "108",  # ⌈55.000 / b⌉
    },
    "book/dataset": {
        "ds_n_train_full": "60.000", "ds_n_test": "10.000", "ds_side": "28 × 28", "ds_max": "255",
        "ds_per_class_train": "6.000", "ds_per_class_test": "1.000", "ds_chance": "10 %",
        "ds_n_train": "55.000", "ds_n_valid": "5.000", "ds_flat": "784",
        # the last 5.000 images are mixed: every class, about 500 each
        "ds_valid_min": lambda v, g: 400 < number(v) <= 500,
        "ds_valid_max": lambda v, g: 500 <= number(v) < 600,
    },
    "book/entrenar": {
        "entrenar_ln10": "2,30",
        "entrenar_loss0": lambda v, g: abs(number(v) - math.log(10)) < 0.5,
        "entrenar_updates": "1.719", "entrenar_n_train": "55.000", "entrenar_bs": "32",
        "entrenar_val_acc": lambda v, g: v == pct_of(
            re.findall(r"val_accuracy: ([\d.]+)", out("book/entrenar", "historia = modelo.fit("))[-1]),
        "entrenar_lectura": lambda v, g: _reading_follows_the_printed_losses(v),
        "entrenar_corte": lambda v, g: _early_stopping_follows_its_print(v),
        "entrenar_guardado_epoca": lambda v, g: int(v) == 1 + min(
            range(3), key=printed_list(out("book/entrenar", "guardar_mejor = keras"), "val_loss por época:").__getitem__),
        "entrenar_acc_test": lambda v, g: v == pct_of(re.findall(r"[\d.]+", out("book/entrenar", "perdida_test, exactitud_test ="))[-1]),
        "entrenar_aciertos_test": lambda v, g: abs(number(v) - 100 * number(g["entrenar_acc_test"])) <= 5,
        "entrenar_n_test": "10.000",
        "entrenar_aciertos8": lambda v, g: int(v) == _right_among_the_eight(),
        "entrenar_congelados": "100.480",  # 784 · 128 + 128
        "entrenar_libres": "8.906",  # 128 · 64 + 64 + 64 · 10 + 10
        "entrenar_ej3_una": "(1, 10)", "entrenar_ej3_cien": "(100, 10)",
        "entrenar_ej3_error": "Expected shape (None, 784), but input has incompatible shape (32,)",
        "entrenar_ej4_lineas": "4",  # verbose=2, two epochs: «Epoch i/2» and a summary each
        "entrenar_ej4_bs": lambda v, g: number(v) > 0, "entrenar_ej4_cr": lambda v, g: number(v) > 0,
        "entrenar_ej4_cruda": lambda v, g: number(v) > number(g["entrenar_ej4_limpia"]),
        "entrenar_ej4_limpia": lambda v, g: number(v) > 0,
    },
    "book/validacion": {
        # 1.000 per class sorted by label: the last 20 % (2.000 images) are classes 8 and 9
        "validacion_clases_val": "cartera y botín",
        "validacion_ord_val_acc": "0,0 %",
        "validacion_ord_acc": lambda v, g: number(v) > 50,
        "validacion_mez_val_acc": lambda v, g: number(v) > 70,
        "validacion_exp_val_acc": lambda v, g: number(v) > 70,
        "validacion_n_val": "5.000",
    },
    "book/guardar": {
        "gu_n_valid": "50.000",  # 5.000 images × 10 probabilities
        "gu_pasos": "157",  # ⌈5.000 / 32⌉ steps of one epoch, kept in the file
        "gu_ej5_n": "100.000",  # 10.000 test images × 10
        "gu_ej5_val_acc": lambda v, g: 80 < number(v) < 95,
    },
    "book/errores": {
        "err_keras": keras.__version__,
        "err_forma": "… Expected shape (None, 784), but input has incompatible shape (2, 28, 28)",
        "err_pesos": "… The shape of the target variable and the shape of the target value in "
        "`variable.assign(value)` must match. variable.shape=(784, 64), Received: value.shape=(784, 128).",
        "err_unbuilt": "… the layer isn't built.",
        "err_compile": "ValueError: You must call `compile()` before using the model.",
        "err_h5": "«… This file format is considered legacy.»",
        "err_onehot": lambda v, g: v.startswith("ValueError: Argument `output` must have rank (ndim)"),
        "err_label": "InvalidArgumentError: Received a label value of 10 which is outside the valid range of [0, 10).",
    },
    "book/faq": {
        "faq_maquina": lambda v, g: "núcleos" in v and f"Keras {keras.__version__}" in v,
        "faq_sf_veredicto": lambda v, g: v.startswith(("los rangos de las repeticiones se superponen",
                                                        "Functional fue más rápido", "Sequential fue más rápido")),
        "faq_upd16": "625", "faq_upd512": "20",  # 10.000 / 16, ⌈10.000 / 512⌉
        "faq_t16": lambda v, g: number(v) > number(g["faq_t512"]) > 0,  # more steps, more time
        "faq_t512": lambda v, g: number(v) > 0,
        "faq_mejor": lambda v, g: re.fullmatch(r"(16|32|128|512) \(\d\d,\d %\)", v) is not None,
        "faq_peor": lambda v, g: re.fullmatch(r"(16|32|128|512) \(\d\d,\d %\)", v) is not None
        and (v != g["faq_mejor"] or g["faq_monotona"] == "no siguen un orden con el tamaño del lote"),
        "faq_monotona": lambda v, g: v in ("bajan a medida que crece el lote", "no siguen un orden con el tamaño del lote"),
        "faq_pasos": "313",  # ⌈10.000 / 32⌉
        "faq_llamadas_50": "7",  # ⌈313 / 50⌉
        "faq_val_acc": lambda v, g: 70 < number(v) < 95,
        "faq_t_def": lambda v, g: number(v) > 0, "faq_t_spe": lambda v, g: number(v) > 0,
        "faq_vel_veredicto": lambda v, g: v.startswith(("steps_per_execution=50 fue más rápido en todas",
                                                         "los rangos de las repeticiones se superponen",
                                                         "steps_per_execution=50 fue más lento")),
        "faq_ms_paso": lambda v, g: ("ms ahorrados por paso" in v) == (number(g["faq_t_def"]) > number(g["faq_t_spe"])),
        "faq_nucleos": lambda v, g: v.startswith(f"{os.cpu_count()} núcleos lógicos")
        and f"{len(os.sched_getaffinity(0))} disponibles" in v,
        "faq_flop": "7,7·10¹⁰",  # 6 FLOP × (784·256 + 256·128 + 128·10) weights × 55.000 images
        "faq_pico": lambda v, g: v.startswith("a pico teórico"),
        "faq_n_libro": "55.000", "faq_n_vel": "10.000",
        "faq_t_def_libro": lambda v, g: abs(number(v) - 5.5 * number(g["faq_t_def"])) <= 0.1,  # 55.000 / 10.000
    },
}


def _reading_follows_the_printed_losses(reading):
    text = out("book/entrenar", "historia = modelo.fit(")
    val = [float(v) for v in re.findall(r"val_loss: ([\d.]+)", text)]
    best = val.index(min(val)) + 1
    if best == len(val):
        return reading.startswith("la pérdida de validación bajó hasta la última época")
    return reading.startswith(f"la pérdida de validación tocó su mínimo en la época {best}")


def _early_stopping_follows_its_print(text):
    printed = out("book/entrenar", "parar_a_tiempo = keras")
    epochs, best = map(int, re.search(r"épocas: (\d+) · mejor: (\d+)", printed).groups())
    if epochs < 40:
        return text == f"cortó en la época {epochs} de 40, dos después de la mejor ({best})" and epochs == best + 2
    return text.startswith(f"no llegó a cortar: corrió las {epochs} épocas")


def _right_among_the_eight():
    table = cell_with(notebook("book/entrenar"), "probs = modelo.predict(x_test[:8]")["outputs"][-1]["data"]["text/html"]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    cells = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in rows]
    return sum(c[0].strip() == c[2].strip() for c in cells if len(c) == 3)


@pytest.mark.parametrize("page", [p for p in code_pages() if p != "book/homework"])
def test_every_glued_value_has_a_claim(page):
    assert sorted(glued(page)) == sorted(CLAIMS.get(page, {})), f"agregá a CLAIMS lo que pega {page}"


@pytest.mark.parametrize("page, key", [(p, k) for p, keys in CLAIMS.items() for k in keys])
def test_glued_value(page, key):
    values = glued(page)
    claim = CLAIMS[page][key]
    if callable(claim):
        assert claim(values[key], values), f"{key} = {values[key]!r}"
    else:
        assert values[key] == claim


# --- what the cells show, where the prose says so -------------------------------------------


def test_construir_names_pop_and_deferred_building():
    shown = out("book/construir", "con_nombres = keras.Sequential(")
    assert "mi_mlp ['oculta', 'salida']" in shown and "get_layer('oculta'): 128 neuronas" in shown
    assert "['oculta', 'salida_5'] → salida (None, 5)" in shown
    shown = out("book/construir", "diferido = keras.Sequential(")
    assert shown.splitlines() == [
        "¿Construido? False · pesos: 0",
        "¿Construido? True · parámetros: 101770",  # 784 · 128 + 128 + 128 · 10 + 10
        "¿Construido? True · parámetros: 101770",
    ]


def test_entrenar_frozen_layer_moves_to_non_trainable_and_stays_still():
    assert "Non-trainable params: 100,480" in out("book/entrenar", "primera.trainable = False")
    shown = out("book/entrenar", "kernel_antes = primera.kernel")
    assert re.search(r"congelado\? False", shown) and re.search(r"segunda capa\?\s+True", shown)


def test_entrenar_first_fit_is_plain_and_callbacks_come_one_at_a_time():
    nb = notebook("book/entrenar")
    assert "callbacks" not in cell_with(nb, "historia = modelo.fit(").source
    assert "callbacks=[parar_a_tiempo]" in cell_with(nb, "parar_a_tiempo = keras").source
    assert "callbacks=[guardar_mejor]" in cell_with(nb, "guardar_mejor = keras").source


def test_errores_rows_5_and_8_show_what_compile_changes():
    nb = notebook("book/errores")
    row5 = [text_of(c) for c in nb.cells if c.cell_type == "code" and "¿La capa nueva cambió?" in c.source]
    assert [s.splitlines()[0] for s in row5] == ["¿La capa nueva cambió? False", "¿La capa nueva cambió? True"]
    assert any("outside the valid range of [0, 5)" in text_of(c) for c in nb.cells)  # compile, then fit
    assert "¿Cambió el kernel «congelado»? True" in out("book/errores", "congelada.trainable = False")
    assert "¿Y después de compilar? False" in out("book/errores", "¿Y después de compilar?")


def test_the_lesson_says_callback_and_solo():
    for page in CLAIMS:
        text = article_text(page)
        for word in ("retrollamada", "sólo", "la rueda", "un/a"):
            assert word not in text.lower(), (page, word)


def test_dataset_and_homework_figures_have_spanish_alt_text():
    alts = re.findall(r'<img[^>]*alt="([^"]*)"', html("book/dataset"))
    assert len(alts) == 2 and all(re.search(r"[áéíóúñ]| de | con ", a) for a in alts)
