/**
 * First-load JavaScript measured in a real Chromium: load a page, wait for the network to be idle
 * without scrolling or touching anything, and size every script it fetched. Shared by the
 * benchmark (runFirstLoadBench) and the budget test (tests/e2e/budgets.spec.ts).
 */
import type { Browser, Page, Response } from '@playwright/test';
import { findLazyOnlyCode, scriptUrlsInHtml, summarizeScripts, type LazyCodeHit, type ScriptFile, type ScriptSummary } from '../../lib/perf/first-load';

export interface FirstLoadRoute {
  name: string;
  path: string;
}

/** The routes the benchmark measures. */
export const FIRST_LOAD_ROUTES: readonly FirstLoadRoute[] = [
  { name: 'home', path: '/' },
  { name: 'article with a playground', path: '/articles/errgroup-package' },
  { name: 'track', path: '/tracks/inside-the-go-runtime' },
  { name: 'playground page', path: '/playgrounds/errgroup' },
  { name: 'search', path: '/search' },
];

export interface FirstLoadMeasurement {
  url: string;
  status: number;
  /** Scripts the HTML asks for (script src, preload as=script): what the page hydrates with. */
  html: ScriptSummary;
  /** Every script fetched before any interaction: the HTML's plus what loaded on its own after (observers, idle callbacks). */
  beforeInteraction: ScriptSummary;
  /** Scripts fetched before interaction that the HTML did not name. */
  lazyLoadedUrls: string[];
  /** Lazy-only code (editor, terminal, transpiler, runtimes, search) among the scripts or requests before interaction. */
  lazyOnlyCode: LazyCodeHit[];
  /** Every request before interaction, for the record. */
  requestUrls: string[];
}

const isScript = (response: Response) => response.request().resourceType() === 'script' || /\.m?js$/.test(new URL(response.url()).pathname);

/**
 * Load `url` in `page` (fresh context recommended: nothing cached), wait for network idle plus
 * `settleMs` more for observers and idle callbacks, and measure the scripts.
 */
export async function measureFirstLoad(page: Page, url: string, { settleMs = 1_500 }: { settleMs?: number } = {}): Promise<FirstLoadMeasurement> {
  const responses: Response[] = [];
  const requestUrls: string[] = [];
  const onResponse = (response: Response) => responses.push(response);
  const onRequest = (request: { url(): string }) => requestUrls.push(request.url());
  page.on('response', onResponse);
  page.on('request', onRequest);
  let navigation: Response | null;
  try {
    navigation = await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForTimeout(settleMs);
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('response', onResponse);
    page.off('request', onRequest);
  }
  if (!navigation) throw new Error(`no response for ${url}`);
  const html = await navigation.text();
  const htmlUrls = scriptUrlsInHtml(html, navigation.url());

  const bodies = new Map<string, Buffer>();
  for (const response of responses) {
    if (!isScript(response) || bodies.has(response.url())) continue;
    try {
      bodies.set(response.url(), await response.body());
    } catch {
      // a response without a body (redirect, aborted): fetched again below if the HTML names it
    }
  }
  // A preload the browser did not act on yet still belongs to the first load: fetch it.
  for (const scriptUrl of htmlUrls) {
    if (bodies.has(scriptUrl)) continue;
    const response = await page.request.get(scriptUrl);
    if (!response.ok()) throw new Error(`${scriptUrl} (named by ${url}) answered ${response.status()}`);
    bodies.set(scriptUrl, await response.body());
  }

  const files = (urls: Iterable<string>): ScriptFile[] => [...urls].map((scriptUrl) => ({ url: scriptUrl, body: bodies.get(scriptUrl)! }));
  const allUrls = [...new Set([...htmlUrls, ...bodies.keys()])];
  return {
    url,
    status: navigation.status(),
    html: summarizeScripts(files(htmlUrls)),
    beforeInteraction: summarizeScripts(files(allUrls)),
    lazyLoadedUrls: allUrls.filter((scriptUrl) => !htmlUrls.includes(scriptUrl)),
    lazyOnlyCode: findLazyOnlyCode(files(allUrls), requestUrls),
    requestUrls,
  };
}

export interface FirstLoadResult extends FirstLoadRoute {
  status: number;
  error?: string;
  measurement?: FirstLoadMeasurement;
}

/** Measure each route in a fresh browser context (empty cache), desktop viewport 1280x720, no scrolling. */
export async function runFirstLoadBench(browser: Browser, origin: string, routes: readonly FirstLoadRoute[] = FIRST_LOAD_ROUTES): Promise<FirstLoadResult[]> {
  const results: FirstLoadResult[] = [];
  for (const route of routes) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.route(/stackblitz\.com/, (r) => r.abort());
    const page = await context.newPage();
    try {
      const measurement = await measureFirstLoad(page, `${origin}${route.path}`);
      results.push({ ...route, status: measurement.status, measurement, ...(measurement.status >= 400 ? { error: `HTTP ${measurement.status}` } : {}) });
    } catch (error) {
      results.push({ ...route, status: 0, error: (error as Error).message.split('\n')[0] });
    } finally {
      await context.close();
    }
  }
  return results;
}
