"""What the tests share: the built book, a throwaway book, a local web server, a reader's notebook run."""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.server
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import sysconfig
import textwrap
import threading
from ast import literal_eval
from pathlib import Path

import nbformat
import numpy as np
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BUILD = Path(os.environ.get("CLASE102_BUILD_DIR") or ROOT / "_build").resolve()
HTML = BUILD / "html"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


# ------------------------------------------------------------------ data

# Real-data tests skip only where the data cannot be expected: under CI, or where Debian's dataset
# package is installed, they run and fail if the data are missing or wrong.
REAL_DATA_EXPECTED = bool(os.environ.get("CI")) or Path("/usr/share/datasets/fashion-mnist").is_dir()


def _real_data_present() -> bool:
    from clase102 import data

    return data.find_data_dir() is not None


real_data = pytest.mark.skipif(not REAL_DATA_EXPECTED and not _real_data_present(), reason="Fashion-MNIST no está en disco")


def write_idx(path: Path, array) -> Path:
    """A uint8 array as a gzip-compressed IDX file, ``path`` + ``.gz``."""
    array = np.asarray(array, dtype=np.uint8)
    raw = struct.pack(">I", 0x0800 | array.ndim) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()
    path = path.with_name(path.name + ".gz")
    path.write_bytes(gzip.compress(raw))
    return path


def write_verified_idx(folder: Path, arrays: dict, monkeypatch) -> Path:
    """``{name: array}`` as IDX files in ``folder``, with their SHA-256 patched in as the package's
    checksums: to ``clase102.data`` the folder is then a verified copy of Fashion-MNIST."""
    from clase102 import data

    sums = {name: hashlib.sha256(gzip.decompress(write_idx(folder / name, a).read_bytes())).hexdigest()
            for name, a in arrays.items()}
    monkeypatch.setattr(data, "SHA256", sums)
    return folder


# ------------------------------------------------------------------ the book's sources


def toc_pages(root: Path = ROOT) -> list[str]:
    """Every page of ``_toc.yml``, in its order: ``["book/intro", "book/definiciones", …]``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return pages


def source(page: str, root: Path = ROOT) -> str:
    return (root / f"{page}.md").read_text(encoding="utf8")


def code_pages(root: Path = ROOT) -> list[str]:
    return [p for p in toc_pages(root) if "```{code-cell}" in source(p, root)]


def exercise_pages(root: Path = ROOT) -> list[str]:
    return [p for p in code_pages(root) if re.search(r"tags:.*\bsolution\b", source(p, root))]


# ------------------------------------------------------------------ the built book


def html(page: str, site: Path = HTML) -> str:
    return (site / f"{page}.html").read_text(encoding="utf8")


def article_text(page: str, site: Path = HTML) -> str:
    """The text of a page's article, tags removed and white space collapsed."""
    body = html(page, site)
    body = body[body.index("<article"): body.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


def glued(page: str) -> dict[str, str]:
    """The values a page glued, as the prose shows them."""
    return {key: str(literal_eval(value)) for key, value in glued_reprs(page).items()}


def notebook(page: str, student: bool = False, site: Path = HTML) -> nbformat.NotebookNode:
    """A page's downloadable notebook (the full edition holds the book's outputs)."""
    return nbformat.read(site / "_sources" / f"{page}{'-alumno' if student else ''}.ipynb", as_version=4)


def text_of(cell) -> str:
    """Everything a code cell printed or displayed as text, without ANSI colours."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif output["output_type"] == "error":
            parts.append(f"{output['ename']}: {output['evalue']}")
        else:
            parts.append(output.get("data", {}).get("text/plain") or output.get("data", {}).get("text/html", ""))
    return ANSI.sub("", "".join(parts))


def cell_with(nb, snippet: str):
    """The one code cell whose source holds ``snippet``."""
    found = [c for c in nb.cells if c.cell_type == "code" and snippet in c.source]
    assert len(found) == 1, f"{len(found)} celdas con {snippet!r}"
    return found[0]


def tags(cell) -> set:
    return set(cell.get("metadata", {}).get("tags", []))


# ------------------------------------------------------------------ a throwaway book

FRONT_MATTER = """\
---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---
"""


class Book:
    """A small book in ``folder`` with the real machinery (config, extensions, theme files, the
    package) and pages of its own, built by the real Makefile (``make html BOOK=folder``)."""

    MACHINERY = ("_config.yml", "pyproject.toml", "README.md", "book/_ext", "book/_static",
                 "book/_templates", "book/_locale", "code")

    def __init__(self, folder: Path, pages: dict[str, str], data: dict[str, bytes] | None = None):
        self.root = folder
        for name in self.MACHINERY:
            copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            copy(ROOT / name, folder / name, **({"ignore": shutil.ignore_patterns("__pycache__", "*.egg-info")}
                                                if (ROOT / name).is_dir() else {}))
        self.data = folder / "datos"
        self.data.mkdir()
        for name, content in (data or {"etiquetas": b"0 1 2"}).items():
            (self.data / name).write_bytes(content)
        names = list(pages)
        toc = {"format": "jb-book", "root": f"book/{names[0]}", "chapters": [{"file": f"book/{n}"} for n in names[1:]]}
        self.write("_toc.yml", yaml.safe_dump(toc))
        for name, body in pages.items():
            self.page(name, body)

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf8")

    def page(self, name: str, body: str) -> None:
        body = textwrap.dedent(body)
        self.write(f"book/{name}.md", (FRONT_MATTER if "{code-cell}" in body else "") + body)

    def command(self, target: str = "html") -> list[str]:
        return ["make", "-s", "-C", str(ROOT), "-o", "data", target, f"BOOK={self.root}"]

    def env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CLASE102_", "PYTHON", "MAKE"))}
        return {**env, "FASHION_MNIST_DIR": str(self.data), **extra}

    def build(self, target: str = "html", **env) -> tuple[int, str]:
        run = subprocess.run(self.command(target), env=self.env(**env), capture_output=True, text=True, timeout=600)
        return run.returncode, ANSI.sub("", run.stdout + run.stderr)

    def start(self, target: str = "html", **env) -> subprocess.Popen:
        """A build started as a terminal starts a foreground job (its own process group)."""
        return subprocess.Popen(["env", "--default-signal=INT", *self.command(target)], env=self.env(**env),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)

    @staticmethod
    def interrupt(proc: subprocess.Popen) -> None:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does

    @staticmethod
    def executed(out: str) -> list[str]:
        """The pages that ran (not taken from the cache)."""
        return sorted(set(re.findall(r"/book/([\w-]+)\.md: Executed notebook", out)))

    def site(self) -> Path:
        return self.root / "_build" / "html"

    def text(self, name: str) -> str:
        return article_text(f"book/{name}", self.site())


# ------------------------------------------------------------------ a reader


@contextlib.contextmanager
def serve(folder: Path, port: int = 0):
    """``folder`` over HTTP on 127.0.0.1 (a free port unless given, no request log); yields its address."""
    handler = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *args: None})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# what a reader's Colab or Jupyter does not have: the course package and the book's build tools
NOT_A_READERS = ("clase102", "__editable__", "myst_nb", "myst_parser", "jupyter_book", "jupyter_cache",
                 "sphinx", "pydata_sphinx_theme", "docutils", "jupytext")


def fresh_venv(folder: Path) -> Path:
    """A venv with the lock's packages but neither ``clase102`` nor the build tools; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    links = folder / "paquetes"
    links.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.lower().startswith(NOT_A_READERS) and entry.suffix != ".pth":
            (links / entry.name).symlink_to(entry)
    (site / "paquetes.pth").write_text(f"{links}\n")
    return python


def run_notebook(nb, *, python: Path, cwd: Path, timeout: int = 600, **env):
    """Run ``nb`` (in place) as "Run All" would: every tag stripped, from ``cwd``, in ``python``'s venv."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    for cell in nb.cells:
        cell.metadata.pop("tags", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    spec = cwd.parent / f"kernel-{cwd.name}" / "lector"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                                                  "display_name": "lector", "language": "python"}))
    manager = KernelManager(kernel_name="lector", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec.parent)]))
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CLASE102"))}
    try:
        NotebookClient(nb, km=manager, timeout=timeout, resources={"metadata": {"path": str(cwd)}}).execute(
            env={**clean, "PIP_NO_INDEX": "1", "PATH": f"{python.parent}:{clean['PATH']}", **env})
    finally:
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
    return nb


# ------------------------------------------------------------------ the pages' conventions

# a call of the course package in a cell: its modules and what pages import from it
PACKAGE_CALL = re.compile(r"\b(clase102|checks|data|plots|stats|capture|environment|timing|formatting|glue_text"
                          r"|fmt_\w+|render_terminal|capture_warnings)\b\s*[.(]")
ENGLISH = re.compile(r"\b(the|and|with|before|after|first|same|it|of|to|is)\b", re.I)
GLUE = re.compile(r"glue_text\(\s*[\"'](\w+)[\"']|glue\(\s*[\"'](\w+)[\"']")


def page_problems(root: Path = ROOT) -> list[str]:
    """What breaks the conventions of CONTRIBUTING's «Agregar una página», page by page (Spanish)."""
    import jupytext

    problems, exercise, seen = [], 0, set()
    for page in code_pages(root):
        where, text = page.removeprefix("book/"), source(page, root)
        if "format_name: myst" not in text.split("\n---", 1)[0]:
            problems.append(f"{where}: falta el encabezado de jupytext (format_name: myst)")
            continue
        cells = jupytext.reads(text, fmt="myst").cells
        solution_glue = {k for c in cells if "solution" in tags(c) for k in map("".join, GLUE.findall(c.source))}
        other_glue = {k for c in cells if "solution" not in tags(c) for k in map("".join, GLUE.findall(c.source))}
        kinds = []
        for cell in cells:
            t, src = tags(cell), cell.source
            if cell.cell_type == "markdown":
                for number in re.findall(r"^#+ Ejercicio (\d+)", src, re.M):
                    if int(number) != len(seen) + 1:  # 1, 2, 3… in the order of _toc.yml
                        problems.append(f"{where}: el ejercicio {number} debería ser el {len(seen) + 1}"
                                        " (se numeran en el orden del índice)")
                    exercise = int(number)
                    seen.add(exercise)
                # prose outside a solution must not quote what only a solution glues
                outside = re.sub(r":::\{[\w-]+\}[^\n]*\n(?::[\w-]+:[^\n]*\n)*:class[\w-]*: [^\n]*solution.*?\n:::", "",
                                 src, flags=re.S)
                outside = re.sub(r":::\{container\} solution.*?\n:::", "", outside, flags=re.S)
                for key in re.findall(r"\{glue:text\}`(\w+)`", outside if "solution" not in t else ""):
                    if key in solution_glue - other_glue:
                        problems.append(f"{where}: la prosa fuera de la solución cita «{key}», que pega la solución")
                continue
            for key in map("".join, GLUE.findall(src)):
                if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
                    problems.append(f"{where}: la clave de glue «{key}» no es minúsculas_con_guiones_bajos")
            hidden = {"remove-cell", "remove-input"} & t
            for comment in [] if hidden else re.findall(r"#\s*(.*)", src):
                if ENGLISH.search(comment):
                    problems.append(f"{where}: comentario en inglés en una celda visible: «{comment}»")
            code = "\n".join(ln for ln in src.splitlines() if not ln.strip().startswith(("#", "import ", "from ")))
            if not hidden and "self-check" not in t and PACKAGE_CALL.search(code) and not src.startswith("# código extra: "):
                problems.append(f"{where}: una celda visible usa el paquete y no empieza con «# código extra: …»")
            if "self-check" in t and not src.rstrip().endswith(";"):
                problems.append(f"{where}: la autoevaluación no termina en «;»")
            if "tu-turno" in t:
                kinds.append("stub")
            elif "solution" in t and "hide-cell" in t:
                kinds.append("solution")
                prompts = cell.metadata.get("mystnb", {})
                expected = f"la solución del ejercicio {exercise}" if "homework" not in page else "la solución"
                if not (prompts.get("code_prompt_show", "").startswith("Ver ") and expected in prompts.get("code_prompt_show", "")
                        and prompts.get("code_prompt_hide", "").startswith("Ocultar ")):
                    problems.append(f"{where}: la solución {exercise} no tiene code_prompt_show «Ver {expected}» "
                                    "y code_prompt_hide «Ocultar …»")
            elif "self-check" in t:
                kinds.append("check")
                name = re.search(r"checks\.(check_\w+)\(", src)
                if not name or f"def {name[1]}(" not in (root / "code/clase102/checks.py").read_text(encoding="utf8"):
                    problems.append(f"{where}: la autoevaluación no llama a una función checks.check_… que exista")
                elif not any(name[1] in f.read_text(encoding="utf8") for f in (root / "tests").glob("test_*.py")):
                    problems.append(f"{where}: {name[1]} no tiene prueba unitaria en tests/")
        if " ".join(kinds).replace("stub solution check", "").strip():
            problems.append(f"{where}: los ejercicios no siguen «Tu turno» → solución → autoevaluación: {kinds}")
    return problems


def core_words(root: Path = ROOT) -> int:
    """Words a student reads on the core path (the root page and the first part of the TOC): prose
    and visible code, solutions and removed cells left out."""
    import jupytext

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf8"))
    pages = [toc["root"], *(c["file"] for c in toc["parts"][0]["chapters"])] if "parts" in toc else [toc["root"]]
    words = 0
    for page in pages:
        for cell in jupytext.reads(source(page, root), fmt="myst").cells:
            if not {"solution", "remove-cell"} & tags(cell):
                words += len(re.sub(r":::\{container\} solution.*?\n:::", "", cell.source, flags=re.S).split())
    return words


# ------------------------------------------------------------------ homework runs and executed pages

HOMEWORK_PARAMS = {"tiny": 50_890, "medium": 235_146, "wide": 814_090}  # 784·64+64+64·10+10, …
BASE_ACC = {"tiny": [0.84, 0.85, 0.86], "medium": [0.86, 0.87, 0.88], "wide": [0.855, 0.865, 0.875]}
BASE_SEC = {"tiny": [8, 8.5, 9], "medium": [13, 14, 15], "wide": [23, 24, 25]}


def make_runs(acc=None, sec=None, params=None, epochs=2):
    """One dict per run with the page's Spanish keys, the three architectures within each seed."""
    acc = {**BASE_ACC, **(acc or {})}
    sec = {**BASE_SEC, **(sec or {})}
    params = {**HOMEWORK_PARAMS, **(params or {})}
    runs = []
    for seed in range(max(len(v) for v in acc.values())):
        for name in ("tiny", "medium", "wide"):
            if seed < len(acc[name]):
                a = acc[name][seed]
                runs.append({"arquitectura": name, "semilla": seed, "parametros": params[name],
                             "exactitud": a, "segundos": sec[name][seed],
                             "historia": {"loss": [0.5] * epochs, "accuracy": [a - 0.05] * epochs}})
    return runs


def executed_notebook(page: str):
    """A page's notebook merged with its outputs from the execution cache."""
    import jupytext
    from jupyter_cache import get_cache

    for folder in sorted((BUILD / ".jupyter_cache").iterdir(), key=lambda p: -p.stat().st_mtime):
        try:  # the folder of the last build's key holds every page
            return get_cache(folder).merge_match_into_notebook(jupytext.read(ROOT / f"{page}.md"))[1]
        except Exception:
            continue
    raise LookupError(f"{page} no está en el caché de ejecución de {BUILD}")


def glued_reprs(page: str) -> dict[str, str]:
    """The values a page glued, as myst-nb stored them (``text/plain`` reprs); none: no file."""
    path = BUILD / "jupyter_execute" / f"{page}.glue.json"
    raw = json.loads(path.read_text(encoding="utf8")) if path.exists() else {}
    return {key: value["data"].get("text/plain") for key, value in raw.items()}
