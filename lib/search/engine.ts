import MiniSearch, { type Options, type Query } from 'minisearch';
import type { Facets, SearchDocument, SearchDocumentKind } from './documents';
import { decodePostings, decodeTerms, encodePostings, encodeTerms } from './codec';
import { conceptTerms, isQuestion, questionWeight, stem } from './questions';
import { NEVER, excerpt, fuzzyFor, highlight, indexTerms, isPrefixTerm, queryTerm, queryTerms, termSetMatcher, tokenize, transpositions, type Segment } from './text';

/** Bumped whenever the file format or the index options change, so an old file is never misread. */
export const INDEX_FORMAT_VERSION = 2;

const FIELDS = ['title', 'heading', 'tags', 'text'] as const;
/** Field boosts: a word in the title counts most, then headings, then tags, then body text. */
export const BOOST = { title: 4, heading: 3, tags: 2, text: 1 };
/** A playground's record is short, which BM25 rewards; the article that explains it should come first. */
const PLAYGROUND_BOOST = 0.5;

/** What the browser keeps of a record (MiniSearch itself stores nothing: see `rank`). */
type Stored = Pick<SearchDocument, 'kind' | 'url' | 'group' | 'title' | 'heading' | 'text' | 'tags' | 'topics'>;

const OPTIONS: Options<SearchDocument> = {
  idField: 'id',
  fields: [...FIELDS],
  extractField: (document, field) => {
    // A playground keeps its articles' tags for the tag filter, but they do not say what it is about.
    if (field === 'tags' && document.kind === 'playground') return '';
    const value = document[field as keyof SearchDocument];
    return Array.isArray(value) ? value.join(' ') : value;
  },
  tokenize,
  processTerm: (term) => [...indexTerms(term)],
  searchOptions: {
    boost: BOOST,
    prefix: isPrefixTerm,
    fuzzy: fuzzyFor,
    tokenize,
    processTerm: queryTerm,
  },
};

type PlainIndex = ReturnType<MiniSearch['toJSON']>;
const KINDS: SearchDocumentKind[] = ['article', 'section', 'playground'];
const TITLE = FIELDS.indexOf('title');
const HEADING = FIELDS.indexOf('heading');
const TAGS = FIELDS.indexOf('tags');
const TEXT = FIELDS.indexOf('text');

/**
 * The index file: what the browser needs to search and to show a result (no section text: that is the
 * second file, see SerializedText). MiniSearch's own JSON repeats keys and long ids; this keeps the same
 * data positionally. Groups hold what all records of an article share (title, tags and their field
 * lengths); documents are [kind, group, heading, heading length, text length, anchor?] in MiniSearch's
 * internal id order, the anchor left out when it is the heading's slug; terms are sorted and front-coded,
 * and their postings are a character encoding of document-id gaps and frequencies (codec.ts).
 */
export interface SerializedIndex {
  version: number;
  facets: Facets;
  groups: [key: string, title: string, tags: string[], topics: string[], titleLength: number, tagsLength: number][];
  documents: [kind: number, group: number, heading: string, headingLength: number, textLength: number, anchor?: string][];
  averageFieldLength: number[];
  terms: string;
  postings: string;
}

/** The excerpt text file: each record's text, in the index's record order. */
export interface SerializedText {
  version: number;
  count: number;
  texts: string[];
}

/** The two files serializeIndex writes: `index` is all that searching needs; `text` only feeds the excerpts. */
export interface SerializedFiles {
  index: string;
  text: string;
}

/**
 * The id a heading of this text most likely has (rehype-slug's rule for plain headings). Only a shortcut
 * for the file: the anchor is stored whenever this guess differs from the real id.
 */
export function headingSlug(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\- ]/gu, '').replace(/ /g, '-');
}

function groupUrl(key: string): string {
  return key.startsWith('playground:') ? `/playgrounds/${key.slice('playground:'.length)}` : `/articles/${key}`;
}

export function createIndex(documents: readonly SearchDocument[]): MiniSearch<SearchDocument> {
  const index = new MiniSearch<SearchDocument>(OPTIONS);
  index.addAll(documents);
  return index;
}

/** The index file and the excerpt text file: the same documents and facets always give the same bytes. */
export function serializeIndex(documents: readonly SearchDocument[], facets: Facets): SerializedFiles {
  const plain = createIndex(documents).toJSON();
  const groups: SerializedIndex['groups'] = [];
  const groupIndex = new Map<string, number>();
  const serializedDocuments = documents.map((document, shortId): SerializedIndex['documents'][number] => {
    if (plain.documentIds[shortId] !== document.id) throw new Error(`search index: document ${document.id} is not at position ${shortId}`);
    const lengths = plain.fieldLength[shortId]!;
    let group = groupIndex.get(document.group);
    if (group === undefined) {
      group = groups.length;
      groupIndex.set(document.group, group);
      groups.push([document.group, document.title, document.tags, document.topics, lengths[TITLE]!, lengths[TAGS]!]);
    }
    // Every record of an article carries the article's title and tags: one copy, in the group, must do.
    const [, title, tags, topics, titleLength, tagsLength] = groups[group]!;
    if (title !== document.title || tags.join() !== document.tags.join() || topics.join() !== document.topics.join() || titleLength !== lengths[TITLE] || tagsLength !== lengths[TAGS]) {
      throw new Error(`search index: ${document.id} differs from the other records of ${document.group} in title, tags or topics`);
    }
    const anchor = document.kind === 'section' ? document.url.slice(document.url.indexOf('#') + 1) : '';
    const page = anchor ? document.url.slice(0, document.url.indexOf('#')) : document.url;
    if (page !== groupUrl(document.group)) throw new Error(`search index: ${document.id} has URL ${document.url}, expected ${groupUrl(document.group)}`);
    const entry: SerializedIndex['documents'][number] = [KINDS.indexOf(document.kind), group, document.heading, lengths[HEADING]!, lengths[TEXT]!];
    if (anchor && anchor !== headingSlug(document.heading)) entry.push(anchor);
    return entry;
  });
  const sorted = plain.index.map(([term, fields]) => [term, fields] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const postings = sorted.map(([, fields]) =>
    Object.keys(fields)
      .map(Number)
      .sort((a, b) => a - b)
      .map((fieldId) => [fieldId, Object.entries(fields[fieldId]!).map(([id, frequency]) => [Number(id), frequency] as const).sort((a, b) => a[0] - b[0])] as const),
  );
  const index: SerializedIndex = {
    version: INDEX_FORMAT_VERSION,
    facets,
    groups,
    documents: serializedDocuments,
    averageFieldLength: plain.averageFieldLength.map((n) => Math.round(n * 1000) / 1000),
    terms: encodeTerms(sorted.map(([term]) => term)),
    postings: encodePostings(postings),
  };
  const text: SerializedText = { version: INDEX_FORMAT_VERSION, count: documents.length, texts: documents.map((document) => document.text) };
  return { index: JSON.stringify(index), text: JSON.stringify(text) };
}

/** Rebuilds the stored records (without their text) and MiniSearch's plain form from the index file. */
function expand(file: SerializedIndex, terms: string[]): { plain: PlainIndex; documents: StoredDocument[] } {
  const documentIds: Record<number, string> = {};
  const fieldLength: Record<number, number[]> = {};
  const documents = file.documents.map(([kind, groupId, heading, headingLength, textLength, storedAnchor], shortId): StoredDocument => {
    const [key, title, tags, topics, titleLength, tagsLength] = file.groups[groupId]!;
    const documentKind = KINDS[kind]!;
    const anchor = documentKind === 'section' ? (storedAnchor ?? headingSlug(heading)) : '';
    const id = documentKind === 'playground' ? `p:${key.replace(/^playground:/, '')}` : documentKind === 'article' ? `a:${key}` : `s:${key}#${anchor}`;
    documentIds[shortId] = id;
    const lengths = [];
    lengths[TITLE] = titleLength;
    lengths[HEADING] = headingLength;
    lengths[TAGS] = tagsLength;
    lengths[TEXT] = textLength;
    fieldLength[shortId] = lengths;
    const url = groupUrl(key);
    return { id, order: shortId, kind: documentKind, url: anchor ? `${url}#${anchor}` : url, group: key, title, heading, text: '', tags, topics };
  });
  const postings = decodePostings(file.postings);
  if (postings.length !== terms.length) throw new Error(`search index: ${terms.length} terms but ${postings.length} postings`);
  const plain: PlainIndex = {
    documentCount: documents.length,
    nextId: documents.length,
    documentIds,
    fieldIds: Object.fromEntries(FIELDS.map((field, i) => [field, i])),
    fieldLength,
    averageFieldLength: file.averageFieldLength,
    storedFields: {},
    dirtCount: 0,
    index: terms.map((term, i) => [term, postings[i]!]),
    serializationVersion: 2,
  };
  return { plain, documents };
}

/**
 * A record as the browser holds it, rebuilt from the index file; `order` is its position in the file.
 * `text` is empty until the excerpt text file is attached (attachText).
 */
export type StoredDocument = Stored & { id: string; order: number };

export interface LoadedIndex {
  miniSearch: MiniSearch<SearchDocument>;
  /** The records, by MiniSearch's internal id (their position in the file). */
  documents: StoredDocument[];
  shortIds: Map<string, number>;
  facets: Facets;
  documentCount: number;
  /** Every index term: decides when a word needs fuzzy matching, and corrects swapped letters. */
  vocabulary: Vocabulary;
  /** Whether the section text is here (attachText); until then results come without excerpts. */
  hasText: boolean;
}

function parseFile(json: string): SerializedIndex {
  const file = JSON.parse(json) as SerializedIndex;
  if (file.version !== INDEX_FORMAT_VERSION) throw new Error(`search index format ${file.version}, expected ${INDEX_FORMAT_VERSION}`);
  return file;
}

function loaded(miniSearch: MiniSearch<SearchDocument>, documents: StoredDocument[], file: SerializedIndex, terms: string[], text: string | undefined): LoadedIndex {
  const index: LoadedIndex = {
    miniSearch,
    documents,
    shortIds: new Map(documents.map((doc) => [doc.id, doc.order])),
    facets: file.facets,
    documentCount: documents.length,
    vocabulary: new Vocabulary(terms),
    hasText: false,
  };
  if (text !== undefined) attachText(index, text);
  return index;
}

/** Loads the index file; with the excerpt text file too when it is given (else attach it later). */
export function loadIndex(json: string, text?: string): LoadedIndex {
  const file = parseFile(json);
  const terms = decodeTerms(file.terms);
  const { plain, documents } = expand(file, terms);
  return loaded(MiniSearch.loadJS<SearchDocument>(plain, OPTIONS), documents, file, terms, text);
}

/** The same as loadIndex, yielding to the event loop while it builds the index (no long main-thread task). */
export async function loadIndexAsync(json: string, text?: string): Promise<LoadedIndex> {
  const file = parseFile(json);
  const terms = decodeTerms(file.terms);
  const { plain, documents } = expand(file, terms);
  return loaded(await MiniSearch.loadJSAsync<SearchDocument>(plain, OPTIONS), documents, file, terms, text);
}

/** Gives the loaded index its section text (the second file), from which excerpts are cut. */
export function attachText(index: LoadedIndex, json: string): void {
  const file = JSON.parse(json) as SerializedText;
  if (file.version !== INDEX_FORMAT_VERSION) throw new Error(`search text format ${file.version}, expected ${INDEX_FORMAT_VERSION}`);
  if (file.count !== index.documentCount || file.texts?.length !== index.documentCount) throw new Error(`search text has ${file.count} records, the index ${index.documentCount}`);
  index.documents.forEach((document, i) => (document.text = file.texts[i]!));
  index.hasText = true;
}

export interface SearchFilters {
  topic?: string;
  tag?: string;
}

export interface SearchOptions extends SearchFilters {
  /** Most groups returned (default 8). */
  maxGroups?: number;
  /** Most hits shown per group (default 3). */
  maxHitsPerGroup?: number;
}

export interface SearchHit {
  id: string;
  kind: SearchDocumentKind;
  url: string;
  /** Empty for the article record and for playgrounds. */
  heading: string;
  headingSegments: Segment[];
  excerpt: Segment[];
  /** Index terms this record matched (after prefix and fuzzy expansion), for highlighting. */
  terms: string[];
  score: number;
}

export interface SearchGroup {
  /** Article slug, or `playground:<id>`. */
  key: string;
  kind: 'article' | 'playground';
  title: string;
  titleSegments: Segment[];
  url: string;
  topics: string[];
  score: number;
  hits: SearchHit[];
}

const GROUP_WEIGHTS = [1, 0.3, 0.1];
/** Per word of an article's slug that the query names. */
const SLUG_MATCH_BOOST = 0.1;
const GROUPING_LIMIT = 400;

/** The index's terms, sorted (the file stores them sorted), for exact and prefix lookups without MiniSearch. */
export class Vocabulary {
  private readonly set: Set<string>;
  private stems: Map<string, string[]> | undefined;
  constructor(private readonly sorted: readonly string[]) {
    this.set = new Set(sorted);
  }
  has(term: string): boolean {
    return this.set.has(term);
  }
  /** The index terms with the same stem as this one ("fails": fail, failed, failure…), itself left out. */
  family(term: string): string[] {
    if (!this.stems) {
      // Built on the first query, once: a few milliseconds for a vocabulary of thousands of terms.
      this.stems = new Map();
      for (const t of this.sorted) {
        const key = stem(t);
        const members = this.stems.get(key);
        if (members) members.push(t);
        else this.stems.set(key, [t]);
      }
    }
    return (this.stems.get(stem(term)) ?? []).filter((t) => t !== term);
  }
  /** Whether some longer term starts with this one (what prefix search would expand it to). */
  extends(prefix: string): boolean {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.sorted[mid]! <= prefix) low = mid + 1;
      else high = mid;
    }
    return low < this.sorted.length && this.sorted[low]!.startsWith(prefix);
  }
}

/** Shorter last words are matched exactly: a one- or two-letter prefix matches most of the index. */
const MIN_PREFIX = 3;

/** Weight of a swapped-letter correction, about that of a fuzzy match at distance 1. */
const TRANSPOSITION_BOOST = 0.4;

/** Per query word beyond the first that a record's heading matches. */
const HEADING_MATCH_BOOST = 0.25;

/** Weight of a word's other forms (fails → failure), below the word itself; less in keyword queries, whose words are chosen. */
const FAMILY_BOOST = 0.6;
const KEYWORD_FAMILY_BOOST = 0.25;

/**
 * One sub-query per term. The last word is a prefix (3+ letters). A word is matched fuzzily (about one
 * edit per 5 letters, 4+ letters) only when it is not a word of the index and, for the last word, does
 * not begin one: correct words then cost no fuzzy expansion, which is what keeps typing fast on a large
 * index. An unknown word of 4+ letters also tries its adjacent-letter swaps that are index words
 * ("gsingal" → "gsignal"), at a fuzzy match's weight: the edit distance counts a swap as two edits.
 *
 * The concept map's words for what the query names in other words (conceptTerms) count with the
 * concept's weight. In a question, filler words ("do I", "use") are left out, weak ones ("stop",
 * "keep") count for a fraction (questions.ts), and a word's other forms in the index count for a
 * little less than the word (FAMILY_BOOST: fails → failure). In keyword queries, whose words are
 * chosen ("handler" means that word), other forms count for less (KEYWORD_FAMILY_BOOST).
 */
function buildQuery(query: string, terms: string[], vocabulary: Vocabulary): Query {
  const queries: Query[] = [];
  const question = isQuestion(query);
  const weighted = terms.map((term, i) => ({ term, i, weight: question ? questionWeight(term) : 1 }));
  const kept = weighted.some((w) => w.weight > 0) ? weighted.filter((w) => w.weight > 0) : weighted;
  const searched = new Set(kept.map((w) => w.term));
  const constant = (weight: number) => () => weight;
  for (const { term, i, weight } of kept) {
    const prefix = isPrefixTerm(term, i, terms) && term.length >= MIN_PREFIX;
    const known = vocabulary.has(term) || (prefix && vocabulary.extends(term));
    queries.push({ queries: [term], prefix, fuzzy: known ? false : fuzzyFor(term), ...(weight !== 1 && { boostTerm: constant(weight) }) });
    const family = vocabulary.family(term).filter((t) => !searched.has(t));
    if (family.length) queries.push({ queries: family, prefix: false, fuzzy: false, boostTerm: constant((question ? FAMILY_BOOST : KEYWORD_FAMILY_BOOST) * weight) });
    if (term.length < 4 || known) continue;
    for (const swapped of transpositions(term)) {
      if (vocabulary.has(swapped)) queries.push({ queries: [swapped], prefix: false, fuzzy: false, boostTerm: constant(TRANSPOSITION_BOOST * weight) });
    }
  }
  for (const [term, weight] of conceptTerms(query)) {
    if (!searched.has(term) && vocabulary.has(term)) queries.push({ queries: [term], prefix: false, fuzzy: false, boostTerm: constant(weight) });
  }
  return { combineWith: 'OR', queries };
}

/**
 * Search and group the results by article, best article first; within an article its best sections first.
 * The query is plain text: nothing in it is interpreted (no operators, no regular expressions).
 */
export function search(loaded: LoadedIndex, query: string, options: SearchOptions = {}): SearchGroup[] {
  const { topic, tag, maxGroups = 8, maxHitsPerGroup = 3 } = options;
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const ranked = rank(loaded, buildQuery(query, terms, loaded.vocabulary), (doc) => (!topic || doc.topics.includes(topic)) && (!tag || doc.tags.includes(tag)));

  // The best articles are always among the first few hundred records.
  const groups = new Map<string, Ranked[]>();
  for (const result of ranked.length > GROUPING_LIMIT ? ranked.slice(0, GROUPING_LIMIT) : ranked) {
    const members = groups.get(result.doc.group);
    if (members) members.push(result);
    else groups.set(result.doc.group, [result]);
  }

  /** An article's score: its best record, plus a little for its next best (an article about the words, not one mention). */
  // An article whose slug names a query word is about that word, not one that covers it among others.
  const slugBoost = (key: string) => 1 + SLUG_MATCH_BOOST * key.split('-').filter((word) => terms.includes(word)).length;
  const scored = [...groups.entries()].map(([key, members]) => ({ key, members, score: slugBoost(key) * members.slice(0, 3).reduce((sum, m, i) => sum + m.score * GROUP_WEIGHTS[i]!, 0) }));
  scored.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
  return scored.slice(0, maxGroups).map(({ key, members, score }) => {
    const first = members[0]!.doc;
    const allTerms = new Set(members.flatMap((member) => member.terms));
    const hits = members.slice(0, maxHitsPerGroup).map(({ doc, terms: matched, match, score: hitScore }): SearchHit => {
      // MiniSearch says which fields each term matched in: only terms found in the text are looked for there.
      const fieldTerms = (field: string) => matched.filter((term) => match[term]?.includes(field));
      const inText = fieldTerms('text');
      const inHeading = fieldTerms('heading');
      return {
        id: doc.id,
        kind: doc.kind,
        url: doc.url,
        heading: doc.heading,
        headingSegments: highlight(doc.heading, inHeading.length ? termSetMatcher(inHeading) : NEVER),
        excerpt: excerpt(doc.text, inText.length ? termSetMatcher(inText) : NEVER),
        terms: matched,
        score: hitScore,
      };
    });
    return {
      key,
      kind: first.kind === 'playground' ? 'playground' : 'article',
      title: first.title,
      titleSegments: highlight(first.title, termSetMatcher(allTerms)),
      url: first.kind === 'playground' ? first.url : `/articles/${key}`,
      topics: first.topics,
      score,
      hits,
    };
  });
}

interface Ranked {
  doc: StoredDocument;
  score: number;
  /** Index terms matched (after prefix and fuzzy expansion). */
  terms: string[];
  /** For each matched index term, the fields it matched in. */
  match: Record<string, string[]>;
}

type RawResults = Map<number, { score: number; terms: string[]; match: Record<string, string[]> }>;

/**
 * Scores every matching record and orders them, best first (ties by index order, so results are stable).
 * This is MiniSearch.search() without its per-result copy of the stored fields, which on a large index
 * cost more than the search itself: the records are already in `loaded.documents`.
 */
function rank(loaded: LoadedIndex, query: Query, keep: (doc: StoredDocument) => boolean): Ranked[] {
  const engine = loaded.miniSearch as unknown as { executeQuery?: (query: Query, options: object) => RawResults };
  const raw: RawResults =
    typeof engine.executeQuery === 'function'
      ? engine.executeQuery(query, {})
      : // Should a MiniSearch release drop executeQuery, the public API gives the same ranking, only slower.
        new Map(loaded.miniSearch.search(query).map((r) => [loaded.shortIds.get(String(r.id))!, { score: r.score / (r.queryTerms.length || 1), terms: r.queryTerms, match: r.match }]));
  const ids: number[] = [];
  const scores: number[] = [];
  for (const [shortId, result] of raw) {
    const doc = loaded.documents[shortId]!;
    if (!keep(doc)) continue;
    ids.push(shortId);
    // As MiniSearch.search(): records matching more of the query's words rank higher.
    // A heading that carries several of the query's words names the section the reader is after.
    const inHeading = Object.values(result.match).filter((fields) => fields.includes('heading')).length;
    const headingBoost = inHeading > 1 ? 1 + HEADING_MATCH_BOOST * (inHeading - 1) : 1;
    scores.push(result.score * (result.terms.length || 1) * headingBoost * (doc.kind === 'playground' ? PLAYGROUND_BOOST : 1));
  }
  // Only the best GROUPING_LIMIT are grouped; a numeric sort of the scores finds their threshold cheaply.
  const threshold = ids.length > GROUPING_LIMIT ? Float64Array.from(scores).sort()[ids.length - GROUPING_LIMIT]! : -Infinity;
  const ranked: Ranked[] = [];
  ids.forEach((shortId, i) => {
    if (scores[i]! < threshold) return;
    const { match } = raw.get(shortId)!;
    ranked.push({ doc: loaded.documents[shortId]!, score: scores[i]!, terms: Object.keys(match), match });
  });
  return ranked.sort((a, b) => b.score - a.score || a.doc.order - b.doc.order);
}

export { resultHref } from './href';
