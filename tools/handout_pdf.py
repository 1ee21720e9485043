"""The printed handout of the whole lesson (issue 13.6): ``make pdf``.

Prints the built site (``_build/html``) with headless Chromium (Debian's
``/usr/bin/chromium`` driven by Playwright, the browser of the tests; no TeX):

- every page of ``_toc.yml``, in its order, in one document: the intro page is
  loaded and its article is replaced by the articles of all pages (links and
  ids between pages rewritten so that they point inside the handout);
- a cover with a table of contents that gives each chapter's page (a first
  printing finds the pages in the PDF's outline, a second one prints them);
- hidden solutions and optional blocks expanded, each in a titled block
  (``window.c102PrepareForPrint`` of ``book/_static/a11y.js``), code that wraps
  (``a11y.css``'s print rules), figures at their size, page numbers.

``--student`` also writes the student edition, without solutions (cells
tagged ``solution`` and the "Comentario de la solución" dropdowns).

Usage: ``python tools/handout_pdf.py [--html _build/html] [--out _build/pdf] [--student]``
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
NAME = "clase102"
FOOTER = (
    '<div style="font-size:8pt;width:100%;padding:0 12mm;display:flex;justify-content:space-between;'
    'color:#444;font-family:sans-serif"><span>{title}</span>'
    '<span>Página <span class="pageNumber"></span> de <span class="totalPages"></span></span></div>'
)


def toc_entries(toc_path: Path = ROOT / "_toc.yml") -> list[dict]:
    """``[{"doc": "book/intro", "part": None}, {"doc": "book/definiciones", "part": "La clase"}, …]``."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf8"))
    entries = [{"doc": toc["root"], "part": None}]

    def chapters(items, part):
        for item in items or []:
            if "file" in item:
                entries.append({"doc": item["file"], "part": part})
            chapters(item.get("sections"), part)

    for part in toc.get("parts", []):
        chapters(part.get("chapters"), part.get("caption"))
    chapters(toc.get("chapters"), None)
    return entries


# Runs in the intro page: builds the handout in place of its article.
BUILD_JS = r"""
async ({entries, student, bookTitle, author}) => {
  const article = document.querySelector("article.bd-article");
  const docs = [];
  for (const entry of entries) {
    const response = await fetch("../" + entry.doc + ".html");
    if (!response.ok) throw new Error(`${entry.doc}: HTTP ${response.status}`);
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const body = page.querySelector("article.bd-article");
    docs.push({...entry, name: entry.doc.split("/").pop(), body, title: body.querySelector("h1").textContent.replace("#", "").trim()});
  }
  const names = new Set(docs.map((d) => d.name));
  const handout = document.createElement("div");
  handout.className = "c102-handout";
  // cover and table of contents
  const cover = document.createElement("section");
  cover.className = "c102-cover";
  let toc = `<p class="c102-cover-title">${bookTitle}</p><p class="c102-cover-author">${author}</p>`;
  toc += `<p class="c102-cover-edition">${student ? "Edición para estudiantes (sin soluciones)" : "Edición completa, con soluciones"}</p>`;
  toc += `<h2 class="c102-toc-title">Contenido</h2><ol class="c102-toc">`;
  let part = null;
  for (const d of docs) {
    if (d.part && d.part !== part) { part = d.part; toc += `<li class="c102-toc-part">${part}</li>`; }
    toc += `<li class="c102-toc-entry"><a href="#cap-${d.name}"><span>${d.title}</span><span class="c102-toc-page" data-doc="${d.name}">…</span></a></li>`;
  }
  cover.innerHTML = toc + "</ol>";
  handout.appendChild(cover);
  for (const d of docs) {
    const chapter = document.createElement("section");
    chapter.className = "c102-chapter";
    chapter.id = `cap-${d.name}`;
    chapter.dataset.title = d.title;
    // ids unique in the handout, links between pages kept inside it
    d.body.querySelectorAll("[id]").forEach((el) => (el.id = `${d.name}--${el.id}`));
    d.body.querySelectorAll("a[href]").forEach((a) => {
      const href = a.getAttribute("href");
      const m = href.match(/^(?:([\w-]+)\.html)?(?:#(.*))?$/);
      if (!m || (m[1] === undefined && m[2] === undefined)) return;
      const target = m[1] === undefined ? d.name : m[1];
      if (!names.has(target)) return;
      a.setAttribute("href", m[2] ? `#${target}--${m[2]}` : `#cap-${target}`);
    });
    d.body.querySelectorAll(".headerlink").forEach((el) => el.remove());
    if (student) {
      d.body.querySelectorAll(".tag_solution").forEach((el) => el.remove());
      d.body.querySelectorAll("details.sd-dropdown").forEach((el) => {
        const title = el.querySelector("summary");
        if (title && /^\s*Comentario de la soluci/i.test(title.textContent)) el.remove();
      });
    }
    chapter.append(...d.body.childNodes);
    handout.appendChild(chapter);
  }
  article.replaceChildren(handout);
  // the rest of the page (menus, sidebars, footers) is not printed
  for (const sel of ["#jb-print-docs-body", ".bd-header-article", ".prev-next-footer", ".bd-sidebar-primary",
                     ".bd-sidebar-secondary", ".bd-footer", ".bd-footer-content", ".bd-footer-article",
                     ".skip-link", "#pst-back-to-top", ".bd-header"]) {
    document.querySelectorAll(sel).forEach((el) => el.remove());
  }
  document.title = bookTitle;
  window.c102PrepareForPrint();
  if (window.MathJax && MathJax.typesetPromise) await MathJax.typesetPromise();
  await Promise.all([...document.images].map((img) => img.complete ? null : new Promise((ok) => {
    img.addEventListener("load", ok); img.addEventListener("error", ok);
  })));
  return docs.map((d) => ({doc: d.doc, name: d.name, title: d.title}));
}
"""

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
html, body { background: #fff !important; }
.bd-main, .bd-content, .bd-article-container, .bd-article, .bd-page-width { max-width: none !important; width: 100% !important; padding: 0 !important; margin: 0 !important; }
.c102-chapter { break-before: page; }
.bd-main .bd-content .bd-article .c102-handout h1 { display: block !important; font-size: 22pt; margin-top: 0; }
.c102-cover-title { font-size: 24pt; font-weight: bold; margin: 30mm 0 4mm; }
.c102-cover-author, .c102-cover-edition { font-size: 13pt; margin: 0 0 2mm; }
.c102-toc-title { margin-top: 14mm; }
ol.c102-toc { list-style: none; padding: 0; font-size: 12pt; }
ol.c102-toc li.c102-toc-part { font-weight: bold; margin-top: 4mm; }
ol.c102-toc li.c102-toc-entry a { display: flex; justify-content: space-between; color: inherit; text-decoration: none; padding: 1mm 0 1mm 6mm; border-bottom: 1px dotted #999; }
.c102-wide-figure img { width: auto !important; max-width: 100% !important; }
"""


@contextlib.contextmanager
def serve(folder: Path):
    """``folder`` over HTTP on 127.0.0.1 (a free port, no request log); yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def pdf_pages_text(pdf_path: Path) -> list[str]:
    """The text of each page of a PDF (poppler's ``pdftotext``)."""
    if not shutil.which("pdftotext"):
        raise RuntimeError("Falta pdftotext: en Debian, `apt-get install poppler-utils` (lo hace `make browser`).")
    result = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, check=True)
    pages = result.stdout.decode("utf8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squash(text: str) -> str:
    """``text`` without white space (how a PDF's text is compared)."""
    return "".join(text.split())


def _chapter_pages(pdf_path: Path, titles: list[str]) -> dict[str, int]:
    """1-based page of each chapter: every chapter starts a page with its title (in order)."""
    pages = [squash(text) for text in pdf_pages_text(pdf_path)]
    found: dict[str, int] = {}
    number = 1  # the cover and its table of contents come first
    for title in titles:
        want = squash(title)
        while number < len(pages):
            number += 1
            if pages[number - 1].startswith(want):
                found[title] = number
                break
    return found


def print_handout(page, base: str, entries: list[dict], out: Path, *, student: bool, book_title: str, author: str):
    page.goto(f"{base}/{entries[0]['doc']}.html", wait_until="load")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print", color_scheme="light")
    page.evaluate("document.documentElement.dataset.theme = 'light'; document.documentElement.dataset.mode = 'light'")
    docs = page.evaluate(BUILD_JS, {"entries": entries, "student": student, "bookTitle": book_title, "author": author})
    page.add_style_tag(content=PRINT_CSS)
    options = dict(
        format="A4",
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER.format(title=book_title + (" · edición para estudiantes" if student else "")),
        margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
        outline=True,
        tagged=True,
    )
    page.pdf(path=str(out), **options)
    # second printing with each chapter's page in the table of contents
    pages = _chapter_pages(out, [d["title"] for d in docs])
    page.evaluate(
        """(pages) => document.querySelectorAll(".c102-toc-page").forEach((el) => {
               const title = el.previousElementSibling.textContent;
               el.textContent = pages[title] ? String(pages[title]) : "";
           })""",
        pages,
    )
    page.pdf(path=str(out), **options)
    return docs, pages


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf")
    parser.add_argument("--student", action="store_true", help="también la edición sin soluciones")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").exists():
        print(f"No hay libro construido en {args.html}: corré `make html` primero.", file=sys.stderr)
        return 1
    if not CHROMIUM.exists():
        print("Falta Chromium (/usr/bin/chromium): en Debian, `apt-get install chromium`.", file=sys.stderr)
        return 1
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    entries = toc_entries()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    with serve(args.html) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1000, "height": 1400}, locale="es-AR")
        editions = [(args.out / f"{NAME}.pdf", False)] + ([(args.out / f"{NAME}-alumno.pdf", True)] if args.student else [])
        for out, student in editions:
            docs, pages = print_handout(
                page, base, entries, out, student=student, book_title=config["title"], author=config.get("author", "")
            )
            missing = [d["title"] for d in docs if d["title"] not in pages]
            if missing:
                print(f"{out.name}: sin página en el índice para {missing}", file=sys.stderr)
                return 1
            out.with_suffix(".json").write_text(
                json.dumps({"chapters": [{**d, "page": pages[d["title"]]} for d in docs]}, ensure_ascii=False, indent=1),
                encoding="utf8",
            )
            print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {out.stat().st_size // 1024} KB")
        browser.close()
    print(f"PDF en {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
