"""A reader without the repository: the tools of the notebook tests.

- :func:`fresh_venv`: a virtual environment with the lock's third-party packages (a
  ``.pth`` line pointing to a folder of links to the main venv's packages, all but
  ``clase102``), where ``import clase102`` fails until a notebook installs the wheel;
- :func:`serve`: a folder served over HTTP on 127.0.0.1 (``tools/handout_pdf.py``'s);
- :func:`run_notebook`: a notebook run with nbclient in that environment, from a
  given folder, after stripping every cell tag (so no tag can hide an error).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from handout_pdf import serve  # noqa: E402,F401  (the one quiet local HTTP server)

# What in the main venv's site-packages belongs to clase102 (the editable install)
_OURS = ("clase102", "__editable__", "__pycache__")
# What only builds the book: a reader's Colab or Jupyter does not have it
_BUILD_ONLY = ("myst_nb", "myst_parser", "jupyter_book", "jupyter_cache", "sphinx", "pydata_sphinx_theme",
               "docutils", "jupytext")


def fresh_venv(folder: Path) -> Path:
    """A venv in ``folder`` without ``clase102`` nor the book's build tools; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    deps = folder / "deps"
    deps.mkdir()
    main = Path(sysconfig.get_paths()["purelib"])
    for entry in main.iterdir():
        if not entry.name.lower().startswith(_OURS + _BUILD_ONLY) and entry.suffix != ".pth":
            (deps / entry.name).symlink_to(entry)
    (site / "main_venv_packages.pth").write_text(f"{deps}\n")
    return python


def _kernel_manager(python: Path, folder: Path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    spec = folder / "kernels" / "lector"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(
        '{"argv": ["%s", "-m", "ipykernel_launcher", "-f", "{connection_file}"], '
        '"display_name": "lector", "language": "python"}' % python
    )
    ksm = KernelSpecManager(kernel_dirs=[str(spec.parent)], ensure_native_kernel=False)
    return KernelManager(kernel_name="lector", kernel_spec_manager=ksm)


def run_notebook(nb, *, python: Path, cwd: Path, quick: bool = True, timeout: int = 600):
    """Run ``nb`` (modified in place) with every tag stripped, in ``python``'s environment, from ``cwd``."""
    from nbclient import NotebookClient

    for cell in nb.cells:
        cell.metadata.pop("tags", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CLASE102"))}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PATH=f"{python.parent}:{env.get('PATH', '')}")
    if quick:
        env["CLASE102_QUICK"] = "1"
    km = _kernel_manager(python, cwd.parent / f".kernels-{cwd.name}")
    try:
        NotebookClient(nb, km=km, timeout=timeout, resources={"metadata": {"path": str(cwd)}}).execute(env=env)
    finally:  # nbclient stops only the kernels of the managers it made itself
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    return nb


def text_of(cell) -> str:
    """Everything a code cell printed or displayed as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif output["output_type"] == "error":
            parts.append(f"{output['ename']}: {output['evalue']}")
        elif "text/plain" in output.get("data", {}):
            parts.append(output["data"]["text/plain"])
    return "".join(parts)


def read(path_or_text) -> nbformat.NotebookNode:
    text = path_or_text if isinstance(path_or_text, str) else Path(path_or_text).read_text(encoding="utf8")
    return nbformat.reads(text, as_version=4)


def forget_clase102(python: Path) -> None:
    """Uninstall what a notebook installed in the reader's venv (the next one starts without it)."""
    import shutil

    site = next((python.parent.parent / "lib").glob("python3*/site-packages"))
    for entry in site.glob("clase102*"):
        shutil.rmtree(entry)
