/**
 * Lighthouse on Debian's Chromium (chrome-launcher), mobile and desktop presets, median of N runs.
 * Offline-safe: Chromium resolves no host but 127.0.0.1 (so nothing waits on the internet), every
 * run has a hard time limit after which its Chromium is killed, and a fresh Chromium (empty
 * profile) serves each run.
 */
import { existsSync } from 'node:fs';
import { chromium as playwrightChromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Config, type Flags, type Result } from 'lighthouse';
import { CHROMIUM_ARGS, findChromium } from '../chromium.mjs';
import { median } from '../../lib/perf/stats';

export const LIGHTHOUSE_ROUTES = [
  { name: 'home', path: '/' },
  { name: 'article with a playground', path: '/articles/errgroup-package' },
  { name: 'playground page', path: '/playgrounds/errgroup' },
] as const;

export type Preset = 'mobile' | 'desktop';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

export interface LighthouseRun {
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  /** Largest Contentful Paint, ms */
  lcp: number | null;
  /** Total Blocking Time, ms */
  tbt: number | null;
  /** Cumulative Layout Shift */
  cls: number | null;
  /** Audits below a full score in accessibility, best practices and SEO, and Lighthouse's own warnings. */
  failedAudits: string[];
  /** For each failed audit, up to three of the items it flagged (URL, node, or text). */
  failedAuditItems: Record<string, string[]>;
  warnings: string[];
  error?: string;
}

export interface LighthouseSummary {
  name: string;
  path: string;
  preset: Preset;
  runs: number;
  failedRuns: number;
  median: Omit<LighthouseRun, 'failedAudits' | 'failedAuditItems' | 'warnings' | 'error'>;
  /** Audits that fell short in any run, with how many runs they fell short in. */
  failedAudits: Record<string, number>;
  /** What the failed audits flagged, from the first run that failed them. */
  failedAuditItems: Record<string, string[]>;
  errors: string[];
}

function itemText(item: Record<string, unknown>): string {
  const node = item.node as { snippet?: string; nodeLabel?: string } | undefined;
  const source = (item.sourceLocation ?? item.source) as { url?: string } | undefined;
  const parts = [node?.nodeLabel, node?.snippet, typeof item.description === 'string' ? item.description : undefined, typeof item.url === 'string' ? item.url : source?.url].filter(Boolean);
  return parts.join(' | ').slice(0, 240);
}

const RUN_LIMIT_MS = 150_000;

function summarizeRun(lhr: Result): LighthouseRun {
  const scores = Object.fromEntries(CATEGORIES.map((id) => [id, lhr.categories[id]?.score == null ? null : Math.round(lhr.categories[id]!.score! * 100)])) as LighthouseRun['scores'];
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? null;
  const failedAudits: string[] = [];
  const failedAuditItems: Record<string, string[]> = {};
  for (const id of ['accessibility', 'best-practices', 'seo'] as const) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
        failedAudits.push(`${id}/${ref.id}`);
        const items = ((audit.details as { items?: Record<string, unknown>[] } | undefined)?.items ?? []).slice(0, 3);
        failedAuditItems[`${id}/${ref.id}`] = items.map(itemText);
      }
    }
  }
  return {
    scores,
    lcp: numeric('largest-contentful-paint'),
    tbt: numeric('total-blocking-time'),
    cls: numeric('cumulative-layout-shift'),
    failedAudits,
    failedAuditItems,
    warnings: [...lhr.runWarnings, ...(lhr.runtimeError ? [`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`] : [])],
  };
}

/** One Lighthouse run against a fresh Chromium, killed after RUN_LIMIT_MS whatever happens. */
export async function runLighthouseOnce(url: string, preset: Preset): Promise<LighthouseRun> {
  // Debian's Chromium (or CHROMIUM_PATH) first, as the browser tests do; else Playwright's own download.
  const bundled = playwrightChromium.executablePath();
  const chromePath = findChromium() ?? (existsSync(bundled) ? bundled : undefined);
  if (!chromePath) throw new Error('no Chromium found (set CHROMIUM_PATH or apt-get install chromium)');
  const origin = new URL(url);
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: [
      ...CHROMIUM_ARGS,
      '--headless=new',
      // Nothing but the site under test can be reached: no audit can hang on the internet.
      `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${origin.hostname}`,
    ],
    logLevel: 'silent',
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const flags: Flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
      throttlingMethod: 'simulate',
      maxWaitForLoad: 45_000,
      blockedUrlPatterns: ['*stackblitz.com*'],
    };
    const config: Config | undefined = preset === 'desktop' ? desktopConfig : undefined;
    const result = await Promise.race([
      lighthouse(url, flags, config),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Lighthouse did not finish within ${RUN_LIMIT_MS / 1000} s`)), RUN_LIMIT_MS);
      }),
    ]);
    if (!result) throw new Error('Lighthouse returned no result');
    return summarizeRun(result.lhr);
  } finally {
    clearTimeout(timer);
    chrome.kill();
  }
}

const medianOrNull = (values: (number | null)[]) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? median(present) : null;
};

/** Median of each figure over `runs` good runs; a failed run (Chromium's intermittent NO_NAVSTART trace error, a time-out) is retried, up to 3 × runs attempts. */
export async function runLighthouseBench(origin: string, { runs = 3, routes = LIGHTHOUSE_ROUTES, presets = ['mobile', 'desktop'] as Preset[], log = console.log } = {}): Promise<LighthouseSummary[]> {
  const summaries: LighthouseSummary[] = [];
  for (const route of routes) {
    for (const preset of presets) {
      const good: LighthouseRun[] = [];
      const errors: string[] = [];
      let attempts = 0;
      while (good.length < runs && attempts < runs * 3) {
        attempts++;
        const started = Date.now();
        try {
          const run = await runLighthouseOnce(`${origin}${route.path}`, preset);
          if (run.scores.performance === null) throw new Error(run.warnings.join('; ') || 'no performance score');
          good.push(run);
          log(`  lighthouse ${preset} ${route.path} run ${good.length}: perf ${run.scores.performance} a11y ${run.scores.accessibility} bp ${run.scores['best-practices']} seo ${run.scores.seo} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
        } catch (error) {
          errors.push((error as Error).message.split('\n')[0]!);
          log(`  lighthouse ${preset} ${route.path}: run failed: ${errors.at(-1)}`);
        }
      }
      const failedAudits: Record<string, number> = {};
      const failedAuditItems: Record<string, string[]> = {};
      for (const run of good) {
        for (const id of run.failedAudits) failedAudits[id] = (failedAudits[id] ?? 0) + 1;
        for (const [id, items] of Object.entries(run.failedAuditItems)) failedAuditItems[id] ??= items;
      }
      summaries.push({
        name: route.name,
        path: route.path,
        preset,
        runs: good.length,
        failedRuns: errors.length,
        median: {
          scores: Object.fromEntries(CATEGORIES.map((id) => [id, medianOrNull(good.map((run) => run.scores[id]))])) as LighthouseRun['scores'],
          lcp: medianOrNull(good.map((run) => run.lcp)),
          tbt: medianOrNull(good.map((run) => run.tbt)),
          cls: medianOrNull(good.map((run) => run.cls)),
        },
        failedAudits,
        failedAuditItems,
        errors,
      });
    }
  }
  return summaries;
}

/** The categories `npm test` holds at 100 on every page and preset (performance is only reported: it depends on the machine's load). */
export const ENFORCED_CATEGORIES = ['accessibility', 'best-practices', 'seo'] as const;

/** What falls short of the Lighthouse budget, one line per page, preset and category, with the audits to blame. */
export function budgetFailures(summaries: LighthouseSummary[]): string[] {
  const failures: string[] = [];
  for (const s of summaries) {
    const where = `${s.path} (${s.preset})`;
    if (s.runs === 0) {
      failures.push(`${where}: Lighthouse did not complete: ${s.errors.join('; ') || 'no run'}`);
      continue;
    }
    for (const category of ENFORCED_CATEGORIES) {
      const score = s.median.scores[category];
      if (score === 100) continue;
      const audits = Object.keys(s.failedAudits).filter((id) => id.startsWith(`${category}/`));
      const detail = audits.map((id) => `${id}${s.failedAuditItems[id]?.length ? `: ${s.failedAuditItems[id]!.join(' ; ')}` : ''}`).join('\n    ');
      failures.push(`${where}: ${category} ${score ?? 'no score'}, not 100${detail ? `\n    ${detail}` : ''}`);
    }
  }
  return failures;
}
