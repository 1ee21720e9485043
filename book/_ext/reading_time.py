"""Sphinx extension: each page states its reading time, computed at build time (issue 9).

On ``doctree-read`` the prose of the page is counted, in two parts:

- **core**: every word outside code cells, code blocks and math, except
- **optional**: words inside an admonition with class ``para-profundizar`` or
  inside a section whose title starts with «Para profundizar».

A line «Lectura: unos N min (M palabras; K más para profundizar)» is inserted
under the page title (N = core words at ``reading_time_wpm`` words per minute,
rounded up). The counts of every page are written to
``<outdir>/lectura.json`` when the build ends, so a test and the closing note
can read the total of the core path.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from docutils import nodes

from clase102.formatting import fmt_int  # the book's Spanish numbers, written once

WORD = re.compile(r"\w+")
OPTIONAL_TITLE = "para profundizar"
OPTIONAL_CLASS = "para-profundizar"
SKIPPED = (nodes.literal_block, nodes.math, nodes.math_block, nodes.raw, nodes.comment)


def _is_code_cell(node) -> bool:
    return isinstance(node, nodes.container) and "cell" in node.get("classes", [])


def _is_optional(node) -> bool:
    if OPTIONAL_CLASS in node.get("classes", []):
        return True
    if isinstance(node, nodes.section) and node.children:
        title = node.children[0]
        return isinstance(title, nodes.title) and title.astext().strip().lower().startswith(OPTIONAL_TITLE)
    return False


def count_words(node, optional: bool = False, counts=None) -> dict:
    """Words of ``node``'s prose as ``{"core": n, "optional": m}``."""
    counts = counts if counts is not None else {"core": 0, "optional": 0}
    if isinstance(node, SKIPPED) or _is_code_cell(node):
        return counts
    if isinstance(node, nodes.Text):
        counts["optional" if optional else "core"] += len(WORD.findall(node.astext()))
        return counts
    optional = optional or (isinstance(node, nodes.Element) and _is_optional(node))
    for child in node.children:
        count_words(child, optional, counts)
    return counts


def reading_line(counts: dict, wpm: int) -> str:
    minutes = max(1, math.ceil(counts["core"] / wpm))
    about = "1 min" if minutes == 1 else f"unos {minutes} min"
    text = f"Lectura: {about} ({fmt_int(counts['core'])} palabras"
    if counts["optional"]:
        text += f"; {fmt_int(counts['optional'])} más para profundizar"
    return text + ")."


def _on_doctree_read(app, doctree) -> None:
    counts = count_words(doctree)
    docname = app.env.docname
    app.env.reading_time_counts = getattr(app.env, "reading_time_counts", {})
    app.env.reading_time_counts[docname] = counts
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section.children[0], nodes.title):
        return
    line = nodes.paragraph("", reading_line(counts, app.config.reading_time_wpm), classes=["tiempo-lectura"])
    section.insert(1, line)


def _on_purge(app, env, docname) -> None:
    getattr(env, "reading_time_counts", {}).pop(docname, None)


def _on_merge(app, env, docnames, other) -> None:
    env.reading_time_counts = getattr(env, "reading_time_counts", {})
    for docname in docnames:
        if docname in getattr(other, "reading_time_counts", {}):
            env.reading_time_counts[docname] = other.reading_time_counts[docname]


def _on_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    counts = getattr(app.env, "reading_time_counts", {})
    pages = {doc: counts[doc] for doc in sorted(counts)}
    total = {key: sum(c[key] for c in pages.values()) for key in ("core", "optional")}
    out = {"wpm": app.config.reading_time_wpm, "pages": pages, "total": total}
    Path(app.outdir, "lectura.json").write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf8")


def setup(app):
    app.add_config_value("reading_time_wpm", 200, "env")
    app.connect("doctree-read", _on_doctree_read)
    app.connect("env-purge-doc", _on_purge)
    app.connect("env-merge-info", _on_merge)
    app.connect("build-finished", _on_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
