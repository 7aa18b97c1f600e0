/**
 * What an article's HTML document weighs, and its budgets (tests/e2e/budgets.spec.ts). Next inlines
 * the page's RSC (flight) payload in the HTML as `self.__next_f.push(…)` scripts, which React reads
 * to hydrate; the article's static prose reaches it as one HTML string per run
 * (lib/content/static-html.ts), not as an element per node. Sizes are bytes of the document as
 * sent uncompressed, 1 KB = 1000 bytes. Pure: no server, no browser.
 */

const KB = 1000;

/** /articles/errgroup-package, measured 290.3 KB of HTML and 191.3 KB of inline flight scripts on 2026-12-04 (docs/performance.md). */
export const ARTICLE_HTML_BUDGET = 310 * KB;
export const ARTICLE_INLINE_FLIGHT_BUDGET = 205 * KB;
/**
 * Elements inside the article's prose that React built and hydrates: those of the interactive
 * components only (the playground, the self-check), 124 when measured. Before the static runs, every
 * paragraph, heading, list, table and figure was one of them (509).
 */
export const ARTICLE_PROSE_REACT_ELEMENTS_BUDGET = 200;

const FLIGHT_SCRIPT = /<script>self\.__next_f\.push\([\s\S]*?\)<\/script>/g;

/** The inline flight scripts of a document: how many, and their bytes (the script elements, as in the HTML). */
export function inlineFlight(html: string): { scripts: number; bytes: number } {
  let scripts = 0;
  let bytes = 0;
  for (const match of html.matchAll(FLIGHT_SCRIPT)) {
    scripts++;
    bytes += Buffer.byteLength(match[0]);
  }
  return { scripts, bytes };
}
