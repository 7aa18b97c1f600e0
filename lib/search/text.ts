/**
 * Words, terms and matching shared by the index (built in Node) and the browser (search, excerpts,
 * landing highlights), so a word is cut and normalised the same way everywhere.
 */

/** A word: a run of letters and digits. Everything else (punctuation, symbols, emoji) separates words. */
const WORD = /[\p{L}\p{N}]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;
/** lower→Upper or UPPER→Upper-lower boundaries inside an identifier: SetLimit, DoChan, HTTPServer. */
const CAMEL_BOUNDARY = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

/**
 * Words too common to help ranking; leaving them out also keeps the index small and queries fast (their
 * posting lists are the longest). Words that are also Go vocabulary stay searchable: go, do, not, any,
 * new, off, once, set, all, run.
 */
const STOP_WORDS = new Set(
  ('a about also an and are as at be been being but by can could did does for from had has have he her his how i if ' +
    'in into is it its just me my of on or our she so than that the their them then there these they this those to ' +
    'too us very was we were what when where which while who why will with would you your').split(' '),
);

/** Queries longer than this are cut: nobody types more, and it bounds the work a query can cause. */
export const MAX_QUERY_LENGTH = 200;
const MAX_QUERY_TERMS = 12;

export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

/** Every word of a text with its position, for excerpts and highlighting. */
export function wordSpans(text: string): WordSpan[] {
  return [...text.matchAll(WORD)].map((match) => ({ word: match[0], start: match.index, end: match.index + match[0].length }));
}

export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

const ASCII_WORD = /^[A-Za-z0-9]+$/;
const INNER_UPPER = /.\p{Lu}/u;

/** Lowercase and strip accents: "Déjà" and "deja" are one term. */
export function normalizeTerm(word: string): string {
  return ASCII_WORD.test(word) ? word.toLowerCase() : word.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}

function keep(term: string): boolean {
  return term.length > 1 ? !STOP_WORDS.has(term) : term.length === 1 && term >= '0' && term <= '9';
}

/** Words recur (an index has a few thousand distinct ones), and excerpts ask about the same words per query. */
const termCache = new Map<string, readonly string[]>();
const TERM_CACHE_LIMIT = 200_000;

/**
 * The index terms of one word: the word itself and, for identifiers like SetLimit or DoChan, their
 * parts too, so "setlimit", "set limit" and "limit" all find it. The array is shared: do not modify it.
 */
export function indexTerms(word: string): readonly string[] {
  let terms = termCache.get(word);
  if (terms) return terms;
  const whole = normalizeTerm(word);
  const parts = INNER_UPPER.test(word) ? word.split(CAMEL_BOUNDARY) : [];
  terms = parts.length > 1 ? [...new Set([whole, ...parts.map(normalizeTerm)].filter(keep))] : keep(whole) ? [whole] : [];
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  termCache.set(word, terms);
  return terms;
}

/** The term a query word searches for (no identifier splitting: the query says what it means). */
export function queryTerm(word: string): string | null {
  const term = normalizeTerm(word);
  return keep(term) ? term : null;
}

/** The terms of a whole query, in order, as the index will search them. */
export function queryTerms(query: string): string[] {
  return tokenize(query.slice(0, MAX_QUERY_LENGTH))
    .map(queryTerm)
    .filter((term): term is string => term !== null)
    .slice(0, MAX_QUERY_TERMS);
}

/** Prefix matching on the last word only: the reader is still typing it. */
export function isPrefixTerm(_term: string, index: number, terms: readonly string[]): boolean {
  return index === terms.length - 1;
}

/** Fuzzy matching for words of 4 letters or more, about one edit per 5 letters. */
export const FUZZY_RATIO = 0.2;
export const FUZZY_MIN_LENGTH = 4;
export function fuzzyFor(term: string): number | false {
  return term.length >= FUZZY_MIN_LENGTH ? FUZZY_RATIO : false;
}
/** The edit distance MiniSearch allows for a term with the fuzzy ratio above. */
export function maxEdits(term: string): number {
  const fuzzy = fuzzyFor(term);
  return fuzzy === false ? 0 : Math.round(term.length * fuzzy);
}

/** The word with each pair of adjacent letters swapped in turn ("gsingal" → …, "gsignal", …). */
export function transpositions(term: string): string[] {
  const variants = new Set<string>();
  for (let i = 0; i < term.length - 1; i++) {
    if (term[i] === term[i + 1]) continue;
    variants.add(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  }
  return [...variants];
}

/**
 * Edit distance counting a swap of adjacent letters as one edit (optimal string alignment), giving up
 * (returning max + 1) as soon as it must exceed max. The index corrects swaps the same way (see engine).
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Whether a word of the page matches a query, by the same rules as the index: exact, prefix on the last
 * query word, or within the fuzzy edit distance. Used where the index is not loaded (landing highlights).
 */
export function queryMatcher(query: string): (word: string) => boolean {
  const terms = queryTerms(query);
  if (terms.length === 0) return () => false;
  const exact = new Set(terms);
  const cache = new Map<string, boolean>();
  const matchesTerm = (candidate: string) =>
    exact.has(candidate) ||
    terms.some((term, i) => (isPrefixTerm(term, i, terms) && candidate.startsWith(term)) || (maxEdits(term) > 0 && boundedDistance(term, candidate, maxEdits(term)) <= maxEdits(term)));
  return (word) => {
    let result = cache.get(word);
    if (result === undefined) {
      result = indexTerms(word).some(matchesTerm);
      cache.set(word, result);
    }
    return result;
  };
}

/** A piece of text, marked when it is a matched word. Rendered as text nodes: never parsed as markup. */
export interface Segment {
  text: string;
  mark: boolean;
}

/** A matcher that matches nothing (recognised, so no text is scanned for it). */
export const NEVER = (_word: string) => false;

/** Split text into plain and marked segments; `isMatch` decides per word. */
export function highlight(text: string, isMatch: (word: string) => boolean): Segment[] {
  if (isMatch === NEVER) return text ? [{ text, mark: false }] : [];
  const segments: Segment[] = [];
  let cursor = 0;
  const push = (piece: string, mark: boolean) => {
    if (!piece) return;
    const last = segments[segments.length - 1];
    if (last && last.mark === mark && !mark) last.text += piece;
    else segments.push({ text: piece, mark });
  };
  for (const span of wordSpans(text)) {
    if (!isMatch(span.word)) continue;
    push(text.slice(cursor, span.start), false);
    push(span.word, true);
    cursor = span.end;
  }
  push(text.slice(cursor), false);
  return segments;
}

export type WordMatcher = ((word: string) => boolean) & { terms?: readonly string[] };

/** A matcher for the index terms MiniSearch reports as matched for one result. */
export function termSetMatcher(terms: Iterable<string>): WordMatcher {
  const set = new Set(terms);
  const matcher: WordMatcher = (word) => {
    for (const term of indexTerms(word)) if (set.has(term)) return true;
    return false;
  };
  matcher.terms = [...set];
  return matcher;
}

const NON_ASCII = /[\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9]/;

/**
 * The first word of text that matches, scanning no further than needed. In ASCII text a matching word
 * contains one of the terms as a substring, so the scan can start at the word holding the earliest one.
 */
function firstMatch(text: string, isMatch: WordMatcher): WordSpan | undefined {
  let from = 0;
  if (isMatch.terms && !NON_ASCII.test(text)) {
    const lower = text.toLowerCase();
    let earliest = -1;
    for (const term of isMatch.terms) {
      const at = lower.indexOf(term);
      if (at >= 0 && (earliest < 0 || at < earliest)) earliest = at;
    }
    if (earliest < 0) return undefined;
    from = earliest;
    while (from > 0 && WORD_CHAR.test(text[from - 1]!)) from--;
  }
  const pattern = new RegExp(WORD.source, 'gu');
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (isMatch(match[0])) return { word: match[0], start: match.index, end: match.index + match[0].length };
  }
  return undefined;
}

export const EXCERPT_LENGTH = 180;

/**
 * About EXCERPT_LENGTH characters of text around the first matched word (or the start, when only the
 * title or heading matched), cut at word boundaries, with an ellipsis where text was left out.
 */
export function excerpt(text: string, isMatch: WordMatcher, length = EXCERPT_LENGTH): Segment[] {
  if (text.length <= length) return highlight(text, isMatch);
  const first = isMatch === NEVER ? undefined : firstMatch(text, isMatch);
  let start = 0;
  if (first && first.end > length * 0.6) {
    start = Math.max(0, first.start - Math.round(length * 0.3));
    const boundary = text.lastIndexOf(' ', start);
    start = boundary > 0 && start - boundary < 20 ? boundary + 1 : start;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const boundary = text.lastIndexOf(' ', end);
    if (boundary > start + length / 2) end = boundary;
  }
  const segments = highlight(text.slice(start, end).trim(), isMatch);
  if (start > 0) segments.unshift({ text: '… ', mark: false });
  if (end < text.length) segments.push({ text: ' …', mark: false });
  return mergePlain(segments);
}

function mergePlain(segments: Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (last && !last.mark && !segment.mark) last.text += segment.text;
    else merged.push({ ...segment });
  }
  return merged;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/** Segments as an HTML string, every piece escaped; for places that cannot render React text nodes. */
export function segmentsToHtml(segments: readonly Segment[]): string {
  return segments.map((s) => (s.mark ? `<mark>${escapeHtml(s.text)}</mark>` : escapeHtml(s.text))).join('');
}
