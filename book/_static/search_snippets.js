/* Search snippets of the book (issue 13.4). Loaded on every page; acts only on
 * the search page, where Sphinx's searchtools.js defines `Search`.
 *
 * Sphinx 7.4 looks for the query's *stems* in the page's text ("parametr" for
 * "parámetros") without folding accents, so an accented word is never found and
 * the snippet falls back to the start of the page: the download menu. Here the
 * snippet is the sentence of the article (not the page's header, menus or
 * footer) that holds the most query stems, accents folded on both sides.
 */
(() => {
  // one UTF-16 unit in, one out: positions in the folded text are positions in the text
  const fold = (text) => text.replace(/[^\u0000-\u007f]/g, (c) => c.normalize("NFD")[0]).toLowerCase();
  const escapeRegExp = (s) => s.replace(/[.*+\-?^${}()|[\]\\]/g, "\\$&");
  const NOT_TEXT = [
    ".headerlink", "script", "style", "noscript", ".bd-header-article", ".header-article-items",
    ".prev-next-area", ".bd-footer-article", ".dropdown-download-buttons", "mjx-assistive-mml",
    // the page title is the result's link already
    "article h1",
  ].join(",");
  const MAX = 240;

  const articleText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(NOT_TEXT).forEach((el) => el.remove());
    // block elements end a line, so a sentence never runs across two paragraphs
    doc.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, pre, td, th, dt, dd, summary, div.admonition-title, p.caption")
      .forEach((el) => el.append("\n"));
    let root = null;
    if (anchor) {
      try { root = doc.querySelector(`article ${anchor}`); } catch (e) { root = null; }
    }
    root = root || doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
    return root ? root.textContent : "";
  };

  const sentences = (text) => {
    const out = [];
    for (const line of text.split("\n")) {
      const clean = line.replace(/\s+/g, " ").trim();
      if (!clean) continue;
      // a sentence ends at . ! ? followed by a space and a capital, an opening mark or a digit
      out.push(...clean.split(/(?<=[.!?…])\s+(?=[¿¡"«(A-ZÁÉÍÓÚÑ0-9])/));
    }
    return out;
  };

  const summary = (htmlText, keywords, anchor) => {
    const text = articleText(htmlText, anchor);
    if (!text.trim()) return null;
    const stems = [...keywords].map((k) => fold(String(k))).filter((k) => k.length > 1);
    const patterns = stems.map((s) => new RegExp("(^|[^a-z0-9_])" + escapeRegExp(s)));
    let best = null;
    let bestHits = 0;
    for (const sentence of sentences(text)) {
      const folded = fold(sentence);
      const hits = patterns.filter((p) => p.test(folded)).length;
      if (hits > bestHits) {
        best = sentence;
        bestHits = hits;
        if (hits === patterns.length) break;
      }
    }
    if (best === null) best = sentences(text)[0] || "";
    let shown = best;
    if (shown.length > MAX) {
      const folded = fold(shown);
      const at = Math.max(0, ...patterns.map((p) => {
        const m = folded.match(p);
        return m ? m.index + m[1].length : -1;
      }).filter((i) => i >= 0).slice(0, 1));
      const start = Math.max(0, Math.min(at - 60, shown.length - MAX));
      shown = (start > 0 ? "…" : "") + shown.substr(start, MAX).trim() + (start + MAX < shown.length ? "…" : "");
    }
    const p = document.createElement("p");
    p.classList.add("context");
    p.textContent = shown;
    return p;
  };

  const install = () => {
    if (typeof Search === "undefined") return;
    Search.htmlToText = articleText;
    Search.makeSearchSummary = summary;
    // the scorer (language_data.js) reads the query being run
    const parse = Search._parseQuery;
    Search._parseQuery = (query) => {
      Search._bookQuery = query;
      return parse(query);
    };
  };
  // before searchtools.js's own DOMContentLoaded handler runs the query
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install);
  else install();
})();
