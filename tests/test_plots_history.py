"""plot_history and plot_predictions (page book/entrenar)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from clase102 import plots
from clase102.training import TrainingRun

HIST = {
    "loss": [1.0, 0.6, 0.5],
    "accuracy": [0.6, 0.7, 0.8],
    "val_loss": [1.1, 0.7, 0.65],
    "val_accuracy": [0.55, 0.68, 0.7],
}


class _FakeHistory:  # what model.fit returns: an object with .history
    history = HIST


@pytest.mark.parametrize("source", [HIST, TrainingRun(history=HIST, epochs=3), _FakeHistory()])
def test_plot_history_accepts_dict_run_and_history(source):
    fig = plots.plot_history(source, title="Curvas")
    assert isinstance(fig, Figure)
    axes = fig.axes
    assert [ax.get_title() for ax in axes] == ["Pérdida", "Exactitud (accuracy)"]
    for ax, key in zip(axes, ["loss", "accuracy"]):
        assert ax.get_xlabel() == "Época"
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["entrenamiento", "validación"]
        train, val = ax.get_lines()
        assert list(train.get_xdata()) == [1, 2, 3]
        assert list(train.get_ydata()) == HIST[key] and list(val.get_ydata()) == HIST[f"val_{key}"]


def test_plot_history_without_validation_or_accuracy():
    fig = plots.plot_history({"loss": [0.3, 0.2]})
    (ax,) = fig.axes
    assert ax.get_title() == "Pérdida" and len(ax.get_lines()) == 1


@pytest.mark.parametrize(
    "bad, exc, match",
    [
        ([1, 2], TypeError, "historia"),
        ({"accuracy": [0.5]}, ValueError, "loss"),
        ({"loss": []}, ValueError, "vacía"),
        ({"loss": [1.0, 0.5], "val_loss": [1.0]}, ValueError, "uno por época"),
    ],
)
def test_plot_history_rejects_bad_input(bad, exc, match):
    with pytest.raises(exc, match=match):
        plots.plot_history(bad)


def test_plot_predictions_titles_and_colors():
    x = np.zeros((3, 784), dtype=np.float32)
    probs = np.full((3, 10), 0.05)
    probs[[0, 1, 2], [9, 1, 0]] = 0.55
    fig = plots.plot_predictions(x, [9, 2, 0], probs.argmax(1), probs, n_cols=2)
    titles = [ax.get_title() for ax in fig.axes[:3]]
    assert titles[0] == "pred.: Botín (55 %)\nreal: Botín"
    assert titles[1] == "pred.: Pantalón (55 %)\nreal: Buzo"
    assert fig.axes[0].title.get_color() != fig.axes[1].title.get_color()
    assert len(fig.axes) == 4 and fig.axes[3].get_title() == ""  # 2 × 2 grid, last one empty


def test_plot_predictions_without_probabilities_and_bad_input():
    x = np.zeros((2, 28, 28), dtype=np.uint8)
    fig = plots.plot_predictions(x, [1, 2], [1, 2])
    assert fig.axes[0].get_title() == "pred.: Pantalón\nreal: Pantalón"
    with pytest.raises(ValueError, match="misma cantidad"):
        plots.plot_predictions(x, [1], [1, 2])
    with pytest.raises(ValueError, match="forma"):
        plots.plot_predictions(x, [1, 2], [1, 2], probabilities=np.zeros((2, 3)))
    with pytest.raises(ValueError):
        plots.plot_predictions(x, [1, 2], [1, 2], n_cols=0)


def test_plot_history_ticks_use_spanish_decimals():
    fig = plots.plot_history(HIST)
    fig.canvas.draw()
    loss_ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    acc_ticks = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    assert loss_ticks and all("." not in t for t in loss_ticks) and any("," in t for t in loss_ticks)
    assert acc_ticks and all(t.endswith(" %") and "." not in t for t in acc_ticks)
