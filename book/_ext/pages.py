"""What every page gets at build time that no setting of Jupyter Book, myst-nb or the theme gives.

- **Reading time** under the title: «Lectura: N min (M palabras; K más para profundizar).»
  Prose only (code cells, code blocks and math do not count); a section titled «Para
  profundizar…» or a block with the class ``para-profundizar`` counts apart. MyST's own
  ``{{ wordcount-minutes }}`` is undefined in notebook pages.
- **A cell tagged raises-exception must raise.** nbclient lets such a cell fail, and nothing
  fails the build when it stops failing; here that is a build warning (an error under ``-W``).
- **Outputs without the build machine's paths**: ``/…/site-packages/keras/src/x.py`` reads
  ``keras/src/x.py``, the book's ``/…/code/clase102/x.py`` reads ``clase102/x.py``.
- **Hidden cells named by their visible text**: myst-nb gives every ``<summary>`` the fixed English
  name "Toggle hidden content", which a screen reader says instead of «Ver la solución…».
"""

from __future__ import annotations

import math
import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

WORDS_PER_MINUTE = 200
WORD = re.compile(r"\w+")
NOT_PROSE = (nodes.literal_block, nodes.math, nodes.math_block, nodes.raw, nodes.comment)
# an absolute path up to site-packages/, the standard library, a kernel's cell file or code/
MACHINE_PATH = re.compile(
    r"(?:[/\\][^\s/\\'\"\x1b<>:]+)*[/\\](?:(?:site|dist)-packages|lib[/\\]python3\.\d+|ipykernel_\d+|code)[/\\]"
)


def strip_machine_paths(text: str) -> str:
    return MACHINE_PATH.sub("", text)


def _cells(doctree):
    return doctree.findall(lambda n: isinstance(n, nodes.container) and n.get("nb_element") == "cell_code")


def _optional(node) -> bool:
    if "para-profundizar" in node.get("classes", []):
        return True
    title = node.children[0] if isinstance(node, nodes.section) and node.children else None
    return isinstance(title, nodes.title) and title.astext().lower().startswith("para profundizar")


def count_words(node, optional=False, counts=None) -> dict:
    """``{"core": n, "optional": m}``: the words of ``node``'s prose."""
    counts = {"core": 0, "optional": 0} if counts is None else counts
    if isinstance(node, nodes.Text):
        counts["optional" if optional else "core"] += len(WORD.findall(node.astext()))
        return counts
    if isinstance(node, NOT_PROSE) or node.get("nb_element") == "cell_code":
        return counts
    for child in node.children:
        count_words(child, optional or _optional(node), counts)
    return counts


def reading_line(counts: dict) -> str:
    def spanish(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    text = f"Lectura: {max(1, math.ceil(counts['core'] / WORDS_PER_MINUTE))} min ({spanish(counts['core'])} palabras"
    if counts["optional"]:
        text += f"; {spanish(counts['optional'])} más para profundizar"
    return text + ")."


def add_reading_time(app, doctree):
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section.insert(1, nodes.paragraph("", reading_line(count_words(doctree)), classes=["tiempo-lectura"]))


def check_expected_errors(app, doctree):
    for cell in _cells(doctree):
        tags = cell.get("cell_metadata", {}).get("tags", [])
        raised = any("traceback" in n["classes"] for n in cell.findall(nodes.Element))
        if "raises-exception" in tags and "remove-output" not in tags and not raised:
            source = next(cell.findall(nodes.literal_block), None)
            first = source.astext().strip().splitlines()[0] if source is not None and source.astext().strip() else ""
            logger.warning(f"la celda marcada «raises-exception» no lanzó ninguna excepción («{first}»): "
                           "si ya no falla, sacale la marca y revisá el texto que la explica",
                           location=(app.env.docname, cell.line), type="pages", subtype="raises_exception")


class MachinePaths(SphinxPostTransform):
    default_priority = 400

    def run(self, **kwargs):
        for block in self.document.findall(nodes.literal_block):
            if {"output", "traceback"} & set(block.get("classes", [])):
                clean = strip_machine_paths(block.astext())
                if clean != block.astext():
                    block.rawsource, block.children = clean, [nodes.Text(clean)]


def name_toggles_by_text(app, pagename, templatename, context, doctree):
    if context.get("body"):
        context["body"] = context["body"].replace('<summary aria-label="Toggle hidden content">', "<summary>")


def setup(app):
    app.connect("doctree-read", add_reading_time)
    app.connect("doctree-read", check_expected_errors)
    app.add_post_transform(MachinePaths)
    app.connect("html-page-context", name_toggles_by_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
