"""``make bench`` (issue 6): the training comparison on tiny data, and the build part on a
throwaway book (slow)."""

from __future__ import annotations

import json

import pytest

from clase102 import bench, training

from test_build_guard import FRONT_MATTER, PAGES, Book


def test_compare_training_alternates_and_times_both_arms(tiny_xy, monkeypatch):
    x, y = tiny_xy
    calls = []
    real_train = training.train

    def counting_train(*args, **kwargs):
        calls.append(kwargs)
        return real_train(*args, **kwargs)

    monkeypatch.setattr(training, "train", counting_train)
    comp = bench.compare_training(x, y, widths=[4], epochs=1, batch_size=50, repeats=2, warmup=False)
    assert comp.order == ["train", "fit", "fit", "train"]
    assert len(comp.helper) == len(comp.bare) == len(comp.helper_cpu) == 2
    assert len(calls) == 2 and all(c["epochs"] == 1 and c["batch_size"] == 50 for c in calls)
    assert all(r > 0 for r in comp.ratios + comp.cpu_ratios)
    s = comp.summary()
    assert s["min"] <= s["median"] <= s["max"]
    text = bench.training_report(comp, widths=[4], batch_size=50)
    assert "100 muestras" in text and text.count("cociente de rendimiento train/fit") == 2
    assert "CUMPLE" in text  # a verdict is given either way


def test_compare_training_rejects_bad_input(tiny_xy):
    x, y = tiny_xy
    with pytest.raises(ValueError, match="repeats"):
        bench.compare_training(x, y, repeats=0)
    with pytest.raises(ValueError, match="vacía"):
        bench.compare_training(x, y, widths=[])
    with pytest.raises(ValueError, match="rasgos"):
        bench.compare_training(x.reshape(100, 28, 28), y)


def test_train_only_cli_on_synthetic_data(capsys, monkeypatch):
    seen = {}

    def fake_compare(x, y, **kwargs):
        seen.update(kwargs, shape=x.shape)
        return bench.TrainingComparison([1.0, 2.0], [1.0, 1.0], [1.0, 1.0], [1.0, 1.0],
                                        ["train", "fit", "fit", "train"], len(x), kwargs["epochs"])

    monkeypatch.setattr(bench, "compare_training", fake_compare)
    rc = bench.main(
        ["--only", "train", "--synthetic", "--samples", "64", "--widths", "4,2",
         "--epochs", "1", "--repeats", "2"]
    )
    out = capsys.readouterr().out
    assert rc == 0
    assert seen == {"widths": (4, 2), "epochs": 1, "batch_size": 32, "repeats": 2, "shape": (64, 784)}
    assert out.startswith("== make bench") and "Keras 3." in out and "carga al empezar" in out
    assert "train frente a model.fit" in out and "Construcción" not in out
    assert "(reloj): mediana 0,750 (mín 0,500, máx 1,000)" in out  # fit s / train s


def test_fit_calls_are_attributed_to_the_page_that_was_running(tmp_path):
    log = tmp_path / "fit.jsonl"
    calls = [(105, 110), (112, 113), (205, 215)]
    log.write_text("".join(json.dumps({"start": a, "end": b}) + "\n" for a, b in calls))
    started = {"book/a": 100.0, "book/b": 200.0, "book/c": 300.0}
    assert bench.fit_seconds_per_page(log, started) == {"book/a": 6.0, "book/b": 10.0}


TRAINING_PAGE = """\
# Entrenar

```{code-cell} ipython3
import numpy as np
import keras

m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
m.compile("sgd", "mse")
m.fit(np.zeros((8, 2)), np.zeros(8), epochs=2, verbose=0)
print("entrenado")
```
"""


@pytest.mark.slow
def test_build_bench_on_a_throwaway_book_leaves_the_sources_alone(tmp_path, monkeypatch, capsys):
    root = tmp_path / "libro"
    root.mkdir()
    Book(root, {**PAGES, "entrenar": TRAINING_PAGE})
    monkeypatch.setenv("TINY_DATA", str(root / "data.txt"))
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    rc = bench.main(
        ["--only", "build", "--root", str(root), "--prose-page", "datos.md",
         "--package-file", "pkg/tinypkg/values.py", "--homework", "valores", "--code-dir", "pkg"]
    )
    out = capsys.readouterr().out
    assert rc == 0, out
    rows = {line.split("  ")[0]: line for line in out.splitlines()}
    assert "limpia" in rows and "sin cambios" in rows
    assert rows["sin cambios"].split()[-1] in ("CUMPLE", "NO CUMPLE")
    prose = rows["edición de prosa (datos.md)"]
    assert "  0  " in prose  # no page executed
    assert "1 (valores)" in rows["edición del paquete (pkg/tinypkg/values.py)"]
    assert "entrenar" in out and "valores:" in out and "dentro de fit:" in out
    fit_row = next(line for line in out.splitlines() if line.startswith("entrenar "))
    assert float(fit_row.split()[2].replace(",", ".")) > 0  # the timer saw the fit call
    # the working tree was not touched; the copy was
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and "_build" not in p.parts} == {
        p: b for p, b in before.items() if "_build" not in p.parts
    }
    copy = root / "_build" / "bench" / "src"
    assert (copy / "datos.md").read_text().endswith(bench.PROSE_SUFFIX)
    assert FRONT_MATTER in (copy / "entrenar.md").read_text()
