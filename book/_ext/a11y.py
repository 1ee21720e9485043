"""Sphinx extension: the book for every reader, a phone, a screen reader, a printout (issue 13).

- **Assets** from ``book/_static``: ``a11y.css`` (ANSI colours with at least
  4,5:1 contrast in light and dark mode, glued values in the prose's weight,
  long inline code that wraps, figures that fit a phone, print rules) and
  ``a11y.js`` (wide multi-panel figures scroll sideways on a phone), and
  ``search_snippets.js`` (the search page's snippets, see that file).
- **Search scorer** (``html_search_scorer``): ``search_scorer.js`` ranks first a
  result whose title holds the query's words.
- **Tracebacks and warnings without the build machine's paths**: in every
  output block of the HTML, ``/…/site-packages/keras/src/x.py`` reads
  ``keras/src/x.py`` and the repository's ``code/clase102/x.py`` reads
  ``clase102/x.py`` (the notebook exporter uses :func:`strip_machine_paths` too).
- **Toggles named by their visible text**: myst-nb's hidden-cell ``<summary>``
  carries a fixed ``aria-label`` that differs from what the button says
  ("Ver la solución del ejercicio 3"); it is dropped, so the name is the text.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

HERE = Path(__file__).resolve().parent
STATIC = HERE.parent / "_static"
ROOT = HERE.parents[1]
SCORER = HERE / "search_scorer.js"
CSS_FILES = ("a11y.css",)
JS_FILES = ("a11y.js", "search_snippets.js")

# An absolute path up to and including the folder the reader does not need:
#   site-packages/ (or dist-packages/): "/work/main/.venv/lib/python3.11/site-packages/keras/src/..." -> "keras/src/..."
#   the standard library: "/root/.pyenv/versions/3.11.7/lib/python3.11/asyncio/events.py" -> "asyncio/events.py"
#   a cell's file, in the kernel's temporary folder: "/tmp/ipykernel_1897/10278.py" -> "10278.py"
# (the longest match wins: a path in site-packages is cut there, not at its lib/python3.11/)
_MACHINE_PREFIX = re.compile(
    r"(?:[A-Za-z]:)?(?:[/\\][^\s/\\'\"\x1b<>:]+)*[/\\]"
    r"(?:(?:site|dist)-packages|lib[/\\]python3\.\d+|ipykernel_\d+)[/\\]"
)
# The repository's package source: "/work/main/code/clase102/x.py" -> "clase102/x.py"
_REPO_CODE = re.compile(re.escape(str(ROOT / "code")) + r"[/\\]")
# myst-nb's hidden-cell toggle, with the fixed label its HTML writer gives it
_SUMMARY_LABEL = '<summary aria-label="Toggle hidden content">'


def strip_machine_paths(text: str) -> str:
    """``text`` with the build machine's absolute paths cut to package-relative ones."""
    return _REPO_CODE.sub("", _MACHINE_PREFIX.sub("", text))


def fingerprint(*paths) -> str:
    """A short hash of files (a missing one counts as empty): as a config value, it makes
    Sphinx rewrite every page when one of them changes."""
    digest = hashlib.sha256()
    for path in map(Path, paths):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


class MachinePathsInOutputs(SphinxPostTransform):
    """Cut absolute paths out of output blocks (tracebacks, warnings, printed text)."""

    default_priority = 400

    def run(self, **kwargs) -> None:
        for block in self.document.findall(nodes.literal_block):
            if "output" not in block.get("classes", []) and "traceback" not in block.get("classes", []):
                continue
            text = block.astext()
            clean = strip_machine_paths(text)
            if clean != text:
                block.rawsource = clean
                block.children = [nodes.Text(clean)]


def toggles_named_by_text(app, pagename, templatename, context, doctree):
    if context.get("body"):
        context["body"] = context["body"].replace(_SUMMARY_LABEL, "<summary>")


def add_static(app, config):
    if str(STATIC) not in [str(Path(app.confdir, p).resolve()) for p in config.html_static_path]:
        config.html_static_path.append(str(STATIC))
    if not config.html_search_scorer:
        config.html_search_scorer = str(SCORER)


def setup(app):
    app.add_config_value("a11y_fingerprint", fingerprint(__file__, SCORER, *(STATIC / f for f in CSS_FILES + JS_FILES)), "html")
    app.connect("config-inited", add_static)
    for name in CSS_FILES:
        app.add_css_file(name)
    for name in JS_FILES:
        app.add_js_file(name)
    app.add_post_transform(MachinePathsInOutputs)
    app.connect("html-page-context", toggles_named_by_text, priority=700)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
