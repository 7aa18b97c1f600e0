/**
 * The README's figures from bench-results/latest.json, as Markdown tables (bench-results/latest.md),
 * so the Performance section is pasted from a real run, not typed.
 */

interface Section {
  takenAt: string;
  loadAverage: { start: number; end: number };
  status: string;
  note?: string;
  summary: unknown;
}

export interface LatestResults {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; chromium: string };
  sections: Record<string, Section | undefined>;
}

const NUMERIC = /^(?:[-–]|[\d.,]+(?:\s*(?:ms|s|KB|KiB|MB))?|[\d.,]+ → [\d.,]+ MB)$/;
const table = (headers: string[], rows: (string | number)[][]) =>
  [
    `| ${headers.join(' | ')} |`,
    `|${headers.map((_, i) => (rows.every((row) => NUMERIC.test(String(row[i]))) ? '--:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
const msText = (value: number | null | undefined) => (value == null ? '–' : `${Math.round(value)} ms`);
const kbText = (value: number | null | undefined, unit = 'KB') => (value == null ? '–' : `${value.toFixed(1)} ${unit}`);
const when = (s: Section) => `${s.takenAt.slice(0, 16).replace('T', ' ')} UTC, load average ${s.loadAverage.start.toFixed(1)}`;

export function markdownSummary(latest: LatestResults): string {
  const { machine, sections } = latest;
  const out: string[] = [`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; ${machine.chromium.replace(/ built on .*/, '')}.`];

  const firstLoad = sections['first-load'];
  if (firstLoad?.status === 'ok') {
    const { routes } = firstLoad.summary as { routes: { route: string; path: string; gzipKB?: number; brotliKB?: number; rawKB?: number; lazyOnlyCode?: string[]; error?: string }[] };
    out.push(
      `**First-load JavaScript** (${when(firstLoad)}): every script fetched before any interaction; brotli 11 as \`npm start\` sends it to browsers, gzip 6 as Next sends it to clients without brotli. Budget for an article: 130 KB brotli (gzip is over it: the framework alone is about 135 KB gzip).`,
      table(
        ['route', 'gzip', 'brotli', 'raw', 'lazy code loaded at once'],
        routes.map((r) => [`${r.route} \`${r.path}\``, kbText(r.gzipKB), kbText(r.brotliKB), kbText(r.rawKB), r.error ?? (r.lazyOnlyCode?.length ? r.lazyOnlyCode.map((name) => name.replace(/ \(.*\)$/, '')).join(', ') : 'none')]),
      ),
    );
  }

  const lighthouse = sections.lighthouse;
  if (lighthouse?.status === 'ok') {
    const rows = lighthouse.summary as { page: string; preset: string; performance: number | null; accessibility: number | null; 'best-practices': number | null; seo: number | null; lcpMs: number | null; tbtMs: number | null; cls: number | null; runs: number }[];
    out.push(
      `**Lighthouse** (${when(lighthouse)}): median of ${Math.min(...rows.map((r) => r.runs))} runs, simulated throttling.`,
      table(
        ['page', 'preset', 'performance', 'accessibility', 'best practices', 'SEO', 'LCP', 'TBT', 'CLS'],
        rows.map((r) => [`\`${r.page}\``, r.preset, r.performance ?? '–', r.accessibility ?? '–', r['best-practices'] ?? '–', r.seo ?? '–', msText(r.lcpMs), msText(r.tbtMs), r.cls == null ? '–' : r.cls.toFixed(3)]),
      ),
    );
  }

  const playground = sections.playground;
  const pg = playground?.summary as { page?: string; islandLoadMs?: number; coldFirstRunMs?: number; warm?: { medianMs: number; p95Ms: number; runs: number }; islandScriptBytes?: { transfer: number } } | null;
  if (playground?.status === 'ok' && pg?.warm) {
    out.push(
      `**Playground** (${when(playground)}): errgroup demo on \`${pg.page}\`, in-browser sandbox.`,
      table(
        ['Run to first output (warm), median', 'p95', 'runs', 'cold first run', 'island load on first interaction', 'island scripts (brotli, transferred)'],
        [[msText(pg.warm.medianMs), msText(pg.warm.p95Ms), pg.warm.runs, msText(pg.coldFirstRunMs), msText(pg.islandLoadMs), pg.islandScriptBytes ? kbText(pg.islandScriptBytes.transfer / 1000) : '–']],
      ),
    );
  }

  const search = sections.search;
  if (search?.status === 'ok' && Array.isArray(search.summary)) {
    const rows = search.summary as {
      label: string;
      sections: number | null;
      rawKiB: number | null;
      gzipKiB: number | null;
      brotliKiB: number | null;
      textGzipKiB?: number | null;
      textBrotliKiB?: number | null;
      loadColdMs: number | null;
      queryMedianMs: number | null;
      queryP95Ms: number | null;
    }[];
    const perThousand = (kib: number | null | undefined, sectionCount: number | null) => (kib == null || !sectionCount ? '–' : kbText((kib * 1000) / sectionCount, 'KiB'));
    out.push(
      `**Search** (${when(search)}): in Node; index = the file searching needs, excerpt text = the second file (section text for the excerpts) fetched alongside it; load = JSON.parse and MiniSearch load of the index, cold.`,
      table(
        ['corpus', 'sections', 'index raw', 'index gzip', 'index brotli', 'index gzip per 1,000 sections', 'excerpt text gzip (brotli)', 'load', 'query median', 'query p95'],
        rows.map((r) => [
          r.label,
          r.sections ?? '–',
          kbText(r.rawKiB, 'KiB'),
          kbText(r.gzipKiB, 'KiB'),
          kbText(r.brotliKiB, 'KiB'),
          perThousand(r.gzipKiB, r.sections),
          r.textGzipKiB == null ? '–' : `${kbText(r.textGzipKiB, 'KiB')} (${kbText(r.textBrotliKiB, 'KiB')})`,
          msText(r.loadColdMs),
          r.queryMedianMs == null ? '–' : `${r.queryMedianMs.toFixed(2)} ms`,
          r.queryP95Ms == null ? '–' : `${r.queryP95Ms.toFixed(2)} ms`,
        ]),
      ),
    );
  }

  const build = sections.build;
  if (build?.status === 'ok') {
    const rows = build.summary as { content: string; articles: number; prerenderedRoutes: number | null; seconds: number }[];
    out.push(
      `**Build** (${when(build)}): clean \`next build\` and \`finish-build\` (page policies, brotli copies), wall clock.`,
      table(['content', 'articles', 'routes', 'wall time'], rows.map((r) => [r.content, r.articles, r.prerenderedRoutes ?? '–', `${r.seconds.toFixed(0)} s`])),
    );
  }

  const serving = sections.serving;
  if (serving?.status === 'ok') {
    const s = serving.summary as { rssAtStartMB: number; rssAtEndMB: number; pages: { page: string; htmlKB?: number; inlineRscKB?: number; rscKB?: number; cpuMsPerRequest?: number | null; requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number; rssBeforeMB: number; rssAfterMB: number }[] };
    out.push(
      `**Serving** (${when(serving)}): autocannon, 100 connections for 20 s per run, against \`npm start\`'s server (Next's request handler in one worker per core) on 127.0.0.1, same machine. CPU and memory are the whole server's: the primary and its workers.`,
      table(
        ['page', 'HTML', 'RSC in the HTML', 'RSC on navigation', 'requests/s', 'p50', 'p99', 'errors', 'non-2xx', 'server CPU per request', 'server RSS before → after'],
        s.pages.map((p) => [p.page, kbText(p.htmlKB), kbText(p.inlineRscKB), kbText(p.rscKB), p.requestsPerSecond, msText(p.p50Ms), msText(p.p99Ms), p.errors, p.non2xx, p.cpuMsPerRequest == null ? '–' : `${p.cpuMsPerRequest.toFixed(1)} ms`, `${p.rssBeforeMB} → ${p.rssAfterMB} MB`]),
      ),
    );
  }
  return out.join('\n\n') + '\n';
}
