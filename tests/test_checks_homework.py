"""The homework's self-check: right and wrong answers, Spanish feedback, never raises."""

import keras
import pytest

from clase102 import checks
from test_stats import make_runs


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
