/**
 * `npm run bench:playground`: how fast a playground answers, in Debian's Chromium (or
 * CHROMIUM_PATH), in the in-browser sandbox. It prints numbers; it is not a test.
 *
 *   - island load on first interaction: the article is loaded and idle, the reader scrolls to the
 *     playground; from then until the editor is ready (the lazy chunk fetched and run);
 *   - cold first run: Run pressed on a freshly loaded article, before anything was fetched, to the
 *     program's first output line;
 *   - Run -> first output line, warm: the median and p95 of at least 10 runs (20 when they are fast).
 *
 * Needs a production build (`npm run build`). It starts `next start` on a free port on 127.0.0.1
 * and stops it at the end, or uses a running server: --origin http://127.0.0.1:3000 (or
 * BENCH_ORIGIN). Options: --runs N, --id <playground>, --article <slug>, --json.
 * scripts/bench.ts calls benchPlayground() in process.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { median, percentile } from '../lib/perf/stats';
import { startNextServer } from './bench/server';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

export interface PlaygroundBenchOptions {
  /** A running server to use instead of starting one. */
  origin?: string;
  /** Warm runs (at least 10; 20 when the first 10 are fast and this is not given). */
  runs?: number;
  id?: string;
  article?: string;
  log?: (line: string) => void;
}

export interface Stats {
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
}

export interface PlaygroundBenchResult {
  browser: string;
  playground: string;
  page: string;
  islandLoadMs: number;
  islandScriptBytes: { transfer: number; decoded: number };
  coldFirstRunMs: number;
  warm: Stats;
  samplesMs: number[];
}

const ROOT = process.cwd();

export function stats(samples: number[]): Stats {
  return {
    runs: samples.length,
    medianMs: median(samples),
    p95Ms: percentile(samples, 95),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
    meanMs: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

/**
 * In the page: press Run (the element matched by runSelector) and resolve with the milliseconds
 * until the terminal shows the program's first line (the row after the "$ node" line).
 */
function timeRunToFirstLine(page: Page, id: string): Promise<number> {
  return page.evaluate(
    (playgroundId) =>
      new Promise<number>((resolve, reject) => {
        const root = document.querySelector(`.playground[data-playground-id="${playgroundId}"]`);
        const button = root?.querySelector<HTMLButtonElement>('.pg-run');
        if (!root || !button) return reject(new Error('no playground or Run button'));
        const firstLine = () => {
          const rows = root.querySelector('.xterm-rows');
          if (!rows) return false;
          const lines = [...rows.children].map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trim());
          const prompt = lines.findIndex((line) => line.startsWith('$ node'));
          return prompt >= 0 && lines.slice(prompt + 1).some((line) => line !== '');
        };
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error('no output within 20 s'));
        }, 20_000);
        const observer = new MutationObserver(() => {
          if (!firstLine()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(performance.now() - start);
        });
        observer.observe(root, { childList: true, subtree: true, characterData: true });
        const start = performance.now();
        button.click();
      }),
    id,
  );
}

/**
 * Stop and Reset (which clears the terminal) with DOM clicks that do not scroll: xterm does not
 * render while the terminal is out of view, which would be measured as a slow first line.
 */
async function resetAndSettle(page: Page, id: string): Promise<void> {
  await page.evaluate((playgroundId) => {
    const root = document.querySelector(`.playground[data-playground-id="${playgroundId}"]`);
    const buttons = [...(root?.querySelectorAll<HTMLButtonElement>('.pg-toolbar button') ?? [])];
    buttons.find((b) => b.textContent === 'Stop' && !b.disabled)?.click();
  }, id);
  await page.waitForTimeout(50);
  await page.evaluate((playgroundId) => {
    const root = document.querySelector(`.playground[data-playground-id="${playgroundId}"]`);
    [...(root?.querySelectorAll<HTMLButtonElement>('.pg-toolbar button') ?? [])].find((b) => b.textContent === 'Reset')?.click();
    root?.scrollIntoView({ block: 'start' });
  }, id);
  await page.waitForTimeout(150); // the next run's sandbox frame gets ready, as it would while a reader reads
}

/** tsx compiles this file with esbuild's keepNames, whose __name calls end up in functions passed to page.evaluate. */
async function newContext(browser: Browser) {
  // Tall enough to show the Run button and the terminal together, as on a desktop screen.
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addInitScript('globalThis.__name = (target) => target;');
  return context;
}

export async function benchPlayground(options: PlaygroundBenchOptions = {}): Promise<PlaygroundBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const id = options.id ?? 'errgroup';
  const article = options.article ?? 'errgroup-package';
  const origin = options.origin ?? process.env.BENCH_ORIGIN;
  if (!origin && !existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('no production build in .next: run `npm run build` first (or pass --origin of a running server)');
  const server = origin ? undefined : await startNextServer(ROOT);
  const base = origin ?? server!.origin;
  const url = `${base}/articles/${article}?runtime=sandbox`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
    const version = browser.version();

    // 1. Cold: Run pressed on a fresh page, before the island or the transpiler were fetched.
    const coldContext = await newContext(browser);
    await coldContext.route(/stackblitz\.com/, (route) => route.abort());
    const cold = await coldContext.newPage();
    await cold.goto(url, { waitUntil: 'networkidle' });
    await cold.locator(`.playground[data-playground-id="${id}"]`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const coldFirstRunMs = await timeRunToFirstLine(cold, id);
    await coldContext.close();

    // 2. The island on first interaction: scroll to the playground on a loaded, idle article.
    const context = await newContext(browser);
    await context.route(/stackblitz\.com/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle' });
    const island = await page.evaluate(
      (playgroundId) =>
        new Promise<{ ms: number; transfer: number; decoded: number }>((resolve, reject) => {
          const root = document.querySelector(`.playground[data-playground-id="${playgroundId}"]`);
          if (!root) return reject(new Error('no playground'));
          const start = performance.now();
          const done = () => {
            const ms = performance.now() - start;
            const scripts = performance.getEntriesByType('resource').filter((e) => e.startTime >= start && (e as PerformanceResourceTiming).initiatorType === 'script') as PerformanceResourceTiming[];
            resolve({ ms, transfer: scripts.reduce((n, e) => n + e.transferSize, 0), decoded: scripts.reduce((n, e) => n + e.decodedBodySize, 0) });
          };
          const observer = new MutationObserver(() => {
            if (root.querySelector('.cm-content') && root.querySelector('.xterm-rows')) {
              observer.disconnect();
              done();
            }
          });
          observer.observe(root, { childList: true, subtree: true });
          root.scrollIntoView({ block: 'start' });
        }),
      id,
    );
    await page.waitForLoadState('networkidle'); // the transpiler, fetched when the page is idle

    // 3. Warm runs.
    const samples: number[] = [];
    const measure = async (n: number) => {
      for (let i = 0; i < n; i++) {
        samples.push(await timeRunToFirstLine(page, id));
        await resetAndSettle(page, id);
      }
    };
    const asked = options.runs;
    await measure(Math.max(10, asked ?? 10));
    if (asked === undefined && stats(samples).p95Ms < 500) await measure(10);
    await context.close();

    const warm = stats(samples);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    log(`Playground benchmark: ${id} on /articles/${article}, in-browser sandbox, Chromium ${version}`);
    log(`  island load on first interaction   ${ms(island.ms)} (scroll to the editor ready; scripts ${kb(island.transfer)} transferred, ${kb(island.decoded)} decoded)`);
    log(`  cold first run                     ${ms(coldFirstRunMs)} (Run on a fresh page to the first output line, chunks fetched on demand)`);
    log(`  Run -> first output line, warm     median ${ms(warm.medianMs)}, p95 ${ms(warm.p95Ms)} (min ${ms(warm.minMs)}, max ${ms(warm.maxMs)}, ${warm.runs} runs)`);
    return {
      browser: `Chromium ${version}`,
      playground: id,
      page: `/articles/${article}`,
      islandLoadMs: island.ms,
      islandScriptBytes: { transfer: island.transfer, decoded: island.decoded },
      coldFirstRunMs,
      warm,
      samplesMs: samples,
    };
  } finally {
    await browser?.close();
    if (server) await server.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      origin: { type: 'string' },
      runs: { type: 'string' },
      id: { type: 'string' },
      article: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const result = await benchPlayground({ origin: values.origin, runs: values.runs ? Number(values.runs) : undefined, id: values.id, article: values.article });
  if (values.json) console.log(JSON.stringify(result, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
