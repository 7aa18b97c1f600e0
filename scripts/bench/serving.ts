/**
 * Load test of `next start` on loopback with autocannon: a fixed number of connections for a
 * fixed time per page, then it stops by itself. Only 127.0.0.1 is ever a target.
 */
import autocannon from 'autocannon';
import type { RunningServer } from './server';

export const SERVING_ROUTES = [
  { name: 'home', path: '/' },
  { name: 'article', path: '/articles/errgroup-package' },
] as const;

export interface ServingResult {
  name: string;
  path: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  timeouts: number;
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
    // One warm request so the figures measure serving, not the first render.
    await (await fetch(url)).arrayBuffer();
    const rssBeforeBytes = server.rssBytes();
    log(`  autocannon ${route.path}: ${connections} connections for ${durationSeconds} s…`);
    const result = await autocannon({ url, connections, duration: durationSeconds, timeout: 10 });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    results.push({
      name: route.name,
      path: route.path,
      connections,
      durationSeconds,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      rssBeforeBytes,
      rssAfterBytes: server.rssBytes(),
    });
  }
  return { rssAtStartBytes, rssAtEndBytes: server.rssBytes(), results };
}
