"""The pages' sources follow CONTRIBUTING's conventions (no build needed)."""

from helpers import FRONT_MATTER, core_words, page_problems


def test_every_page_follows_the_conventions():
    assert page_problems() == []


def test_the_core_path_reads_in_a_class():
    assert core_words() <= 6000


def test_a_page_that_breaks_the_conventions_is_told_why(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "code/clase102").mkdir(parents=True)
    (tmp_path / "code/clase102/checks.py").write_text("def check_something(x):\n    pass\n")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/mala\n")
    (tmp_path / "book/mala.md").write_text(FRONT_MATTER + """
### Ejercicio 2 — Fuera de orden

```{code-cell} ipython3
:tags: [tu-turno]
x = None  # fill in the value
```

```{code-cell} ipython3
from clase102 import data
data.load_fashion_mnist()
```

```{code-cell} ipython3
:tags: [self-check]
checks.check_nothing(x)
```
""")
    problems = "\n".join(page_problems(tmp_path))
    for message in ("el ejercicio 2 debería ser el 1", "comentario en inglés", "no empieza con «# código extra",
                    "no termina en «;»", "no llama a una función checks.check_… que exista",
                    "no siguen «Tu turno» → solución → autoevaluación"):
        assert message in problems
