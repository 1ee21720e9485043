"""`make html` on a throwaway book with the real machinery: it fails loud, is never stale, repairs
its cache, stops at Ctrl-C and runs one build per checkout at a time.

The book's pages need no TensorFlow (a build takes a few seconds). Each test gets a copy of the
book as it was after its first build.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT, Book, page_problems

pytestmark = pytest.mark.slow

INTRO = """\
# Inicio

Ver {doc}`valores` y {doc}`datos`.
"""
VALUES = """\
# Valores

```{code-cell} ipython3
import os, time
from clase102.formatting import glue_text
from clase102.prueba import VALOR
time.sleep(float(os.environ.get("PAUSA", "0")))  # a test interrupts the build here
glue_text("valor", str(VALOR))
print("VALOR", VALOR)
```

El valor es {glue:text}`valor`.

```{code-cell} ipython3
:tags: [raises-exception]
1 / 0
```
"""
DATA = """\
# Datos

```{code-cell} ipython3
import os, pathlib
print("DATOS", (pathlib.Path(os.environ["FASHION_MNIST_DIR"]) / "etiquetas").read_text())
print("MODO", os.environ.get("CLASE102_QUICK", "completo"))
```
"""


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    book = Book(tmp_path_factory.mktemp("libro") / "libro", {"intro": INTRO, "valores": VALUES, "datos": DATA})
    book.write("code/clase102/prueba.py", "VALOR = 41\n")
    code, out = book.build()
    assert code == 0, out[-3000:]
    assert book.executed(out) == ["datos", "valores"]
    return book


@pytest.fixture
def book(pristine, tmp_path):
    shutil.copytree(pristine.root, tmp_path / "libro", symlinks=True)
    copy = Book.__new__(Book)
    copy.root, copy.data = tmp_path / "libro", tmp_path / "libro" / "datos"
    return copy


def test_a_good_book_shows_its_outputs_and_an_unchanged_rebuild_executes_nothing(book):
    assert "VALOR 41" in book.text("valores") and "El valor es 41" in book.text("valores")
    assert "ZeroDivisionError" in book.text("valores")  # the expected error, shown
    assert book.build()[0] == 0  # a copy in another folder: Sphinx reads its pages again, once
    start = time.perf_counter()
    code, out = book.build()
    assert code == 0 and book.executed(out) == [] and "0 changed" in out, out[-2000:]
    assert time.perf_counter() - start < 15


def test_an_error_in_an_untagged_cell_fails_the_build_naming_the_page(book):
    book.page("datos", DATA.replace("read_text())", "read_text() + 1)"))
    code, out = book.build()
    assert code != 0 and "datos.md" in out and "TypeError" in out, out[-3000:]


def test_a_raises_exception_cell_that_stops_raising_fails_every_build_until_fixed(book):
    book.page("valores", VALUES.replace("1 / 0", "1 / 1"))
    for executed in (["valores"], []):  # executed, then from the cache: the page is read again
        code, out = book.build()
        assert code != 0 and book.executed(out) == executed, out[-3000:]
        assert re.search(r"valores\.md.*no lanzó ninguna excepción", out), out[-3000:]
    book.page("valores", VALUES)
    assert book.build()[0] == 0


def test_a_prose_edit_executes_nothing(book):
    book.page("datos", DATA + "\nUn párrafo nuevo.\n")
    code, out = book.build()
    assert code == 0 and book.executed(out) == [] and "Un párrafo nuevo." in book.text("datos"), out[-2000:]


@pytest.mark.parametrize("change", ["paquete", "datos", "entorno"])
def test_what_pages_run_on_re_executes_every_page(book, change):
    env = {}
    if change == "paquete":
        book.write("code/clase102/prueba.py", "VALOR = 42\n")
    elif change == "datos":
        (book.data / "etiquetas").write_bytes(b"3 4 5")
    else:
        env = {"CLASE102_QUICK": "1"}
    code, out = book.build(**env)
    assert code == 0 and book.executed(out) == ["datos", "valores"], out[-3000:]
    shown = {"paquete": ("valores", "VALOR 42"), "datos": ("datos", "DATOS 3 4 5"), "entorno": ("datos", "MODO 1")}
    assert shown[change][1] in book.text(shown[change][0])
    if change == "entorno":  # back to the normal build: its outputs are still there
        code, out = book.build()
        assert code == 0 and book.executed(out) == [] and "MODO completo" in book.text("datos"), out[-2000:]


def test_damaged_cache_records_cost_a_re_execution_and_one_line_each(book):
    cache = next((book.root / "_build" / ".jupyter_cache").iterdir())
    executed = sorted((cache / "executed").iterdir())
    shutil.rmtree(executed[0])  # a record without its notebook
    notebook = executed[1] / "base.ipynb"
    notebook.write_text(notebook.read_text()[:100])  # a truncated one
    (book.root / "book" / "datos.md").touch()
    code, out = book.build()
    assert code == 0 and book.executed(out) == ["datos", "valores"], out[-3000:]
    assert len(re.findall(r"El registro del caché de «\w+\.md» no sirve \(\w+\): lo descarto", out)) == 2, out
    assert not re.search(r"site-packages/(jupyter_cache|myst_nb|sphinx)/", out), out[-3000:]  # no traceback


def _kernels(folder: Path) -> list[str]:
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if "ipykernel" in (proc / "cmdline").read_text() and Path(proc / "cwd").resolve().is_relative_to(folder):
                found.append(proc.name)
        except OSError:
            pass
    return found


def test_ctrl_c_stops_the_build_with_one_line_and_keeps_what_ran(book):
    book.write("code/clase102/prueba.py", "VALOR = 43\n")  # both pages must run
    proc = book.start(PAUSA="60")
    lines = []
    for line in proc.stdout:  # "datos" runs first, then "valores" sleeps
        lines.append(line)
        if "valores.md: Executing notebook" in line:
            break
    time.sleep(3)
    Book.interrupt(proc)
    out, _ = proc.communicate(timeout=30)
    out = "".join(lines) + out
    assert proc.returncode not in (0, None) and "Construcción interrumpida" in out, out[-3000:]
    # no report of the interrupt itself (a kernel's zmq shutdown noise may still appear, and is not ours)
    assert not re.search(r"KeyboardInterrupt|Kernel died|DeadKernel|site-packages/(sphinx|myst_nb|nbclient)/", out), out[-3000:]
    time.sleep(1.5)
    assert _kernels(book.root) == []
    code, out = book.build()
    assert code == 0 and book.executed(out) == ["valores"] and "VALOR 43" in book.text("valores"), out[-3000:]


def test_a_second_build_of_the_same_book_waits_for_the_first(book):
    book.write("code/clase102/prueba.py", "VALOR = 44\n")
    first = book.start(PAUSA="4")
    time.sleep(1)
    code, out = book.build()
    first.communicate(timeout=120)
    assert first.returncode == 0 and code == 0, out[-3000:]
    assert "Otra construcción del libro está en curso en esta carpeta: espero a que termine" in out
    assert book.executed(out) == []  # the first one executed everything, the second one read it


def test_a_venv_made_for_another_folder_is_made_again(tmp_path):
    shutil.copy2(ROOT / "Makefile", tmp_path)
    for name in ("requirements.lock", "pyproject.toml"):
        (tmp_path / name).write_text("")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / ".installed").touch()

    def up_to_date() -> bool:
        return subprocess.run(["make", "-q", "-C", str(tmp_path), ".venv/.installed"]).returncode == 0

    (tmp_path / ".venv" / "bin" / "activate").write_text('VIRTUAL_ENV="/otra/carpeta/.venv"\n')
    assert not up_to_date()
    (tmp_path / ".venv" / "bin" / "activate").write_text(f'VIRTUAL_ENV="{tmp_path}/.venv"\n')
    assert up_to_date()


NEW_PAGE = """\
# Congelar capas

Una página nueva, con un ejercicio: sumá dos números.

## Ejercicio 1 — Una suma

```{code-cell} ipython3
:tags: [tu-turno]
# Tu turno: guardá en `suma` el resultado de 2 + 3.
suma = None
```

```{code-cell} ipython3
---
tags: [hide-cell, solution]
mystnb:
  code_prompt_show: "Ver la solución del ejercicio 1"
  code_prompt_hide: "Ocultar la solución del ejercicio 1"
---
suma = 2 + 3
```

```{code-cell} ipython3
:tags: [self-check]
from clase102 import checks
checks.check_sum(suma);
```
"""
CHECK = '''

def check_sum(total) -> bool:
    """Autoevaluación de la suma."""
    return run_check("Autoevaluación: la suma", lambda f, t: f.expect(t == 5, "5, bien.", "todavía no: 2 + 3 es 5."), total)
'''


def test_a_new_page_with_an_exercise_reaches_every_output_with_no_machinery_change(tmp_path):
    book = Book(tmp_path / "libro", {"intro": "# Inicio\n\nVer {doc}`congelar`.\n", "congelar": NEW_PAGE})
    with open(book.root / "code/clase102/checks.py", "a", encoding="utf8") as checks:
        checks.write(CHECK)
    book.write("tests/test_sum.py", "from clase102.checks import check_sum\n\ndef test_sum():\n    assert check_sum(5)\n")
    assert page_problems(book.root) == []
    code, out = book.build("pdf")
    assert code == 0, out[-3000:]
    site = book.site()
    assert "Ver la solución del ejercicio 1" in book.text("congelar") and "Lectura:" in book.text("congelar")
    full, student = (json.loads((site / "_sources/book" / f"congelar{s}.ipynb").read_text()) for s in ("", "-alumno"))
    assert "¡bien!" in json.dumps(full, ensure_ascii=False) and "suma = 2 + 3" not in json.dumps(student)
    names = zipfile.ZipFile(site / "clase102-notebooks.zip").namelist()
    assert {"clase102-notebooks/congelar.ipynb", "clase102-notebooks/congelar-alumno.ipynb"} <= set(names)
    printed = subprocess.run(["pdftotext", str(book.root / "_build/pdf/clase102.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    assert "Congelar capas" in printed and "Una suma" in printed
