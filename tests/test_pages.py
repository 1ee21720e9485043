"""Static checks on the pages' sources (no build needed): the lesson is plain Keras."""

import re

import jupytext
import pytest

from helpers import ROOT

PAGES = sorted((ROOT / "book").glob("*.md"))
# a call or attribute of the course package (its modules and the names pages import from it)
PACKAGE_USE = re.compile(
    r"\b(clase102|checks|data|plots|stats|capture|environment|timing|formatting|glue_text"
    r"|fmt_int|fmt_dec|fmt_pct|fmt_seconds|render_terminal|capture_warnings)\b\s*[.(]"
)


def _visible_code_cells(path):
    for cell in jupytext.read(path).cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and not {"remove-cell", "remove-input"} & set(tags):
            yield cell, tags


def _calls_package(source: str) -> bool:
    code = [
        line for line in source.splitlines()
        if not line.strip().startswith(("#", "import ", "from "))
    ]
    return bool(PACKAGE_USE.search("\n".join(code)))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_visible_package_calls_are_marked_extra_code_or_are_self_checks(path):
    for cell, tags in _visible_code_cells(path):
        if _calls_package(cell.source) and "self-check" not in tags:
            assert cell.source.startswith("# código extra: "), cell.source[:200]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_visible_imports_of_the_package_are_announced(path):
    """A visible cell that imports clase102 (beyond the self-checks) says so on its first line."""
    for cell, tags in _visible_code_cells(path):
        imports = re.findall(r"^(?:from|import) clase102.*$", cell.source, flags=re.M)
        if [line for line in imports if not line.startswith("from clase102 import checks ")]:
            first = cell.source.splitlines()[0]
            assert first.startswith(("# código extra: ", "import clase102", "from clase102")), first


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_self_check_cells_show_only_the_feedback(path):
    for cell, tags in _visible_code_cells(path):
        if "self-check" in tags:
            assert cell.source.rstrip().endswith(";"), cell.source  # no True/False under it


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_exercises_follow_statement_stub_solution_check(path):
    """Every 'Tu turno' stub is followed by exactly one hidden solution and then a self-check."""
    cells = [c for c in jupytext.read(path).cells if c.cell_type == "code"]
    kinds = []
    for cell in cells:
        tags = set(cell.metadata.get("tags", []))
        if "tu-turno" in tags:
            kinds.append("stub")
        elif {"solution", "hide-cell"} <= tags:
            kinds.append("solution")
        elif "self-check" in tags:
            kinds.append("check")
    text = " ".join(kinds)
    assert text.replace("stub solution check", "").strip() == "", text


def test_every_exercise_and_the_homework_have_a_self_check():
    found = {}
    for path in PAGES:
        for cell, tags in _visible_code_cells(path):
            if "self-check" in tags:
                name = re.search(r"checks\.(check_\w+)\(", cell.source).group(1)
                found[name] = path.stem
    assert set(found) == {f"check_exercise_{n}" for n in range(1, 6)} | {"check_homework"}


def test_the_lesson_calls_are_written_in_plain_keras():
    """What the class teaches appears in visible cells as Keras calls, not hidden in the package."""
    visible = "\n".join(cell.source for path in PAGES for cell, _ in _visible_code_cells(path))
    for call in (
        "keras.Sequential(", ".add(", "keras.Input(", ".summary()", ".layers", ".get_weights()",
        ".count_params()", ".compile(", ".fit(", ".evaluate(", ".predict(", ".save(",
        "keras.models.load_model(", "keras.callbacks.EarlyStopping(", "keras.callbacks.ModelCheckpoint(",
        "pd.DataFrame(historia.history)",
    ):
        assert call in visible, call
