"""clase102.plots: every figure the pages draw (synthetic data; texts and data read back from the figure)."""

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from clase102 import data, plots
from helpers import make_runs

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


# --- sharper cases: what each figure promises, read back from it ----------------


def _rgb(color):
    from matplotlib.colors import to_rgb

    return to_rgb(color)


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


# --- the rest of what each figure sets (full mutation run): sizes, colours, fonts, ------
# --- markers, legends and tick texts, read back from the matplotlib objects ----------------------


def _hex(color):
    from matplotlib.colors import to_hex

    return to_hex(color, keep_alpha=True)


def test_image_grid_cell_sizes_colormap_and_fonts():
    x, y = _images(6)
    samples = plots.plot_samples(x, y, n_rows=2, n_cols=3)
    assert samples.get_size_inches().tolist() == pytest.approx([4.2, 3.2])  # 3 × 1,4 in wide, 2 × 1,6 in high
    assert type(samples.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    assert {ax.title.get_fontsize() for ax in samples.axes} == {9}
    assert {ax.get_images()[0].get_cmap().name for ax in samples.axes} == {"binary"}


@pytest.mark.parametrize("top, vmax", [(1.0, 1.0), (0.5, 1.0), (1.5, 255)])
def test_float_images_up_to_one_are_scaled_above_one_raw(top, vmax):
    x = np.full((1, 28, 28), 0.25, np.float32)  # no black pixel: white stays 0 all the same
    x[0, 0, 0] = top
    assert plots.plot_samples(x, [0], 1, 1).axes[0].get_images()[0].get_clim() == (0, vmax)


def test_plot_class_balance_bar_colour_size_and_count_labels_beside_each_bar():
    fig = plots.plot_class_balance(np.array([0, 0, 3]))
    ax = fig.axes[0]
    assert fig.get_size_inches().tolist() == pytest.approx([6.5, 3.6])
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    assert {_hex(bar.get_facecolor()) for bar in ax.patches} == {"#4c72b0ff"}
    assert [bar.get_y() + bar.get_height() / 2 for bar in ax.patches] == list(range(10))
    assert ax.get_yticks().tolist() == list(range(10))
    # the label of class k sits at the end of its bar (x = count, y = k), centred on it
    assert [tuple(map(int, t.get_position())) for t in ax.texts] == [
        (2, 0), (0, 1), (0, 2), (1, 3), (0, 4), (0, 5), (0, 6), (0, 7), (0, 8), (0, 9)]
    assert {(t.get_va(), t.get_fontsize()) for t in ax.texts} == {("center", 8)}


def test_accuracy_vs_time_colours_markers_error_bars_legend_and_grid():
    runs = make_runs()
    fig = plots.plot_accuracy_vs_time(runs)
    ax = fig.axes[0]
    assert fig.get_size_inches().tolist() == pytest.approx([8, 4.5])
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    points = [c for c in ax.collections if c.get_offsets().shape == (3, 2)]
    # one colour per architecture, half transparent (alpha 0,5 → 0x80), size 25 pt²
    assert [[_hex(f) for f in c.get_facecolors()] for c in points] == [["#1b9e7780"], ["#d95f0280"], ["#7570b380"]]
    assert [c.get_sizes().tolist() for c in points] == [[25], [25], [25]]
    means = [line for line in ax.get_lines() if line.get_marker() == "X"]
    assert len(means) == 3
    np.testing.assert_allclose([(line.get_xdata()[0], line.get_ydata()[0]) for line in means],
                               [(8.5, 0.85), (14, 0.87), (24, 0.865)])
    assert [_hex(line.get_markerfacecolor()) for line in means] == ["#1b9e77ff", "#d95f02ff", "#7570b3ff"]
    assert {(line.get_markersize(), _hex(line.get_markeredgecolor()), line.get_linestyle()) for line in means} == {
        (11, "#000000ff", "None")}
    # Tiny: 8,5 ± 0,5 s and 0,85 ± 0,01; the caps are 2 × capsize = 8 points long
    bars = [c for c in ax.collections if c.get_offsets().shape != (3, 2)]
    np.testing.assert_allclose(bars[0].get_segments(), [[[8.0, 0.85], [9.0, 0.85]]])
    np.testing.assert_allclose(bars[1].get_segments(), [[[8.5, 0.84], [8.5, 0.86]]])
    assert [_hex(c) for c in bars[0].get_colors()] == ["#1b9e77ff"]
    caps = [line for line in ax.get_lines() if line.get_marker() in ("|", "_")]
    assert len(caps) == 12 and {line.get_markersize() for line in caps} == {8}
    legend = ax.get_legend()
    assert legend._loc == 6  # "center left", outside: anchored at (1,01; 0,5) of the axes
    assert legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted()).bounds[:2] == pytest.approx((1.01, 0.5))
    assert {t.get_fontsize() for t in legend.get_texts()} == {8}
    for axis in (ax.xaxis, ax.yaxis):
        assert {(g.get_visible(), g.get_alpha()) for g in axis.get_gridlines()} == {(True, 0.3)}


def test_accuracy_vs_time_one_run_no_bars_and_an_unknown_architecture_in_grey():
    fig = plots.plot_accuracy_vs_time([{"arquitectura": "mía", "semilla": 0, "exactitud": 0.5, "segundos": 2.0}])
    ax = fig.axes[0]
    assert [_hex(f) for f in ax.collections[0].get_facecolors()] == ["#66666680"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["mía (media ± DE)"]
    # one run: no deviation, the bars have length zero (not NaN)
    assert [s.tolist() for s in ax.collections[1].get_segments()] == [[[2.0, 0.5], [2.0, 0.5]]]
    assert [s.tolist() for s in ax.collections[2].get_segments()] == [[[2.0, 0.5], [2.0, 0.5]]]


def test_accuracy_vs_time_tick_texts_with_decimal_comma_and_percent():
    fig = plots.plot_accuracy_vs_time(make_runs())
    ax = fig.axes[0]
    ax.set_xlim(8, 9)
    ax.set_xticks([8, 8.5, 9])
    ax.set_ylim(0.8, 0.9)  # a 10-point range: PercentFormatter shows one decimal
    ax.set_yticks([0.8, 0.85, 0.9])
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["8,0", "8,5", "9,0"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["80,0 %", "85,0 %", "90,0 %"]


THREE = ["a", "b", "c"]  # three classes: labels 0..2


@pytest.mark.parametrize("draw, message", [
    (lambda: plots.plot_samples(np.zeros((2, 28, 28)), [0, 1], 1, 0), r"^«n_cols» debe ser un entero positivo \(≥ 1\); recibí 0\.$"),
    (lambda: plots.plot_samples(np.zeros((2, 28, 28)), [0, 3], 1, 2, class_names=THREE), r"^Hay etiquetas en «y» fuera de 0\.\.2 "),
    (lambda: plots.plot_class_balance([0, 3], class_names=THREE), r"^Hay etiquetas en «y» fuera de 0\.\.2 "),
])
def test_the_figures_name_the_bad_argument_and_check_labels_against_their_class_names(draw, message):
    with pytest.raises(ValueError, match=message):
        draw()


def test_axis_offset_is_kept_with_a_decimal_comma():
    runs = make_runs(sec={"tiny": [150_000.1, 150_000.2, 150_000.3],
                          "medium": [150_000.4, 150_000.5, 150_000.6],
                          "wide": [150_000.7, 150_000.8, 150_000.9]})
    fig = plots.plot_accuracy_vs_time(runs)
    fig.savefig(io.BytesIO())  # a real draw: the axis sets its offset text there
    ax = fig.axes[0]
    # matplotlib's own formatter on the same limits says which offset the ticks leave out
    plain = plt.figure().subplots()
    plain.set_xlim(ax.get_xlim())
    plain.figure.savefig(io.BytesIO())
    expected = plain.xaxis.get_offset_text().get_text()
    plt.close(plain.figure)
    assert "." in expected  # "+1.5e5": the ticks alone (0,0, 0,1, …) would be wrong without it
    assert ax.xaxis.get_offset_text().get_text() == expected.replace(".", ",")
