import numpy as np
import pytest

from clase102 import models, training


def _model():
    return models.compile_classifier(models.build_sequential([8], n_inputs=784))


def test_train_returns_history_and_time(tiny_xy, capsys):
    x, y = tiny_xy
    training.set_seed(0)
    run = training.train(_model(), x, y, epochs=2, batch_size=20, validation_split=0.2)
    assert run.epochs == 2 and run.seconds > 0
    assert set(run.history) >= {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert len(run.history["loss"]) == 2
    assert isinstance(run.last("val_accuracy"), float)
    with pytest.raises(KeyError, match="no tiene"):
        run.last("f1")
    assert capsys.readouterr().out == ""  # verbose=0 prints nothing


def test_seeds_reproduce(tiny_xy):
    x, y = tiny_xy
    losses = []
    for _ in range(2):
        training.set_seed(42)
        losses.append(training.train(_model(), x, y, epochs=1, batch_size=10).history["loss"])
    assert losses[0] == losses[1]


@pytest.mark.parametrize(
    "kwargs, exc",
    [
        ({"epochs": 0}, ValueError),
        ({"epochs": 1.5}, TypeError),
        ({"epochs": 1, "batch_size": 0}, ValueError),
        ({"epochs": 1, "validation_split": 1.0}, ValueError),
        ({"epochs": 1, "verbose": 3}, ValueError),
    ],
)
def test_train_rejects_bad_arguments(tiny_xy, kwargs, exc):
    x, y = tiny_xy
    with pytest.raises(exc):
        training.train(_model(), x, y, **kwargs)


def test_train_rejects_mismatched_and_non_model(tiny_xy):
    x, y = tiny_xy
    with pytest.raises(ValueError, match="misma cantidad"):
        training.train(_model(), x, y[:-1], epochs=1)
    with pytest.raises(TypeError, match="modelo"):
        training.train(object(), x, y, epochs=1)


def test_epoch_line_prints_one_clean_line_per_epoch(tiny_xy, capsys):
    x, y = tiny_xy
    training.train(_model(), x, y, epochs=2, callbacks=[training.EpochLine("tiny: ")])
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("tiny: época 1:")
    assert "\b" not in out and "\r" not in out


def test_set_seed_validation():
    assert training.set_seed(np.int64(3)) == 3
    with pytest.raises(ValueError):
        training.set_seed(-1)
    with pytest.raises(TypeError):
        training.set_seed("1")


def test_updates_per_epoch():
    assert training.updates_per_epoch(60000, 32) == 1875
    assert training.updates_per_epoch(55000, 32) == 1719  # last batch is short
    assert training.updates_per_epoch(10, 32) == 1
    with pytest.raises(ValueError):
        training.updates_per_epoch(10, 0)
