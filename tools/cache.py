"""The book's execution cache: one folder per state of what the pages run on, repaired before use.

    python tools/cache.py BOOK BUILD   # prints BUILD/.jupyter_cache/<key>, after repairing it

jupyter-cache matches a page to its outputs by the page's code cells only. The key adds what else
changes what a page prints: every file of ``BOOK/code`` (the package), ``requirements.lock`` and
the installed distributions (a ``pip install -U`` by hand), the data's content (the files of
``FASHION_MNIST_DIR`` or of Debian's dataset-fashion-mnist, decompressed: gzip or not counts the
same) and the variables of ``ENVIRONMENT``. A new key is a new, empty folder, so every page runs
again; the folders of other keys stay, for when you switch back (``make clean`` removes them).

A record whose notebook is missing or unreadable (a killed build, a full disk) would stop myst-nb
with a ``KeyError`` or a JSON error: it is dropped, with one line, and its page runs again.
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import os
import shutil
import sys
from importlib import metadata
from pathlib import Path

DATA = Path("/usr/share/datasets/fashion-mnist")
ENVIRONMENT = ("CLASE102_*", "KERAS_*", "TF_*", "PYTHONHASHSEED")


def key(book: Path, environ=os.environ) -> str:
    digest = hashlib.sha256()
    for path in sorted((book / "code").rglob("*")):
        if path.is_file() and not {"__pycache__", "clase102.egg-info"} & set(path.parts):
            digest.update(f"{path.relative_to(book)}\0".encode() + path.read_bytes())
    lock = book / "requirements.lock"
    digest.update(lock.read_bytes() if lock.exists() else b"")
    for name, version in sorted((d.metadata["Name"].lower(), d.version) for d in metadata.distributions()):
        digest.update(f"{name}=={version}\n".encode() if name != "clase102" else b"")
    data = Path(environ.get("FASHION_MNIST_DIR") or DATA)
    for path in sorted(data.glob("*"), key=lambda p: p.name.removesuffix(".gz")) if data.is_dir() else []:
        raw = path.read_bytes()
        digest.update(path.name.removesuffix(".gz").encode() + (gzip.decompress(raw) if path.suffix == ".gz" else raw))
    for name in sorted(n for n in environ if any(fnmatch.fnmatchcase(n, p) for p in ENVIRONMENT)):
        digest.update(f"${name}={environ[name]}\n".encode())
    return digest.hexdigest()[:16]


def repair(folder: Path) -> None:
    if not (folder / "global.db").exists():
        return
    from jupyter_cache import get_cache
    from jupyter_cache.cache.db import NbCacheRecord

    try:
        cache = get_cache(folder)
        records = cache.list_cache_records()
    except Exception as error:  # a truncated database, or not one
        print(f"El caché de ejecución {folder} estaba dañado ({type(error).__name__}): "
              "lo borro y todas las páginas se vuelven a ejecutar.", file=sys.stderr)
        shutil.rmtree(folder)
        return
    for record in records:
        try:
            cache.get_cache_bundle(record.pk)  # reads its notebook
        except Exception as error:
            NbCacheRecord.remove_records([record.pk], cache.db)
            shutil.rmtree(folder / "executed" / record.hashkey, ignore_errors=True)
            print(f"El registro del caché de «{Path(record.uri).name}» no sirve ({type(error).__name__}): "
                  "lo descarto y la página se vuelve a ejecutar.", file=sys.stderr)


if __name__ == "__main__":
    book, build = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    folder = build / ".jupyter_cache" / key(book)
    repair(folder)
    print(folder)
