"""The printed lesson (``make pdf``): Sphinx's single-page build of the book, printed by Chromium.

    python tools/handout.py _build/singlehtml _build/pdf

Writes ``clase102.pdf`` (every hidden block open: solutions, «Para profundizar») and
``clase102-alumno.pdf`` (without the cells tagged ``solution`` and the blocks with the class
``solution``). A4, each chapter from a new page, «Página N de M» in the footer, the headings as
the PDF's outline. Chromium is Debian's ``/usr/bin/chromium``, driven by Playwright.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PRINT = """
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .prev-next-area,
.bd-footer, .bd-footer-article, .bd-footer-content, #pst-back-to-top, .skip-link,
.headerlink, .toggle-button { display: none !important; }
.bd-main, .bd-content, .bd-article-container, .bd-article, .bd-page-width { max-width: none !important; padding: 0 !important; }
pre { white-space: pre-wrap !important; overflow-wrap: anywhere; max-height: none !important; }
span[id^="document-"] + section { break-before: page; }
html { font-size: 80% !important; }
div.output pre { font-size: 7pt; }
img { break-inside: avoid; }
details .cell_input { display: block !important; }  /* Chromium drops a flex box in an opened <details> from print */
"""
STUDENT = ".tag_solution, .solution { display: none !important; }"
FOOTER = ('<div style="font: 8pt sans-serif; width: 100%; padding: 0 14mm; display: flex; justify-content: space-between">'
          '<span>{title}</span><span>Página <span class="pageNumber"></span> de <span class="totalPages"></span></span></div>')


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    # the page of the root document, whose links Sphinx writes relative to the site's root
    book = site / "libro.html"
    shutil.copy(next(p for p in site.rglob("*.html") if p.name not in ("index.html", book.name)), book)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        for name, css in (("clase102", PRINT), ("clase102-alumno", PRINT + STUDENT)):
            page.goto(book.resolve().as_uri(), wait_until="networkidle")
            page.emulate_media(media="print", color_scheme="light")
            page.add_style_tag(content=css)
            page.evaluate("document.querySelectorAll('details').forEach((d) => (d.open = true))")
            page.wait_for_function("!window.MathJax || !MathJax.startup || MathJax.startup.promise.then(() => true)")
            title = page.title() + (" · edición del alumno" if "alumno" in name else "")
            page.pdf(path=str(out / f"{name}.pdf"), format="A4", print_background=True, outline=True, tagged=True,
                     display_header_footer=True, header_template="<span></span>", footer_template=FOOTER.format(title=title),
                     margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
            print(f"{out / name}.pdf")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
