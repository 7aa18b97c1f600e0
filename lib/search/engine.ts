import MiniSearch, { type Options, type Query } from 'minisearch';
import type { Facets, SearchDocument, SearchDocumentKind } from './documents';
import { NEVER, excerpt, fuzzyFor, highlight, indexTerms, isPrefixTerm, queryTerm, queryTerms, termSetMatcher, tokenize, transpositions, type Segment } from './text';

/** Bumped whenever the file format or the index options change, so an old file is never misread. */
export const INDEX_FORMAT_VERSION = 1;

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

/**
 * The index file. MiniSearch's own JSON repeats keys and long ids; this keeps the same data positionally:
 * groups hold what all records of an article share, documents are [kind, group, anchor, heading, text] in
 * MiniSearch's internal id order, and each term lists per field its documents as gaps (a negative gap
 * is followed by the term's frequency when that is not 1). Terms are sorted so neighbours compress well.
 */
export interface SerializedIndex {
  version: number;
  facets: Facets;
  groups: { key: string; title: string; url: string; tags: string[]; topics: string[] }[];
  documents: [kind: number, group: number, anchor: string, heading: string, text: string][];
  fieldLengths: number[][];
  averageFieldLength: number[];
  terms: (string | number | number[])[][];
}

export function createIndex(documents: readonly SearchDocument[]): MiniSearch<SearchDocument> {
  const index = new MiniSearch<SearchDocument>(OPTIONS);
  index.addAll(documents);
  return index;
}

/** The index file's text: the same documents and facets always give the same bytes. */
export function serializeIndex(documents: readonly SearchDocument[], facets: Facets): string {
  const plain = createIndex(documents).toJSON();
  const groups: SerializedIndex['groups'] = [];
  const groupIndex = new Map<string, number>();
  const serializedDocuments = documents.map((document, shortId): SerializedIndex['documents'][number] => {
    if (plain.documentIds[shortId] !== document.id) throw new Error(`search index: document ${document.id} is not at position ${shortId}`);
    let group = groupIndex.get(document.group);
    if (group === undefined) {
      group = groups.length;
      groupIndex.set(document.group, group);
      const url = document.kind === 'playground' ? document.url : document.url.split('#')[0]!;
      groups.push({ key: document.group, title: document.title, url, tags: document.tags, topics: document.topics });
    }
    const anchor = document.kind === 'section' ? document.url.slice(document.url.indexOf('#') + 1) : '';
    return [KINDS.indexOf(document.kind), group, anchor, document.heading, document.text];
  });
  const terms = plain.index
    .map(([term, fields]) => {
      const entry: (string | number | number[])[] = [term];
      for (const fieldId of Object.keys(fields).map(Number).sort((a, b) => a - b)) {
        const postings: number[] = [];
        let previous = -1;
        for (const [docId, frequency] of Object.entries(fields[fieldId]!).map(([id, f]) => [Number(id), f] as const).sort((a, b) => a[0] - b[0])) {
          const gap = docId - previous;
          previous = docId;
          if (frequency === 1) postings.push(gap);
          else postings.push(-gap, frequency);
        }
        entry.push(fieldId, postings);
      }
      return entry;
    })
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  const file: SerializedIndex = {
    version: INDEX_FORMAT_VERSION,
    facets,
    groups,
    documents: serializedDocuments,
    fieldLengths: documents.map((_, shortId) => plain.fieldLength[shortId]!),
    averageFieldLength: plain.averageFieldLength.map((n) => Math.round(n * 1000) / 1000),
    terms,
  };
  return JSON.stringify(file);
}

/** Rebuilds the stored records and MiniSearch's plain form from the index file. */
function expand(file: SerializedIndex): { plain: PlainIndex; documents: StoredDocument[] } {
  const documentIds: Record<number, string> = {};
  const fieldLength: Record<number, number[]> = {};
  const documents = file.documents.map(([kind, groupId, anchor, heading, text], shortId): StoredDocument => {
    const group = file.groups[groupId]!;
    const documentKind = KINDS[kind]!;
    const id = documentKind === 'playground' ? `p:${group.key.replace(/^playground:/, '')}` : documentKind === 'article' ? `a:${group.key}` : `s:${group.key}#${anchor}`;
    documentIds[shortId] = id;
    fieldLength[shortId] = file.fieldLengths[shortId]!;
    return { id, order: shortId, kind: documentKind, url: anchor ? `${group.url}#${anchor}` : group.url, group: group.key, title: group.title, heading, text, tags: group.tags, topics: group.topics };
  });
  const index: PlainIndex['index'] = file.terms.map((entry) => {
    const fields: Record<string, Record<string, number>> = {};
    for (let i = 1; i < entry.length; i += 2) {
      const postings = entry[i + 1] as number[];
      const docs: Record<string, number> = {};
      let docId = -1;
      for (let j = 0; j < postings.length; j++) {
        const gap = postings[j]!;
        docId += Math.abs(gap);
        docs[docId] = gap < 0 ? postings[++j]! : 1;
      }
      fields[entry[i] as number] = docs;
    }
    return [entry[0] as string, fields];
  });
  const plain: PlainIndex = {
    documentCount: documents.length,
    nextId: documents.length,
    documentIds,
    fieldIds: Object.fromEntries(FIELDS.map((field, i) => [field, i])),
    fieldLength,
    averageFieldLength: file.averageFieldLength,
    storedFields: {},
    dirtCount: 0,
    index,
    serializationVersion: 2,
  };
  return { plain, documents };
}

/** A record as the browser holds it, rebuilt from the index file; `order` is its position in the file. */
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
}

function parseFile(json: string): SerializedIndex {
  const file = JSON.parse(json) as SerializedIndex;
  if (file.version !== INDEX_FORMAT_VERSION) throw new Error(`search index format ${file.version}, expected ${INDEX_FORMAT_VERSION}`);
  return file;
}

function loaded(miniSearch: MiniSearch<SearchDocument>, documents: StoredDocument[], file: SerializedIndex): LoadedIndex {
  return {
    miniSearch,
    documents,
    shortIds: new Map(documents.map((doc) => [doc.id, doc.order])),
    facets: file.facets,
    documentCount: documents.length,
    vocabulary: new Vocabulary(file.terms.map((entry) => entry[0] as string)),
  };
}

export function loadIndex(json: string): LoadedIndex {
  const file = parseFile(json);
  const { plain, documents } = expand(file);
  return loaded(MiniSearch.loadJS<SearchDocument>(plain, OPTIONS), documents, file);
}

/** The same as loadIndex, yielding to the event loop while it builds the index (no long main-thread task). */
export async function loadIndexAsync(json: string): Promise<LoadedIndex> {
  const file = parseFile(json);
  const { plain, documents } = expand(file);
  return loaded(await MiniSearch.loadJSAsync<SearchDocument>(plain, OPTIONS), documents, file);
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
const GROUPING_LIMIT = 400;

/** The index's terms, sorted (the file stores them sorted), for exact and prefix lookups without MiniSearch. */
export class Vocabulary {
  private readonly set: Set<string>;
  constructor(private readonly sorted: readonly string[]) {
    this.set = new Set(sorted);
  }
  has(term: string): boolean {
    return this.set.has(term);
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

/**
 * One sub-query per term. The last word is a prefix (3+ letters). A word is matched fuzzily (about one
 * edit per 5 letters, 4+ letters) only when it is not a word of the index and, for the last word, does
 * not begin one: correct words then cost no fuzzy expansion, which is what keeps typing fast on a large
 * index. An unknown word of 4+ letters also tries its adjacent-letter swaps that are index words
 * ("gsingal" → "gsignal"), at a fuzzy match's weight: the edit distance counts a swap as two edits.
 */
function buildQuery(terms: string[], vocabulary: Vocabulary): Query {
  const queries: Query[] = [];
  terms.forEach((term, i) => {
    const prefix = isPrefixTerm(term, i, terms) && term.length >= MIN_PREFIX;
    const known = vocabulary.has(term) || (prefix && vocabulary.extends(term));
    queries.push({ queries: [term], prefix, fuzzy: known ? false : fuzzyFor(term) });
    if (term.length < 4 || known) return;
    for (const swapped of transpositions(term)) {
      if (vocabulary.has(swapped)) queries.push({ queries: [swapped], prefix: false, fuzzy: false, boostTerm: () => TRANSPOSITION_BOOST });
    }
  });
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
  const ranked = rank(loaded, buildQuery(terms, loaded.vocabulary), (doc) => (!topic || doc.topics.includes(topic)) && (!tag || doc.tags.includes(tag)));

  // The best articles are always among the first few hundred records.
  const groups = new Map<string, Ranked[]>();
  for (const result of ranked.length > GROUPING_LIMIT ? ranked.slice(0, GROUPING_LIMIT) : ranked) {
    const members = groups.get(result.doc.group);
    if (members) members.push(result);
    else groups.set(result.doc.group, [result]);
  }

  /** An article's score: its best record, plus a little for its next best (an article about the words, not one mention). */
  const scored = [...groups.entries()].map(([key, members]) => ({ key, members, score: members.slice(0, 3).reduce((sum, m, i) => sum + m.score * GROUP_WEIGHTS[i]!, 0) }));
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
    scores.push(result.score * (result.terms.length || 1) * (doc.kind === 'playground' ? PLAYGROUND_BOOST : 1));
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
