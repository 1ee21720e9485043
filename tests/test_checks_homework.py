"""The homework's self-check: right and wrong answers, Spanish feedback, never raises."""

import keras
import numpy as np
import pytest

from clase102 import checks
from helpers import make_runs


def _check(capsys, results, n_seeds=3):
    ok = checks.check_homework(results, n_seeds=n_seeds)
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


@pytest.mark.parametrize("stub", [None, [], "hola", 3])
def test_the_stub_says_not_yet(capsys, stub):
    ok, out = _check(capsys, stub)
    assert not ok
    assert "todavía no: «resultados» está vacío" in out
    assert "Resultado: todavía no (1 punto(s) por resolver)." in out


def test_a_keras_history_object_is_accepted(capsys):
    class History:
        def __init__(self, h):
            self.history = h

    ok, _ = _check(capsys, [dict(r, historia=History(r["historia"])) for r in make_runs()])
    assert ok


# --- the whole report, line by line -------------------------------------------------------

KEYS = "arquitectura, semilla, parametros, exactitud, segundos, historia"
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
PAIRED_OK = "  ✔ Cada semilla entrenó las tres arquitecturas: las corridas quedan apareadas."
CURVES_OK = "  ✔ Cada corrida guardó su historia, con la pérdida por época."


def _changed(changes):
    runs = make_runs()
    for i, key, value in changes:
        runs[i][key] = value
    return runs


def test_whole_report_of_a_right_answer(capsys):
    ok, out = _check(capsys, make_runs())
    assert ok is True
    assert out.splitlines() == [*HEAD, *PARAMS_OK, PLAUSIBLE, TIMES_OK, *SEEDS_3, PAIRED_OK, CURVES_OK,
                                "Resultado: ¡bien! Todo lo que revisa esta autoevaluación está correcto."]


def test_whole_report_of_several_mistakes(capsys):
    # runs[0] and runs[3] are tiny's (seeds 0 and 1): one count typed as text, one accuracy in percent
    runs = _changed([(0, "exactitud", 87.0), (1, "segundos", float("inf")), (2, "historia", None),
                     (3, "parametros", "50890")])
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
        PAIRED_OK,
        "  ✘ 1 corrida(s) sin «loss» en «historia»: guardá historia.history, lo que devuelve fit.",
        "Resultado: todavía no (4 punto(s) por resolver).",
    ]


def test_whole_report_with_fewer_seeds_than_asked(capsys):
    ok, out = _check(capsys, make_runs(), n_seeds=4)
    assert ok is False
    assert out.splitlines()[6:11] == [
        PLAUSIBLE, TIMES_OK,
        "  ✘ tiny: 3 semilla(s) distinta(s); se piden al menos 4.",
        "  ✘ medium: 3 semilla(s) distinta(s); se piden al menos 4.",
        "  ✘ wide: 3 semilla(s) distinta(s); se piden al menos 4.",
    ]


def test_seeds_are_counted_per_architecture_and_must_pair(capsys):
    ok, out = _check(capsys, make_runs(acc={"wide": [0.855, 0.865]}), n_seeds=2)  # wide: 2 seeds only
    assert ok is False
    assert out.splitlines()[-4:-1] == [
        "  ✔ wide: 2 semillas distintas (se piden al menos 2).",
        "  ✘ Hay semillas que no entrenaron las tres arquitecturas: la comparación apareada necesita "
        "las tres con cada semilla.",
        CURVES_OK,
    ]


@pytest.mark.parametrize("results, line", [
    ([make_runs()[0], 3], f"  ✘ La corrida 1 no es un diccionario con las claves {KEYS}."),
    ([{"architecture": "tiny", "seed": 0}], f"  ✘ La corrida 0 no es un diccionario con las claves {KEYS}."),
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
    runs = [dict(r, arquitectura=rename.get(r["arquitectura"], r["arquitectura"])) for r in make_runs()]
    ok, out = _check(capsys, runs)
    assert ok is False
    assert out.splitlines() == [*HEAD[:2], line, "Resultado: todavía no (1 punto(s) por resolver)."]


@pytest.mark.parametrize("value, advice", [
    (0.70, None), (0.95, None), (0.6999, "loss"), (0.9501, "loss"),
    (1.0, "loss"),   # 1.0 is a fraction (100 %), too high, but not a percentage
    (1.5, "percent"), (True, "loss"), ("0.8", "loss"),
])
def test_accuracy_bounds_and_advice(capsys, value, advice):
    ok, out = _check(capsys, _changed([(0, "exactitud", value)]))
    assert ok is (advice is None)
    lines = out.splitlines()
    if advice is None:
        assert PLAUSIBLE in lines
    else:
        hint = {"loss": "evaluate devuelve [pérdida, exactitud]: ¿guardaste la pérdida?",
                "percent": "Guardá la fracción (0,87), no el porcentaje."}[advice]
        assert (f"  ✘ 1 exactitud(es) fuera de lo plausible (70 % a 95 %), por ejemplo {value!r}. {hint}"
                in lines)


@pytest.mark.parametrize("value, positive", [(1e-9, True), (3, True), (0.0, False), (-2, False),
                                             (float("inf"), False), (float("nan"), False), ("5 s", False),
                                             (None, False)])
def test_times_bounds(capsys, value, positive):
    ok, out = _check(capsys, _changed([(0, "segundos", value)]))
    assert ok is positive
    assert (TIMES_OK if positive else TIMES_BAD) in out.splitlines()


def test_numpy_scalars_count_as_numbers(capsys):
    """A student may keep what Keras hands back (NumPy float32)."""
    runs = make_runs()
    for r in runs:
        r["exactitud"], r["segundos"] = np.float32(r["exactitud"]), np.float64(r["segundos"])
    runs[0]["exactitud"] = np.float32(1.5)
    ok, out = _check(capsys, runs)
    assert ok is False
    assert "1 exactitud(es) fuera de lo plausible" in out and "no el porcentaje" in out
    assert TIMES_OK in out.splitlines()
