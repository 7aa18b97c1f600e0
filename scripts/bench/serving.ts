/**
 * Load test of the production server (Next in one worker per core, scripts/serve.mjs) on loopback
 * with autocannon: a fixed number of connections for a fixed time per run, then it stops by
 * itself. Only 127.0.0.1 is ever a target.
 */
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { inlineFlight } from '../../lib/perf/page-weight';
import type { RunningServer } from './server';

/** The article runs twice: the server's memory after the second run shows whether it keeps growing. */
export const SERVING_ROUTES = [
  { name: '`/`', path: '/' },
  { name: '`/articles/errgroup-package`', path: '/articles/errgroup-package' },
  { name: 'the same article, again', path: '/articles/errgroup-package' },
] as const;

/** What one request for the page carries: its HTML, the RSC (flight) data inlined in it, and the RSC payload of a client-side navigation. */
export interface PageWeight {
  htmlBytes: number;
  htmlGzipBytes: number;
  /** The `self.__next_f.push(…)` scripts in the HTML: the page's flight data, escaped for a script. */
  inlineFlightBytes: number;
  /** The response to a client-side navigation (`RSC: 1`). */
  rscBytes: number;
}

export async function pageWeight(url: string): Promise<PageWeight> {
  const html = Buffer.from(await (await fetch(url)).arrayBuffer());
  const text = html.toString('utf8');
  const inlineFlightBytes = inlineFlight(text).bytes;
  const rsc = await fetch(url, { headers: { RSC: '1' } });
  return { htmlBytes: html.length, htmlGzipBytes: gzipSync(html).length, inlineFlightBytes, rscBytes: (await rsc.arrayBuffer()).byteLength };
}

export interface ServingResult {
  /** How the tables name the run (Markdown). */
  name: string;
  path: string;
  weight: PageWeight;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  timeouts: number;
  /**
   * Server CPU time per request during the test. Unlike requests/s it hardly depends on what else
   * the machine runs, so it compares builds on a shared machine.
   */
  cpuMsPerRequest: number | null;
  non2xx: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
}

export interface ServingBench {
  rssAtStartBytes: number;
  rssAtEndBytes: number;
  results: ServingResult[];
}

export async function runServingBench(server: RunningServer, { connections = 100, durationSeconds = 20, log = console.log } = {}): Promise<ServingBench> {
  const origin = new URL(server.origin);
  if (origin.hostname !== '127.0.0.1' && origin.hostname !== 'localhost') throw new Error(`load tests target loopback only, not ${origin.hostname}`);
  const rssAtStartBytes = server.rssBytes();
  const results: ServingResult[] = [];
  for (const route of SERVING_ROUTES) {
    const url = `${server.origin}${route.path}`;
    // Warm requests, several at once so each worker gets some: the figures measure serving, not the first render.
    await Promise.all(Array.from({ length: 8 }, async () => (await fetch(url)).arrayBuffer()));
    const weight = await pageWeight(url);
    const rssBeforeBytes = server.rssBytes();
    const cpuBefore = server.cpuMs?.();
    log(`  autocannon ${route.path}: ${connections} connections for ${durationSeconds} s…`);
    const result = await autocannon({ url, connections, duration: durationSeconds, timeout: 10 });
    const cpuAfter = server.cpuMs?.();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    results.push({
      name: route.name,
      path: route.path,
      weight,
      connections,
      durationSeconds,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      errors: result.errors,
      timeouts: result.timeouts,
      cpuMsPerRequest: cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0 ? null : (cpuAfter - cpuBefore) / result.requests.total,
      non2xx: result.non2xx,
      rssBeforeBytes,
      rssAfterBytes: server.rssBytes(),
    });
  }
  return { rssAtStartBytes, rssAtEndBytes: server.rssBytes(), results };
}
