"""clase102.plots: every figure the pages draw (synthetic data; texts and data read back from the figure)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from clase102 import data, plots
from test_stats import make_runs

# --- book/dataset ------------------------------------------------------------------------


def _images(n=12):
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), np.arange(n) % 10


def test_plot_samples_titles_are_the_spanish_class_names():
    x, y = _images(12)
    fig = plots.plot_samples(x, y, n_rows=2, n_cols=5)
    assert isinstance(fig, Figure)
    axes = fig.axes
    assert len(axes) == 10
    assert [ax.get_title() for ax in axes] == [data.CLASS_NAMES[i] for i in y[:10]]
    assert axes[0].get_images()[0].get_array().shape == (28, 28)
    assert fig.number not in plt.get_fignums()  # closed: shown once, when returned


def test_plot_samples_accepts_flattened_scaled_images_and_custom_names():
    x, y = _images(4)
    fig = plots.plot_samples(data.prepare_images(x), y, 1, 4, class_names=[f"c{i}" for i in range(10)])
    assert [ax.get_title() for ax in fig.axes] == [f"c{i}" for i in y]
    assert fig.axes[0].get_images()[0].get_clim() == (0, 1.0)


@pytest.mark.parametrize(
    "x, y, rows, cols, exc, fragment",
    [
        (np.zeros((3, 28, 28)), np.zeros(3, int), 2, 2, ValueError, "necesita 4 imágenes"),
        (np.zeros((4, 28, 28)), np.zeros(3, int), 2, 2, ValueError, "misma cantidad"),
        (np.zeros((4, 28)), np.zeros(4, int), 1, 1, ValueError, "lote de imágenes"),
        (np.zeros((4, 28, 28)), np.full(4, 10), 1, 1, ValueError, "fuera de 0..9"),
        (np.zeros((4, 28, 28)), np.zeros(4), 1, 1, TypeError, "enteros"),
        (np.zeros((4, 28, 28)), np.zeros(4, int), 0, 1, ValueError, "n_rows"),
    ],
)
def test_plot_samples_rejects_bad_input_in_spanish(x, y, rows, cols, exc, fragment):
    with pytest.raises(exc, match=fragment):
        plots.plot_samples(x, y, rows, cols)


def test_plot_class_balance_bars_are_the_counts():
    y = np.array([0, 0, 0, 3, 9, 9])
    fig = plots.plot_class_balance(y, title="Prueba")
    ax = fig.axes[0]
    heights = [bar.get_width() for bar in ax.patches]
    assert heights == [3, 0, 0, 1, 0, 0, 0, 0, 0, 2]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(data.CLASS_NAMES)
    assert ax.get_title() == "Prueba"
    assert ax.get_xlabel() == "Cantidad de imágenes"
    with pytest.raises(ValueError, match="vector"):
        plots.plot_class_balance(np.zeros((2, 2), int))


# --- book/entrenar -----------------------------------------------------------------------


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
    with pytest.raises(ValueError):
        plots.plot_predictions(x, [1, 2], [1, 2], n_cols=0)


# --- the homework ------------------------------------------------------------------------


def _texts(fig):
    texts = [fig._suptitle.get_text()] if fig._suptitle else []
    for ax in fig.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        legend = ax.get_legend()
        texts += [t.get_text() for t in legend.get_texts()] if legend else []
    return [t for t in texts if t]


def test_accuracy_vs_time_figure():
    fig = plots.plot_accuracy_vs_time(make_runs())
    assert isinstance(fig, Figure)
    texts = _texts(fig)
    assert "Tiempo de fit (segundos)" in texts and "Exactitud en prueba" in texts
    assert "Medium (media ± DE)" in texts
    ax = fig.axes[0]
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert all("," in t or t.endswith(" %") for t in ticks) and not any("." in t for t in ticks)


def test_learning_curves_one_panel_per_architecture_one_line_per_seed_and_curve():
    fig = plots.plot_learning_curves(make_runs(epochs=4))
    assert len(fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes] == ["Tiny (3 corridas)", "Medium (3 corridas)", "Wide (3 corridas)"]
    assert len(fig.axes[0].get_lines()) == 6  # validation + training per seed
    assert fig.axes[0].get_xticks().tolist() == [1, 2, 3, 4]
    assert "entrenamiento" in _texts(fig) and "validación" in _texts(fig)


def test_learning_curves_accept_a_keras_history_and_partial_runs():
    class History:  # what fit returns: the dict is in .history
        def __init__(self, h):
            self.history = h

    runs = [dict(r, history=History(r["history"])) for r in make_runs(acc={"medium": [], "wide": []}, epochs=1)]
    fig = plots.plot_learning_curves(runs)
    assert len(fig.axes) == 1 and fig.axes[0].get_title() == "Tiny (3 corridas)"
