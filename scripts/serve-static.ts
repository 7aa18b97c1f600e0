/**
 * Serves the static export as a plain static host would: files from out/, clean URLs, 404.html
 * for misses, and the headers out/_headers gives each URL path (every matching rule, merged the
 * way Netlify-style hosts merge them). Used by the browser tests.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { headersForPath, parseHeadersFile } from '../lib/host-config';

const root = path.resolve(process.argv[2] ?? 'out');
const port = Number(process.env.PORT ?? process.argv[3] ?? 3200);
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.a': 'application/octet-stream',
};

const headersPath = path.join(root, '_headers');
const rules = existsSync(headersPath) ? parseHeadersFile(readFileSync(headersPath, 'utf8')) : [];

function resolveFile(urlPath: string): string | undefined {
  const clean = urlPath.replace(/\/+$/, '') || '/index';
  for (const candidate of [clean, `${clean}.html`, `${clean}/index.html`]) {
    const file = path.join(root, candidate);
    if (file.startsWith(root) && existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

createServer((req, res) => {
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  for (const { key, value } of headersForPath(rules, urlPath)) res.setHeader(key, value);
  const file = resolveFile(urlPath) ?? resolveFile('/404');
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no static export in ${root} (run npm run export)\n`);
    return;
  }
  res.writeHead(file.endsWith(`${path.sep}404.html`) && urlPath !== '/404' ? 404 : 200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
}).listen(port, '127.0.0.1', () => console.log(`static export on http://127.0.0.1:${port}`));
