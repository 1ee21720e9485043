"""Unit tests of the build extensions' small parts (book/_ext: reading_time, a11y, reader_site).

Tiny synthetic doctrees, notebooks and fake Sphinx objects; every expected value is a literal,
a hand count, a path of this repository, or what docutils / Sphinx / nbformat themselves say.
(The build itself checks them end to end in the book tier.)
"""

import importlib.metadata
import inspect
import json
import logging
import os
import re
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from docutils import nodes
from sphinx.builders import html as sphinx_html
from sphinx.errors import ExtensionError
from sphinx.events import core_events

from conftest import ROOT
from test_build_guard import FRONT_MATTER  # the MyST notebook front matter, written once

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import a11y  # noqa: E402
import build_guard as bg  # noqa: E402
import notebook_export as nbx  # noqa: E402
import parallel_pages  # noqa: E402
import reader_site  # noqa: E402
import reading_time  # noqa: E402

SITE = "/work/main/.venv/lib/python3.11/site-packages/"
# Sphinx's own events: the core ones and those its HTML builder adds (html-page-context, ...)
EVENTS = set(core_events) | set(re.findall(r"add_event\(['\"]([\w-]+)['\"]\)", inspect.getsource(sphinx_html)))


class FakeApp:
    """What an extension's setup() calls on Sphinx, written down."""

    def __init__(self):
        self.config_values, self.connected, self.css, self.js, self.post_transforms = [], [], [], [], []

    def add_config_value(self, name, default, rebuild, *types):
        self.config_values.append((name, default, rebuild, *types))

    def connect(self, event, handler, priority=500):
        self.connected.append((event, handler.__name__, priority))

    def add_css_file(self, name):
        self.css.append(name)

    def add_js_file(self, name):
        self.js.append(name)

    def add_post_transform(self, transform):
        self.post_transforms.append(transform.__name__)


def _section(title, *children):
    sec = nodes.section()
    sec += nodes.title("", title)
    for child in children:
        sec += child
    return sec


# ---------------------------------------------------------------- reading_time


def test_math_raw_comments_and_code_cells_are_not_words_but_other_containers_are():
    doc = nodes.document(None, None)
    cell = nodes.container(classes=["cell"])
    cell += nodes.paragraph("", "uno dos")
    plain = nodes.container(classes=["caja"])
    plain += nodes.paragraph("", "tres cuatro cinco")
    doc += [nodes.math("", "a b c"), nodes.math_block("", "d e"), nodes.raw("", "<b>f g</b>", format="html"),
            nodes.comment("", "h i"), cell, plain]
    assert reading_time.count_words(doc) == {"core": 3, "optional": 0}


def test_optional_titles_are_found_in_any_case_with_spaces_and_only_in_a_title():
    doc = nodes.document(None, None)
    doc += _section("  PARA PROFUNDIZAR: capas", nodes.paragraph("", "a b"))  # 3 + 2 optional
    no_title = nodes.section()
    no_title += nodes.paragraph("", "Para profundizar cuatro")  # not a title: 3 core
    doc += no_title
    doc += nodes.section()  # empty section: nothing, no error
    doc += _section("Un repaso para profundizar", nodes.paragraph("", "x"))  # does not start so: 4 + 1 core
    assert reading_time.count_words(doc) == {"core": 8, "optional": 5}


def test_the_optional_class_marks_any_element_and_counts_accumulate():
    box = nodes.paragraph("", "uno dos", classes=["para-profundizar"])
    counts = {"core": 10, "optional": 1}
    assert reading_time.count_words(box, counts=counts) is counts
    assert counts == {"core": 10, "optional": 3}
    assert reading_time.count_words(nodes.paragraph("", "a b c"), optional=True) == {"core": 0, "optional": 3}


def test_minutes_round_up_and_never_fall_below_one():
    assert reading_time.reading_line({"core": 200, "optional": 0}, 200) == "Lectura: 1 min (200 palabras)."
    assert reading_time.reading_line({"core": 0, "optional": 0}, 200) == "Lectura: 1 min (0 palabras)."
    assert reading_time.reading_line({"core": 401, "optional": 1}, 200) == (
        "Lectura: unos 3 min (401 palabras; 1 más para profundizar).")


def test_the_line_goes_right_under_the_title_and_the_counts_are_kept():
    doc = nodes.document(None, None)
    doc += _section("Uno dos", nodes.paragraph("", "tres cuatro cinco"))
    env = SimpleNamespace(docname="pagina", reading_time_counts={"otra": {"core": 1, "optional": 0}})
    app = SimpleNamespace(env=env, config=SimpleNamespace(reading_time_wpm=2))
    reading_time._on_doctree_read(app, doc)
    section = doc.children[0]
    line = section.children[1]
    assert isinstance(line, nodes.paragraph) and line["classes"] == ["tiempo-lectura"]
    assert line.astext() == "Lectura: unos 3 min (5 palabras)."  # 5 words at 2 a minute: 2,5 -> 3
    assert [type(c) for c in section.children] == [nodes.title, nodes.paragraph, nodes.paragraph]
    assert env.reading_time_counts == {"otra": {"core": 1, "optional": 0}, "pagina": {"core": 5, "optional": 0}}


def test_pages_without_a_titled_section_are_counted_but_get_no_line():
    env = SimpleNamespace(docname="sin")
    app = SimpleNamespace(env=env, config=SimpleNamespace(reading_time_wpm=200))
    doc = nodes.document(None, None)
    doc += nodes.paragraph("", "uno dos")
    reading_time._on_doctree_read(app, doc)
    assert env.reading_time_counts == {"sin": {"core": 2, "optional": 0}}
    assert len(doc.children) == 1
    doc2 = nodes.document(None, None)
    untitled = nodes.section()
    untitled += nodes.paragraph("", "tres")
    doc2 += untitled
    env.docname = "sin2"
    reading_time._on_doctree_read(app, doc2)
    assert len(untitled.children) == 1
    assert env.reading_time_counts["sin2"] == {"core": 1, "optional": 0}
    empty = nodes.document(None, None)
    empty += nodes.section()
    env.docname = "vacia"
    reading_time._on_doctree_read(app, empty)
    assert env.reading_time_counts["vacia"] == {"core": 0, "optional": 0}


def test_purge_and_merge_of_parallel_reads():
    env = SimpleNamespace(reading_time_counts={"a": {"core": 1}, "b": {"core": 2}})
    reading_time._on_purge(None, env, "a")
    reading_time._on_purge(None, env, "zzz")
    assert env.reading_time_counts == {"b": {"core": 2}}
    reading_time._on_purge(None, SimpleNamespace(), "a")  # nothing read yet: no error
    other = SimpleNamespace(reading_time_counts={"c": {"core": 3}, "d": {"core": 4}})
    reading_time._on_merge(None, env, ["c", "x"], other)
    assert env.reading_time_counts == {"b": {"core": 2}, "c": {"core": 3}}
    fresh = SimpleNamespace()
    reading_time._on_merge(None, fresh, ["c"], SimpleNamespace())
    assert fresh.reading_time_counts == {}


def test_lectura_json_has_the_pages_in_order_and_their_sums(tmp_path):
    env = SimpleNamespace(reading_time_counts={"z": {"core": 10, "optional": 1}, "página": {"core": 5, "optional": 0}})
    app = SimpleNamespace(env=env, outdir=str(tmp_path), builder=SimpleNamespace(format="html"),
                          config=SimpleNamespace(reading_time_wpm=180))
    reading_time._on_finished(app, None)
    text = (tmp_path / "lectura.json").read_text(encoding="utf8")
    assert json.loads(text) == {"wpm": 180, "pages": {"página": {"core": 5, "optional": 0}, "z": {"core": 10, "optional": 1}},
                                "total": {"core": 15, "optional": 1}}
    assert text.startswith('{\n "wpm": 180,\n "pages": {\n  "página": {\n   "core": 5,')  # one space a level, readable
    assert text.index('"página"') < text.index('"z"')
    app.env = SimpleNamespace()  # no page read (an incremental build with nothing new)
    reading_time._on_finished(app, None)
    assert json.loads((tmp_path / "lectura.json").read_text(encoding="utf8")) == {
        "wpm": 180, "pages": {}, "total": {"core": 0, "optional": 0}}


@pytest.mark.parametrize("fmt, exception", [("html", RuntimeError("falló")), ("latex", None)])
def test_no_lectura_json_after_a_failure_or_for_other_builders(tmp_path, fmt, exception):
    app = SimpleNamespace(env=SimpleNamespace(reading_time_counts={}), outdir=str(tmp_path),
                          builder=SimpleNamespace(format=fmt), config=SimpleNamespace(reading_time_wpm=200))
    reading_time._on_finished(app, exception)
    assert not (tmp_path / "lectura.json").exists()


def test_reading_time_registers_its_setting_and_sphinx_events():
    app = FakeApp()
    meta = reading_time.setup(app)
    assert app.config_values == [("reading_time_wpm", 200, "env")]
    assert [c[:2] for c in app.connected] == [("doctree-read", "_on_doctree_read"), ("env-purge-doc", "_on_purge"),
                                              ("env-merge-info", "_on_merge"), ("build-finished", "_on_finished")]
    assert all(event in EVENTS for event, _, _ in app.connected)
    assert meta == {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}


# ---------------------------------------------------------------- a11y


@pytest.mark.parametrize("text, clean", [
    (f'File "{SITE}keras/src/x.py", line 3', 'File "keras/src/x.py", line 3'),
    ("/usr/lib/python3/dist-packages/numpy/core.py", "numpy/core.py"),
    ("C:\\Py\\Lib\\site-packages\\numpy\\x.py y más", "numpy\\x.py y más"),
    (f"{ROOT}/code/clase102/data.py:12", "clase102/data.py:12"),
    ("/usr/share/datasets/fashion-mnist/x.gz", "/usr/share/datasets/fashion-mnist/x.gz"),
    ('File "/root/.pyenv/versions/3.11.7/lib/python3.11/asyncio/events.py", line 80',
     'File "asyncio/events.py", line 80'),
    ("/usr/lib/python3.11/json/decoder.py", "json/decoder.py"),
    ('File "/tmp/ipykernel_1897/1027823136.py", line 2', 'File "1027823136.py", line 2'),
])
def test_machine_paths_are_cut_to_package_paths(text, clean):
    assert a11y.strip_machine_paths(text) == clean


def test_output_blocks_lose_machine_paths_in_the_html_and_nothing_else_changes():
    doc = nodes.document(SimpleNamespace(language_code="es"), None)
    texts = [f"{SITE}np/z.py", f"en {SITE}keras/x.py", f"{SITE}tf/y.py", "sin rutas"]
    blocks = [nodes.literal_block(t, t, classes=c) for t, c in
              zip(texts, (["highlight"], ["output", "stream"], ["traceback"], ["output"]))]
    doc += blocks
    untouched = blocks[3].children[0]
    a11y.MachinePathsInOutputs(doc).run()
    assert [b.astext() for b in blocks] == [f"{SITE}np/z.py", "en keras/x.py", "tf/y.py", "sin rutas"]
    assert [b.rawsource for b in blocks] == [f"{SITE}np/z.py", "en keras/x.py", "tf/y.py", "sin rutas"]
    assert blocks[3].children[0] is untouched and len(blocks[1].children) == 1


def test_hidden_cell_toggles_are_named_by_their_text():
    body = ('<summary aria-label="Toggle hidden content">A</summary>'
            '<summary aria-label="Toggle hidden content">B</summary><summary aria-label="Otro">')
    context = {"body": body}
    a11y.toggles_named_by_text(None, "p", "page.html", context, None)
    assert context["body"] == '<summary>A</summary><summary>B</summary><summary aria-label="Otro">'
    for context in ({}, {"body": ""}, {"body": None}):
        before = dict(context)
        a11y.toggles_named_by_text(None, "p", "page.html", context, None)
        assert context == before


def test_a_fingerprint_follows_the_files_bytes_and_a_missing_file_is_empty(tmp_path):
    (tmp_path / "a").write_text("uno")
    (tmp_path / "b").write_text("dos")
    (tmp_path / "vacio").write_text("")
    both = a11y.fingerprint(tmp_path / "a", str(tmp_path / "b"))
    assert len(both) == 16 and int(both, 16) >= 0
    assert both == a11y.fingerprint(tmp_path / "a", tmp_path / "b")
    assert both not in (a11y.fingerprint(tmp_path / "b", tmp_path / "a"), a11y.fingerprint(tmp_path / "a"))
    assert a11y.fingerprint(tmp_path / "falta") == a11y.fingerprint(tmp_path / "vacio") == a11y.fingerprint()
    (tmp_path / "a").write_text("tres")
    assert a11y.fingerprint(tmp_path / "a", tmp_path / "b") != both


def test_static_files_and_scorer_are_added_once(tmp_path):
    static, scorer = ROOT / "book" / "_static", ROOT / "book" / "_ext" / "search_scorer.js"
    config = SimpleNamespace(html_static_path=["_static"], html_search_scorer="")
    a11y.add_static(SimpleNamespace(confdir=str(tmp_path)), config)
    assert config.html_static_path == ["_static", str(static)]
    assert config.html_search_scorer == str(scorer)
    config = SimpleNamespace(html_static_path=["_static"], html_search_scorer="mio.js")
    a11y.add_static(SimpleNamespace(confdir=str(ROOT / "book")), config)  # book/_static is already there
    assert config.html_static_path == ["_static"] and config.html_search_scorer == "mio.js"


def test_the_a11y_fingerprint_follows_the_extension_the_scorer_and_every_asset(monkeypatch, tmp_path):
    files = {"ext": tmp_path / "a11y.py", "scorer": tmp_path / "scorer.js"}
    files.update({name: tmp_path / "static" / name for name in ("a11y.css", "a11y.js", "search_snippets.js")})
    (tmp_path / "static").mkdir()
    for path in files.values():
        path.write_text("v1")
    monkeypatch.setattr(a11y, "__file__", str(files["ext"]))
    monkeypatch.setattr(a11y, "SCORER", files["scorer"])
    monkeypatch.setattr(a11y, "STATIC", tmp_path / "static")

    def value():
        app = FakeApp()
        a11y.setup(app)
        return app.config_values[0][1]

    seen = {value()}
    for path in files.values():
        path.write_text("v2")
        seen.add(value())
    assert len(seen) == 1 + len(files)  # each file changes it


def test_a11y_registers_its_assets_transform_and_toggle_handler():
    app = FakeApp()
    meta = a11y.setup(app)
    assert [(n, r) for n, _, r in app.config_values] == [("a11y_fingerprint", "html")]
    fingerprint = app.config_values[0][1]
    assert len(fingerprint) == 16 and int(fingerprint, 16) >= 0
    assert app.connected == [("config-inited", "add_static", 500), ("html-page-context", "toggles_named_by_text", 700)]
    assert all(event in EVENTS for event, _, _ in app.connected)
    assert app.css == ["a11y.css"] and app.js == ["a11y.js", "search_snippets.js"]
    assert all((ROOT / "book" / "_static" / name).is_file() for name in app.css + app.js)
    assert app.post_transforms == ["MachinePathsInOutputs"]
    assert meta == {"parallel_read_safe": True, "parallel_write_safe": True}


# ---------------------------------------------------------------- reader_site


@pytest.mark.parametrize("uri, external", [("https://cdn.x/a.js", True), ("//cdn.x/a.js", True),
                                           ("_static/a.js", False), ("", False), (None, False)])
def test_external_addresses(uri, external):
    assert reader_site._is_external(uri) is external


def test_mathjax_comes_from_the_pinned_package():
    path = reader_site.mathjax_source()
    dist = importlib.metadata.distribution("sphinx-mathjax-offline")
    assert path == dist.locate_file("sphinx-mathjax-offline/static/mathjax")
    assert (path / "tex-mml-chtml.js").is_file()


def test_a_missing_or_empty_mathjax_package_stops_the_build_in_spanish(monkeypatch, tmp_path):
    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    with pytest.raises(ExtensionError, match=r"^Falta el paquete sphinx-mathjax-offline \(MathJax sin internet\): "
                                             r"corré `make setup` o `pip install -r requirements.lock`\.$"):
        reader_site.mathjax_source()
    monkeypatch.setattr(importlib.metadata, "distribution",
                        lambda name: SimpleNamespace(locate_file=lambda rel: tmp_path / rel))
    expected = f"sphinx-mathjax-offline no trae tex-mml-chtml.js en {tmp_path / 'sphinx-mathjax-offline/static/mathjax'}."
    with pytest.raises(ExtensionError) as info:
        reader_site.mathjax_source()
    assert str(info.value) == expected


def test_the_favicon_is_the_books_unless_one_is_set():
    config = SimpleNamespace(html_favicon=None)
    reader_site.set_favicon(None, config)
    assert config.html_favicon == str(ROOT / "book" / "_static" / "favicon.svg")
    assert (ROOT / "book" / "_static" / "favicon.svg").is_file()
    config = SimpleNamespace(html_favicon="otro.ico")
    reader_site.set_favicon(None, config)
    assert config.html_favicon == "otro.ico"


def _app(fmt="html", mathjax="mathjax/tex-mml-chtml.js", outdir=""):
    return SimpleNamespace(builder=SimpleNamespace(format=fmt), config=SimpleNamespace(mathjax_path=mathjax),
                           outdir=str(outdir))


def test_mathjax_from_another_host_is_a_warning(monkeypatch, caplog):
    calls = []
    monkeypatch.setattr(reader_site, "mathjax_source", lambda: calls.append(1))
    with caplog.at_level(logging.WARNING):
        reader_site._check_mathjax_config(_app(mathjax="https://cdn.x/tex.js"))
    assert [r.getMessage() for r in caplog.records] == [
        "mathjax_path apunta afuera del libro (https://cdn.x/tex.js): fijalo en mathjax/tex-mml-chtml.js"]
    assert caplog.records[0].type == "reader_site"
    assert calls == []
    reader_site._check_mathjax_config(_app())
    assert calls == [1]
    reader_site._check_mathjax_config(_app(fmt="latex"))
    assert calls == [1] and len(caplog.records) == 1


def _fake_mathjax(tmp_path):
    source = tmp_path / "mj"
    for rel in ("tex-mml-chtml.js", "input/tex/ext.js", "output/chtml/fonts/f.woff", "output/svg/no.js",
                "ui/menu.js", "a11y/sre.js", "sre/x.js", "adaptors/l.js", "otro/no.js"):
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(rel)
    return source


def test_mathjax_files_are_copied_into_the_site(monkeypatch, tmp_path):
    monkeypatch.setattr(reader_site, "mathjax_source", lambda: _fake_mathjax(tmp_path))
    reader_site.copy_mathjax(_app(outdir=tmp_path / "html"), None)
    target = tmp_path / "html" / "_static" / "mathjax"
    copied = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert copied == ["a11y/sre.js", "adaptors/l.js", "input/tex/ext.js", "output/chtml/fonts/f.woff",
                      "sre/x.js", "tex-mml-chtml.js", "ui/menu.js"]
    assert (target / "tex-mml-chtml.js").read_text() == "tex-mml-chtml.js"
    reader_site.copy_mathjax(_app(outdir=tmp_path / "html"), None)  # the next build: the folders exist
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()) == copied


@pytest.mark.parametrize("app, exception", [(dict(fmt="latex"), None), (dict(mathjax="https://x/y.js"), None),
                                            ({}, RuntimeError("falló"))])
def test_no_mathjax_copy_after_a_failure_other_builders_or_an_external_mathjax(monkeypatch, tmp_path, app, exception):
    monkeypatch.setattr(reader_site, "mathjax_source", lambda: _fake_mathjax(tmp_path))
    reader_site.copy_mathjax(_app(outdir=tmp_path / "html", **app), exception)
    assert not (tmp_path / "html").exists()


def test_thebe_is_dropped_and_other_hosts_are_warned_about(caplog):
    script = lambda uri, body=None: SimpleNamespace(filename=uri, attributes={"body": body} if body else {})  # noqa: E731
    scripts = [script("_static/a.js"), script("_static/sphinx-thebe.js"), script(None, "var THEBE_JS_URL = 1"),
               script("https://cdn.x/b.js")]
    context = {"script_files": scripts, "css_files": ["_static/c.css", "https://cdn.x/d.css"], "body": "x"}
    with caplog.at_level(logging.WARNING):
        reader_site.local_assets_only(_app(), "pagina", "page.html", context, None)
    assert context["script_files"] == [scripts[0], scripts[3]]
    assert context["css_files"] == ["_static/c.css", "https://cdn.x/d.css"]
    assert [r.getMessage() for r in caplog.records] == [
        f"la página carga {u} desde otro sitio (el libro debe andar sin internet)"
        for u in ("https://cdn.x/b.js", "https://cdn.x/d.css")]
    assert all(r.type == "reader_site" and r.location == "pagina" for r in caplog.records)
    other = {"script_files": list(scripts)}
    reader_site.local_assets_only(_app(fmt="latex"), "p", "page.html", other, None)
    assert other["script_files"] == scripts
    caplog.clear()
    with caplog.at_level(logging.WARNING):  # no scripts at all: the stylesheets are still checked
        reader_site.local_assets_only(_app(), "p", "page.html", {"script_files": [], "css_files": ["https://cdn.x/e.css"]}, None)
    assert [r.getMessage() for r in caplog.records] == [
        "la página carga https://cdn.x/e.css desde otro sitio (el libro debe andar sin internet)"]


def test_asset_uris_and_thebe_assets():
    assert reader_site._asset_uri(SimpleNamespace(filename="a.js")) == "a.js"
    assert reader_site._asset_uri("b.css") == "b.css"
    assert reader_site._is_thebe(SimpleNamespace(filename="x/thebe.js", attributes=None))
    assert reader_site._is_thebe(SimpleNamespace(filename="", attributes={"body": "THEBE_JS_URL"}))
    assert not reader_site._is_thebe(SimpleNamespace(filename="a.js", attributes={"body": None}))


def test_the_thebe_config_block_is_removed_from_the_page():
    doc = nodes.document(None, None)
    keep = nodes.raw("", "<script>otra</script>", format="html")
    doc += [nodes.raw("", '<script type="text/x-thebe-config">{}</script>', format="html"), keep]
    reader_site.drop_thebe_config(None, doc, "p")
    assert doc.children == [keep]


def test_the_download_tooltips_become_spanish():
    buttons = [{"label": "download-buttons", "tooltip": "Descarga esta pagina",
                "buttons": [{"label": "download-notebook-button", "tooltip": "cuaderno"}, {"label": "otro", "tooltip": "t"}]},
               {"label": "download-notebook-button", "tooltip": "suelto"}]  # a button of its own, no menu
    context = {"header_buttons": buttons}
    reader_site.spanish_header_buttons(None, "p", "page.html", context, None)
    assert buttons == [{"label": "download-buttons", "tooltip": "Descargar esta página",
                        "buttons": [{"label": "download-notebook-button", "tooltip": "Descargar como notebook de Jupyter"},
                                    {"label": "otro", "tooltip": "t"}]},
                       {"label": "download-notebook-button", "tooltip": "Descargar como notebook de Jupyter"}]
    reader_site.spanish_header_buttons(None, "p", "page.html", {}, None)


def _exec_table(header, rows):
    table, group = nodes.table(), nodes.tgroup()
    table += group
    head, body = nodes.thead(), nodes.tbody()
    for part, lines in ((head, [header]), (body, rows)):
        for line in lines:
            row = nodes.row()
            for cell in line:
                entry = nodes.entry()
                entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=cell)
                row += entry
            part += row
        group += part
    return table


def test_the_execution_table_speaks_spanish():
    link = nodes.paragraph()
    link += nodes.inline(text="intro")
    unknown = nodes.paragraph()
    unknown += nodes.inline(text="nueva")
    failed = nodes.paragraph()
    failed += nodes.abbreviation("", "❌")
    header = ["Document", "Modified", "Method", "Run Time (s)", "Status"]
    table = _exec_table(header, [[link, "2026-11-28", "cache", "12.5", "✅"], [unknown, "x", "otro", "7", failed]])
    other = _exec_table(["Document", "Status"], [["a", "✅"]])
    dash = _exec_table(header, [["x", "y", "force", "-", "✅"], ["x", "y", "auto", "1.2.3", "✅"], ["x", "y", "inline", "7", "✅"]])
    doc = nodes.document(SimpleNamespace(language_code="es", env=SimpleNamespace(titles={"intro": nodes.title(text="Introducción")})), None)
    plain = _exec_table([], [["a", "b", "cache", "1.5", "✅"]])  # a table without a header row, first on the page
    plain.children[0].remove(plain.children[0].children[0])
    doc += [nodes.table(), plain, table, other, dash]
    reader_site.SpanishExecTable(doc).run()
    rows = [[e.astext() for e in row.findall(nodes.entry)] for row in table.findall(nodes.row)]
    assert rows == [["Página", "Última ejecución", "Modo", "Duración (s)", "Estado"],
                    ["Introducción", "2026-11-28", "caché", "12,50", "✓ bien"],
                    ["nueva", "x", "otro", "7,00", "✗ falló"]]
    assert [i.astext() for i in table.findall(nodes.inline)] == ["Introducción", "nueva"]  # the link stays a link
    assert [[e.astext() for e in r.findall(nodes.entry)] for r in plain.findall(nodes.row)] == [["a", "b", "cache", "1.5", "✅"]]
    assert [[e.astext() for e in r.findall(nodes.entry)][2:4] for r in dash.findall(nodes.row)][1:] == [
        ["forzada", "-"], ["automática", "1.2.3"], ["en línea", "7,00"]]
    assert list(failed.findall(nodes.abbreviation))  # a failure keeps myst-nb's <abbr>
    assert [[e.astext() for e in r.findall(nodes.entry)] for r in other.findall(nodes.row)] == [
        ["Document", "Status"], ["a", "✅"]]


def test_reader_site_registers_its_handlers_in_order():
    app = FakeApp()
    meta = reader_site.setup(app)
    assert app.connected == [("config-inited", "set_favicon", 500), ("builder-inited", "_check_mathjax_config", 500),
                             ("build-finished", "copy_mathjax", 500), ("doctree-resolved", "drop_thebe_config", 600),
                             ("html-page-context", "spanish_header_buttons", 600),
                             ("html-page-context", "local_assets_only", 900)]
    assert all(event in EVENTS for event, _, _ in app.connected)
    assert app.post_transforms == ["SpanishExecTable"]
    assert meta == {"parallel_read_safe": True, "parallel_write_safe": True}


# ---------------------------------------------------------------- notebook_export

def test_download_paths_and_the_wheels_name(tmp_path):
    assert str(nbx.notebook_path("out", "entrenar")) == "out/_sources/entrenar.ipynb"
    assert str(nbx.notebook_path("out", "a/b", student=True)) == "out/_sources/a/b-alumno.ipynb"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "paquete"\nversion = "1.2.3"\n', encoding="utf8")
    assert nbx.wheel_name(tmp_path) == "paquete-1.2.3-py3-none-any.whl"


def test_the_package_digest_follows_its_python_files_only(tmp_path):
    (tmp_path / "code" / "clase102" / "sub").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("p")
    (tmp_path / "README.md").write_text("r")
    (tmp_path / "code" / "clase102" / "a.py").write_text("a = 1")
    first = nbx._package_digest(tmp_path)
    assert len(first) == 64 and first == nbx._package_digest(tmp_path)
    (tmp_path / "code" / "clase102" / "notas.txt").write_text("no cuenta")
    assert nbx._package_digest(tmp_path) == first
    (tmp_path / "code" / "clase102" / "sub" / "b.py").write_text("")
    second = nbx._package_digest(tmp_path)
    assert second != first
    (tmp_path / "README.md").write_text("otro")
    third = nbx._package_digest(tmp_path)
    assert third not in (first, second)
    (tmp_path / "code" / "clase102" / "sub" / "b.py").rename(tmp_path / "code" / "clase102" / "sub" / "c.py")
    assert nbx._package_digest(tmp_path) not in (first, second, third)  # a renamed module, same bytes


def test_files_are_written_only_when_they_change(tmp_path):
    path = tmp_path / "x" / "z" / "y.bin"  # two folders that do not exist yet
    nbx._write_if_changed(path, b"uno")
    assert path.read_bytes() == b"uno"
    before = path.stat().st_mtime_ns
    os.utime(path, ns=(1, 1))
    nbx._write_if_changed(path, b"uno")
    assert path.stat().st_mtime_ns == 1 != before
    nbx._write_if_changed(path, b"dos")
    assert path.read_bytes() == b"dos"


LAUNCH = {"colab_url": "https://colab.research.google.com/", "binderhub_url": "https://mybinder.org", "notebook_interface": "classic"}


def test_launch_buttons_are_cleared_without_a_repository():
    options = {"launch_buttons": dict(LAUNCH)}
    nbx.no_launch_without_repository(None, SimpleNamespace(html_theme_options=options))
    assert options["launch_buttons"] == {"colab_url": "", "binderhub_url": "", "notebook_interface": "classic"}
    options = {"repository_url": "https://github.com/o/r", "launch_buttons": dict(LAUNCH)}
    nbx.no_launch_without_repository(None, SimpleNamespace(html_theme_options=options))
    assert options["launch_buttons"] == LAUNCH
    options = {"launch_buttons": "no es un dict"}
    nbx.no_launch_without_repository(None, SimpleNamespace(html_theme_options=options))
    assert options == {"launch_buttons": "no es un dict"}


def _launch_app(url):
    return SimpleNamespace(config=SimpleNamespace(html_theme_options={"repository_url": url, "launch_buttons": LAUNCH},
                                                  notebook_export_pages_branch="gh-pages"))


def test_colab_and_binder_open_the_exported_notebook_on_the_sites_branch():
    group = {"buttons": [{"text": "Colab", "url": "viejo"}, {"text": "Binder", "url": "viejo"}, {"text": "Otro", "url": "u"}]}
    nbx._point_launch_buttons(_launch_app("https://github.com/org/repo.git"), "a/entrenar", group)
    assert [b["url"] for b in group["buttons"]] == [
        "https://colab.research.google.com/github/org/repo/blob/gh-pages/_sources/a/entrenar.ipynb",
        "https://mybinder.org/v2/gh/org/repo/gh-pages?urlpath=tree/_sources/a/entrenar.ipynb",
        "u"]
    app = _launch_app("https://github.com/org/repo")
    app.config.html_theme_options["launch_buttons"] = {"colab_url": "https://colab.example", "binderhub_url": "https://binder.example/"}
    group = {"buttons": [{"text": "Colab", "url": "viejo"}, {"text": "Binder", "url": "viejo"}]}
    nbx._point_launch_buttons(app, "p", group)  # with or without the final slash: one slash
    assert [b["url"] for b in group["buttons"]] == ["https://colab.example/github/org/repo/blob/gh-pages/_sources/p.ipynb",
                                                    "https://binder.example/v2/gh/org/repo/gh-pages?urlpath=tree/_sources/p.ipynb"]
    group = {"buttons": [{"text": "Colab", "url": "viejo"}]}
    nbx._point_launch_buttons(_launch_app("https://gitlab.com/org/repo"), "p", group)
    assert group["buttons"][0]["url"] == "viejo"
    app = _launch_app("")
    del app.config.html_theme_options["repository_url"]  # no repository at all
    nbx._point_launch_buttons(app, "p", group)
    assert group["buttons"][0]["url"] == "viejo"


def _page_app(tmp_path, found=("p",)):
    return SimpleNamespace(builder=SimpleNamespace(format="html"), env=SimpleNamespace(found_docs=set(found)),
                           outdir=str(tmp_path), config=_launch_app("https://github.com/org/repo").config)


def test_the_menu_gets_the_student_edition_and_both_notebooks_are_written(monkeypatch, tmp_path):
    full, student = nbformat.v4.new_notebook(), nbformat.v4.new_notebook()
    student.cells = [nbformat.v4.new_markdown_cell("alumno")]
    app, asked = _page_app(tmp_path), []
    monkeypatch.setattr(nbx, "_exports", lambda app, name: asked.append((app, name)) or {False: full, True: student})
    context = {"header_buttons": [
        {"label": "download-buttons", "buttons": [
            {"label": "download-source-button", "url": "_sources/p.md"},
            {"label": "download-notebook-button", "url": "_sources/p.ipynb", "text": ".ipynb", "icon": "i"},
            {"label": "download-pdf-button", "url": "#"}]},
        {"label": "launch-buttons", "buttons": [{"text": "Colab", "url": "x"}]}]}
    nbx.set_download(app, "p", "page.html", context, object())
    assert context["ipynb_source"] == "p.ipynb" and asked == [(app, "p")]
    nbx.write_and_link(app, "p", "page.html", context, object())
    assert nbformat.read(tmp_path / "_sources" / "p.ipynb", 4) == full
    assert nbformat.read(tmp_path / "_sources" / "p-alumno.ipynb", 4).cells[0].source == "alumno"
    buttons = context["header_buttons"][0]["buttons"]
    assert [b["label"] for b in buttons] == ["download-source-button", "download-notebook-button",
                                             "download-student-notebook-button", "download-pdf-button"]
    assert buttons[2] == {"label": "download-student-notebook-button", "url": "_sources/p-alumno.ipynb", "icon": "i",
                          "text": "Edición del alumno",
                          "tooltip": "Descargar la edición del alumno: el notebook sin las soluciones"}
    assert context["header_buttons"][1]["buttons"][0]["url"] == "https://colab.research.google.com/github/org/repo/blob/gh-pages/_sources/p.ipynb"
    assert nbx._PENDING == {}
    context2 = {}
    nbx.write_and_link(app, "p", "page.html", context2, object())  # nothing pending: nothing to do
    assert context2 == {}
    (tmp_path / "_sources" / "p.ipynb").unlink()
    nbx.set_download(app, "p", "page.html", context2, object())
    nbx.write_and_link(app, "p", "page.html", context2, object())  # a theme without header buttons
    assert context2 == {"ipynb_source": "p.ipynb"} and (tmp_path / "_sources" / "p.ipynb").is_file()


def test_pages_without_export_keep_the_themes_menu(monkeypatch, tmp_path):
    full = nbformat.v4.new_notebook()
    monkeypatch.setattr(nbx, "_exports", lambda app, name: {False: full})
    app = _page_app(tmp_path)
    group = {"label": "download-buttons", "buttons": [{"label": "download-notebook-button", "url": "_sources/p.ipynb"}]}
    context = {"header_buttons": [group]}
    nbx.set_download(app, "p", "page.html", context, object())
    nbx.write_and_link(app, "p", "page.html", context, object())
    assert [b["label"] for b in group["buttons"]] == ["download-notebook-button"]
    assert (tmp_path / "_sources" / "p.ipynb").is_file() and not (tmp_path / "_sources" / "p-alumno.ipynb").exists()
    monkeypatch.setattr(nbx, "_exports", lambda app, name: {})
    context = {}
    nbx.set_download(app, "p", "page.html", context, object())
    assert context == {} and nbx._PENDING == {"p": {}}
    nbx._PENDING.clear()
    for fmt, doctree, page in (("latex", object(), "p"), ("html", None, "genindex")):
        app.builder.format = fmt
        nbx.set_download(app, page, "page.html", context, doctree)
    assert context == {} and nbx._PENDING == {}


def test_the_bundle_holds_the_readme_the_wheel_and_every_notebook(tmp_path):
    out = tmp_path / "html"
    (out / "_sources").mkdir(parents=True)
    (out / "_sources" / "a.ipynb").write_text("A")
    (out / "_sources" / "a-alumno.ipynb").write_text("AA")
    (out / "_sources" / "c.ipynb").write_text("no está en el libro")
    wheel = tmp_path / "wheel" / "clase102-0.1-py3-none-any.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"rueda")
    project = tmp_path / "proj"
    project.mkdir()
    (project / "requirements.lock").write_text("keras==3.15.1\nnumpy==2.1.0\nrich==1\ntensorflow-cpu==2.21.0\n")
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(out), srcdir=str(tmp_path),
                          notebook_export_wheel_path=wheel, env=SimpleNamespace(found_docs={"a", "b"}),
                          config=SimpleNamespace(notebook_export_project="proj",
                                                 html_theme_options={"repository_url": "https://github.com/o/r"}))
    nbx.write_bundle(app, None)
    assert (out / wheel.name).read_bytes() == b"rueda"

    with zipfile.ZipFile(out / "clase102-notebooks.zip") as bundle:
        names = bundle.namelist()
        assert names == ["clase102-notebooks/LEEME.md", f"clase102-notebooks/{wheel.name}",
                         "clase102-notebooks/a.ipynb", "clase102-notebooks/a-alumno.ipynb"]
        assert f"    pip install {wheel.name}\n" in bundle.read(names[0]).decode()
        assert bundle.read(names[1]) == b"rueda" and bundle.read(names[3]) == b"AA"
        assert {i.date_time for i in bundle.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert {i.compress_type for i in bundle.infolist()} == {zipfile.ZIP_DEFLATED}
    assert (out / "binder" / "requirements.txt").read_text() == "keras==3.15.1\nnumpy==2.1.0\ntensorflow-cpu==2.21.0\n"
    assert (out / "binder" / "runtime.txt").read_text() == "python-3.11\n"


@pytest.mark.parametrize("fmt, exception", [("html", RuntimeError("falló")), ("latex", None)])
def test_no_bundle_after_a_failure_or_for_other_builders(tmp_path, fmt, exception):
    app = SimpleNamespace(builder=SimpleNamespace(format=fmt), outdir=str(tmp_path))
    nbx.write_bundle(app, exception)
    assert list(tmp_path.iterdir()) == []


def test_a_bundle_without_wheel_or_repository(tmp_path):
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(tmp_path), srcdir=str(tmp_path),
                          notebook_export_wheel_path=None, env=SimpleNamespace(found_docs=set()),
                          config=SimpleNamespace(notebook_export_project=".", html_theme_options={}))
    (tmp_path / "requirements.lock").write_text("keras==3\n")
    nbx.write_bundle(app, None)

    assert zipfile.ZipFile(tmp_path / "clase102-notebooks.zip").namelist() == []
    assert not (tmp_path / "binder").exists()


def test_books_without_the_package_get_a_placeholder_wheel(tmp_path):
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), srcdir=str(tmp_path),
                          config=SimpleNamespace(notebook_export_project="."))
    nbx.prepare_wheel(app)
    assert (app.notebook_export_wheel, app.notebook_export_wheel_path) == ("clase102.whl", None)
    other = SimpleNamespace(builder=SimpleNamespace(format="latex"))
    nbx.prepare_wheel(other)
    assert not hasattr(other, "notebook_export_wheel")


def test_notebook_export_registers_its_settings_and_handlers(tmp_path):
    app = FakeApp()
    app.srcdir = str(tmp_path)
    meta = nbx.setup(app)
    assert app.config_values[1:] == [("notebook_export_project", ".", "html"),
                                     ("notebook_export_pages_branch", "gh-pages", "html")]
    assert app.config_values[0][0::2] == ("notebook_export_fingerprint", "html")
    assert app.connected == [("config-inited", "no_launch_without_repository", 500), ("builder-inited", "prepare_wheel", 500),
                             ("html-page-context", "set_download", 450),
                             ("html-page-context", "write_and_link", 510), ("build-finished", "write_bundle", 500)]
    assert all(event in EVENTS for event, _, _ in app.connected)
    assert meta == {"parallel_read_safe": True, "parallel_write_safe": True}
    (tmp_path / "pyproject.toml").write_text("[project]")
    other = FakeApp()
    other.srcdir = str(tmp_path)
    nbx.setup(other)
    assert other.config_values[0][1] != app.config_values[0][1]  # a new pyproject.toml rewrites every page


def test_a_new_exporter_rewrites_every_page(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(nbx, "fingerprint", lambda *paths: seen.append(paths) or "huella")
    app = FakeApp()
    app.srcdir = str(tmp_path)
    nbx.setup(app)
    assert seen == [(nbx.__file__, tmp_path / "pyproject.toml")] and app.config_values[0][1] == "huella"


# ---------------------------------------------------------------- build_guard

@pytest.mark.parametrize("traceback, name", [
    ("Traceback (most recent call last):\n  File \"x.py\", line 1\nkeras.errors.Mal: no\n\n", "keras.errors.Mal"),
    ("KeyboardInterrupt", "KeyboardInterrupt"),
    ("ValueError : con espacio", "ValueError"),
    ("", "una excepción"),
    ("\n  \n", "una excepción"),
    ("1 no es un nombre: x", "una excepción"),
    ("Error sin dos puntos", "una excepción"),
])
def test_the_exception_is_named_from_the_last_line(traceback, name):
    assert bg._exception_name(traceback) == name


def _code_cell(source, tags=(), error=None, line=12, with_source=True):
    cell = nodes.container(nb_element="cell_code", cell_metadata={"tags": list(tags)})
    cell.line = line
    if with_source:
        src = nodes.container(nb_element="cell_code_source")
        src += nodes.literal_block(source, source)
        cell += src
    if error:
        out = nodes.container(nb_element="cell_code_output")
        out += nodes.literal_block(error, error, classes=["output", "traceback"])
        cell += out
    return cell


def test_raises_exception_cells_must_raise_and_the_others_must_not(caplog):
    doc = nodes.document(None, None)
    error = "Traceback\nZeroDivisionError: division by zero"
    doc += [_code_cell("\n  \n  x = 1 / 0\ny = 2", tags=["raises-exception"], line=12),  # warns: did not raise
            _code_cell("z = 1 / 0", error=error, line=None),  # warns: raised untagged
            _code_cell("ok = 1 / 0", tags=["raises-exception"], error=error),
            _code_cell("ok = 1"),
            _code_cell("oculta = 1 / 0", tags=["remove-output"], error=error),
            _code_cell("", tags=["raises-exception", "x"], with_source=False, line=30),
            _code_cell("oculta = 1 / 0", tags=["remove-input"], error=error, with_source=False, line=40),
            nodes.container(nb_element="otra_cosa")]
    no_tags = _code_cell("sin_etiquetas = 1", line=50)
    no_tags["cell_metadata"] = {}
    no_metadata = _code_cell("sin_metadatos = 1 / 0", error=error, line=60)
    del no_metadata["cell_metadata"]
    doc += [no_tags, no_metadata]
    with caplog.at_level(logging.WARNING):
        bg.on_doctree_read(SimpleNamespace(env=SimpleNamespace(docname="pagina")), doc)
    assert [(r.getMessage(), r.location, r.type, r.subtype) for r in caplog.records] == [
        ("la celda de código está marcada «raises-exception» pero no lanzó ninguna excepción («x = 1 / 0»). "
         "Si ya no falla, sacale la marca y revisá el texto que la explica.", ("pagina", 12), "build_guard", "raises_exception"),
        ("la celda de código lanzó ZeroDivisionError sin estar marcada «raises-exception» («z = 1 / 0»).",
         "pagina", "build_guard", "unexpected_error"),
        ("la celda de código está marcada «raises-exception» pero no lanzó ninguna excepción («»). "
         "Si ya no falla, sacale la marca y revisá el texto que la explica.", ("pagina", 30), "build_guard", "raises_exception"),
        # remove-input: no source in the doctree, so no line to quote (not the traceback's first one)
        ("la celda de código lanzó ZeroDivisionError sin estar marcada «raises-exception» («»).",
         ("pagina", 40), "build_guard", "unexpected_error"),
        ("la celda de código lanzó ZeroDivisionError sin estar marcada «raises-exception» («sin_metadatos = 1 / 0»).",
         ("pagina", 60), "build_guard", "unexpected_error"),
    ]


def test_state_file_round_trip_and_its_fallbacks(tmp_path):
    default = {"version": 2, "stamp": None, "generation": None, "warned": []}
    assert bg.load_state(tmp_path / "no") == default
    state = {"version": 2, "stamp": {"a": "1"}, "generation": "g", "warned": ["p"]}
    bg.save_state(tmp_path / "c", state)
    assert bg.load_state(tmp_path / "c") == state
    bg.save_state(tmp_path / "x" / "y", state)  # folders made as needed
    assert bg.load_state(tmp_path / "x" / "y") == state
    assert (tmp_path / "c" / "build_guard.json").read_text(encoding="utf8") == (
        '{\n "generation": "g",\n "stamp": {\n  "a": "1"\n },\n "version": 2,\n "warned": [\n  "p"\n ]\n}')
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["build_guard.json"]
    (tmp_path / "c" / "build_guard.json").write_text('{"version": 1, "stamp": {}}')
    assert bg.load_state(tmp_path / "c") == default
    (tmp_path / "c" / "build_guard.json").write_text("{roto")
    assert bg.load_state(tmp_path / "c") == default


def _guard_app(tmp_path, mode="cache", docs=("a", "b")):
    paths = {"/src/a.md": "a", "/src/b.md": "b", "/src/x:y.md": "xy"}
    env = SimpleNamespace(mystnb_config=SimpleNamespace(execution_mode=mode, execution_cache_path=str(tmp_path / "cache")),
                          path2doc=paths.get, found_docs=set(docs) | {"xy"})
    return SimpleNamespace(env=env, srcdir=str(tmp_path), config=SimpleNamespace())


def _record(location):
    record = logging.LogRecord("sphinx.x", logging.WARNING, "f", 1, "m", None, None)
    if location != "none":
        record.location = location
    return record


def test_warnings_are_traced_to_their_pages(tmp_path):
    handler = bg.Guard(_guard_app(tmp_path))
    assert handler.level == logging.WARNING and handler.docs == set()
    handler.emit(_record("/src/a.md:12"))
    assert handler.docs == {"a"}
    handler.emit(_record("/src/x:y.md:3"))  # a colon in the path: the line is after the last one
    assert handler.docs == {"a", "xy"}
    handler.docs = set()
    for location in ("/src/a.md:12", ("/src/a.md", 3), "none", None, "", 7, "c:5", "/src/z.md:1", "b:x"):
        handler.emit(_record(location))
    assert handler.docs == {"a"}
    handler.emit(_record("b"))
    assert handler.docs == {"a", "b"}
    handler.docs = set()
    handler.emit(_record(("b", 7)))  # a location as Sphinx's (docname, line)
    assert handler.docs == {"b"}


def test_the_guard_is_active_only_with_the_execution_cache(tmp_path):
    guard = bg.Guard(_guard_app(tmp_path))
    assert guard.active and guard.cache_dir == tmp_path / "cache"
    assert guard.read_docs == set() and guard.docs == set() and guard.targets is None
    assert not bg.Guard(_guard_app(tmp_path, mode="force")).active
    app = _guard_app(tmp_path)
    app.env.mystnb_config.execution_cache_path = ""
    assert bg.Guard(app).cache_dir == Path(".jupyter_cache")


def test_pages_that_warned_are_exact_after_a_full_build_and_a_union_otherwise(tmp_path):
    guard = bg.Guard(_guard_app(tmp_path))
    bg.save_state(guard.cache_dir, {"version": 2, "stamp": None, "generation": None, "warned": ["x"]})
    guard.docs = {"b", "a"}
    guard.save_warned(finished=False)
    assert bg.load_state(guard.cache_dir)["warned"] == ["a", "b", "x"]
    guard.docs = {"b"}
    guard.save_warned(finished=True)
    assert bg.load_state(guard.cache_dir)["warned"] == ["b"]


def test_the_warning_handler_lives_from_builder_inited_to_build_finished(tmp_path):
    app = _guard_app(tmp_path)
    sphinx_logger = logging.getLogger("sphinx")
    bg.on_builder_inited(app)
    try:
        assert isinstance(app.build_guard, bg.Guard) and app.build_guard in sphinx_logger.handlers
        app.build_guard.docs = {"a"}
        bg.on_build_finished(app, None)  # nothing read: no state written
        assert app.build_guard not in sphinx_logger.handlers
        assert not (tmp_path / "cache").exists()
        app.build_guard.read_docs = {"a"}
        bg.save_state(tmp_path / "cache", {"version": 2, "stamp": None, "generation": None, "warned": ["b"]})
        bg.on_build_finished(app, None)  # a finished build: exactly the pages that warned in it
        assert bg.load_state(tmp_path / "cache")["warned"] == ["a"]
        bg.save_state(tmp_path / "cache", {"version": 2, "stamp": None, "generation": None, "warned": ["b"]})
        app.build_guard.read_docs = set()
        bg.on_build_finished(app, RuntimeError("murió"))  # a crash keeps last time's list too
        assert bg.load_state(tmp_path / "cache")["warned"] == ["a", "b"]
    finally:
        sphinx_logger.removeHandler(app.build_guard)
    off = _guard_app(tmp_path / "off", mode="off")
    off.build_guard = bg.Guard(off)
    off.build_guard.read_docs = {"a"}
    bg.on_build_finished(off, None)
    assert not (tmp_path / "off").exists()
    bg.on_build_finished(SimpleNamespace(), None)  # no guard: nothing to do


def test_outdated_pages_follow_the_stamp_the_generation_and_last_warnings(tmp_path, monkeypatch, caplog):
    app = _guard_app(tmp_path, docs=("b", "a"))
    app.build_guard = guard = bg.Guard(app)
    stamps, notes, srcdirs, repaired = [{"x": "1"}], [], [], []
    monkeypatch.setattr(bg, "stamp", lambda srcdir, config: srcdirs.append((srcdir, config)) or dict(stamps[0]))
    monkeypatch.setattr(bg, "repair_cache", lambda cache_dir: repaired.append(cache_dir) or list(notes))
    env = SimpleNamespace(found_docs={"a", "b"}, domaindata={}, titles={}, all_docs={"a": 1, "b": 1})
    with caplog.at_level(logging.INFO):
        assert bg.on_env_get_outdated(app, env, set(), set(), set()) == ["a", "b"]  # no stamp yet
        state = bg.load_state(guard.cache_dir)
        assert state["stamp"] == {"x": "1"} and len(state["generation"]) == 32
        assert not hasattr(env, "build_guard_generation") and guard.generation == state["generation"]
        assert guard.targets == (frozenset(), frozenset(), frozenset(), frozenset({"a", "b"}))
        assert caplog.records == []  # a first build has nothing to report
        assert srcdirs == [(tmp_path, app.config)] and repaired == [tmp_path / "cache"]
        env.build_guard_generation = guard.generation
        (guard.cache_dir / "registro").write_text("sigue")
        bg.save_state(guard.cache_dir, {**state, "warned": ["b", "borrada", "a"]})
        assert bg.on_env_get_outdated(app, env, set(), set(), set()) == ["b", "a"]
        assert caplog.records[-1].getMessage() == "build_guard: se releen las páginas que avisaron la vez anterior: b, a"
        assert (guard.cache_dir / "registro").exists() and bg.load_state(guard.cache_dir)["generation"] == state["generation"]
        bg.save_state(guard.cache_dir, {**state, "warned": []})
        n = len(caplog.records)
        assert bg.on_env_get_outdated(app, env, set(), set(), set()) == []
        assert len(caplog.records) == n
        stamps[0] = {"x": "2", "$Y": "v"}
        assert bg.on_env_get_outdated(app, env, set(), set(), set()) == ["a", "b"]
        assert caplog.records[-1].getMessage() == ("build_guard: cambió $Y=v, x; se vacía el caché de ejecución "
                                                   "y se vuelven a ejecutar todas las páginas con código")
        assert not (guard.cache_dir / "registro").exists()
        new = bg.load_state(guard.cache_dir)
        assert new["stamp"] == {"x": "2", "$Y": "v"} and new["generation"] not in (None, state["generation"])
        env.build_guard_generation = guard.generation
        notes.append("registro dañado")
        assert bg.on_env_get_outdated(app, env, set(), set(), set()) == ["a", "b"]  # repaired: new generation
        assert "build_guard: registro dañado" in [r.getMessage() for r in caplog.records]
        assert bg.load_state(guard.cache_dir)["generation"] != new["generation"]
    guard.active, guard.targets = False, None
    assert bg.on_env_get_outdated(app, env, set(), set(), set()) == []
    assert guard.targets is not None  # taken for on_env_get_updated even without the cache


def test_read_docs_generation_and_warnings_are_kept_while_reading(tmp_path):
    app = _guard_app(tmp_path)
    app.build_guard = guard = bg.Guard(app)
    bg.on_env_before_read_docs(app, None, ["a", "b"])
    assert guard.read_docs == {"a", "b"}
    guard.generation, guard.docs = "g1", {"a"}
    bg.save_state(guard.cache_dir, {"version": 2, "stamp": None, "generation": None, "warned": ["c"]})
    env = SimpleNamespace()
    assert bg.on_env_updated(app, env) == []
    # the build may still die while writing: last time's pages are kept too
    assert env.build_guard_generation == "g1" and bg.load_state(guard.cache_dir)["warned"] == ["a", "c"]
    guard.active = False
    env2 = SimpleNamespace()
    assert bg.on_env_updated(app, env2) == [] and not hasattr(env2, "build_guard_generation")


def _targets_env(title="Título", labels=None):
    labels = {"etiqueta": ("doc", "id-1", "Sección")} if labels is None else labels
    return SimpleNamespace(domaindata={"std": {"labels": labels, "anonlabels": {"etiqueta": ("doc", "id-1")}}},
                           titles={"doc": nodes.title(text=title)}, all_docs={"doc": 1.0}, found_docs={"doc", "otra"})


def test_targets_are_labels_anonymous_labels_titles_and_pages():
    assert bg._targets(_targets_env()) == (frozenset({("etiqueta", "doc", "id-1", "Sección")}),
                                           frozenset({("etiqueta", "doc", "id-1")}),
                                           frozenset({("doc", "Título")}), frozenset({"doc"}))
    empty = SimpleNamespace(domaindata={}, titles={}, all_docs={})
    assert bg._targets(empty) == (frozenset(), frozenset(), frozenset(), frozenset())


def test_every_page_is_rewritten_when_a_label_or_title_changed(tmp_path, caplog):
    app = _guard_app(tmp_path, mode="off")
    app.build_guard = guard = bg.Guard(app)
    assert bg.on_env_get_updated(app, _targets_env()) == []  # nothing read
    assert bg.on_env_get_outdated(app, _targets_env(), set(), set(), set()) == []
    assert guard.targets == bg._targets(_targets_env())
    assert bg.on_env_get_updated(app, _targets_env(title="Otro")) == []  # nothing was read
    guard.read_docs = {"doc"}
    assert bg.on_env_get_updated(app, _targets_env()) == []
    with caplog.at_level(logging.INFO):
        assert bg.on_env_get_updated(app, _targets_env(title="Otro")) == ["doc", "otra"]
        assert bg.on_env_get_updated(app, _targets_env(labels={})) == ["doc", "otra"]
    assert [r.getMessage() for r in caplog.records] == [
        "build_guard: cambiaron etiquetas o títulos; se reescriben todas las páginas"] * 2


def test_config_warnings_are_typed(caplog):
    with caplog.at_level(logging.WARNING):
        bg._config_warning("algo")
    assert [(r.getMessage(), r.type, r.subtype) for r in caplog.records] == [("build_guard: algo", "build_guard", "config")]


def test_build_guard_registers_its_settings_and_handlers():
    app = FakeApp()
    meta = bg.setup(app)
    assert app.config_values == [(name, [], "env", [list]) for name in (
        "build_guard_watch", "build_guard_fingerprints", "build_guard_installed", "build_guard_env")]
    assert app.connected == [("builder-inited", "on_builder_inited", 900),
                             ("env-get-outdated", "on_env_get_outdated", 500),
                             ("env-before-read-docs", "on_env_before_read_docs", 500),
                             ("env-updated", "on_env_updated", 500), ("env-get-updated", "on_env_get_updated", 500),
                             ("doctree-read", "on_doctree_read", 500), ("build-finished", "on_build_finished", 500)]
    assert all(event in EVENTS for event, _, _ in app.connected)
    assert meta == {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}


def _exports_app(tmp_path):
    env = SimpleNamespace(titles={t: nodes.title(text=v) for t, v in
                                  (("sub/vecina", "Vecina"), ("abs/x", "Absoluta"), ("Xtra/y", "Extra"))},
                          toctree_includes={"sub/pagina": ["sub/vecina", "desconocida", "abs/x"]},
                          doc2path=lambda d: str(tmp_path / f"{d}.md"),
                          mystnb_config=SimpleNamespace(execution_cache_path=str(tmp_path / "cache")))
    return SimpleNamespace(env=env, notebook_export_wheel="w-1-py3-none-any.whl",
                           config=SimpleNamespace(html_baseurl="https://libro.example/"))


def _page_nb(solution=True, link="{doc}`vecina`"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"Ver {link} y {{doc}}`/abs/x`."),
                nbformat.v4.new_markdown_cell("```{tableofcontents}\n```"),
                nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["solution"] if solution else []}),
                nbformat.v4.new_code_cell("y = 2")]
    for cell in nb.cells[2:]:
        cell.execution_count = 1
    return nb


@pytest.fixture
def executed(monkeypatch):
    """Pages myst-nb executed (exec data) and what the cache gives for them."""
    from myst_nb.sphinx_ import NbMetadataCollector

    pages, calls, envs = {}, [], []
    monkeypatch.setattr(NbMetadataCollector, "get_exec_data",
                        staticmethod(lambda env, docname: envs.append(env) or ({} if docname in pages else None)))

    def from_cache(path, cache_dir):
        calls.append((path, cache_dir))
        (docname,) = [d for d in pages if path.endswith(f"/{d}.md")]
        if pages[docname] is None:
            raise KeyError(path)
        return pages[docname]

    monkeypatch.setattr(nbx, "executed_notebook", from_cache)
    return SimpleNamespace(pages=pages, calls=calls, envs=envs)


def test_a_page_exports_its_full_and_student_editions_with_titles_for_links(executed, tmp_path):
    executed.pages["sub/pagina"] = _page_nb()
    app = _exports_app(tmp_path)
    exports = nbx._exports(app, "sub/pagina")
    assert executed.calls == [(str(tmp_path / "sub/pagina.md"), str(tmp_path / "cache"))]
    assert executed.envs == [app.env]  # myst-nb's execution data of this build
    assert sorted(exports) == [False, True]
    full, student = exports[False], exports[True]
    assert full.cells[1].source == "Ver Vecina y Absoluta."
    assert full.cells[2].source == "- Vecina\n- Absoluta"
    assert [c.source for c in full.cells if c.cell_type == "code"][1:] == ["x = 1", "y = 2"]
    assert [c.source for c in student.cells if c.cell_type == "code"][1:] == ["y = 2"]
    assert 'RUEDA = "w-1-py3-none-any.whl"' in full.cells[0].source
    assert 'SITIO = "https://libro.example"' in full.cells[0].source


def test_a_page_outside_the_toctree_without_a_site_and_an_absolute_link(executed, tmp_path):
    executed.pages["sub/vecina"] = _page_nb(solution=False, link="{doc}`/Xtra/y`")
    app = _exports_app(tmp_path)
    app.config.html_baseurl = None  # not published
    (full,) = nbx._exports(app, "sub/vecina").values()
    assert [c.source for c in full.cells if c.cell_type == "markdown"] == ["Ver Extra y Absoluta."]  # no chapters: no list
    assert 'SITIO = ""' in full.cells[0].source


def test_a_page_without_solutions_has_one_edition_and_others_none(executed, tmp_path, caplog):
    executed.pages["sub/pagina"] = _page_nb(solution=False)
    assert list(nbx._exports(_exports_app(tmp_path), "sub/pagina")) == [False]
    assert nbx._exports(_exports_app(tmp_path), "sub/sin-codigo") == {}  # not executed by myst-nb
    executed.pages["sub/pagina"] = None  # executed, but the cache has no record of this code
    with caplog.at_level(logging.WARNING):
        assert nbx._exports(_exports_app(tmp_path), "sub/pagina") == {}
    assert [(r.getMessage(), r.location, r.type, r.subtype) for r in caplog.records] == [
        (f"no encuentro el notebook ejecutado de «sub/pagina» en el caché {tmp_path / 'cache'}", "sub/pagina",
         "notebook_export", "executed")]


def test_an_edition_that_cannot_be_exported_is_a_warning_and_no_export(executed, tmp_path, monkeypatch, caplog):
    executed.pages["sub/pagina"] = _page_nb(link="{doc}`no-existe`")
    with caplog.at_level(logging.WARNING):
        assert nbx._exports(_exports_app(tmp_path), "sub/pagina") == {}
    assert [(r.getMessage(), r.location, r.type, r.subtype) for r in caplog.records] == [
        ("no se pudo exportar el notebook: celda 1: no encuentro la página de {doc}`no-existe`", "sub/pagina",
         "notebook_export", "convert")]
    executed.pages["sub/pagina"] = _page_nb()
    real = nbx.export_notebook

    def export(nb, *, student, **kw):
        if student:
            raise nbformat.ValidationError("celda 3: no vale")
        return real(nb, student=student, **kw)

    monkeypatch.setattr(nbx, "export_notebook", export)
    with caplog.at_level(logging.WARNING):
        assert nbx._exports(_exports_app(tmp_path), "sub/pagina") == {}
    assert caplog.records[-1].getMessage() == "no se pudo exportar la edición del alumno: celda 3: no vale"


MYST_PAGE = FRONT_MATTER + """\
# Título

```{code-cell} ipython3
print('hola')
```
"""


def test_the_executed_notebook_is_the_page_with_its_cached_outputs(tmp_path):
    from jupyter_cache import get_cache

    (tmp_path / "p.md").write_text(MYST_PAGE, encoding="utf8")
    import jupytext

    executed = jupytext.read(tmp_path / "p.md")  # as a kernel would have left it
    (code,) = [c for c in executed.cells if c.cell_type == "code"]
    code.execution_count, code.outputs = 1, [nbformat.v4.new_output("stream", text="hola\n")]
    nbformat.write(executed, tmp_path / "ejecutado.ipynb")
    cache = tmp_path / "cache"
    get_cache(str(cache)).list_cache_records()
    with pytest.raises(KeyError):
        nbx.executed_notebook(tmp_path / "p.md", cache)
    get_cache(str(cache)).cache_notebook_file(str(tmp_path / "ejecutado.ipynb"), check_validity=False)
    nb = nbx.executed_notebook(tmp_path / "p.md", cache)
    assert [c.source for c in nb.cells if c.cell_type == "markdown"] == ["# Título"]
    (code,) = [c for c in nb.cells if c.cell_type == "code"]
    assert code.source == "print('hola')" and code.outputs[0]["text"] == "hola\n"


def test_outputs_keep_alt_texts_print_expected_errors_and_lose_glue_and_machine_paths():
    image = nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"},
                                   metadata={"image/png": {"width": 300}})
    result = nbformat.v4.new_output("execute_result", data={"image/svg+xml": "<svg/>"}, execution_count=1)
    glue = nbformat.v4.new_output("display_data", data={"text/plain": "'1'"}, metadata={"scrapbook": {"name": "g"}})
    stream = nbformat.v4.new_output("stream", text=f"aviso en {SITE}tf/b.py")
    error = nbformat.v4.new_output("error", ename="ValueError", evalue="mal", traceback=[f"{SITE}keras/a.py", "línea"])
    cell = nbformat.v4.new_code_cell("plot()", metadata={"mystnb": {"image": {"alt": "Curvas"}}},
                                     outputs=[image, result, glue, stream, error])
    outputs = nbx._outputs(cell, [], "plot()")
    assert [o["output_type"] for o in outputs] == ["display_data", "execute_result", "stream", "error"]
    assert outputs[0]["metadata"] == {"image/png": {"width": 300, "alt": "Curvas"}}
    assert outputs[1]["metadata"] == {"image/svg+xml": {"alt": "Curvas"}}
    assert outputs[2]["text"] == "aviso en tf/b.py" and outputs[3]["traceback"] == ["keras/a.py", "línea"]
    assert cell.outputs[0]["metadata"] == {"image/png": {"width": 300}}  # the page's notebook is not modified
    expected = nbx._outputs(nbformat.v4.new_code_cell("f()", outputs=[error]), ["raises-exception"], "f()")
    assert expected == [nbformat.v4.new_output("stream", name="stdout", text="ValueError: mal\n")]
    plain = nbx._outputs(nbformat.v4.new_code_cell("plot()", outputs=[image]), [], "plot()")
    assert plain[0]["metadata"] == {"image/png": {"width": 300}}
    for tags in (["remove-output"], ["remove-cell", "x"]):
        assert nbx._outputs(cell, tags, "plot()") == []
    bare = {"cell_type": "code", "outputs": [{"output_type": "error", "ename": "E", "evalue": "v"}]}  # no metadata, no traceback
    assert nbx._outputs(bare, [], "f()") == [{"output_type": "error", "ename": "E", "evalue": "v", "traceback": []}]
    bare = {"cell_type": "code", "metadata": {"mystnb": {"image": {"alt": "Curvas"}}},
            "outputs": [{"output_type": "stream", "name": "stdout"}, {"output_type": "display_data"},
                        {"output_type": "display_data", "data": {"image/png": "iVBOR"}}]}  # no text, data, metadata
    assert nbx._outputs(bare, [], "f()") == [{"output_type": "stream", "name": "stdout", "text": ""}, {"output_type": "display_data"},
                                             {"output_type": "display_data", "data": {"image/png": "iVBOR"},
                                              "metadata": {"image/png": {"alt": "Curvas"}}}]
    assert nbx._outputs({"cell_type": "code"}, [], "") == []


def _project(tmp_path):
    project = tmp_path / "proj"
    (project / "code" / "clase102" / "__pycache__").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[project]\nname = "clase102"\nversion = "0.3"\n', encoding="utf8")
    (project / "README.md").write_text("léeme", encoding="utf8")
    (project / "code" / "clase102" / "a.py").write_text("A = 1\n")
    (project / "code" / "clase102" / "__pycache__" / "a.pyc").write_bytes(b"basura")
    return project


def test_the_wheel_is_built_by_pip_from_a_clean_copy_and_then_reused(monkeypatch, tmp_path):
    project, calls = _project(tmp_path), []

    def fake_pip(args, capture_output, text):
        calls.append(args)
        copy = Path(args[-1])
        files = sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file())
        assert files == ["README.md", "code/clase102/a.py", "pyproject.toml"]  # no __pycache__
        dist = Path(args[args.index("-w") + 1])
        dist.mkdir(parents=True)
        (dist / "clase102-0.3-py3-none-any.whl").write_bytes(b"rueda")
        return SimpleNamespace(returncode=0, stdout="", stderr="")

    monkeypatch.setattr(nbx.subprocess, "run", fake_pip)
    folder = tmp_path / "out" / "wheel"
    wheel = nbx.build_wheel(project, folder)
    assert wheel == folder / "clase102-0.3-py3-none-any.whl" and wheel.read_bytes() == b"rueda"
    assert calls[0][:9] == [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                            calls[0][8]]
    assert (folder / "sources.sha256").read_text() == nbx._package_digest(project)
    assert not list(project.glob("*.egg-info")) and not (project / "build").exists()
    assert nbx.build_wheel(project, folder) == wheel and len(calls) == 1  # unchanged: not rebuilt
    (project / "code" / "clase102" / "a.py").write_text("A = 2\n")
    nbx.build_wheel(project, folder)
    assert len(calls) == 2
    (folder / "sources.sha256").unlink()
    nbx.build_wheel(project, folder)
    assert len(calls) == 3


@pytest.mark.parametrize("code, makes_wheel", [(1, True), (0, False)])
def test_a_failed_pip_wheel_stops_the_build_with_its_output(monkeypatch, tmp_path, code, makes_wheel):
    def fake_pip(args, capture_output, text):
        assert capture_output is True and text is True  # the message below needs pip's output, as text
        if makes_wheel:
            dist = Path(args[args.index("-w") + 1])
            dist.mkdir(parents=True)
            (dist / "clase102-0.3-py3-none-any.whl").write_bytes(b"")
        return SimpleNamespace(returncode=code, stdout="salida", stderr="error")

    monkeypatch.setattr(nbx.subprocess, "run", fake_pip)
    with pytest.raises(RuntimeError) as info:
        nbx.build_wheel(_project(tmp_path), tmp_path / "w")
    assert str(info.value) == "pip wheel falló:\nsalida\nerror"
    assert not (tmp_path / "w" / "sources.sha256").exists()


def test_the_books_wheel_is_prepared_next_to_the_site(monkeypatch, tmp_path):
    project = _project(tmp_path)
    built = []
    monkeypatch.setattr(nbx, "build_wheel", lambda project, folder: built.append((project, folder)) or folder / "w.whl")
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), srcdir=str(tmp_path / "book"),
                          outdir=str(tmp_path / "_build" / "html"), config=SimpleNamespace(notebook_export_project="../proj"))
    nbx.prepare_wheel(app)
    assert built == [(project, tmp_path / "_build" / "wheel")]
    assert app.notebook_export_wheel == "clase102-0.3-py3-none-any.whl"
    assert app.notebook_export_wheel_path == tmp_path / "_build" / "wheel" / "w.whl"


def test_changes_name_four_keys_then_count_the_rest():
    old = {k: "1" for k in "abcdef"}
    assert bg._changes(old, {k: "2" for k in "abcdef"}) == "cambió a, b, c, d y 2 más"
    assert bg._changes(old, {**old, **{k: "2" for k in "abcde"}}) == "cambió a, b, c, d y 1 más"
    assert bg._changes(old, {**old, **{k: "2" for k in "abcd"}}) == "cambió a, b, c, d"


def test_watched_folders_skip_caches_compiled_files_and_egg_info(tmp_path):
    for rel in ("a.py", "z.txt", "sub/y.py", "__pycache__/a.cpython-311.pyc", "__pycache__/n.py", ".ipynb_checkpoints/c.py",
                ".pytest_cache/v", "pkg.egg-info/PKG-INFO", "b.pyc", "c.pyo", "sub/d.pyc"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in bg._files_under(tmp_path)] == ["a.py", "z.txt", "sub/y.py"]
    assert bg._files_under(tmp_path / "a.py") == [tmp_path / "a.py"]


def test_a_pin_with_a_marker_is_the_same_package_as_a_plain_pin(tmp_path):
    (tmp_path / "marca.lock").write_text("pytest ; python_version >= '3'\n", encoding="utf8")
    (tmp_path / "pin.lock").write_text("pytest==0.0.1\n", encoding="utf8")
    (tmp_path / "otro.lock").write_text("pytest;python_version>='3'\n", encoding="utf8")
    same = bg.installed_versions(tmp_path / "pin.lock")
    assert bg.installed_versions(tmp_path / "marca.lock") == same
    assert bg.installed_versions(tmp_path / "otro.lock") == same


def test_stamp_keys_of_a_folder_given_with_a_slash_and_what_follows_a_missing_entry(tmp_path, caplog):
    (tmp_path / "datosX").mkdir()
    (tmp_path / "datosX" / "a.py").write_text("A = 1")
    (tmp_path / "pins.lock").write_text("pytest==1\n")
    (tmp_path / "otro.lock").write_text("nbformat==1\n")
    config = SimpleNamespace(build_guard_watch=["falta", "datosX/"], build_guard_installed=["falta.lock", "pins.lock"],
                             build_guard_fingerprints=["os:sep:x"], build_guard_env=[])
    with caplog.at_level(logging.WARNING):
        parts = bg.stamp(tmp_path, config)
    assert parts == {"datosX/a.py": bg._sha(b"A = 1"), "instalado según pins.lock": bg.installed_versions(tmp_path / "pins.lock"),
                     "os:sep:x()": "error:AttributeError"}
    assert parts["instalado según pins.lock"] != bg.installed_versions(tmp_path / "otro.lock")
    assert [r.getMessage() for r in caplog.records] == [
        "build_guard: no encuentro 'falta' (build_guard_watch); no se puede vigilar si cambia.",
        "build_guard: no encuentro 'falta.lock' (build_guard_installed).",
        "build_guard: no pude calcular os:sep:x (AttributeError: module 'os' has no attribute 'sep:x')."]


def test_an_unreadable_cache_database_is_named_by_sqlites_own_error(tmp_path):
    import sqlite3

    from jupyter_cache import get_cache

    cache_dir = tmp_path / "cache"
    get_cache(str(cache_dir)).list_cache_records()
    (cache_dir / "global.db").write_bytes(b"esto no es sqlite" * 10)
    with pytest.raises(sqlite3.DatabaseError) as info:
        sqlite3.connect(cache_dir / "global.db").execute("select * from sqlite_master").fetchall()
    assert bg.repair_cache(cache_dir) == [
        f"la base de datos del caché de ejecución ({cache_dir / 'global.db'}) estaba dañada ({type(info.value).__name__}); "
        "se borra el caché y se vuelven a ejecutar todas las páginas."]


# ---------------------------------------------------------------- parallel_pages


@pytest.mark.parametrize("jobs, parallel", [(None, 1), ("", 1), ("0", 1), ("1", 1), ("2", 2), ("3", 3)])
def test_book_jobs_sets_sphinxs_parallel_reading(monkeypatch, jobs, parallel):
    if jobs is None:
        monkeypatch.delenv("BOOK_JOBS", raising=False)
    else:
        monkeypatch.setenv("BOOK_JOBS", jobs)
    multitoc, latex, other = (SimpleNamespace(parallel_read_safe=None) for _ in range(3))
    app = SimpleNamespace(extensions={"sphinx_multitoc_numbering": multitoc, "sphinx_jupyterbook_latex": latex, "otra": other})
    parallel_pages.set_jobs(app)
    assert app.parallel == parallel and app.parallel_pages_read_alone == []
    safe = True if parallel > 1 else None
    assert (multitoc.parallel_read_safe, latex.parallel_read_safe, other.parallel_read_safe) == (safe, safe, None)
    monkeypatch.setenv("BOOK_JOBS", "2")
    parallel_pages.set_jobs(SimpleNamespace(extensions={}))  # extensions not loaded: nothing to mark


def test_in_parallel_the_timing_pages_are_read_alone_first_and_the_cache_exists(tmp_path):
    calls = []
    env = SimpleNamespace(mystnb_config=SimpleNamespace(execution_cache_path=str(tmp_path / "cache")),
                          clear_doc=lambda d: calls.append(("clear", d)))
    app = SimpleNamespace(
        parallel=2, config=SimpleNamespace(parallel_pages_alone=["larga", "falta", "media"]),
        events=SimpleNamespace(emit=lambda event, e, d: calls.append((event, d)) if e is env else None),
        builder=SimpleNamespace(read_doc=lambda d: calls.append(("read", d))),
    )
    pages = ["a", "media", "b", "larga"]
    parallel_pages.before_reading(app, env, pages)
    # in the order of the setting, each purged, cleared and read before the workers start
    assert calls == [("env-purge-doc", "larga"), ("clear", "larga"), ("read", "larga"),
                     ("env-purge-doc", "media"), ("clear", "media"), ("read", "media")]
    assert pages == ["a", "b"]  # what the workers read
    assert parallel_pages.read_alone(app, env) == ["larga", "media"]  # then written like the rest
    assert (tmp_path / "cache" / "global.db").is_file()
    calls.clear()
    serial = SimpleNamespace(parallel=1, config=app.config, events=app.events, builder=app.builder,
                             parallel_pages_read_alone=[])
    pages = ["a", "larga"]
    parallel_pages.before_reading(serial, SimpleNamespace(mystnb_config=SimpleNamespace(execution_cache_path=str(tmp_path / "otro"))), pages)
    assert pages == ["a", "larga"] and calls == [] and not (tmp_path / "otro").exists()
    assert parallel_pages.read_alone(serial, None) == []


def _open_files(name: str) -> list[str]:
    fds = Path("/proc/self/fd")
    return [t for t in (os.path.realpath(fd) for fd in fds.iterdir()) if t.endswith(name)]


def test_no_connection_to_the_cache_database_crosses_the_fork(tmp_path):
    from jupyter_cache import get_cache

    cache = str(tmp_path / "cache")
    kept = []

    def read_doc(docname):  # as myst-nb: a connection left open in garbage (a cycle)
        connection = get_cache(cache).db.connect()
        cycle = [connection]
        cycle.append(cycle)
        kept.append(_open_files("global.db"))

    app = SimpleNamespace(parallel=2, config=SimpleNamespace(parallel_pages_alone=["larga"]),
                          events=SimpleNamespace(emit=lambda *args: None),
                          builder=SimpleNamespace(read_doc=read_doc))
    env = SimpleNamespace(mystnb_config=SimpleNamespace(execution_cache_path=cache), clear_doc=lambda d: None)
    parallel_pages.before_reading(app, env, ["a", "larga"])
    assert kept and kept[0]  # the page left the database open…
    assert _open_files("global.db") == []  # …and nothing is open when the workers fork


def test_garbage_collection_before_the_fork_stops_when_nothing_is_left_or_after_five_passes(tmp_path, monkeypatch):
    app = SimpleNamespace(parallel=2, config=SimpleNamespace(parallel_pages_alone=[]))
    env = SimpleNamespace(mystnb_config=SimpleNamespace(execution_cache_path=str(tmp_path / "cache")))
    for found, passes in (([3, 1, 0, 7], 3), ([1] * 9, 5)):
        calls = []
        monkeypatch.setattr(parallel_pages.gc, "collect", lambda: calls.append(1) or found[len(calls) - 1])
        parallel_pages.before_reading(app, env, ["a"])
        assert len(calls) == passes


def test_parallel_pages_registers_its_setting_and_handlers():
    app = FakeApp()
    meta = parallel_pages.setup(app)
    assert app.config_values == [("parallel_pages_alone", [], "env")]
    assert app.connected == [("builder-inited", "set_jobs", 500), ("env-before-read-docs", "before_reading", 600),
                             ("env-updated", "read_alone", 500)]
    assert all(event in EVENTS for event, _, _ in app.connected)
    assert meta == {"parallel_read_safe": True, "parallel_write_safe": True}
