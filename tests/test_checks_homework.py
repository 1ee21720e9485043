"""The homework's self-check: right and wrong answers, Spanish feedback, never raises."""

import keras
import pytest

from clase102 import checks
from helpers import make_runs


def _check(capsys, results, **kwargs):
    ok = checks.check_homework(results, **kwargs)
    return ok, capsys.readouterr().out


def test_hand_counts_match_keras_count_params():
    # independent path: Keras' own count of the three architectures, untrained
    for name, hidden in {"tiny": [64], "medium": [256, 128], "wide": [1024]}.items():
        model = keras.Sequential(
            [keras.Input(shape=(784,))]
            + [keras.layers.Dense(n, activation="relu") for n in hidden]
            + [keras.layers.Dense(10, activation="softmax")]
        )
        assert model.count_params() == checks.HOMEWORK_PARAMS[name]
    assert checks.HOMEWORK_PARAMS == {"tiny": 50_890, "medium": 235_146, "wide": 814_090}


def test_a_complete_answer_passes(capsys):
    ok, out = _check(capsys, make_runs())
    assert ok
    assert out.startswith("Autoevaluación del homework\n")
    assert "✔ tiny: 50.890 parámetros" in out and "✔ wide: 814.090 parámetros" in out
    assert "✔ medium: 3 semillas distintas (se piden al menos 3)." in out
    assert "✘" not in out and "Resultado: ¡bien!" in out


@pytest.mark.parametrize("stub", [None, [], "hola", 3])
def test_the_stub_says_not_yet(capsys, stub):
    ok, out = _check(capsys, stub)
    assert not ok
    assert "todavía no: «resultados» está vacío" in out
    assert "Resultado: todavía no (1 punto(s) por resolver)." in out


def test_rows_without_the_keys(capsys):
    runs = make_runs()
    del runs[4]["seconds"]
    ok, out = _check(capsys, runs)
    assert not ok and "La corrida 4 no es un diccionario con las claves" in out


def test_missing_architecture_and_capitalized_names(capsys):
    ok, out = _check(capsys, make_runs(acc={"wide": []}))
    assert not ok and "Faltan corridas de wide." in out
    runs = [dict(r, architecture=r["architecture"].capitalize()) for r in make_runs()]
    ok, out = _check(capsys, runs)
    assert not ok and "Faltan corridas de tiny, medium, wide (con esos nombres, en minúsculas)." in out


def test_wrong_parameter_count_shows_the_expected_one(capsys):
    ok, out = _check(capsys, make_runs(params={"medium": 233_856}))  # forgot the 10-unit head
    assert not ok
    assert "✘ medium: esperaba 235.146 parámetros y tus corridas dicen 233856" in out
    assert "✔ tiny: 50.890" in out


@pytest.mark.parametrize("value, hint", [
    (0.35, "evaluate devuelve [pérdida, exactitud]: ¿guardaste la pérdida?"),
    (87.0, "Guardá la fracción (0,87), no el porcentaje."),
    (0.10, "¿guardaste la pérdida?"),
])
def test_implausible_accuracy(capsys, value, hint):
    runs = make_runs()
    runs[0]["accuracy"] = value
    ok, out = _check(capsys, runs)
    assert not ok
    assert "1 exactitud(es) fuera de lo plausible (70 % a 95 %)" in out and hint in out


@pytest.mark.parametrize("value", [0, -1.0, float("nan"), "5 s"])
def test_times_must_be_positive_numbers(capsys, value):
    runs = make_runs()
    runs[2]["seconds"] = value
    ok, out = _check(capsys, runs)
    assert not ok and "Hay 1 tiempo(s) que no son un número positivo" in out


def test_at_least_the_stated_number_of_seeds(capsys):
    two = [r for r in make_runs() if r["seed"] < 2]
    ok, out = _check(capsys, two)
    assert not ok and "✘ tiny: 2 semilla(s) distinta(s); se piden al menos 3." in out
    ok, out = _check(capsys, two, n_seeds=2)
    assert ok and "✔ tiny: 2 semillas distintas (se piden al menos 2)." in out


def test_history_needs_validation_accuracy(capsys):
    runs = make_runs()
    runs[1]["history"] = {"loss": [1.0], "accuracy": [0.8]}  # fit without validation_data
    ok, out = _check(capsys, runs)
    assert not ok and "1 corrida(s) sin «val_accuracy» en la historia" in out


def test_a_keras_history_object_is_accepted(capsys):
    class History:
        def __init__(self, h):
            self.history = h

    runs = [dict(r, history=History(r["history"])) for r in make_runs()]
    ok, _ = _check(capsys, runs)
    assert ok


# --- the whole report, line by line -------------------------------------------------------

KEYS = "architecture, seed, params, accuracy, seconds, history"
PARAMS_OK = [
    "  ✔ tiny: 50.890 parámetros, como da la cuenta a mano.",
    "  ✔ medium: 235.146 parámetros, como da la cuenta a mano.",
    "  ✔ wide: 814.090 parámetros, como da la cuenta a mano.",
]
HEAD = ["Autoevaluación del homework", "  ✔ Las 9 corridas tienen las claves pedidas.",
        "  ✔ Están las tres arquitecturas: tiny, medium y wide."]
PLAUSIBLE = "  ✔ Las exactitudes en prueba son plausibles (entre 70 % y 95 %)."
TIMES_OK = "  ✔ Todos los tiempos de fit son positivos."
TIMES_BAD = ("  ✘ Hay 1 tiempo(s) que no son un número positivo: medí fit con time.perf_counter() antes "
             "y después.")
SEEDS_3 = [f"  ✔ {name}: 3 semillas distintas (se piden al menos 3)." for name in ("tiny", "medium", "wide")]
CURVES_OK = "  ✔ Cada corrida guardó su historia con la exactitud de validación por época."


def _changed(changes):
    runs = make_runs()
    for i, key, value in changes:
        runs[i][key] = value
    return runs


def test_whole_report_of_a_right_answer(capsys):
    ok, out = _check(capsys, make_runs())
    assert ok is True
    assert out.splitlines() == [*HEAD, *PARAMS_OK, PLAUSIBLE, TIMES_OK, *SEEDS_3, CURVES_OK,
                                "Resultado: ¡bien! Todo lo que revisa esta autoevaluación está correcto."]


def test_whole_report_of_several_mistakes(capsys):
    # runs[0] and runs[3] are tiny's (seeds 0 and 1): one count typed as text, one accuracy in percent
    runs = _changed([(0, "accuracy", 87.0), (1, "seconds", float("inf")), (2, "history", None),
                     (3, "params", "50890")])
    ok, out = _check(capsys, runs)
    assert ok is False
    assert out.splitlines() == [
        *HEAD,
        "  ✘ tiny: esperaba 50.890 parámetros y tus corridas dicen 50890, 50890; revisá sus capas (Input "
        "de 784, ReLU, salida de 10).",
        *PARAMS_OK[1:],
        "  ✘ 1 exactitud(es) fuera de lo plausible (70 % a 95 %), por ejemplo 87.0. Guardá la fracción "
        "(0,87), no el porcentaje.",
        TIMES_BAD,
        *SEEDS_3,
        "  ✘ 1 corrida(s) sin «val_accuracy» en la historia: pasá validation_data a fit y guardá "
        "historia.history.",
        "Resultado: todavía no (4 punto(s) por resolver).",
    ]


def test_whole_report_with_text_values_and_more_seeds_asked(capsys):
    ok, out = _check(capsys, _changed([(4, "accuracy", "0.8"), (5, "seconds", -2)]), n_seeds=4)
    assert ok is False
    assert out.splitlines() == [
        *HEAD, *PARAMS_OK,
        "  ✘ 1 exactitud(es) fuera de lo plausible (70 % a 95 %), por ejemplo '0.8'. evaluate devuelve "
        "[pérdida, exactitud]: ¿guardaste la pérdida?",
        TIMES_BAD,
        "  ✘ tiny: 3 semilla(s) distinta(s); se piden al menos 4.",
        "  ✘ medium: 3 semilla(s) distinta(s); se piden al menos 4.",
        "  ✘ wide: 3 semilla(s) distinta(s); se piden al menos 4.",
        CURVES_OK,
        "Resultado: todavía no (5 punto(s) por resolver).",
    ]


@pytest.mark.parametrize("results, line", [
    ([make_runs()[0], 3], f"  ✘ La corrida 1 no es un diccionario con las claves {KEYS}."),
    ([{"architecture": "tiny"}], f"  ✘ La corrida 0 no es un diccionario con las claves {KEYS}."),
    (None, f"  ✘ todavía no: «resultados» está vacío: agregá un diccionario por corrida (claves {KEYS})."),
])
def test_whole_report_stops_at_a_malformed_list(capsys, results, line):
    ok, out = _check(capsys, results)
    assert ok is False
    assert out.splitlines() == ["Autoevaluación del homework", line,
                                "Resultado: todavía no (1 punto(s) por resolver)."]


@pytest.mark.parametrize("rename, line", [
    ({"tiny": "Tiny"}, "  ✘ Faltan corridas de tiny (con esos nombres, en minúsculas)."),
    ({"tiny": "Tiny", "wide": "ancha"}, "  ✘ Faltan corridas de tiny, wide."),
])
def test_whole_report_stops_at_a_missing_architecture(capsys, rename, line):
    runs = [dict(r, architecture=rename.get(r["architecture"], r["architecture"])) for r in make_runs()]
    ok, out = _check(capsys, runs)
    assert ok is False
    assert out.splitlines() == [*HEAD[:2], line, "Resultado: todavía no (1 punto(s) por resolver)."]


@pytest.mark.parametrize("value, advice", [
    (0.70, None), (0.95, None), (0.6999, "loss"), (0.9501, "loss"),
    (1.0, "loss"),   # 1.0 is a fraction (100 %), too high, but not a percentage
    (1.5, "percent"), (True, "loss"),
])
def test_accuracy_bounds_and_advice(capsys, value, advice):
    ok, out = _check(capsys, _changed([(0, "accuracy", value)]))
    assert ok is (advice is None)
    lines = out.splitlines()
    if advice is None:
        assert PLAUSIBLE in lines
    else:
        hint = {"loss": "evaluate devuelve [pérdida, exactitud]: ¿guardaste la pérdida?",
                "percent": "Guardá la fracción (0,87), no el porcentaje."}[advice]
        assert (f"  ✘ 1 exactitud(es) fuera de lo plausible (70 % a 95 %), por ejemplo {value!r}. {hint}"
                in lines)


@pytest.mark.parametrize("value, positive", [(1e-9, True), (3, True), (0.0, False), (float("inf"), False),
                                             (None, False)])
def test_times_bounds(capsys, value, positive):
    ok, out = _check(capsys, _changed([(0, "seconds", value)]))
    assert ok is positive
    assert (TIMES_OK if positive else TIMES_BAD) in out.splitlines()


def test_seeds_are_counted_per_architecture(capsys):
    ok, out = _check(capsys, make_runs(acc={"wide": [0.855, 0.865]}))   # wide ran with 2 seeds only
    assert ok is False
    assert out.splitlines()[-5:-1] == [*SEEDS_3[:2], "  ✘ wide: 2 semilla(s) distinta(s); se piden al menos 3.",
                                       CURVES_OK]


def test_numpy_and_tensorflow_scalars_count_as_numbers(capsys):
    """A student may keep what Keras hands back (NumPy float32, a TF scalar's .numpy())."""
    import numpy as np

    runs = make_runs()
    for r in runs:
        r["accuracy"], r["seconds"] = np.float32(r["accuracy"]), np.float64(r["seconds"])
    runs[0]["accuracy"] = np.float32(1.5)
    ok, out = _check(capsys, runs)
    assert ok is False
    assert "1 exactitud(es) fuera de lo plausible" in out and "no el porcentaje" in out
    assert "✔ Todos los tiempos de fit son positivos." in out
