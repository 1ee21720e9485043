"""The homework's comparison: runs, summaries, the criterion and the figures."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from clase102 import comparison, comparison_plots  # noqa: E402
from clase102.data import CLASS_NAMES  # noqa: E402

N_FEATURES = 12


@pytest.fixture(scope="module")
def split():
    rng = np.random.default_rng(7)

    def part(n):
        return rng.random((n, N_FEATURES), dtype=np.float32), np.arange(n) % 10

    return part(40), part(10), part(20)


@pytest.fixture(scope="module")
def runs(split):
    (x_tr, y_tr), val, (x_te, y_te) = split
    return comparison.run_comparison(
        x_tr, y_tr, x_te, y_te, validation_data=val, architectures=["tiny", "medium", "wide"],
        seeds=2, epochs=2, batch_size=16, keep_predictions=True, progress=False,
    )


def _run(split, **kwargs):
    (x_tr, y_tr), val, (x_te, y_te) = split
    args = dict(validation_data=val, architectures=["tiny"], seeds=1, epochs=1,
                batch_size=16, progress=False)
    args.update(kwargs)
    return comparison.run_comparison(x_tr, y_tr, x_te, y_te, **args)


# ------------------------------------------------------------------ runs


def test_one_row_per_run_with_every_column(runs):
    assert len(runs) == 6
    assert list(runs.columns) == comparison.RUN_COLUMNS + ["test_predictions"]
    assert runs.groupby("architecture").size().to_dict() == {"tiny": 2, "medium": 2, "wide": 2}
    # seed by seed through all architectures
    assert list(zip(runs["seed"], runs["architecture"]))[:3] == [(0, "tiny"), (0, "medium"), (0, "wide")]
    assert (runs["epochs"] == 2).all() and (runs["batch_size"] == 16).all()
    assert (runs[["n_train", "n_val", "n_test"]].iloc[0].tolist()) == [40, 10, 20]
    assert (runs["fit_seconds"] > 0).all()
    assert runs["test_accuracy"].between(0, 1).all()
    assert all(len(c) == 2 for c in runs["val_accuracy_curve"])
    assert (runs["final_val_accuracy"] == [c[-1] for c in runs["val_accuracy_curve"]]).all()
    assert runs["hidden"].tolist()[:3] == ["64", "256 → 128", "1024"]
    preds = runs["test_predictions"].iloc[0]
    assert preds.shape == (20,) and preds.min() >= 0 and preds.max() <= 9
    # the predictions agree with the accuracy evaluate() reported
    y_te = np.arange(20) % 10
    for r in runs.itertuples():
        assert np.mean(r.test_predictions == y_te) == pytest.approx(r.test_accuracy)


def test_parameter_counts_follow_the_input_size(runs):
    by_arch = runs.groupby("architecture")["parameters"].first().to_dict()
    assert by_arch == {
        "tiny": 12 * 64 + 64 + 64 * 10 + 10,
        "medium": 12 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10,
        "wide": 12 * 1024 + 1024 + 1024 * 10 + 10,
    }


def test_parameter_counts_on_784_inputs_without_training():
    assert comparison.parameter_counts() == {"tiny": 50_890, "medium": 235_146, "wide": 814_090}
    assert comparison.parameter_counts(["wide"], n_inputs=2, n_classes=3) == {"wide": 2 * 1024 + 1024 + 1024 * 3 + 3}


def test_seeds_reproduce_and_differ(split, runs):
    cols = ["test_accuracy", "test_loss", "final_val_accuracy", "accuracy_curve"]
    a = _run(split, seeds=[1], epochs=2)  # as in the `runs` fixture
    b = _run(split, seeds=[1], epochs=2)
    pd.testing.assert_frame_equal(a[cols], b[cols])
    # the same seed inside the 2-seed comparison gave the same run
    same = runs[(runs["architecture"] == "tiny") & (runs["seed"] == 1)]
    assert same["test_loss"].iloc[0] == a["test_loss"].iloc[0]
    # another seed, another run
    other = runs[(runs["architecture"] == "tiny") & (runs["seed"] == 0)]
    assert other["test_loss"].iloc[0] != a["test_loss"].iloc[0]


def test_progress_is_one_plain_line_per_run(split, capsys):
    _run(split, architectures=["tiny", "medium"], progress=True)
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("[1/2] Tiny, semilla 0: accuracy en test ")
    assert lines[1].startswith("[2/2] Medium, semilla 0:")
    assert " %" in lines[0] and lines[0].endswith(" s") and "fit " in lines[0]
    assert "\r" not in out and "\b" not in out


def test_curves_frame_is_tidy(runs):
    curves = comparison.curves_frame(runs)
    assert list(curves.columns) == comparison.CURVE_COLUMNS
    assert len(curves) == 6 * 2
    assert curves["epoch"].tolist()[:2] == [1, 2]
    first = runs.iloc[0]
    assert curves["val_accuracy"].tolist()[:2] == list(first["val_accuracy_curve"])


def test_best_run(runs):
    best = comparison.best_run(runs)
    assert best["test_accuracy"] == runs["test_accuracy"].max()


# ------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "kwargs, exc, fragment",
    [
        ({"architectures": []}, ValueError, "vacía"),
        ({"architectures": "tiny"}, TypeError, "lista de nombres"),
        ({"architectures": ["tiny", "huge"]}, ValueError, "desconocida: 'huge'"),
        ({"architectures": ["tiny", "tiny"]}, ValueError, "repetidas"),
        ({"seeds": 0}, ValueError, "al menos una semilla"),
        ({"seeds": -2}, ValueError, "al menos una semilla"),
        ({"seeds": []}, ValueError, "semillas está vacía"),
        ({"seeds": [1, 1]}, ValueError, "repetidas"),
        ({"seeds": [0, -1]}, ValueError, "entero ≥ 0"),
        ({"seeds": [0.5]}, ValueError, "entero ≥ 0"),
        ({"seeds": True}, TypeError, "seeds"),
        ({"seeds": "3"}, TypeError, "seeds"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": 1.5}, TypeError, "epochs"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"validation_data": None}, TypeError, "validation_data"),
    ],
)
def test_bad_arguments_are_rejected_in_spanish(split, kwargs, exc, fragment):
    with pytest.raises(exc, match=fragment):
        _run(split, **kwargs)


def test_bad_data_is_rejected_in_spanish(split):
    (x_tr, y_tr), val, (x_te, y_te) = split
    kw = dict(validation_data=val, seeds=1, epochs=1, progress=False)
    with pytest.raises(ValueError, match="misma cantidad de muestras"):
        comparison.run_comparison(x_tr, y_tr[:-1], x_te, y_te, **kw)
    with pytest.raises(ValueError, match="misma cantidad de muestras"):
        comparison.run_comparison(x_tr, y_tr, x_te[:-1], y_te, **kw)
    with pytest.raises(ValueError, match="aplanadas"):
        comparison.run_comparison(x_tr.reshape(40, 3, 4), y_tr, x_te, y_te, **kw)
    with pytest.raises(ValueError, match="misma forma"):
        comparison.run_comparison(x_tr, y_tr, x_te[:, :5], y_te, **kw)
    with pytest.raises(ValueError, match="fuera de 0..9"):
        comparison.run_comparison(x_tr, y_tr + 1, x_te, y_te, **kw)
    with pytest.raises(TypeError, match="enteros"):
        comparison.run_comparison(x_tr, y_tr.astype(float), x_te, y_te, **kw)
    with pytest.raises(ValueError, match="vacío"):
        comparison.run_comparison(x_tr[:0], y_tr[:0], x_te, y_te, **kw)


# ------------------------------------------------------------- protocol


def test_protocol_full_and_quick():
    full = comparison.protocol({})
    assert (full.seeds, full.epochs, full.batch_size, full.quick) == ((0, 1, 2), 5, 32, False)
    assert full.architectures == ("tiny", "medium", "wide")
    assert full.train_per_class is None and full.validation_size == 5000
    assert comparison.protocol({"CLASE102_QUICK": "0"}) == full
    quick = comparison.protocol({"CLASE102_QUICK": "1"})
    assert quick.quick and quick.epochs == 1 and len(quick.seeds) == 2
    assert quick.train_per_class == 200
    table = quick.table()
    assert list(table.columns) == ["Valor"] and table.index.name == "Parámetro"
    assert table.loc["Épocas", "Valor"] == "1"
    assert table.loc["MODO RÁPIDO", "Valor"].startswith("CLASE102_QUICK=1: 200 imágenes")
    assert "MODO RÁPIDO" not in full.table().index
    assert full.table().loc["Tamaño de lote", "Valor"] == "32"
    with pytest.raises(ValueError, match="CLASE102_QUICK"):
        comparison.protocol({"CLASE102_QUICK": "quizás"})


def test_prepare_data_from_a_folder(tiny_idx_dir):
    folder, (x_train, y_train), (x_test, y_test) = tiny_idx_dir
    data = comparison.prepare_data(comparison.Protocol(validation_size=2), data_dir=folder, verify=False)
    assert data.x_train.shape == (10, 784) and data.x_val.shape == (2, 784)
    assert data.x_test.shape == (5, 784) and float(data.x_train.max()) <= 1.0
    assert data.y_val.tolist() == y_train[-2:].tolist()
    assert data.sizes()["Imágenes"].tolist() == ["10", "2", "5"]
    quick = comparison.Protocol(validation_size=2, train_per_class=1, quick=True)
    small = comparison.prepare_data(quick, data_dir=folder, verify=False)
    assert sorted(small.y_train.tolist()) == list(range(10))  # one per class
    assert len(small.y_test) == 5  # the test set is never cut
    with pytest.raises(TypeError, match="Protocol"):
        comparison.prepare_data({"epochs": 5}, data_dir=folder, verify=False)


# ------------------------------------------------------ summary and table


def _frame(values):
    """Hand-made runs: {arch: ([accuracies], [seconds])}."""
    params = {"tiny": 50_890, "medium": 235_146, "wide": 814_090}
    rows = []
    for arch, (accs, secs) in values.items():
        for seed, (a, s) in enumerate(zip(accs, secs)):
            rows.append({"architecture": arch, "seed": seed, "parameters": params[arch],
                         "test_accuracy": a, "fit_seconds": s})
    return pd.DataFrame(rows)


def test_summary_math():
    runs = _frame({"tiny": ([0.80, 0.82, 0.84], [10, 12, 14]), "wide": ([0.9, 0.9], [30, 30])})
    s = comparison.summarize(runs)
    assert s["architecture"].tolist() == ["tiny", "wide"]
    tiny = s.iloc[0]
    assert tiny["accuracy_mean"] == pytest.approx(0.82)
    assert tiny["accuracy_sd"] == pytest.approx(0.02)  # sample sd (ddof=1)
    assert tiny["seconds_mean"] == pytest.approx(12) and tiny["seconds_sd"] == pytest.approx(2)
    assert (tiny["n_seeds"], tiny["parameters"]) == (3, 50_890)
    assert s.iloc[1]["accuracy_sd"] == 0
    table = comparison.summary_table(s)
    assert list(table.columns) == ["Capas ocultas", "Parámetros", "Semillas",
                                   "Accuracy en test (media ± DE)", "Tiempo de fit (media ± DE)"]
    assert table.loc["Tiny", "Parámetros"] == "50.890"
    assert table.loc["Tiny", "Accuracy en test (media ± DE)"] == "82,00 ± 2,00 %"
    assert table.loc["Wide", "Tiempo de fit (media ± DE)"] == "30,0 ± 0,0 s"
    one = comparison.summary_table(comparison.summarize(_frame({"tiny": ([0.8], [9])})))
    assert one.loc["Tiny", "Accuracy en test (media ± DE)"] == "80,00 % (una sola semilla)"


def test_runs_table_and_summary_reject_bad_frames(runs):
    t = comparison.runs_table(runs)
    assert list(t.columns)[:4] == ["Arquitectura", "Semilla", "Accuracy en test", "Tiempo de fit"]
    assert len(t) == 6 and t["Tiempo de fit"].str.endswith(" s").all()
    with pytest.raises(ValueError, match="faltan columnas: fit_seconds"):
        comparison.summarize(runs.drop(columns="fit_seconds"))
    with pytest.raises(ValueError, match="vacío"):
        comparison.summarize(runs.iloc[:0])
    with pytest.raises(TypeError, match="DataFrame"):
        comparison.summarize([1, 2])
    with pytest.raises(TypeError, match="summarize"):
        comparison.summary_table(runs)


# --------------------------------------------------------------- criterion

# Medium is both clearly more accurate than Wide and faster.
MEDIUM_WINS = {
    "tiny": ([0.850, 0.851, 0.849], [20, 21, 22]),
    "medium": ([0.880, 0.881, 0.879], [44, 45, 46]),
    "wide": ([0.860, 0.861, 0.859], [74, 75, 76]),
}
# Wide is clearly the most accurate and not much slower than Medium.
WIDE_WINS = {
    "tiny": ([0.850, 0.851, 0.849], [20, 21, 22]),
    "medium": ([0.860, 0.861, 0.859], [44, 45, 46]),
    "wide": ([0.900, 0.901, 0.899], [47, 48, 49]),
}
# The one-seed numbers, with a spread of a few tenths: Medium − Wide = 0.0003.
WITHIN_SPREAD = {
    "tiny": ([0.8626, 0.8590, 0.8650], [21.6, 21.0, 22.3]),
    "medium": ([0.8668, 0.8630, 0.8700], [44.2, 43.8, 45.0]),
    "wide": ([0.8665, 0.8700, 0.8624], [74.7, 73.9, 75.2]),
}


def test_pareto_and_balance_score_by_hand():
    s = comparison.summarize(_frame(MEDIUM_WINS))
    assert comparison.pareto_optimal(s) == ["tiny", "medium"]  # wide: slower and less accurate
    scores = comparison.balance_score(s)
    # acc_norm: tiny 0, medium 1, wide (0.86−0.85)/(0.88−0.85) = 1/3
    # time_norm: tiny 1, medium (75−45)/(75−21) = 30/54, wide 0
    assert scores["tiny"] == pytest.approx(0.5)
    assert scores["medium"] == pytest.approx(0.5 + 0.5 * 30 / 54)
    assert scores["wide"] == pytest.approx(0.5 / 3)
    flat = comparison.summarize(_frame({"tiny": ([0.8, 0.8], [1, 1]), "wide": ([0.8, 0.8], [1, 1])}))
    assert comparison.balance_score(flat) == {"tiny": 1.0, "wide": 1.0}
    assert comparison.pareto_optimal(flat) == ["tiny", "wide"]


def test_medium_wins_and_deep_beats_wide():
    v = comparison.judge_criterion(_frame(MEDIUM_WINS))
    assert v.reference_wins and v.best_balanced == ["medium"]
    assert v.deep_beats_wide and v.gap_exceeds_spread and v.rival_not_clearly_better
    assert v.rival_has_more_params
    assert v.reference_vs_rival["diff"] == pytest.approx(0.02)
    p = comparison.verdict_phrases(v)
    assert p["reference_wins"].startswith("Sí: Medium es óptimo de Pareto")
    assert p["deep_vs_wide"].startswith("Los números respaldan")
    assert p["gap_exceeds"] == "supera"
    assert p["gap_text"] == "2,00 puntos más de accuracy media que Wide"
    assert p["threshold"] == f"{100 * v.reference_vs_rival['threshold']:.2f} puntos".replace(".", ",")
    table = comparison.criterion_table(v)
    assert table["¿Se cumple?"].tolist() == ["sí"] * 6
    assert p["pareto"] == "Tiny, Medium" and p["wide_more_params"] == "Sí"


def test_wide_wins_contradicts_the_lesson():
    v = comparison.judge_criterion(_frame(WIDE_WINS))
    # every architecture is on the Pareto front (each is faster or more accurate than the rest) …
    assert v.pareto == ["tiny", "medium", "wide"]
    # … but Tiny (fastest) and Wide (most accurate) both score ½ and Medium much less
    assert v.best_balanced == ["tiny", "wide"] and not v.reference_wins
    assert v.scores["medium"] == pytest.approx(0.5 * 0.2 + 0.5 * 3 / 27)
    assert not v.deep_beats_wide and not v.rival_not_clearly_better
    p = comparison.verdict_phrases(v)
    assert p["reference_wins"] == (
        "No: Medium es óptimo de Pareto y el mejor puntaje de balance es de Tiny y Wide.")
    assert p["deep_vs_wide"].startswith("Los números contradicen")
    assert p["wide_not_better"] == "Wide sí es claramente mejor que Medium"
    assert p["gap_text"] == "4,00 puntos menos de accuracy media que Wide"
    assert comparison.criterion_table(v)["¿Se cumple?"].tolist() == ["sí", "no", "no", "sí", "no", "no"]


def test_differences_within_spread():
    v = comparison.judge_criterion(_frame(WITHIN_SPREAD))
    row = v.reference_vs_rival
    assert row["diff"] == pytest.approx((0.8668 + 0.8630 + 0.8700 - 0.8665 - 0.8700 - 0.8624) / 3)
    sd_m = np.std([0.8668, 0.8630, 0.8700], ddof=1)
    sd_w = np.std([0.8665, 0.8700, 0.8624], ddof=1)
    assert row["se"] == pytest.approx(math.sqrt(sd_m**2 / 3 + sd_w**2 / 3))
    assert row["threshold"] == pytest.approx(2 * row["se"])
    assert not v.gap_exceeds_spread and not v.deep_beats_wide and v.rival_not_clearly_better
    p = comparison.verdict_phrases(v)
    assert p["deep_vs_wide"].startswith("Los números no respaldan")
    assert p["gap_exceeds"] == "no supera"
    assert p["gap_text"] == "0,03 puntos más de accuracy media que Wide"
    assert comparison.criterion_table(v)["¿Se cumple?"].tolist()[-2:] == ["sí", "no"]
    # a larger k never makes a difference "exceed" that did not before; a tiny k does
    assert comparison.judge_criterion(_frame(WITHIN_SPREAD), k=0.01).gap_exceeds_spread
    table = comparison.differences_table(v.differences)
    assert table.index.tolist() == ["Tiny − Medium", "Tiny − Wide", "Medium − Wide"]
    assert table.columns[1] == "Umbral (2 errores estándar)"
    assert table.loc["Medium − Wide", "Diferencia de accuracy media"] == "0,03 puntos"
    assert set(table["¿Supera la dispersión?"]) <= {"sí", "no"}


def test_reversed_pair_order_is_handled():
    # wide listed before medium: the pair is stored as (wide, medium)
    frame = _frame({"wide": MEDIUM_WINS["wide"], "medium": MEDIUM_WINS["medium"]})
    v = comparison.judge_criterion(frame)
    assert v.reference_vs_rival["a"] == "medium"
    assert v.reference_vs_rival["diff"] == pytest.approx(0.02)


def test_judge_rejects_what_it_cannot_judge():
    with pytest.raises(ValueError, match="al menos 2 semillas"):
        comparison.judge_criterion(_frame({"medium": ([0.8], [1]), "wide": ([0.8], [2])}))
    with pytest.raises(ValueError, match="rival 'wide'"):
        comparison.judge_criterion(_frame({"tiny": MEDIUM_WINS["tiny"], "medium": MEDIUM_WINS["medium"]}))
    with pytest.raises(ValueError, match="distintas"):
        comparison.judge_criterion(_frame(MEDIUM_WINS), rival="medium")
    with pytest.raises(ValueError, match="«k»"):
        comparison.judge_criterion(_frame(MEDIUM_WINS), k=0)


def test_confusion_matrix():
    m = comparison.confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2], n_classes=3)
    assert m.tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert m.sum() == 4
    with pytest.raises(ValueError, match="mismo largo"):
        comparison.confusion_matrix([0, 1], [0], n_classes=3)
    with pytest.raises(ValueError, match="fuera de 0..2"):
        comparison.confusion_matrix([0, 3], [0, 1], n_classes=3)


def test_last_epoch_gain(runs):
    gains = comparison.last_epoch_gain(runs)
    assert list(gains) == ["tiny", "medium", "wide"]
    tiny = runs[runs["architecture"] == "tiny"]["val_accuracy_curve"]
    assert gains["tiny"] == pytest.approx(np.mean([c[1] - c[0] for c in tiny]))
    one = runs.assign(val_accuracy_curve=[c[:1] for c in runs["val_accuracy_curve"]])
    assert math.isnan(comparison.last_epoch_gain(one)["wide"])


def test_most_confused():
    m = np.array([[5, 1, 0], [4, 9, 2], [0, 3, 7]])
    assert comparison.most_confused(m, ["a", "b", "c"]) == ("b", "a", 4)
    with pytest.raises(ValueError, match="cuadrada"):
        comparison.most_confused(m[:2], ["a", "b", "c"])


def test_machine_record():
    t = comparison.machine_record()
    values = t["Valor"].to_dict()
    assert values["Backend de Keras"] == "tensorflow"
    assert int(values["Núcleos de CPU"]) >= 1
    assert "Carga media (1, 5, 15 min)" in values


# ------------------------------------------------------------------ figures


def _texts(fig):
    out = [fig._suptitle.get_text()] if fig._suptitle else []
    for ax in fig.axes:
        out += [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        if ax.get_legend():
            out += [t.get_text() for t in ax.get_legend().get_texts()]
    return out


def test_figures_are_closed_in_pyplot(runs):
    plt.close("all")
    figs = [comparison_plots.plot_accuracy_vs_time(runs), comparison_plots.plot_learning_curves(runs)]
    assert all(isinstance(f, matplotlib.figure.Figure) for f in figs)
    assert plt.get_fignums() == []  # a notebook shows the returned figure once


def test_accuracy_vs_time_figure(runs):
    fig = comparison_plots.plot_accuracy_vs_time(runs)
    fig.canvas.draw()
    texts = _texts(fig)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Tiempo de entrenamiento (segundos de fit)"
    assert ax.get_ylabel() == "Accuracy en test"
    assert "Tiny: media" in texts and "Wide: corridas" in texts
    yticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert yticks and all(t.endswith(" %") and "." not in t for t in yticks)
    xticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert len(set(xticks)) == len(xticks)  # enough decimals to tell the ticks apart
    assert not any("." in t for t in xticks)  # decimal comma
    # 6 runs as points (3 scatter collections of 2)
    assert sum(len(c.get_offsets()) for c in ax.collections if c.get_offsets().shape[0] == 2) == 6


def test_tick_labels_use_the_fewest_exact_decimals():
    pct = comparison_plots._SpanishFormatter(100.0, " %")
    pct.set_locs([0.8625, 0.865, 0.8675])
    assert [pct(v) for v in (0.8625, 0.865)] == ["86,25 %", "86,50 %"]
    pct.set_locs([0.86, 0.87])
    assert pct(0.86) == "86 %"
    sec = comparison_plots._SpanishFormatter()
    sec.set_locs([1.5, 2.0, 2.5])
    assert sec(2.0) == "2,0" and sec(1250) == "1.250,0"


def test_accuracy_vs_params_figure(runs):
    fig = comparison_plots.plot_accuracy_vs_params(runs)
    fig.canvas.draw()
    ax = fig.axes[0]
    assert ax.get_xlabel().startswith("Parámetros") and ax.get_xscale() == "log"
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks == ["1.482", "23.562", "37.514"]  # the three counts, Spanish thousands
    assert any("parámetros" in t for t in _texts(fig))


def test_learning_curves_figure(runs):
    fig = comparison_plots.plot_learning_curves(runs)
    assert len(fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes] == ["Tiny (2 semillas)", "Medium (2 semillas)", "Wide (2 semillas)"]
    assert all(ax.get_xlabel() == "Época" for ax in fig.axes)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["1", "2"]  # whole epochs
    assert fig.axes[0].get_ylabel() == "Accuracy"
    # two seeds × (validation + training) lines per panel
    assert all(len(ax.get_lines()) == 4 for ax in fig.axes)
    assert "validación" in _texts(fig)


def test_confusion_matrix_figure_has_spanish_class_names(runs):
    best = comparison.best_run(runs)
    fig = comparison_plots.plot_confusion_matrix(np.arange(20) % 10, best["test_predictions"])
    fig.canvas.draw()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(CLASS_NAMES)
    assert ax.get_xlabel() == "Clase predicha" and ax.get_ylabel() == "Clase real"
    counts = [int(t.get_text()) for t in ax.texts]
    assert sum(counts) == 20


def test_plots_reject_bad_frames():
    with pytest.raises(ValueError, match="faltan columnas"):
        comparison_plots.plot_accuracy_vs_time(pd.DataFrame({"architecture": ["tiny"]}))
    with pytest.raises(ValueError, match="faltan columnas"):
        comparison_plots.plot_learning_curves(_frame(MEDIUM_WINS))
