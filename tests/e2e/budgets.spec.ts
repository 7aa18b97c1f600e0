/**
 * Deterministic budgets on the production build (`next start`): the first-load JavaScript of an
 * article page, and the code that must stay out of it; the article's HTML and its inline flight
 * payload, and how much of its prose React hydrates. Timings live in `npm run bench`, not here.
 *
 * First load = every script the page fetches before any interaction: the ones its HTML names and
 * any that load by themselves (observers, idle callbacks) until the network is idle, in a
 * 1280x720 viewport with no scrolling. Sizes are of the bodies, brotli quality 11 (what `npm start`
 * sends a browser that accepts brotli, checked below, and what CDNs send for the static export)
 * and gzip level 6 (what Next sends other clients), 1 KB = 1000 bytes. `<script nomodule>`
 * polyfills are not fetched by current browsers and are not counted.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { ARTICLE_FIRST_LOAD_BUDGET_BROTLI, formatKB, LAZY_ONLY_CODE, signaturesNotFound, type ScriptFile } from '../../lib/perf/first-load';
import { ARTICLE_HTML_BUDGET, ARTICLE_INLINE_FLIGHT_BUDGET, ARTICLE_PROSE_REACT_ELEMENTS_BUDGET, inlineFlight } from '../../lib/perf/page-weight';
import { measureFirstLoad, type FirstLoadMeasurement } from '../../scripts/bench/first-load';
import { expect, test } from './fixtures';

const ARTICLE = '/articles/errgroup-package';
const REPORTED = [
  { name: 'home', path: '/' },
  { name: 'track', path: '/tracks/inside-the-go-runtime' },
];

function describe(m: FirstLoadMeasurement): string {
  const files = m.beforeInteraction.scripts.map((s) => `  ${formatKB(s.gzip).padStart(9)} gzip  ${formatKB(s.raw).padStart(9)} raw  ${new URL(s.url).pathname}`);
  return [`${m.beforeInteraction.count} scripts, ${formatKB(m.beforeInteraction.gzip)} gzip, ${formatKB(m.beforeInteraction.brotli)} brotli, ${formatKB(m.beforeInteraction.raw)} raw:`, ...files].join('\n');
}

function report(name: string, m: FirstLoadMeasurement) {
  const line = `first-load JS, ${name} (${m.url}): ${formatKB(m.beforeInteraction.gzip)} gzip, ${formatKB(m.beforeInteraction.brotli)} brotli, ${formatKB(m.beforeInteraction.raw)} raw, ${m.beforeInteraction.count} scripts`;
  console.log(line);
  test.info().annotations.push({ type: 'first-load JS', description: line });
}

test.describe('first-load JavaScript budgets', () => {
  test(`article page: at most ${formatKB(ARTICLE_FIRST_LOAD_BUDGET_BROTLI)} brotli, without playground, editor, terminal, transpiler, WebContainer or search code`, async ({ page }) => {
    const m = await measureFirstLoad(page, ARTICLE);
    expect(m.status, `${ARTICLE} answered`).toBe(200);
    report('article', m);

    expect(m.lazyOnlyCode, `code that must load only on interaction is in the first load of ${ARTICLE}:\n${describe(m)}`).toEqual([]);
    expect(m.beforeInteraction.brotli, `first-load JavaScript of ${ARTICLE} is over its budget of ${formatKB(ARTICLE_FIRST_LOAD_BUDGET_BROTLI)} brotli:\n${describe(m)}`).toBeLessThanOrEqual(ARTICLE_FIRST_LOAD_BUDGET_BROTLI);
  });

  test('npm start sends those scripts brotli-compressed to a browser that accepts it, and their sum is within the budget on the wire', async ({ page }) => {
    const m = await measureFirstLoad(page, ARTICLE);
    let onTheWire = 0;
    for (const script of m.beforeInteraction.scripts) {
      const brotli = await rawGet(script.url, 'gzip, deflate, br');
      expect(brotli.headers['content-encoding'], script.url).toBe('br');
      expect(brotli.headers['cache-control'], script.url).toBe('public, max-age=31536000, immutable');
      expect(brotli.headers['cross-origin-resource-policy'], script.url).toBe('same-origin');
      const plain = await rawGet(script.url, 'identity');
      expect(plain.headers['content-encoding'], script.url).toBeUndefined();
      expect(brotliDecompressSync(brotli.body).equals(plain.body), `${script.url}: the brotli copy is of the same file`).toBe(true);
      expect((await rawGet(script.url, 'gzip')).headers['content-encoding'], 'without br: gzip from Next').toBe('gzip');
      onTheWire += brotli.body.length;
    }
    test.info().annotations.push({ type: 'first-load JS on the wire', description: `${formatKB(onTheWire)} brotli as sent for ${ARTICLE}` });
    expect(onTheWire).toBeLessThanOrEqual(ARTICLE_FIRST_LOAD_BUDGET_BROTLI);
  });

  for (const route of REPORTED) {
    test(`${route.name} page: first-load JavaScript is reported`, async ({ page }) => {
      const m = await measureFirstLoad(page, route.path);
      expect(m.status, `${route.path} answered`).toBe(200);
      report(route.name, m);
      for (const hit of m.lazyOnlyCode) test.info().annotations.push({ type: 'lazy-only code in first load', description: `${hit.name}: ${hit.url}` });
    });
  }

  test('the lazy-only code signatures still match the build, so the check above is not blind', async () => {
    const staticDir = path.join(process.cwd(), '.next', 'static');
    test.skip(!existsSync(staticDir), 'no .next/static here: the server under test was built elsewhere');
    const files: ScriptFile[] = readdirSync(staticDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && !/\.(css|map|woff2?|png|svg|ico|jpe?g|webp|json|br)$/.test(entry.name))
      .map((entry) => ({ url: path.join(entry.parentPath, entry.name), body: readFileSync(path.join(entry.parentPath, entry.name)) }));
    expect(files.length, 'scripts in .next/static').toBeGreaterThan(0);
    expect(
      signaturesNotFound(files),
      `these signatures in lib/perf/first-load.ts match no chunk of the build (was the library dropped, or did its strings change?); signatures: ${LAZY_ONLY_CODE.map((s) => s.name).join(', ')}`,
    ).toEqual([]);
  });
});

/**
 * The article's document: its HTML and the RSC (flight) payload inlined in it, in bytes as sent
 * uncompressed, and how much of its prose React builds and hydrates. The static prose reaches the
 * page as one HTML string per run (lib/content/static-html.ts); only the interactive components are
 * React's. Budgets and measured figures: lib/perf/page-weight.ts, docs/performance.md.
 */
test.describe('article document budgets', () => {
  test(`${ARTICLE}: HTML at most ${formatKB(ARTICLE_HTML_BUDGET)}, inline flight payload at most ${formatKB(ARTICLE_INLINE_FLIGHT_BUDGET)}`, async ({ request }) => {
    const response = await request.get(ARTICLE, { headers: { 'accept-encoding': 'identity' } });
    expect(response.status()).toBe(200);
    const body = await response.body();
    const flight = inlineFlight(body.toString('utf8'));
    const line = `${ARTICLE}: ${formatKB(body.length)} HTML, ${formatKB(flight.bytes)} inline flight payload in ${flight.scripts} scripts`;
    console.log(line);
    test.info().annotations.push({ type: 'article document', description: line });
    expect(flight.scripts, 'the page has its flight scripts (or this measures nothing)').toBeGreaterThan(0);
    expect(body.length, `HTML of ${ARTICLE} is over its budget`).toBeLessThanOrEqual(ARTICLE_HTML_BUDGET);
    expect(flight.bytes, `inline flight payload of ${ARTICLE} is over its budget`).toBeLessThanOrEqual(ARTICLE_INLINE_FLIGHT_BUDGET);
  });

  test(`${ARTICLE}: React builds and hydrates at most ${ARTICLE_PROSE_REACT_ELEMENTS_BUDGET} elements of the prose (its interactive components)`, async ({ page }) => {
    await page.goto(ARTICLE);
    await page.waitForLoadState('networkidle');
    const counts = await page.evaluate(() => {
      const owned = (el: Element) => Object.keys(el).some((key) => key.startsWith('__reactFiber$'));
      const prose = document.querySelector('article .prose')!;
      const elements = [...prose.querySelectorAll('*')];
      return { elements: elements.length, react: elements.filter(owned).length, runs: prose.querySelectorAll(':scope > .mdx-static').length, hydrated: owned(prose) };
    });
    test.info().annotations.push({ type: 'article prose', description: `${counts.react} of ${counts.elements} elements React's, ${counts.runs} runs of static HTML` });
    expect(counts.hydrated, 'the page has hydrated (or this measures nothing)').toBe(true);
    expect(counts.runs).toBeGreaterThan(0);
    expect(counts.react, `elements of the prose React renders (of ${counts.elements})`).toBeLessThanOrEqual(ARTICLE_PROSE_REACT_ELEMENTS_BUDGET);
  });
});

/** One GET with the given Accept-Encoding, the body as sent (undecoded). */
function rawGet(url: string, acceptEncoding: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}
