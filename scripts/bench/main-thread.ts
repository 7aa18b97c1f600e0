/**
 * The main-thread section of `npm run bench`: a Chromium performance trace of each page on a phone's
 * screen (412 × 823) with the CPU slowed 4× (Lighthouse's mobile preset), taken from navigation until
 * the page is idle (the playground page's editor, terminal and runtime included: they load at once
 * there), and the long tasks it holds, by cause (lib/perf/main-thread.ts). Median of N runs per page.
 */
import type { Browser } from '@playwright/test';
import { analyzeMainThread, type MainThreadReport, type TraceEvent } from '../../lib/perf/main-thread';
import { median } from '../../lib/perf/stats';
import { LIGHTHOUSE_ROUTES } from './lighthouse';

/** Text a chunk carries that says what it is, so the table names code, not hashes. */
const CHUNK_SIGNATURES: ReadonlyArray<[string, RegExp]> = [
  ['React DOM (hydration, rendering)', /react-dom|__reactContainer|hydrateRoot|Minified React error/],
  ['Next.js runtime and flight client', /__next_f|next-router|__NEXT_DATA__|app-router/],
  ['CodeMirror editor', /cm-content|cm-editor/],
  ['xterm terminal', /xterm-helper-textarea|xterm-screen/],
  ['sucrase transpiler', /sucrase|transformImports|jsxPragma/],
  ['search', /minisearch|MiniSearch/],
];

export interface PageMainThread {
  path: string;
  runs: number;
  median: { longTasks: number; longTaskMs: number; blockingMs: number; taskMs: number };
  /** Each cause's median over the runs. */
  causes: Array<{ cause: string; longTaskMs: number; blockingMs: number }>;
}

async function nameScripts(origin: string, urls: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const url of urls) {
    if (!url.startsWith(origin)) {
      names.set(url, url.startsWith('blob:') ? 'sandbox worker (blob)' : url);
      continue;
    }
    const file = url.split('/').pop()!.split('?')[0]!;
    let label = 'site code';
    try {
      const text = await (await fetch(url)).text();
      label = CHUNK_SIGNATURES.find(([, pattern]) => pattern.test(text))?.[0] ?? 'site code';
    } catch {
      // a script that cannot be fetched again keeps the generic label
    }
    names.set(url, `${label} (${file})`);
  }
  return names;
}

async function traceOnce(browser: Browser, url: string, isPlayground: boolean): Promise<TraceEvent[]> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.route(/stackblitz\.com/, (route) => route.abort());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'blink', 'loading', 'toplevel'] });
  await page.goto(url, { waitUntil: 'load' });
  if (isPlayground) await page.locator('.cm-content').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(1500);
  const buffer = await browser.stopTracing();
  await context.close();
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  return parsed.traceEvents;
}

export async function runMainThreadBench(browser: Browser, origin: string, { runs = 5, log = console.log } = {}): Promise<PageMainThread[]> {
  const pages: PageMainThread[] = [];
  for (const route of LIGHTHOUSE_ROUTES) {
    const reports: MainThreadReport[] = [];
    for (let i = 0; i < runs; i++) {
      const events = await traceOnce(browser, origin + route.path, route.path.startsWith('/playgrounds/'));
      const urls = new Set(events.map((e) => e.args?.data?.url).filter((u): u is string => !!u && /\.js(\?|$)|^blob:/.test(u)));
      const names = await nameScripts(origin, urls);
      reports.push(analyzeMainThread(events, (u) => names.get(u) ?? u.split('/').pop() ?? u));
      log(`  ${route.path} run ${i + 1}: ${reports.at(-1)!.longTasks} long tasks, ${Math.round(reports.at(-1)!.blockingMs)} ms blocking`);
    }
    const causes = new Set(reports.flatMap((r) => r.causes.map((c) => c.cause)));
    const m = (pick: (r: MainThreadReport) => number) => median(reports.map(pick));
    pages.push({
      path: route.path,
      runs,
      median: { longTasks: m((r) => r.longTasks), longTaskMs: m((r) => r.longTaskMs), blockingMs: m((r) => r.blockingMs), taskMs: m((r) => r.taskMs) },
      causes: [...causes]
        .map((cause) => {
          const of = (r: MainThreadReport) => r.causes.find((c) => c.cause === cause);
          return { cause, longTaskMs: m((r) => of(r)?.longTaskMs ?? 0), blockingMs: m((r) => of(r)?.blockingMs ?? 0) };
        })
        .filter((c) => c.longTaskMs >= 1)
        .sort((a, b) => b.blockingMs - a.blockingMs),
    });
  }
  return pages;
}
