#!/usr/bin/env node
/**
 * One production server: Next.js through its request handler (what `next start` runs, with the
 * build's header routes), plus the build's brotli scripts and styles for browsers that accept
 * them (scripts/brotli-assets.mjs). scripts/serve.mjs runs one per core.
 *
 *   node scripts/serve-worker.mjs [-p port] [-H hostname]
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { brotliResponse, loadBrotliAssets } from './brotli-assets.mjs';

// As `next start` does; before Next and React load, which pick their production builds by it.
process.env.NODE_ENV = 'production';
const { default: next } = await import('next');

const { values } = parseArgs({
  options: { port: { type: 'string', short: 'p', default: process.env.PORT ?? '3000' }, hostname: { type: 'string', short: 'H' } },
});
const port = Number(values.port);
const hostname = values.hostname;
const { headers: pageHeaders } = JSON.parse(readFileSync(new URL('../lib/http-headers.json', import.meta.url), 'utf8'));

const app = next({ dev: false, dir: process.cwd(), port, hostname });
const handle = app.getRequestHandler();
await app.prepare();
const assets = loadBrotliAssets(path.join(process.cwd(), '.next'), pageHeaders);

const server = createServer((request, response) => {
  const brotli = brotliResponse(assets, request);
  if (!brotli) {
    handle(request, response).catch((error) => {
      // Next answers its own errors; this is for one it could not, so the worker lives on.
      console.error(`serve: ${request.method} ${request.url}:`, error);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Internal server error');
    });
    return;
  }
  response.writeHead(200, brotli.headers);
  response.end(brotli.body);
});
server.listen(port, hostname, () => console.log(`ready on http://${hostname ?? 'localhost'}:${port} (${assets.size} brotli assets)`));

// Stop taking requests, finish the ones under way, then end (the primary kills what lingers).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
