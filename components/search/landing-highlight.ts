/**
 * Marks the searched words inside one section of the article (from its heading to the next h2/h3, the
 * same slice the index was built from), with the CSS Custom Highlight API where available and <mark>
 * elements otherwise, then removes the marks after a few seconds.
 */
import { STATIC_RUN_CLASS } from '@/lib/content/article-markup';
import { queryMatcher, wordSpans } from '@/lib/search/text';

export const HIGHLIGHT_NAME = 'search-landing';
const HIGHLIGHT_MS = 4000;
/** Not prose: the index leaves these out, so the highlight does too. */
const SKIP = 'pre, svg, script, style, .self-check, .playground, .heading-anchor, [aria-hidden="true"]';

/** The prose's blocks: a run of static HTML (lib/content/static-html.ts) is a box-less wrapper around its own. */
function blocks(prose: Element): Element[] {
  return [...prose.children].flatMap((el) => (el.classList.contains(STATIC_RUN_CLASS) ? [...el.children] : [el]));
}

function sectionElements(prose: Element, id: string): Element[] {
  const children = blocks(prose);
  const isHeading = (el: Element) => el.tagName === 'H2' || el.tagName === 'H3';
  let start = 0;
  if (id) {
    start = children.findIndex((el) => el.id === id);
    if (start < 0) return [];
  }
  const rest = children.slice(start + (id ? 1 : 0));
  const end = rest.findIndex(isHeading);
  const body = end < 0 ? rest : rest.slice(0, end);
  return id ? [children[start]!, ...body] : body;
}

function textNodes(root: Element): Text[] {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

/** Highlight the query's words in the section with this heading id ('' for the intro); returns the undo. */
export function highlightLanding(query: string, id: string): () => void {
  const prose = document.querySelector('article .prose');
  if (!prose) return () => {};
  const elements = sectionElements(prose, id);
  const heading = id ? document.getElementById(id) : null;
  const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  if (heading) {
    heading.scrollIntoView({ block: 'start', behavior: reduceMotion ? 'auto' : 'smooth' });
    heading.classList.add('search-landing-target');
  }

  const isMatch = queryMatcher(query);
  const ranges: Range[] = [];
  for (const element of elements) {
    if (element.matches(SKIP)) continue;
    for (const node of textNodes(element)) {
      for (const span of wordSpans(node.data)) {
        if (!isMatch(span.word)) continue;
        const range = document.createRange();
        range.setStart(node, span.start);
        range.setEnd(node, span.end);
        ranges.push(range);
      }
    }
  }

  let undo: () => void;
  if (typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined') {
    CSS.highlights.set(HIGHLIGHT_NAME, new Highlight(...ranges));
    undo = () => CSS.highlights.delete(HIGHLIGHT_NAME);
  } else {
    const marks = ranges.reverse().map((range) => {
      const mark = document.createElement('mark');
      mark.className = 'search-landing-mark';
      range.surroundContents(mark);
      return mark;
    });
    undo = () =>
      marks.forEach((mark) => {
        const parent = mark.parentNode;
        if (!parent) return;
        mark.replaceWith(...mark.childNodes);
        parent.normalize();
      });
  }
  const article = prose.closest('article');
  article?.setAttribute('data-search-highlights', String(ranges.length));

  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    window.clearTimeout(timer);
    undo();
    heading?.classList.remove('search-landing-target');
    article?.removeAttribute('data-search-highlights');
  };
  const timer = window.setTimeout(finish, HIGHLIGHT_MS);
  return finish;
}
