/* Sphinx's search ranking (html_search_scorer) plus a boost for a page whose title holds every
   word of the query, compared by their Spanish stems with accents folded: searching "guardar
   modelo" puts «Guardar y cargar modelos» first, not a page that says "modelo" more often. */
var Scorer = {
  objNameMatch: 11, objPartialMatch: 6, objPrio: { 0: 15, 1: 5, 2: -5 }, objPrioDefault: 0,
  title: 15, partialTitle: 7, term: 5, partialTerm: 2,
  stems: (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .split(/[^a-z0-9_]+/).filter((w) => w && !stopwords.includes(w)).map((w) => new Stemmer().stemWord(w)),
  score: ([docname, title, anchor, descr, score]) => {
    const query = Scorer.stems(new URLSearchParams(window.location.search).get("q") || "");
    const page = Scorer.stems(String(title).split(" > ")[0]);
    const all = query.length && query.every((q) => page.some((w) => w.startsWith(q) || q.startsWith(w)));
    return score + (all ? 100 : 0);
  },
};
