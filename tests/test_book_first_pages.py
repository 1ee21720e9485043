"""Claims of book/definiciones, book/dataset and book/construir, read from the executed book.

Every glued number is compared with a hand computation or a literal; every sentence
that states what Keras does is checked against the cell output that shows it.
Run after a build (``CLASE102_BUILD_DIR`` points at a private one).
"""

import ast
import math
import re

import keras
import pytest

from helpers import HTML, executed_notebook, glued_reprs as glued

pytestmark = pytest.mark.book

PAGES = ["book/definiciones", "book/dataset", "book/construir"]


@pytest.fixture(scope="module", autouse=True)
def _built():
    if not (HTML / "index.html").exists():
        pytest.fail("No hay libro construido: corré `make html` (o `make test`) primero.")


def _code_cells(page):
    return [c for c in executed_notebook(page)["cells"] if c["cell_type"] == "code"]


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def _text(cell) -> str:
    """Everything a cell printed or displayed, as text."""
    parts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            parts.append(out["text"])
        data = out.get("data", {})
        if "text/plain" in data or "text/html" in data:
            parts.append(data.get("text/plain") or data["text/html"])
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(parts))  # without rich's ANSI colours


def _cell(page, snippet):
    """The one code cell whose source contains ``snippet``."""
    found = [c for c in _code_cells(page) if snippet in c["source"]]
    assert len(found) == 1, f"{len(found)} celdas con {snippet!r} en {page}"
    return found[0]


def _html_text(page) -> str:
    html = (HTML / f"{page}.html").read_text()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- rules every one of these pages follows ------------------------------------------------

ENGLISH = re.compile(r"\b(the|and|before|after|load|build|plot|show|silence|logs? of|check)\b", re.I)


@pytest.mark.parametrize("page", PAGES)
def test_visible_cells_call_the_package_only_as_extra_code_or_a_self_check(page):
    cells = _code_cells(page)
    visible = [c for c in cells if "remove-cell" not in _tags(c)]
    assert visible
    for cell in visible:
        lines = [l for l in cell["source"].splitlines() if l.strip()]
        uses = [
            l for l in lines
            if re.search(r"\b(clase102|data|plots|params|models|training|saving|capture_warnings)\b[.(]", l)
            or "import clase102" in l or "from clase102" in l
        ]
        if not uses or "self-check" in _tags(cell):
            continue
        if uses == ["from clase102 import checks  # las autoevaluaciones de los ejercicios"]:
            continue
        assert lines[0].startswith("# código extra: "), f"usa el paquete sin avisarlo:\n{cell['source']}"


@pytest.mark.parametrize("page", PAGES)
def test_visible_comments_are_spanish_and_no_cell_prints_package_source(page):
    for cell in _code_cells(page):
        if "remove-cell" in _tags(cell):
            continue
        for line in cell["source"].splitlines():
            if "#" in line:
                comment = line.split("#", 1)[1]
                assert not ENGLISH.search(comment), f"comentario en inglés: {line}"
        assert "inspect.getsource" not in cell["source"] and ".__doc__" not in cell["source"]


@pytest.mark.parametrize("page", PAGES)
def test_prose_has_no_raw_markup_or_keras_names_in_english_labels(page):
    text = _html_text(page)
    assert "{glue" not in text and "{doc}" not in text and ":::" not in text
    assert "param_table" not in text and "compare_architectures" not in text


@pytest.mark.parametrize("page", PAGES)
def test_no_plain_package_shortcuts_for_what_the_lesson_teaches(page):
    source = "\n".join(c["source"] for c in _code_cells(page))
    for shortcut in ("training.set_seed", "models.build_sequential", "models.compile_classifier",
                     "params.", "saving."):
        assert shortcut not in source, shortcut


# --- construir ------------------------------------------------------------------------------

P = "book/construir"


def test_construir_hand_counts_and_keras_agree():
    g = glued(P)
    expected = {
        "c1": 784 * 128 + 128, "c2": 128 * 64 + 64, "c3": 64 * 10 + 10,
        "c_total": 109_386, "c_keras": 109_386, "viejo_total": 109_386,
        "k_filas": 784, "k_cols": 128, "k_size": 784 * 128, "b_size": 128,
        "ej2_c1": 100_480, "ej2_c2": 8_256, "ej2_c3": 650, "ej2_total": 109_386,
    }
    for key, value in expected.items():
        assert g[key] == repr(f"{value:,}".replace(",", ".")), key
    assert g["c_share"] == "'92 %'"  # 100.480 / 109.386 = 91,86 %


def test_construir_says_once_that_summary_writes_a_comma():
    g = glued(P)
    assert g["c_keras_en"] == "'109,386'"
    summary = _text(_cell(P, "modelo_lista.summary()"))
    assert "109,386" in summary and "100,480" in summary
    assert "109.386" not in summary
    text = _html_text(P)
    assert text.count("escribe los miles con coma") == 1
    assert "a la inglesa ( 109,386 )" in text or "a la inglesa (109,386)" in text


def test_construir_two_syntaxes_show_the_same_table_but_names():
    a = _text(_cell(P, "modelo_lista.summary()"))
    b = _text(_cell(P, "modelo_add.summary()"))

    def rows(text):
        return re.findall(r"\((Dense)\)\s*│\s*(\(None, \d+\))\s*│\s*([\d,]+)", text)

    assert rows(a) == rows(b) == [
        ("Dense", "(None, 128)", "100,480"), ("Dense", "(None, 64)", "8,256"), ("Dense", "(None, 10)", "650")]
    assert "dense_1 " in a and "dense_3 " in b


def test_construir_layers_and_weights_show_the_784_by_128_matrix():
    out = _text(_cell(P, "capa.get_weights()"))
    assert "pesos (784, 128), sesgos (128,)" in out
    assert "pesos (128, 64), sesgos (64,)" in out and "pesos (64, 10), sesgos (10,)" in out
    out = _text(_cell(P, "modelo_lista.layers[0].get_weights()"))
    assert "(784, 128) → 100352 números" in out and "Total de la capa: 100480\ncount_params(): 100480" in out


def test_construir_input_shape_warns_in_keras_3():
    out = _text(_cell(P, "capture_warnings("))
    assert out.startswith("UserWarning: Do not pass an `input_shape`/`input_dim` argument to a layer.")
    assert "`Input(shape)`" in out


def test_construir_exercises_follow_the_pattern_and_pass():
    cells = _code_cells(P)
    order = [t for c in cells for t in ("tu-turno", "solution", "self-check") if t in _tags(c)]
    assert order == ["tu-turno", "solution", "self-check", "tu-turno", "solution", "solution", "self-check"]
    for n in (1, 2):
        sol = [c for c in cells if {"hide-cell", "solution"} <= _tags(c) and f"ejercicio {n}" in str(c["metadata"])]
        assert len(sol) == 1
        assert sol[0]["metadata"]["mystnb"]["code_prompt_show"] == f"Ver la solución del ejercicio {n}"
    checks_out = [_text(c) for c in cells if "self-check" in _tags(c)]
    for cell in cells:
        if "self-check" in _tags(cell):  # the feedback only, not the returned True
            assert [o["output_type"] for o in cell["outputs"]] == ["stream"]
    assert len(checks_out) == 2
    for out in checks_out:
        assert "Resultado: ¡bien!" in out and "todavía no" not in out and "✘" not in out
    assert "Mismos parámetros por capa: 100.480, 8.256, 650." in checks_out[0]
    assert "Keras coincide: model.count_params() da 109.386, igual que tu total." in checks_out[1]
    # the stubs run and leave nothing for the checks
    for cell in cells:
        if "tu-turno" in _tags(cell):
            assert "None" in cell["source"] and not cell["outputs"]


def test_construir_exercise_headings_in_order():
    text = _html_text(P)
    assert text.index("Ejercicio 1 — Dos sintaxis") < text.index("Ejercicio 2 — Conteo de parámetros")


# --- definiciones ---------------------------------------------------------------------------

D = "book/definiciones"


def test_definiciones_glossary_has_every_term_with_its_keras_name():
    html = (HTML / f"{D}.html").read_text()
    table = html[html.index("<table"):html.index("</table>")]
    rows = [re.sub(r"<[^>]+>", "", r) for r in re.findall(r"<tr.*?</tr>", table, re.S)]
    pairs = {
        "exactitud": "accuracy", "pérdida": "loss", "época": "epoch", "lote": "batch",
        "capa densa": "Dense", "parámetros entrenables": "trainable", "sesgo": "bias",
        "optimizador": "optimizer", "retrollamada": "callback", "modelo secuencial": "Sequential",
        "conjunto de entrenamiento / de validación / de prueba": "train / validation / test",
    }
    for spanish, keras_name in pairs.items():
        assert any(re.search(rf"^\s*{re.escape(spanish)}\s", r) and keras_name in r for r in rows), spanish


def test_definiciones_stack_shapes_chain():
    out = _text(_cell(D, "capa.input.shape"))
    assert re.search(r"flatten\s+entra \(None, 28, 28\)\s+sale \(None, 784\)", out)
    assert re.search(r"entra \(None, 784\)\s+sale \(None, 32\)", out)
    assert re.search(r"entra \(None, 32\)\s+sale \(None, 10\)", out)


def test_definiciones_batchnorm_counts_from_keras():
    g = glued(D)
    # 4 vectors of 64: gamma, beta (trainable), moving mean and variance (not)
    assert (g["def_bn_total"], g["def_bn_width"]) == ("'256'", "'64'")
    assert g["def_bn_train"] == g["def_bn_frozen"] == g["def_bn_model_frozen"] == "'128'"
    assert "Non-trainable params: 128" in _text(_cell(D, "con_bn.summary()"))
    out = _text(_cell(D, "for peso in bn.weights:\n    entrenable"))
    for name, flag in (("gamma", "sí"), ("beta", "sí"), ("moving_mean", "no"), ("moving_variance", "no")):
        assert re.search(rf"{name}\s+forma \(64,\)\s+entrenable: {flag}", out), name


def test_definiciones_keras_file_is_a_zip_with_three_members():
    out = _text(_cell(D, "zipfile.ZipFile(ruta)"))
    assert "¿Es un ZIP? True" in out
    listed = ast.literal_eval(next(l for l in out.splitlines() if l.startswith("[")))
    assert sorted(listed) == ["config.json", "metadata.json", "model.weights.h5"]
    assert f"'keras_version': '{keras.__version__}'" in out and "'date_saved'" in out
    assert glued(D)["def_n_members"] == "'3'"
    assert glued(D)["def_keras"] == repr(keras.__version__)


def test_definiciones_updates_per_epoch():
    g = glued(D)
    n = 60_000 - 5_000
    assert g["def_n_train"] == "'55.000'"
    assert g["def_updates_32"] == f"'{math.ceil(n / 32):,}'".replace(",", ".") == "'1.719'"
    assert g["def_updates_512"] == "'108'"


def test_definiciones_default_batch_is_32():
    g = glued(D)
    assert (g["def_batch_n"], g["def_batch_steps"], g["def_batch_default"]) == ("'3.200'", "'100'", "'32'")
    assert "Actualizaciones en una época: 100 → batch_size = 32" in _text(_cell(D, "optimizer.iterations"))
    assert _text(_cell(D, "inspect.signature")) == '<Parameter "batch_size=None">'


def test_definiciones_moving_average():
    assert glued(D)["def_bn_momentum"] == "'0,99'"
    assert "¿Coincide con la fórmula? True" in _text(_cell(D, "media_despues = bn.moving_mean"))
    out = _text(_cell(D, "con_bn.fit("))
    for name, seen in (("gamma", "sí"), ("beta", "sí"), ("moving_mean", "no"), ("moving_variance", "no")):
        assert re.search(rf"{name}\s+¿la ve el optimizador\? {seen}\s+¿cambió con fit\? sí", out), name


def test_definiciones_optional_material_is_marked():
    html = (HTML / f"{D}.html").read_text()
    assert html.count("para-profundizar") >= 1
    text = _html_text(D)
    assert "Para profundizar: ¿el lote por defecto es 32?" in text
    assert "Para profundizar: el promedio móvil de BatchNormalization" in text


# --- dataset --------------------------------------------------------------------------------

S = "book/dataset"


def test_dataset_sizes_and_split():
    g = glued(S)
    expected = {
        "ds_n_train_full": "'60.000'", "ds_n_test": "'10.000'", "ds_side": "'28 × 28'", "ds_max": "'255'",
        "ds_per_class_train": "'6.000'", "ds_per_class_test": "'1.000'", "ds_chance": "'10 %'",
        "ds_n_train": "'55.000'", "ds_n_valid": "'5.000'", "ds_flat": "'784'",
    }
    for key, value in expected.items():
        assert g[key] == value, key
    low, high = int(g["ds_valid_min"].strip("'")), int(g["ds_valid_max"].strip("'"))
    assert 400 < low <= 500 <= high < 600  # 5.000 images over 10 classes, mixed
    out = _text(_cell(S, "x_valid, y_valid = x_train_full[-5000:]"))
    assert "(55000, 28, 28)" in out and "(5000, 28, 28)" in out and "(10000, 28, 28)" in out


def test_dataset_class_names_are_the_ones_the_plots_use():
    from clase102 import data

    source = _cell(S, "nombres_clases = [")["source"]
    tree = ast.parse(source)
    value = next(n.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "nombres_clases")
    assert tuple(ast.literal_eval(value)) == data.CLASS_NAMES
    assert "[6000 6000 6000 6000 6000 6000 6000 6000 6000 6000]" in _text(_cell(S, "nombres_clases = ["))


def test_dataset_scaling_output_and_ratio():
    out = _text(_cell(S, "x_train_s = x_train.reshape"))
    assert "(55000, 784) float32 0.0 1.0" in out
    # bias starts at zero, so the output scales exactly like the input: 255 times
    assert glued(S)["ds_ratio"] == "'255'"


def test_dataset_scaling_verdict_follows_the_printed_accuracies():
    out = _text(_cell(S, "exactitudes[entrada].append"))
    values = {}
    for line in out.strip().splitlines():
        name, numbers = line.split(": ")
        values[name] = [float(v) for v in numbers.split(", ")]
    raw, scaled = values["crudas (0–255)"], values["escaladas (0–1)"]
    assert len(raw) == len(scaled) == 3
    verdict = glued(S)["ds_scaling_verdict"]
    assert ("siempre ganan las escaladas" in verdict) == (min(scaled) > max(raw))
    assert ("se superponen" in verdict) == (min(scaled) <= max(raw))


def test_dataset_figures_have_spanish_alt_text():
    html = (HTML / f"{S}.html").read_text()
    alts = re.findall(r'<img[^>]*alt="([^"]*)"', html)
    assert len(alts) == 2
    assert alts[0].startswith("Grilla de 3 por 8 con las primeras imágenes")
    assert alts[1].startswith("Barras horizontales con la cantidad de imágenes")
