/**
 * `npm run bench`: every benchmark of the site, one table per section, all figures in
 * bench-results/latest.json and a summary in docs/benchmarks.json (committed).
 *
 *   npm run bench                           all sections
 *   npm run bench -- --only lighthouse      one section (or a comma list); --skip works the same way
 *   npm run bench -- --runs 5               Lighthouse runs per page and preset (default 3), main-thread traces per page (default 5)
 *   npm run bench -- --duration 20 --connections 100   the load test
 *   npm run bench -- --rebuild              rebuild the served production build even if sources are unchanged
 *   npm run bench -- --only first-load --breakdown   also build with source maps and say what the article's first load is made of
 *
 *   npm run bench -- --markdown             only print the README tables of bench-results/latest.json
 *
 * Sections: first-load, lighthouse, main-thread, playground, go, search, build, serving. Builds happen in a private
 * copy of the project under $TMPDIR/gfg-bench (GFG_BENCH_DIR overrides): the working tree's .next
 * is never touched and generated content never reaches it. Servers listen on 127.0.0.1 only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { formatKB } from '../lib/perf/first-load';
import { formatTable } from '../lib/perf/stats';
import { BENCH_DIR, cleanBuild, copyProject, ensureSiteBuild, generateSyntheticArticles, SITE_COPY, treeFingerprint, type BuildTiming } from './bench/build';
import { figureLines, parseSearchBenchOutput, runHelperScript, type HelperOutcome, type SearchCorpusFigures } from './bench/helpers';
import { breakdownPage, buildWithSourceMaps, type Breakdown } from './bench/breakdown';
import { markdownSummary, type LatestResults } from './bench/markdown';
import { runFirstLoadBench, type FirstLoadResult } from './bench/first-load';
import { runLighthouseBench, type LighthouseSummary } from './bench/lighthouse';
import { runMainThreadBench } from './bench/main-thread';
import { startNextServer, type RunningServer } from './bench/server';
import { runServingBench, type ServingBench } from './bench/serving';
import { benchGo } from './bench-go';

const ROOT = process.cwd();
const SECTIONS = ['first-load', 'lighthouse', 'main-thread', 'playground', 'go', 'search', 'build', 'serving'] as const;
type Section = (typeof SECTIONS)[number];
const ALIASES: Record<string, Section> = { js: 'first-load', firstload: 'first-load', 'first-load-js': 'first-load', lh: 'lighthouse', mainthread: 'main-thread', tbt: 'main-thread', load: 'serving', autocannon: 'serving' };

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    skip: { type: 'string' },
    runs: { type: 'string' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '100' },
    rebuild: { type: 'boolean', default: false },
    breakdown: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function sectionList(value: string | undefined): Section[] {
  if (!value) return [];
  return value.split(',').map((raw) => {
    const name = raw.trim().toLowerCase();
    const section = (SECTIONS as readonly string[]).includes(name) ? (name as Section) : ALIASES[name];
    if (!section) throw new Error(`unknown section "${raw}" (sections: ${SECTIONS.join(', ')})`);
    return section;
  });
}

if (args.help) {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*|^ \* ?/gm, ''));
  process.exit(0);
}

const only = sectionList(args.only);
const skip = sectionList(args.skip);
const selected = SECTIONS.filter((s) => (only.length ? only.includes(s) : true) && !skip.includes(s));

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
}

function machine(): Machine {
  const browser = findChromium();
  let chromiumVersion = 'not found';
  if (browser) {
    try {
      chromiumVersion = execFileSync(browser, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      chromiumVersion = `${browser} (version unknown)`;
    }
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: chromiumVersion,
  };
}

interface SectionRecord {
  takenAt: string;
  /** 1-minute load average when the section started and ended: on a shared machine, read the timings with it. */
  loadAverage: { start: number; end: number };
  seconds: number;
  status: 'ok' | 'failed' | 'not available';
  note?: string;
  summary: unknown;
  details?: unknown;
}

const RESULTS_DIR = path.join(ROOT, 'bench-results');
const LATEST = path.join(RESULTS_DIR, 'latest.json');
const DOCS_SUMMARY = path.join(ROOT, 'docs', 'benchmarks.json');

const kb = (bytes: number) => Math.round(bytes / 100) / 10;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const ms = (value: number | null | undefined, digits = 0) => (value == null || Number.isNaN(value) ? '–' : `${value.toFixed(digits)} ms`);

// ---------------------------------------------------------------- sections

let server: RunningServer | undefined;
let siteDir: string | undefined;

async function servedSite(): Promise<RunningServer> {
  if (server) return server;
  siteDir ??= (await ensureSiteBuild(ROOT, { force: args.rebuild })).dir;
  server = await startNextServer(siteDir);
  console.log(`  npm start's server on ${server.origin} (pid ${server.pid}, ${siteDir})`);
  return server;
}

async function stopServer() {
  await server?.stop();
  server = undefined;
}

async function benchFirstLoad(): Promise<Omit<SectionRecord, 'takenAt' | 'loadAverage' | 'seconds'>> {
  const { origin } = await servedSite();
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  let results: FirstLoadResult[];
  try {
    results = await runFirstLoadBench(browser, origin);
  } finally {
    await browser.close();
  }
  console.log(
    formatTable(
      ['route', 'path', 'files', 'raw', 'gzip', 'brotli', 'of which not in the HTML (gzip)', 'lazy-only code'],
      results.map((r) => {
        const m = r.measurement;
        if (!m || r.error) return [r.name, r.path, '–', '–', '–', '–', '–', r.error ?? ''];
        const all = m.beforeInteraction;
        const lazyGzip = all.gzip - m.html.gzip;
        return [r.name, r.path, all.count, formatKB(all.raw), formatKB(all.gzip), formatKB(all.brotli), lazyGzip > 0 ? `${formatKB(lazyGzip)} in ${m.lazyLoadedUrls.length} files` : 'none', [...new Set(m.lazyOnlyCode.map((h) => h.name))].join(', ') || 'none'];
      }),
    ),
  );
  console.log('  first load = every script fetched before any interaction (1280x720, no scrolling, network idle): the ones the HTML names and any that load by themselves;');
  console.log('  sizes of the bodies, brotli quality 11 (what npm start sends browsers), gzip level 6 (what Next sends clients without brotli); 1 KB = 1000 bytes; nomodule polyfills not counted');
  const failed = results.filter((r) => r.error);
  let breakdown: Breakdown | undefined;
  if (args.breakdown) {
    console.log("  building with browser source maps to attribute the article's first load…");
    breakdown = breakdownPage(await buildWithSourceMaps(ROOT), '/articles/errgroup-package');
    console.log(`\n  what the first load of ${breakdown.page} is made of (${formatKB(breakdown.totalGzip)} gzip in all; each group gzipped alone):`);
    console.log(formatTable(['group', 'minified', 'gzip (alone)'], breakdown.groups.map((g) => [g.group, formatKB(g.minified), formatKB(g.gzipAlone)])).replace(/^/gm, '  '));
    console.log(`  site code by file: ${breakdown.siteFiles.map((f) => `${f.file} ${formatKB(f.minified)}`).join(', ')}`);
  }
  return {
    status: failed.length === results.length ? 'failed' : 'ok',
    note: failed.length ? `not measured: ${failed.map((r) => `${r.path} (${r.error})`).join(', ')}` : undefined,
    summary: {
      routes: results.map((r) => ({
        route: r.name,
        path: r.path,
        ...(r.error ? { error: r.error } : {}),
        ...(r.measurement
          ? {
              files: r.measurement.beforeInteraction.count,
              rawKB: kb(r.measurement.beforeInteraction.raw),
              gzipKB: kb(r.measurement.beforeInteraction.gzip),
              brotliKB: kb(r.measurement.beforeInteraction.brotli),
              namedInHtmlGzipKB: kb(r.measurement.html.gzip),
              lazyOnlyCode: [...new Set(r.measurement.lazyOnlyCode.map((h) => h.name))],
            }
          : {}),
      })),
      ...(breakdown ? { articleBreakdown: breakdown.groups.map((g) => ({ group: g.group, minifiedKB: kb(g.minified), gzipAloneKB: kb(g.gzipAlone) })) } : {}),
    },
    details: { routes: results.map((r) => ({ ...r, measurement: r.measurement && { ...r.measurement, requestUrls: undefined } })), ...(breakdown ? { breakdown } : {}) },
  };
}

async function benchLighthouse(): Promise<Omit<SectionRecord, 'takenAt' | 'loadAverage' | 'seconds'>> {
  const { origin } = await servedSite();
  const summaries: LighthouseSummary[] = await runLighthouseBench(origin, { runs: Number(args.runs ?? 3) });
  console.log(
    formatTable(
      ['page', 'preset', 'perf', 'a11y', 'best pr.', 'SEO', 'LCP', 'TBT', 'CLS', 'runs'],
      summaries.map((s) => [s.path, s.preset, s.median.scores.performance ?? '–', s.median.scores.accessibility ?? '–', s.median.scores['best-practices'] ?? '–', s.median.scores.seo ?? '–', ms(s.median.lcp), ms(s.median.tbt), s.median.cls == null ? '–' : s.median.cls.toFixed(3), `${s.runs}${s.failedRuns ? ` (+${s.failedRuns} failed)` : ''}`]),
    ),
  );
  const shortfalls = summaries.filter((s) => Object.keys(s.failedAudits).length);
  for (const s of shortfalls) console.log(`  ${s.path} ${s.preset}: below 100 on ${Object.entries(s.failedAudits).map(([id, n]) => `${id} (${n}/${s.runs})`).join(', ')}`);
  console.log(`  median of ${args.runs ?? 3} runs each; simulated throttling (mobile: Moto G Power, slow 4G; desktop: Lighthouse's desktop preset)`);
  return {
    status: summaries.every((s) => s.runs === 0) ? 'failed' : 'ok',
    summary: summaries.map((s) => ({ page: s.path, preset: s.preset, ...s.median.scores, lcpMs: s.median.lcp && Math.round(s.median.lcp), tbtMs: s.median.tbt && Math.round(s.median.tbt), cls: s.median.cls && Math.round(s.median.cls * 1000) / 1000, runs: s.runs, failedAudits: Object.keys(s.failedAudits) })),
    details: summaries,
  };
}

/** Where the main thread's time goes on a phone (CPU 4× slower): long tasks by cause, from Chromium traces. */
async function benchMainThread(): Promise<Omit<SectionRecord, 'takenAt' | 'loadAverage' | 'seconds'>> {
  const { origin } = await servedSite();
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const runs = Number(args.runs ?? 5);
  let pages;
  try {
    pages = await runMainThreadBench(browser, origin, { runs });
  } finally {
    await browser.close();
  }
  for (const p of pages) {
    console.log(`\n  ${p.path}: ${p.median.longTasks} long tasks, ${ms(p.median.longTaskMs)} in them, ${ms(p.median.blockingMs)} blocking (over 50 ms each), ${ms(p.median.taskMs)} of main-thread tasks in all; median of ${p.runs}`);
    console.log(formatTable(['cause', 'time in long tasks', 'blocking time'], p.causes.slice(0, 12).map((c) => [c.cause, ms(c.longTaskMs), ms(c.blockingMs)])));
  }
  console.log('  Chromium trace from navigation until idle, 412 × 823 screen, CPU throttled 4× (Lighthouse mobile), no network throttling (loopback)');
  return {
    status: 'ok',
    summary: pages.map((p) => ({ page: p.path, ...p.median, top: p.causes.slice(0, 5).map((c) => ({ cause: c.cause, blockingMs: Math.round(c.blockingMs) })) })),
    details: pages,
  };
}

async function benchBuild(): Promise<Omit<SectionRecord, 'takenAt' | 'loadAverage' | 'seconds'>> {
  const rows: (BuildTiming & { content: string })[] = [];
  console.log(`  clean build of the real content in ${SITE_COPY}…`);
  const fingerprint = treeFingerprint(ROOT);
  copyProject(ROOT, SITE_COPY);
  rows.push({ content: 'real content', ...(await cleanBuild(SITE_COPY, path.join(BENCH_DIR, 'build-site.log'))) });
  writeFileSync(path.join(SITE_COPY, '.bench-fingerprint'), fingerprint);
  siteDir = SITE_COPY;
  console.log(`  ${rows[0]!.seconds.toFixed(1)} s`);

  const large = path.join(BENCH_DIR, 'site-10x');
  console.log(`  clean build with 10 times the articles in ${large}…`);
  copyProject(ROOT, large);
  generateSyntheticArticles(large, 10);
  try {
    rows.push({ content: 'synthetic, 10x articles', ...(await cleanBuild(large, path.join(BENCH_DIR, 'build-10x.log'))) });
  } finally {
    rmSync(large, { recursive: true, force: true });
  }
  console.log(
    formatTable(
      ['content', 'articles', 'prerendered routes', 'wall time', 'vs real'],
      rows.map((r) => [r.content, r.articles, r.prerenderedRoutes ?? '–', `${r.seconds.toFixed(1)} s`, `${(r.seconds / rows[0]!.seconds).toFixed(2)}x`]),
    ),
  );
  console.log('  `rm -rf .next && next build` (Turbopack) and finish-build, wall clock; the content check that `npm run build` runs first is not included');
  return {
    status: 'ok',
    summary: rows.map((r) => ({ content: r.content, articles: r.articles, prerenderedRoutes: r.prerenderedRoutes, seconds: Math.round(r.seconds * 10) / 10 })),
    details: rows,
  };
}

async function benchServing(): Promise<Omit<SectionRecord, 'takenAt' | 'loadAverage' | 'seconds'>> {
  // A server of its own: memory before the load test is that of a freshly started server.
  await stopServer();
  const target = await servedSite();
  let bench: ServingBench;
  try {
    bench = await runServingBench(target, { connections: Number(args.connections), durationSeconds: Number(args.duration) });
  } finally {
    await stopServer();
  }
  console.log(
    formatTable(
      ['page', 'HTML', 'gzip', 'inline RSC', 'RSC nav', 'req/s', 'latency p50', 'p99', 'requests', 'errors', 'timeouts', 'non-2xx', 'CPU/request', 'RSS before', 'RSS after'],
      bench.results.map((r) => [r.name.replaceAll('`', ''), formatKB(r.weight.htmlBytes), formatKB(r.weight.htmlGzipBytes), formatKB(r.weight.inlineFlightBytes), formatKB(r.weight.rscBytes), Math.round(r.requestsPerSecond), ms(r.latencyP50Ms), ms(r.latencyP99Ms), r.requests, r.errors, r.timeouts, r.non2xx, r.cpuMsPerRequest === null ? '–' : `${r.cpuMsPerRequest.toFixed(1)} ms`, `${mb(r.rssBeforeBytes)} MB`, `${mb(r.rssAfterBytes)} MB`]),
    ),
  );
  console.log(`  ${args.connections} connections for ${args.duration} s per run, autocannon and the server (next start in one worker per core) on the same machine; server RSS at start ${mb(bench.rssAtStartBytes)} MB, at end ${mb(bench.rssAtEndBytes)} MB`);
  return {
    status: 'ok',
    summary: {
      rssAtStartMB: mb(bench.rssAtStartBytes),
      rssAtEndMB: mb(bench.rssAtEndBytes),
      pages: bench.results.map((r) => ({ page: r.name, path: r.path, htmlKB: kb(r.weight.htmlBytes), htmlGzipKB: kb(r.weight.htmlGzipBytes), inlineRscKB: kb(r.weight.inlineFlightBytes), rscKB: kb(r.weight.rscBytes), requestsPerSecond: Math.round(r.requestsPerSecond), p50Ms: r.latencyP50Ms, p99Ms: r.latencyP99Ms, requests: r.requests, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, cpuMsPerRequest: r.cpuMsPerRequest === null ? null : Math.round(r.cpuMsPerRequest * 10) / 10, rssBeforeMB: mb(r.rssBeforeBytes), rssAfterMB: mb(r.rssAfterBytes) })),
    },
    details: bench,
  };
}

interface PlaygroundFigures {
  playground: string;
  page: string;
  islandLoadMs: number;
  islandScriptBytes?: { transfer: number; decoded: number };
  coldFirstRunMs: number;
  warm: { runs: number; medianMs: number; p95Ms: number; minMs: number; maxMs: number };
}

/** The playground's own benchmark (scripts/bench-playground.ts: benchPlayground), against the served production build. */
async function benchPlayground(): Promise<Omit<SectionRecord, 'takenAt' | 'loadAverage' | 'seconds'>> {
  if (!existsSync(path.join(ROOT, 'scripts', 'bench-playground.ts'))) return { status: 'not available', note: 'scripts/bench-playground.ts does not exist yet', summary: null };
  const { origin } = await servedSite();
  const outcome = await runHelperScript(ROOT, 'bench-playground.ts', ['benchPlayground', 'runPlaygroundBench', 'runBench'], { origin, siteDir, runs: 20 }, (output) => ({ figures: figureLines(output) }));
  const figures = outcome.summary as Partial<PlaygroundFigures> | null;
  if (outcome.status === 'ok' && figures?.warm && typeof figures.islandLoadMs === 'number') {
    const warm = figures.warm;
    console.log(
      formatTable(
        ['playground', 'page', 'island load on first interaction', 'cold first run', 'Run to first output: median', 'p95', 'runs'],
        [[figures.playground ?? '', figures.page ?? '', ms(figures.islandLoadMs), ms(figures.coldFirstRunMs), ms(warm.medianMs, 1), ms(warm.p95Ms, 1), warm.runs]],
      ),
    );
    if (figures.islandScriptBytes) console.log(`  island scripts: ${formatKB(figures.islandScriptBytes.transfer)} transferred (brotli, as npm start sends them), ${formatKB(figures.islandScriptBytes.decoded)} decoded; in-browser sandbox runtime, Chromium`);
    const { samplesMs: _samples, ...summary } = figures as PlaygroundFigures & { samplesMs?: number[] };
    return { ...outcome, summary, details: figures };
  }
  printHelperSummary(outcome);
  return { ...outcome, details: outcome.output };
}

/** Search's own benchmark (scripts/bench-search.ts): it works on the content, no build needed. */
/** Go in the browser (scripts/bench-go.ts): sizes, precompiled click to first line, the in-page toolchain. */
async function benchGoSection(): Promise<Omit<SectionRecord, 'takenAt' | 'loadAverage' | 'seconds'>> {
  const { origin } = await servedSite();
  const figures = await benchGo({ origin, siteDir, log: (line) => console.log(line) });
  if (!figures.go) return { status: 'not available', note: figures.note, summary: null };
  const MB = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  console.log(formatTable(['playground', 'wasm raw', 'wasm brotli'], figures.sizes.map((s) => [s.playground, MB(s.rawBytes), MB(s.brotliBytes)])));
  if (figures.toolchain) {
    const t = figures.toolchain;
    console.log(`  toolchain: compile.wasm ${MB(t.compile.rawBytes)} raw / ${MB(t.compile.brotliBytes)} brotli, link.wasm ${MB(t.link.rawBytes)} / ${MB(t.link.brotliBytes)}, ${t.archives} package archives; editing errgroup downloads ${MB(t.errgroupDownloadBrotliBytes)} brotli (target 11 MB)`);
  }
  const p = figures.precompiled;
  const e = figures.editable;
  console.log(
    formatTable(
      ['precompiled first line, Run at once', 'first Run, idle page', 'warm (median of 10)', 'toolchain load', 'first build to first line', 'rebuild after an edit (median of 5)', 'compile', 'link', 'memory: compile / link / program'],
      [[ms(p?.clickAtOnceMs), ms(p?.coldFirstLineMs), ms(p?.warmFirstLineMedianMs), ms(e?.toolchainLoadMs), ms(e?.firstBuildToFirstLineMs), ms(e?.rebuildToFirstLineMedianMs), e ? `${e.compileMs.join(', ')} ms` : '–', e ? `${e.linkMs.join(', ')} ms` : '–', e ? `${mb(e.compileMemoryBytes ?? 0)} / ${mb(e.linkMemoryBytes ?? 0)} / ${mb(e.programMemoryBytes ?? 0)} MiB` : '–']],
    ),
  );
  console.log('  Chromium, loopback; targets: precompiled first line <= 400 ms, rebuild after an edit <= 1.5 s, toolchain download <= 11 MB brotli');
  return { status: 'ok', summary: { ...figures, precompiled: p && { ...p, warmSamplesMs: undefined } }, details: figures };
}

async function benchSearch(): Promise<Omit<SectionRecord, 'takenAt' | 'loadAverage' | 'seconds'>> {
  const outcome = await runHelperScript(ROOT, 'bench-search.ts', ['benchSearch', 'runSearchBench', 'runBench'], {}, parseSearchBenchOutput);
  if (Array.isArray(outcome.summary) && outcome.summary.length) {
    const corpora = outcome.summary as SearchCorpusFigures[];
    const f = (v: number | null, unit: string, digits = 1) => (v == null ? '–' : `${v.toFixed(digits)} ${unit}`);
    console.log(
      formatTable(
        ['corpus', 'sections', 'index raw', 'index gzip', 'index brotli', 'excerpt text gzip', 'load (cold)', 'load (warm)', 'query median', 'query p95', 'as you type p95'],
        corpora.map((c) => [c.label, c.sections ?? '–', f(c.rawKiB, 'KiB'), f(c.gzipKiB, 'KiB'), f(c.brotliKiB, 'KiB'), f(c.textGzipKiB, 'KiB'), f(c.loadColdMs, 'ms'), f(c.loadWarmMedianMs, 'ms'), f(c.queryMedianMs, 'ms', 2), f(c.queryP95Ms, 'ms', 2), f(c.asYouTypeP95Ms, 'ms', 2)]),
      ),
    );
    console.log('  from scripts/bench-search.ts (Node, in process: JSON.parse + MiniSearch load of the index, full search per query and typed prefix; the excerpt text is a second file)');
  } else printHelperSummary(outcome);
  return { ...outcome, details: outcome.output };
}

function printHelperSummary(outcome: HelperOutcome) {
  if (outcome.status !== 'ok') console.log(`  ${outcome.status}: ${outcome.note ?? ''}`);
  else console.log(JSON.stringify(outcome.summary, null, 2).replace(/^/gm, '  '));
}

const RUNNERS: Record<Section, () => Promise<Omit<SectionRecord, 'takenAt' | 'loadAverage' | 'seconds'>>> = {
  build: benchBuild,
  'first-load': benchFirstLoad,
  lighthouse: benchLighthouse,
  'main-thread': benchMainThread,
  serving: benchServing,
  playground: benchPlayground,
  search: benchSearch,
  go: benchGoSection,
};
/** Build first (its output is served to the others), serving last among the server's users (it loads the server). */
const ORDER: Section[] = ['build', 'first-load', 'lighthouse', 'main-thread', 'playground', 'go', 'search', 'serving'];

// ---------------------------------------------------------------- main

function readJson(file: string): { sections?: Record<string, SectionRecord> } {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { sections?: Record<string, SectionRecord> };
  } catch {
    return {};
  }
}

async function main() {
  const started = new Date();
  const info = machine();
  console.log(`Go Field Guide benchmarks, ${started.toISOString()}`);
  console.log(`${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.os}, Node ${info.node}, ${info.chromium}`);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; sections: ${selected.join(', ')}`);

  const records: Partial<Record<Section, SectionRecord>> = {};
  let failures = 0;
  try {
    for (const section of ORDER.filter((s) => selected.includes(s))) {
      console.log(`\n== ${section}`);
      const t0 = performance.now();
      const loadStart = os.loadavg()[0]!;
      let record: Omit<SectionRecord, 'takenAt' | 'loadAverage' | 'seconds'>;
      try {
        record = await RUNNERS[section]();
      } catch (error) {
        failures++;
        console.error(`  ${section} failed: ${(error as Error).message}`);
        record = { status: 'failed', note: (error as Error).message.split('\n')[0], summary: null };
      }
      if (record.status === 'not available') console.log(`  not available: ${record.note}`);
      records[section] = { takenAt: new Date().toISOString(), loadAverage: { start: loadStart, end: os.loadavg()[0]! }, seconds: Math.round((performance.now() - t0) / 100) / 10, ...record };
    }
  } finally {
    await stopServer();
  }

  mkdirSync(RESULTS_DIR, { recursive: true });
  const previous = readJson(LATEST).sections ?? {};
  const latest = { date: started.toISOString(), machine: info, sections: { ...previous, ...records } };
  writeFileSync(LATEST, JSON.stringify(latest, null, 2) + '\n');
  writeFileSync(path.join(RESULTS_DIR, 'latest.md'), markdownSummary(latest as unknown as LatestResults));

  const previousDocs = readJson(DOCS_SUMMARY).sections ?? {};
  const summaries = Object.fromEntries(Object.entries(records).map(([name, r]) => [name, { takenAt: r.takenAt, loadAverage: r.loadAverage, status: r.status, ...(r.note ? { note: r.note } : {}), summary: r.summary }]));
  mkdirSync(path.dirname(DOCS_SUMMARY), { recursive: true });
  writeFileSync(DOCS_SUMMARY, JSON.stringify({ date: started.toISOString(), machine: info, sections: { ...previousDocs, ...summaries } }, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(ROOT, LATEST)} (tables for the README: bench-results/latest.md) and ${path.relative(ROOT, DOCS_SUMMARY)}${failures ? `; ${failures} section(s) failed` : ''}`);
  process.exitCode = failures ? 1 : 0;
}

if (args.markdown) process.stdout.write(markdownSummary(JSON.parse(readFileSync(LATEST, 'utf8')) as LatestResults));
else await main();
