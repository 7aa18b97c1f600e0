import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadSite } from '../../../lib/content/load';
import { compressedSizes, findLazyOnlyCode, scriptUrlsInHtml, signaturesNotFound, summarizeScripts } from '../../../lib/perf/first-load';
import { formatTable, median, percentile } from '../../../lib/perf/stats';
import { listPlaygroundIds } from '../../../lib/site';
import { generateSyntheticArticles } from '../../../scripts/bench/build';
import { exportedFunction, lastJsonObject, parseSearchBenchOutput } from '../../../scripts/bench/helpers';
import { budgetFailures, type LighthouseSummary } from '../../../scripts/bench/lighthouse';

describe('first-load JavaScript, pure parts', () => {
  const html = `<!DOCTYPE html><html><head>
    <link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/a.js"/>
    <link rel="stylesheet" href="/_next/static/chunks/s.css"/>
    <link rel="preload" as="font" href="/f.woff2"/>
    <link rel="modulepreload" href="/m.js">
    <script src="/_next/static/chunks/b.js?v=1&amp;x=2" async=""></script>
    <script src="/_next/static/chunks/a.js" async=""></script>
    <script src="/_next/static/chunks/polyfills.js" noModule=""></script>
    <script>self.__next_f.push([1,"inline"])</script>
  </head></html>`;

  test('scriptUrlsInHtml lists script src and script preloads once each, without nomodule or inline scripts', () => {
    assert.deepEqual(scriptUrlsInHtml(html, 'http://127.0.0.1:3000/articles/x'), [
      'http://127.0.0.1:3000/_next/static/chunks/a.js',
      'http://127.0.0.1:3000/m.js',
      'http://127.0.0.1:3000/_next/static/chunks/b.js?v=1&x=2',
    ]);
    assert.deepEqual(scriptUrlsInHtml(html, 'http://127.0.0.1:3000/', { noModule: true }), ['http://127.0.0.1:3000/_next/static/chunks/polyfills.js']);
  });

  test('compressedSizes: raw bytes, and gzip and brotli smaller for repetitive text', () => {
    const text = 'function hello() { return "hello"; }\n'.repeat(200);
    const sizes = compressedSizes(text);
    assert.equal(sizes.raw, Buffer.byteLength(text));
    assert.ok(sizes.gzip < sizes.raw / 10 && sizes.brotli < sizes.raw / 10, JSON.stringify(sizes));
    assert.deepEqual(compressedSizes(new TextEncoder().encode(text)), sizes);
  });

  test('summarizeScripts adds up and sorts by gzip size', () => {
    const summary = summarizeScripts([
      { url: 'small', body: 'x' },
      { url: 'big', body: 'let a = Math.random();'.repeat(50) + Math.random() },
    ]);
    assert.equal(summary.count, 2);
    assert.equal(summary.scripts[0]!.url, 'big');
    assert.equal(summary.raw, summary.scripts[0]!.raw + summary.scripts[1]!.raw);
  });

  test('findLazyOnlyCode finds library strings in bodies and index or WebContainer URLs in requests', () => {
    const hits = findLazyOnlyCode(
      [
        { url: '/a.js', body: 'throw new RangeError("A document must have at least one line")' },
        { url: '/b.js', body: 'document.querySelector(".cm-editor, .xterm-helper-textarea")' },
      ],
      ['http://127.0.0.1/search-index/index.abc.json', 'https://stackblitz.com/headless'],
    );
    assert.deepEqual(hits.map((h) => `${h.name} @ ${h.url}`).sort(), [
      'WebContainer API @ https://stackblitz.com/headless',
      'editor (CodeMirror) @ /a.js',
      'search index @ http://127.0.0.1/search-index/index.abc.json',
    ]);
  });

  test('signaturesNotFound names the libraries a set of files does not contain', () => {
    const missing = signaturesNotFound([{ url: '/x.js', body: 'enableLegacyTypeScriptModuleInterop' }]);
    assert.ok(!missing.includes('transpiler (sucrase)'));
    assert.ok(missing.includes('editor (CodeMirror)'));
    assert.ok(!missing.includes('search index'), 'URL-only signatures are not searched in bodies');
  });
});

describe('statistics', () => {
  test('median and nearest-rank percentiles', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    assert.equal(percentile(twenty, 95), 19);
    assert.equal(percentile(twenty, 50), 10);
    assert.equal(percentile(twenty, 100), 20);
    assert.ok(Number.isNaN(median([])));
  });

  test('formatTable pads columns and right-aligns numbers', () => {
    const table = formatTable(['page', 'gzip'], [['/', '1.5 KB'], ['/articles/x', '120.0 KB']]).split('\n');
    assert.equal(table[0], 'page             gzip');
    assert.equal(table[2], '/              1.5 KB');
    assert.equal(table[3], '/articles/x  120.0 KB');
  });
});

describe('benchmark helpers', () => {
  test('exportedFunction reads exports from source without running it', () => {
    assert.equal(exportedFunction('export async function benchSearch(o) {}', ['runBench', 'benchSearch']), 'benchSearch');
    assert.equal(exportedFunction('const site = await getSite();\nconsole.log(1)', ['benchSearch', 'default']), undefined);
    assert.equal(exportedFunction('export const runBench = async () => {}', ['runBench']), 'runBench');
  });

  test('lastJsonObject finds a printed JSON object among other lines', () => {
    assert.deepEqual(lastJsonObject('hello\n{\n  "a": 1\n}\nbye\n{"b": 2}\n'), { b: 2 });
    assert.equal(lastJsonObject('no json here'), undefined);
  });

  test('parseSearchBenchOutput reads each corpus block of scripts/bench-search.ts', () => {
    const output = `search benchmark, Node v20.20.2

real index: 171 sections, 189 records
  size        raw 69.8 KB, gzip 35.0 KB, brotli 31.5 KB (the index: all that searching needs)
  per 1,000   gzip 204.5 KB, brotli 184.2 KB (target ≤ 260.0 KB gzip: met)
  excerpt text raw 182.3 KB, gzip 68.4 KB, brotli 57.7 KB (second file, fetched alongside: section text for the excerpts)
  text per 1,000 gzip 399.9 KB, brotli 337.3 KB; both files 604.4 KB gzip per 1,000
  load+parse  cold 155.1 ms, warm median 48.4 ms (JSON.parse + MiniSearch.loadJS, Node)
  query       median 2.64 ms, p95 9.53 ms, max 178.4 ms over 1298 queries and typed prefixes
  as you type median 0.22 ms, p95 0.63 ms, max 1.27 ms over 1298 typed prefixes of those queries

generated corpus (built in 4321.8 ms): 5000 sections, 5417 records
  size        raw 7139.8 KB, gzip 2640.4 KB, brotli 2185.9 KB
  load+parse  cold 817.6 ms, warm median 557.4 ms (JSON.parse + MiniSearch.loadJS, Node)
  query       median 5.62 ms, p95 22.1 ms, max 156.2 ms over 2,410 queries and typed prefixes (target p95 ≤ 5 ms: NOT met)
`;
    const [real, generated] = parseSearchBenchOutput(output);
    assert.deepEqual(real, { label: 'real index', sections: 171, records: 189, rawKiB: 69.8, gzipKiB: 35, brotliKiB: 31.5, textRawKiB: 182.3, textGzipKiB: 68.4, textBrotliKiB: 57.7, loadColdMs: 155.1, loadWarmMedianMs: 48.4, queryMedianMs: 2.64, queryP95Ms: 9.53, queryMaxMs: 178.4, queries: 1298, asYouTypeMedianMs: 0.22, asYouTypeP95Ms: 0.63 });
    assert.equal(generated!.label, 'generated corpus');
    assert.equal(generated!.sections, 5000);
    assert.equal(generated!.queryP95Ms, 22.1);
    assert.equal(generated!.queries, 2410);
    assert.equal(generated!.textGzipKiB, null, 'a block without the excerpt text line');
  });
});

describe('synthetic content for the build benchmark', () => {
  test('cloned articles get new slugs, titles and links, and pass the content checks', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'gfg-synthetic-'));
    try {
      for (const dir of ['content', 'playgrounds', 'public']) {
        if (existsSync(dir)) cpSync(dir, path.join(root, dir), { recursive: true });
      }
      const originals = readdirSync(path.join(root, 'content', 'articles')).filter((name) => name.endsWith('.mdx')).length;
      assert.equal(generateSyntheticArticles(root, 2), originals * 2);
      const clone = readFileSync(path.join(root, 'content', 'articles', 'errgroup-package-copy-1.mdx'), 'utf8');
      assert.match(clone, /^title: "Copy 1: /m);
      assert.doesNotMatch(clone, /\]\(\/articles\/(?![a-z0-9-]+-copy-1\b)/, 'every internal article link points into the same copy');
      // Drafts are left out of the site, so count the published ones among the originals' clones too.
      const site = await loadSite({ root, playgroundIds: listPlaygroundIds(root) });
      assert.equal(site.articles.filter((a) => a.slug.endsWith('-copy-1')).length, site.articles.length / 2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('Lighthouse budget in npm test', () => {
  const summary = (scores: Partial<Record<'performance' | 'accessibility' | 'best-practices' | 'seo', number | null>>, extra: Partial<LighthouseSummary> = {}): LighthouseSummary => ({
    name: 'home',
    path: '/',
    preset: 'mobile',
    runs: 1,
    failedRuns: 0,
    median: { scores: { performance: 70, accessibility: 100, 'best-practices': 100, seo: 100, ...scores }, lcp: 1000, tbt: 500, cls: 0 },
    failedAudits: {},
    failedAuditItems: {},
    errors: [],
    ...extra,
  });

  test('passes at 100 whatever the performance score', () => {
    assert.deepEqual(budgetFailures([summary({ performance: 40 }), summary({}, { preset: 'desktop' })]), []);
  });

  test('names the page, preset, category and the audit at fault', () => {
    const failures = budgetFailures([
      summary({ accessibility: 95 }, { failedAudits: { 'accessibility/button-name': 1 }, failedAuditItems: { 'accessibility/button-name': ['button.search-button'] } }),
      summary({ seo: null }, { path: '/articles/x', preset: 'desktop' }),
    ]);
    assert.equal(failures.length, 2);
    assert.match(failures[0]!, /^\/ \(mobile\): accessibility 95, not 100\n {4}accessibility\/button-name: button\.search-button$/);
    assert.match(failures[1]!, /^\/articles\/x \(desktop\): seo no score, not 100$/);
  });

  test('a page Lighthouse could not run is a failure, not a pass', () => {
    const [failure] = budgetFailures([summary({}, { runs: 0, errors: ['NO_NAVSTART'] })]);
    assert.match(failure!, /did not complete: NO_NAVSTART/);
  });
});
