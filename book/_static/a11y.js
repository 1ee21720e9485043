/* The book for every reader (issue 13): phones, screen readers, printing.
 * - A figure at least twice as wide as tall (several panels side by side) gets
 *   a box that scrolls sideways on a phone (a11y.css) instead of shrinking to
 *   an unreadable strip; the box is reachable with the keyboard and named by
 *   the figure's alt text.
 * - The toggle of an optional block ("Para profundizar: …") is named by the
 *   block's title, in Spanish, instead of sphinx-togglebutton's English
 *   "Toggle hidden content".
 * - Before printing, every hidden block opens and hidden cells get a printed
 *   title ("Solución del ejercicio 3") instead of a bare button.
 *   window.c102PrepareForPrint() does the same for `make pdf`.
 */
(() => {
  const markWideFigure = (img) => {
    if (!img.naturalWidth || img.naturalWidth < 2 * img.naturalHeight) return;
    const box = img.parentElement;
    if (!box || box.classList.contains("c102-wide-figure")) return;
    box.classList.add("c102-wide-figure");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", img.alt ? `Figura: ${img.alt}` : "Figura");
  };

  const wideFigures = () => {
    document.querySelectorAll(".cell_output img").forEach((img) => {
      if (img.complete) markWideFigure(img);
      else img.addEventListener("load", () => markWideFigure(img), { once: true });
    });
  };

  const nameToggleButtons = () => {
    document.querySelectorAll(".admonition .toggle-button").forEach((button) => {
      const title = button.closest(".admonition-title");
      const text = title ? title.textContent.replace(/\s+/g, " ").trim() : "";
      button.setAttribute("aria-label", text ? `Mostrar u ocultar: ${text}` : "Mostrar u ocultar el bloque");
    });
  };

  const printTitle = (details) => {
    const shown = details.querySelector(":scope > summary .collapsed");
    const text = (shown ? shown.textContent : details.querySelector(":scope > summary").textContent)
      .replace(/\s+/g, " ")
      .trim();
    if (/soluci[oó]n/i.test(text)) {
      const rest = text.replace(/^(ver|mostrar)\s+(la\s+|el\s+)?/i, "");
      return rest.charAt(0).toUpperCase() + rest.slice(1);
    }
    return details.classList.contains("above-output") ? "Salida de la celda (oculta en la página web)"
      : "Código de la celda (oculto en la página web)";
  };

  const prepareForPrint = () => {
    document.querySelectorAll("details.hide").forEach((details) => {
      const summary = details.querySelector(":scope > summary");
      if (summary) summary.dataset.c102PrintTitle = printTitle(details);
      if (details.closest(".tag_solution")) details.classList.add("c102-solution");
      details.open = true;
    });
    document.querySelectorAll("details").forEach((details) => (details.open = true));
    document.querySelectorAll(".toggle-hidden").forEach((el) => el.classList.remove("toggle-hidden"));
  };
  window.c102PrepareForPrint = prepareForPrint;
  window.addEventListener("beforeprint", prepareForPrint);

  const init = () => {
    wideFigures();
    nameToggleButtons();
  };
  // sphinx-togglebutton adds its buttons on DOMContentLoaded: name them afterwards
  if (document.readyState === "complete") init();
  else window.addEventListener("load", init);
})();
