/**
 * `npm run bench:search`: index size (raw, gzip, brotli) and, apart, the size of the excerpt text file;
 * load and parse time, and query latency (median and p95) over the real index and over generated 1,000-
 * and 5,000-section corpora, against the targets of issue 4 (the size target is for the index). Prints numbers; it is not a test. The corpora are generated at run time from the real
 * articles' vocabulary and section lengths (seeded, so runs compare), never written to disk.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { cpus, loadavg } from 'node:os';
import type { Facets, SearchDocument } from '../lib/search/documents';
import { buildFacets, buildSearchDocuments } from '../lib/search/documents';
import { attachText, loadIndex, search, serializeIndex, type LoadedIndex, type SerializedFiles } from '../lib/search/engine';
import { tokenize } from '../lib/search/text';
import { readPlaygroundInfo } from '../lib/search-index';
import { getSite } from '../lib/site';
import { seededRandom } from '../lib/perf/stats';
import { RELEVANCE_QUERIES } from '../tests/unit/search/relevance-queries';

const TARGETS = { p95At1000: 1.5, p95At5000: 5, gzipPer1000: 260 * 1024 };

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function sizes(json: string) {
  return { raw: Buffer.byteLength(json), gzip: gzipSync(json, { level: 9 }).length, brotli: brotliCompressSync(json).length };
}

/** Median of several loads (JSON.parse + rebuilding MiniSearch; then the excerpt text), after one cold load. */
function loadTimes(files: SerializedFiles) {
  const started = performance.now();
  const index = loadIndex(files.index);
  const cold = performance.now() - started;
  attachText(index, files.text);
  const coldText = performance.now() - started - cold;
  const warm: number[] = [];
  const warmText: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const again = loadIndex(files.index);
    const loadedAt = performance.now();
    attachText(again, files.text);
    warm.push(loadedAt - t);
    warmText.push(performance.now() - loadedAt);
  }
  return { index, cold, median: quantile(warm, 0.5), coldText, medianText: quantile(warmText, 0.5) };
}

/**
 * Latency of the full search (query, MiniSearch, grouping, excerpts and highlighting) per query: the best
 * of ROUNDS runs, so that other processes on a shared machine do not decide the figure; then the median
 * and p95 over the queries.
 */
const ROUNDS = 5;
function latencies(index: LoadedIndex, queries: string[]) {
  for (const q of queries.slice(0, 200)) search(index, q); // warm up
  const best = queries.map((q) => {
    let fastest = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const t = performance.now();
      search(index, q);
      fastest = Math.min(fastest, performance.now() - t);
    }
    return fastest;
  });
  return { count: queries.length, median: quantile(best, 0.5), p95: quantile(best, 0.95), max: Math.max(...best) };
}

/** Every prefix (2+ characters) of each query: what runs as the reader types. */
function typedPrefixes(queries: string[]): string[] {
  return [...new Set(queries.flatMap((q) => [...q].map((_, i) => q.slice(0, i + 1)).filter((prefix) => prefix.trim().length >= 2)))];
}

function typo(word: string, rand: () => number): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(rand() * (word.length - 2));
  const kind = rand();
  if (kind < 0.33) return word.slice(0, i) + word.slice(i + 1); // drop a letter
  if (kind < 0.66) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // swap two
  return word.slice(0, i) + 'e' + word.slice(i + 1); // wrong letter
}

/** A corpus of `sections` sections shaped like the real one: its words, their frequencies, its section lengths. */
export function generate(sections: number, real: SearchDocument[], facets: Facets, seed: number): { documents: SearchDocument[]; queries: string[] } {
  const rand = seededRandom(seed);
  const realSections = real.filter((d) => d.kind === 'section');
  const bag = realSections.flatMap((d) => tokenize(d.text)); // sampling from the bag keeps the real word frequencies
  const headingBag = realSections.flatMap((d) => tokenize(d.heading));
  const lengths = realSections.map((d) => tokenize(d.text).length);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const words = (from: string[], n: number) => Array.from({ length: n }, () => pick(from)).join(' ');
  const documents: SearchDocument[] = [];
  const perArticle = 12;
  let made = 0;
  for (let a = 0; made < sections; a++) {
    const slug = `generated-${a}`;
    const title = words(headingBag, 6 + Math.floor(rand() * 5));
    const tags = Array.from({ length: 4 }, () => pick(facets.tags));
    const topics = [pick(facets.topics).id];
    const common = { group: slug, title, tags, topics };
    documents.push({ id: `a:${slug}`, kind: 'article', url: `/articles/${slug}`, heading: '', text: words(bag, 60), ...common });
    for (let s = 0; s < perArticle && made < sections; s++, made++) {
      const heading = words(headingBag, 3 + Math.floor(rand() * 5));
      documents.push({ id: `s:${slug}#s${s}`, kind: 'section', url: `/articles/${slug}#s${s}`, heading, text: words(bag, pick(lengths)), ...common });
    }
  }
  documents.sort((x, y) => (x.id < y.id ? -1 : 1));
  const distinct = [...new Set(bag.filter((w) => w.length >= 4))];
  const queries: string[] = [];
  for (let i = 0; i < 120; i++) {
    const doc = pick(documents);
    const own = tokenize(`${doc.heading} ${doc.text}`).filter((w) => w.length >= 4);
    const w1 = own.length ? pick(own) : pick(distinct);
    const w2 = own.length ? pick(own) : pick(distinct);
    queries.push(w1, `${w1} ${w2}`, w1.slice(0, Math.max(3, Math.ceil(w1.length / 2))), typo(w1, rand), `${typo(w1, rand)} ${w2}`);
  }
  return { documents, queries };
}

function report(label: string, files: SerializedFiles, sectionCount: number, documents: SearchDocument[], queries: string[], p95Target?: number) {
  const size = sizes(files.index);
  const text = sizes(files.text);
  const { index, cold, median, coldText, medianText } = loadTimes(files);
  const latency = latencies(index, [...new Set(queries)]);
  const typing = latencies(index, typedPrefixes(queries));
  const per1000 = (bytes: number) => (bytes / sectionCount) * 1000;
  console.log(`\n${label}: ${sectionCount} sections, ${documents.length} records`);
  console.log(`  size        raw ${kb(size.raw)}, gzip ${kb(size.gzip)}, brotli ${kb(size.brotli)} (the index: all that searching needs)`);
  console.log(
    `  per 1,000   gzip ${kb(per1000(size.gzip))}, brotli ${kb(per1000(size.brotli))} (target ≤ ${kb(TARGETS.gzipPer1000)} gzip: ${per1000(size.gzip) <= TARGETS.gzipPer1000 ? 'met' : 'NOT met'})`,
  );
  console.log(`  excerpt text raw ${kb(text.raw)}, gzip ${kb(text.gzip)}, brotli ${kb(text.brotli)} (second file, fetched alongside: section text for the excerpts)`);
  console.log(`  text per 1,000 gzip ${kb(per1000(text.gzip))}, brotli ${kb(per1000(text.brotli))}; both files ${kb(per1000(size.gzip + text.gzip))} gzip per 1,000`);
  console.log(`  load+parse  cold ${ms(cold)}, warm median ${ms(median)} (JSON.parse + MiniSearch.loadJS, Node)`);
  console.log(`  text parse  cold ${ms(coldText)}, warm median ${ms(medianText)} (JSON.parse + attach, Node)`);
  console.log(
    `  query       median ${ms(latency.median)}, p95 ${ms(latency.p95)}, max ${ms(latency.max)} over ${latency.count} queries` +
      (p95Target ? ` (target p95 ≤ ${p95Target} ms: ${latency.p95 <= p95Target ? 'met' : 'NOT met'})` : ''),
  );
  console.log(`  as you type median ${ms(typing.median)}, p95 ${ms(typing.p95)}, max ${ms(typing.max)} over ${typing.count} typed prefixes of those queries`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

async function main() {
const site = await getSite();
const playgrounds = readPlaygroundInfo();
const realDocuments = buildSearchDocuments(site, playgrounds);
const facets = buildFacets(site);
const realFiles = serializeIndex(realDocuments, facets);
console.log(`search benchmark, Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
report(
  'real index',
  realFiles,
  realDocuments.filter((d) => d.kind === 'section').length,
  realDocuments,
  RELEVANCE_QUERIES.map((q) => q.q),
);
for (const [count, target] of [
  [1000, TARGETS.p95At1000],
  [5000, TARGETS.p95At5000],
] as const) {
  const started = performance.now();
  const { documents, queries } = generate(count, realDocuments, facets, count);
  const files = serializeIndex(documents, facets);
  const built = performance.now() - started;
  report(`generated corpus (built in ${ms(built)})`, files, count, documents, queries, target);
}
}
