/* Search scorer of the book (issue 13.4), inlined by Sphinx into language_data.js
 * (html_search_scorer). Sphinx's own weights, plus a boost for results whose
 * page (or section) title contains the query's words: a page titled with the
 * query ranks first. Words are compared by their Spanish stems (Sphinx's
 * Snowball stemmer, defined just above in language_data.js), accents folded.
 */
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,

  _fold: (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(),

  _stems: (text) => {
    const stemmer = new Stemmer();
    const words = Scorer._fold(text).split(/[^a-z0-9_]+/).filter((w) => w && stopwords.indexOf(w) === -1);
    return [...new Set(words.map((w) => Scorer._fold(stemmer.stemWord(w))))];
  },

  _query: () => {
    if (typeof Search !== "undefined" && Search._bookQuery) return Search._bookQuery;
    return new URLSearchParams(window.location.search).get("q") || "";
  },

  score: (result) => {
    const [docname, title, anchor, descr, score, filename] = result;
    const query = Scorer._stems(Scorer._query());
    if (!query.length || !title) return score;
    // "Página > Sección": the page title and the section title count apart
    const parts = String(title).split(" > ");
    const page = Scorer._stems(parts[0]);
    const section = parts.length > 1 ? Scorer._stems(parts.slice(1).join(" ")) : [];
    const hits = (words) => query.filter((q) => words.some((w) => w.startsWith(q) || q.startsWith(w))).length;
    let boost = 0;
    const inPage = hits(page);
    const inSection = hits(section);
    if (inPage === query.length) boost += 100;
    else boost += 20 * inPage;
    if (section.length && inSection === query.length) boost += 50;
    else boost += 10 * inSection;
    return score + boost;
  },
};
