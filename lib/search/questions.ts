/**
 * Queries typed as questions ("how do I cancel other goroutines when one fails"): which of their words
 * carry the meaning, which words of the index mean the same, and which concepts of the articles they
 * name in other words. Shared by the index's search (engine.ts) and its tests; pure.
 */
import { normalizeTerm, tokenize } from './text';

/** A word that starts a question, or a query long enough to be a sentence, makes it a question. */
const QUESTION_STARTS = new Set(['how', 'what', 'why', 'when', 'where', 'which', 'who', 'should', 'can', 'could', 'does', 'do', 'is', 'are', 'will', 'would']);
const SENTENCE_WORDS = 6;

/** Words of a question that say nothing about its subject (the index's stop words are gone already). */
const FILLER = new Set(['do', 'does', 'did', 'should', 'can', 'could', 'would', 'will', 'is', 'are', 'i', 'my', 'me', 'we', 'our', 'you', 'your', 'get', 'make', 'use', 'using', 'way', 'ways', 'one', 'other', 'others', 'some', 'any', 'thing', 'things', 'lot', 'really', 'actually', 'happen', 'happens', 'mean', 'means', 'need', 'want', 'like']);

/** Words that mean little on their own in a question; they still count, for a fraction of a term. */
const WEAK = new Set(['stop', 'keep', 'find', 'run', 'runs', 'work', 'works', 'start', 'many', 'much', 'often', 'once', 'time', 'times', 'new', 'same', 'big', 'small', 'good', 'best', 'fast', 'slow', 'too', 'every', 'each', 'data', 'value', 'values']);
export const WEAK_WEIGHT = 0.35;

export function isQuestion(query: string): boolean {
  const words = tokenize(query).map(normalizeTerm);
  return words.length >= 3 && (QUESTION_STARTS.has(words[0]!) || words.length >= SENTENCE_WORDS || query.trim().endsWith('?'));
}

/** The weight a query term keeps in a question: 0 to drop it. */
export function questionWeight(term: string): number {
  if (FILLER.has(term)) return 0;
  return WEAK.has(term) ? WEAK_WEIGHT : 1;
}

/**
 * A crude English stem, enough to join a word's forms (fail, fails, failed, failing, failure; query,
 * queries; scan, scanning; cancel, cancelled): only endings, never a dictionary.
 */
export function stem(term: string): string {
  if (term.length <= 4 || !/^[a-z]+$/.test(term)) return term;
  const rules: Array<[RegExp, string]> = [
    [/ies$/, 'y'],
    [/(ss)$/, '$1'],
    [/ures?$/, ''],
    [/(?:ing|ed)$/, ''],
    [/ers?$/, ''],
    [/(?<=[^aeiou])es$/, ''],
    [/ly$/, ''],
    [/s$/, ''],
  ];
  for (const [ending, replacement] of rules) {
    if (!ending.test(term)) continue;
    let base = term.replace(ending, replacement);
    if (base.length < 3) return term;
    // scann -> scan, cancell -> cancel: a doubled final consonant left by -ing or -ed
    if (/([b-df-hj-np-tv-z])\1$/.test(base) && !/(ss|ll)$/.test(term.slice(0, base.length))) base = base.slice(0, -1);
    else if (/ll$/.test(base) && /(ed|ing)$/.test(term)) base = base.slice(0, -1);
    return base;
  }
  return term;
}

/**
 * The concept map: phrases a reader types, and the words the articles use for them. Written from the
 * articles (their headings and the terms they define), not from the test queries: each entry names
 * what a reader who does not yet know the term would say instead.
 */
export const CONCEPTS: ReadonlyArray<{ when: string[]; add: string[] }> = [
  // singleflight
  { when: ['dedupe', 'dedup', 'deduplicate', 'deduplicating', 'duplicate', 'duplicates', 'coalesce', 'coalescing', 'collapse'], add: ['singleflight', 'duplicate'] },
  { when: ['thundering herd', 'stampede', 'same key', 'at once for the same'], add: ['singleflight', 'herd'] },
  // errgroup and cancellation
  { when: ['fail fast', 'cancel other', 'cancel the others', 'cancel siblings', 'when one fails', 'first error', 'first failure'], add: ['errgroup', 'withcontext', 'cancellation'] },
  { when: ['goroutines run at the same time', 'how many goroutines', 'limit concurrency', 'bound concurrency', 'worker pool', 'at most n'], add: ['setlimit', 'bounded', 'errgroup'] },
  { when: ['memory cost', 'by cost', 'weighted'], add: ['semaphore', 'weighted'] },
  { when: ['starved', 'starvation'], add: ['fifo', 'head', 'line', 'blocking'] },
  // runtime
  { when: ['system stack', 'scheduler stack', 'its own stack'], add: ['g0'] },
  { when: ['stack grow', 'stack grows', 'runs out of stack', 'out of space'], add: ['morestack', 'growing', 'stacks'] },
  { when: ['signal handler', 'signal handlers'], add: ['gsignal'] },
  { when: ['idle processor', 'steal', 'take work'], add: ['stealing', 'steal'] },
  { when: ['global run queue', 'global queue'], add: ['schedtick', '61', 'tick', 'round'] },
  { when: ['os thread', 'operating system thread', 'same thread', 'one thread'], add: ['lockosthread'] },
  { when: ['woken goroutine', 'runs next', 'run next'], add: ['runnext'] },
  { when: ['garbage collector', 'garbage collection'], add: ['gc', 'collector'] },
  { when: ['small heap', 'gc often', 'collects often', 'run so often'], add: ['pacer', 'gogc', 'goal'] },
  { when: ['latency spike', 'spikes', 'during garbage collection'], add: ['assist', 'assists'] },
  { when: ['memory limit', 'soft limit'], add: ['gomemlimit'] },
  { when: ['gc trace', 'gctrace'], add: ['gctrace'] },
  // DynamoDB
  { when: ['entity types', 'several entities', 'one table', 'many tables'], add: ['single', 'table'] },
  { when: ['in one request', 'related items', 'join', 'joins'], add: ['item', 'collections', 'collection'] },
  { when: ['unique', 'uniqueness', 'overwrite', 'overwrites'], add: ['uniqueness', 'unique'] },
  { when: ['two attributes', 'multiple attributes', 'box query', 'range of two'], add: ['z', 'order', 'interleaving'] },
  { when: ['skip the parts', 'skip parts', 'outside the box', 'jump ahead'], add: ['bigmin', 'litmax', 'gaps'] },
  { when: ['negative numbers', 'signed', 'floats sort'], add: ['encoding', 'bits', 'sort'] },
  // Spanner
  { when: ['externally consistent', 'external consistency'], add: ['commit', 'wait', 'external'] },
  { when: ['clock error', 'error bound', 'clock uncertainty', 'uncertain clock'], add: ['truetime'] },
  { when: ['stale data', 'slightly stale', 'lower latency reads'], add: ['stale', 'staleness', 'read'] },
  { when: ['how many nodes', 'processing units', 'capacity'], add: ['sizing', 'nodes'] },
  // Athena
  { when: ['cdn logs', 'cloudfront logs', 'access logs'], add: ['cloudfront', 'athena'] },
  { when: ['scanning every', 'scan less', 'every log file', 'one day'], add: ['partitions', 'partition', 'hive'] },
  { when: ['missing partitions', 'new partitions', 'partitions missing'], add: ['msck', 'repair', 'projection', 'registering'] },
  { when: ['parquet', 'orc', 'columnar'], add: ['columnar', 'parquet'] },
  { when: ['cheaper', 'cheapest', 'cost', 'costs', 'price', 'pricing'], add: ['cost', 'costs', 'price'] },
  // API Gateway
  { when: ['rate limit', 'rate limiting', 'throttle', 'too many requests', 'each client', 'per client'], add: ['throttling', 'throttle', '429'] },
  { when: ['json web token', 'jwt', 'bearer token', 'validate a token'], add: ['jwt', 'authorizers', 'authorizer'] },
  { when: ['leave out', 'missing features', 'give up', 'lacks'], add: ['give', 'up'] },
  // ML map
  { when: ['start learning', 'where to start', 'learning path', 'in what order'], add: ['learning', 'map', 'stage'] },
  { when: ['dead links', 'broken links', 'link rot'], add: ['link', 'checker', 'checking', 'reading', 'list'] },
  // resilience
  { when: ['failing dependency', 'taking my service down', 'cascading failure', 'cascade'], add: ['circuit', 'breakers', 'breaker'] },
  { when: ['monolith', 'without downtime', 'migrate'], add: ['strangler', 'migrating', 'proxy'] },
  { when: ['switch features off', 'turn features off', 'shed load', 'load is too high', 'degrade'], add: ['defcon', 'degradation', 'levels'] },
];
/** A concept named by a phrase is surer than one named by a single word ("cheaper" is often incidental). */
export const PHRASE_CONCEPT_WEIGHT = 1;
export const WORD_CONCEPT_WEIGHT = 0.6;

/** The index terms the concept map adds for a query, each with its weight (its own words are searched as they are). */
export function conceptTerms(query: string): Map<string, number> {
  const words = tokenize(query).map(normalizeTerm);
  const text = ` ${words.join(' ')} `;
  const added = new Map<string, number>();
  for (const concept of CONCEPTS) {
    const matched = concept.when.filter((phrase) => text.includes(` ${phrase} `));
    if (matched.length === 0) continue;
    const weight = matched.some((phrase) => phrase.includes(' ')) ? PHRASE_CONCEPT_WEIGHT : WORD_CONCEPT_WEIGHT;
    for (const term of concept.add) added.set(term, Math.max(weight, added.get(term) ?? 0));
  }
  return added;
}
