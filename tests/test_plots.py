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


# --- sharper cases (issue 15): what each figure promises, read back from it ----------------


def _rgb(color):
    from matplotlib.colors import to_rgb

    return to_rgb(color)


def test_plot_predictions_green_when_right_red_when_wrong_and_grid_size():
    x = np.zeros((5, 28, 28), dtype=np.uint8)
    fig = plots.plot_predictions(x, [0, 1, 2, 3, 4], [0, 1, 9, 3, 8], n_cols=2)
    assert len(fig.axes) == 6  # ceil(5 / 2) = 3 rows of 2
    for ax, right in zip(fig.axes, [True, True, False, True, False]):
        r, g, b = _rgb(ax.title.get_color())
        assert (g > r) if right else (r > g), ax.get_title()
    assert all(not ax.axison for ax in fig.axes)  # no frames, also on the empty cell
    assert fig.axes[0].get_images()[0].get_clim() == (0, 255)  # raw pixels
    assert len(plots.plot_predictions(x, [0] * 5, [0] * 5).axes) == 5  # default: 5 columns, one row
    assert fig.number not in plt.get_fignums()


def test_plot_predictions_rounds_the_probability_of_the_prediction():
    probs = np.zeros((2, 10), np.float32)
    probs[0, 3], probs[1, 0] = 0.996, 0.254
    fig = plots.plot_predictions(np.zeros((2, 784), np.float32), [3, 1], [3, 0], probs)
    assert [ax.get_title() for ax in fig.axes[:2]] == ["pred.: Vestido (100 %)\nreal: Vestido",
                                                       "pred.: Remera/top (25 %)\nreal: Pantalón"]


@pytest.mark.parametrize("probs, message", [
    (np.zeros((2, 9)), r"^«probabilities» debe ser la salida de predict, de forma \(2, 10\); recibí forma \(2, 9\) y dtype float64\.$"),
    (np.zeros((2, 10), int), r"recibí forma \(2, 10\) y dtype int64\.$"),
    (np.full((2, 10), np.nan), r"^Hay valores NaN o infinitos en «probabilities»\.$"),
])
def test_plot_predictions_rejects_probabilities_that_predict_would_not_return(probs, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_predictions(np.zeros((2, 28, 28)), [1, 2], [1, 2], probs)


def test_plot_class_balance_labels_limits_and_order():
    y = np.array([4] * 1234 + [0])
    fig = plots.plot_class_balance(y)
    ax = fig.axes[0]
    assert ax.get_title() == "Imágenes por clase"
    assert [t.get_text() for t in ax.texts][:5] == [" 1", " 0", " 0", " 0", " 1.234"]
    assert ax.get_xlim() == pytest.approx((0, 1234 * 1.15))
    assert ax.yaxis_inverted()  # class 0 on top, like the table
    one = plots.plot_class_balance(np.array([2])).axes[0]
    assert one.get_xlim() == pytest.approx((0, 1.15))
    assert [bar.get_width() for bar in one.patches] == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]


def test_plot_samples_shows_images_in_order_with_their_range():
    x, y = _images(6)
    fig = plots.plot_samples(x, y, n_rows=2, n_cols=3)
    for ax, image in zip(fig.axes, x):
        np.testing.assert_array_equal(ax.get_images()[0].get_array(), image)
        assert not ax.axison
    assert fig.axes[0].get_images()[0].get_clim() == (0, 255)
    floats = plots.plot_samples(x.astype(np.float32), y, 1, 1)  # floats above 1: raw pixels
    assert floats.axes[0].get_images()[0].get_clim() == (0, 255)
    default = plots.plot_samples(*_images(18))
    assert len(default.axes) == 18  # 3 × 6
    with pytest.raises(ValueError, match=r"^La grilla de 2 × 2 necesita 4 imágenes; recibí 3\.$"):
        plots.plot_samples(x[:3], y[:3], 2, 2)
    with pytest.raises(ValueError, match=r"^Se esperaba un lote de imágenes \(n, alto, ancho\) o \(n, 784\); recibí forma \(4, 28\)\.$"):
        plots.plot_samples(np.zeros((4, 28)), np.zeros(4, int), 1, 1)


def test_accuracy_vs_time_points_are_the_runs_and_bars_the_mean_and_sd():
    runs = make_runs()
    fig = plots.plot_accuracy_vs_time(runs)
    ax = fig.axes[0]
    points = [c.get_offsets().tolist() for c in ax.collections if c.get_offsets().shape == (3, 2)]
    tiny = [[8.0, 0.84], [8.5, 0.85], [9.0, 0.86]]
    assert tiny in points
    line = ax.get_lines()[0]  # the first mean marker: Tiny's (8,5 s; 0,85)
    assert line.get_xdata()[0] == pytest.approx(8.5) and line.get_ydata()[0] == pytest.approx(0.85)
    assert ax.get_title() == "Exactitud contra tiempo: cada punto chico es una corrida"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Tiny (media ± DE)", "Medium (media ± DE)", "Wide (media ± DE)"]
    fig.canvas.draw()
    xticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert xticks and not any("." in t for t in xticks)


def test_learning_curves_validation_solid_training_dashed_labels_once():
    runs = make_runs(epochs=3)
    runs[3]["history"] = {"val_accuracy": [0.1, 0.2, 0.3]}  # Tiny's 2nd seed: no training curve
    fig = plots.plot_learning_curves(runs)
    tiny = fig.axes[0]
    lines = tiny.get_lines()
    assert len(lines) == 5  # 3 validation + 2 training
    assert [ln.get_linestyle() for ln in lines] == ["-", "--", "-", "-", "--"]
    assert lines[2].get_ydata().tolist() == [0.1, 0.2, 0.3] and lines[2].get_xdata().tolist() == [1, 2, 3]
    assert [t.get_text() for t in tiny.get_legend().get_texts()] == ["validación", "entrenamiento"]
    assert tiny.get_xlim() == (0.5, 3.5) and tiny.get_xlabel() == "Época"
    assert tiny.get_ylabel() == "Exactitud" and fig.axes[1].get_ylabel() == ""
    assert fig._suptitle.get_text() == "Curvas de aprendizaje: exactitud por época (una línea por semilla)"
    assert fig.axes[1].get_shared_y_axes().joined(fig.axes[0], fig.axes[1])


def test_learning_curves_skip_runs_without_validation_and_say_not_yet(capsys):
    runs = make_runs(acc={"medium": [], "wide": []})
    for r in runs:
        r["history"] = {"accuracy": [0.5]}
    assert plots.plot_learning_curves(runs) is None
    assert capsys.readouterr().out.strip() == plots.stats.NO_RUNS
