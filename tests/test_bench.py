"""tools/bench.py: parsing the build log and judging the goals (no build, no training)."""

import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import bench  # noqa: E402


def test_parse_executed_reads_myst_nb_lines_relative_to_the_source(tmp_path):
    log = (
        f"\x1b[01m{tmp_path}/book/entrenar.md: Executing notebook using local CWD [mystnb]\x1b[39;49;00m\n"
        f"{tmp_path}/book/entrenar.md: Executed notebook in 12.50 seconds [mystnb]\n"
        f"{tmp_path}/book/homework.md: Executed notebook in 101.25 seconds [mystnb]\n"
        "/elsewhere/x.md: Executed notebook in 1 seconds\n"
    )
    assert bench.parse_executed(log, tmp_path) == {
        "book/entrenar": 12.5,
        "book/homework": 101.25,
        "/elsewhere/x": 1.0,
    }


def _report(clean_s, homework_s, unchanged_s, epoch=2.0):
    builds = [
        bench.Build("limpia", clean_s, 0, {"book/homework": homework_s, "book/intro": 4.0}),
        bench.Build("sin cambios", unchanged_s, 0, {}),
    ]
    return bench.report(epoch, builds)


def test_report_meets_goals_when_under_them():
    # 2 s epoch: clean 80 s = 40 ×, homework 60 s = 30 ×, unchanged 3 s
    text = _report(80.0, 60.0, 3.0)
    assert "≤ 60 × (sí); ambiciosa ≤ 45 × (sí)" in text
    assert "homework: 30,0 × época; meta ≤ 35 × (sí)" in text
    assert "≤ 5 s (sí)" in text
    assert "fuera de la ejecución de páginas (Sphinx, escritura): 16,0 s" in text


def test_report_misses_goals_when_over_them():
    # 2 s epoch: clean 100 s = 50 × (meets 60, misses 45), homework 72 s = 36 ×, unchanged 6 s
    text = _report(100.0, 72.0, 6.0)
    assert "≤ 60 × (sí); ambiciosa ≤ 45 × (no)" in text
    assert "homework: 36,0 × época; meta ≤ 35 × (no)" in text
    assert "≤ 5 s (no)" in text
    text = _report(130.0, 20.0, 1.0)  # 65 ×
    assert "≤ 60 × (no)" in text


def test_a_failed_build_is_marked():
    text = bench.report(1.0, [bench.Build("limpia", 10.0, 1, {})])
    assert "limpia (FALLÓ)" in text


def test_the_parallel_clean_build_is_judged_by_the_clean_build_goals():
    # 2 s epoch: the parallel clean build 84 s = 42 ×, under both 60 and the stretch 45
    builds = [bench.Build("limpia, JOBS=2", 84.0, 0, {"book/homework": 50.0})]
    assert "limpia, JOBS=2" in bench.report(2.0, builds)
    assert "≤ 60 × (sí); ambiciosa ≤ 45 × (sí)" in bench.report(2.0, builds)


def test_pages_run_at_the_same_time_are_not_a_negative_remainder():
    # 70 s + 4 s of pages in a 64 s build (two at a time): the sum is reported, no remainder
    text = _report(64.0, 70.0, 1.0)
    assert "páginas a la vez: 74,0 s de ejecución en 64,0 s de reloj" in text
    assert "fuera de la ejecución" not in text
    # exactly as long as the build: nothing outside, still a remainder
    assert "(Sphinx, escritura): 0,0 s" in _report(74.0, 70.0, 1.0)
