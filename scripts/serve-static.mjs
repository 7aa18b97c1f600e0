#!/usr/bin/env node
// Serves the static export as a plain static host would: files from out/, clean URLs,
// 404.html for misses, and the headers from out/_headers. Used by the browser tests.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? 'out');
const port = Number(process.env.PORT ?? process.argv[3] ?? 3200);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.map': 'application/json' };

const headerLines = existsSync(path.join(root, '_headers')) ? readFileSync(path.join(root, '_headers'), 'utf8').split('\n') : [];
// Only the catch-all rule is written by scripts/finish-export.ts; keep it simple and strict.
const headers = headerLines.filter((line) => /^\s+\S/.test(line)).map((line) => line.trim().split(/:\s(.*)/s).slice(0, 2));

function resolveFile(urlPath) {
  const clean = decodeURIComponent(urlPath.split('?')[0]).replace(/\/+$/, '') || '/index';
  for (const candidate of [clean, `${clean}.html`, `${clean}/index.html`]) {
    const file = path.join(root, candidate);
    if (file.startsWith(root) && existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

createServer((req, res) => {
  for (const [key, value] of headers) res.setHeader(key, value);
  const file = resolveFile(req.url ?? '/');
  const status = file ? 200 : 404;
  const body = file ?? path.join(root, '404.html');
  res.writeHead(status, { 'Content-Type': TYPES[path.extname(body)] ?? 'application/octet-stream' });
  res.end(readFileSync(body));
}).listen(port, '127.0.0.1', () => console.log(`static export on http://127.0.0.1:${port}`));
