/**
 * Brotli copies of the build's scripts and styles. `next start` compresses only with gzip, on
 * every request; a browser that accepts brotli gets these instead, compressed once at the
 * highest quality when the site is built (about 15 % smaller than gzip for the framework's code).
 * Only `/_next/static/`: its file names carry a content hash, so a copy can never be stale.
 * That includes `/_next/static/go/`, the playgrounds' Go as WebAssembly and the in-page Go
 * toolchain (scripts/go-wasm.ts), which arrive with their brotli copies already made (quality 11
 * on the 50 MB compiler takes minutes, so they are made once per content hash).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const CONTENT_TYPES = {
  '.js': 'application/javascript; charset=UTF-8',
  '.css': 'text/css; charset=UTF-8',
  '.wasm': 'application/wasm',
  '.a': 'application/octet-stream',
  '.json': 'application/json; charset=UTF-8',
};
const STATIC_URL = '/_next/static/';
/** Files under this folder of `<distDir>/static` come with their copies (scripts/go-wasm.ts). */
const PRECOMPRESSED_DIR = `go${path.sep}`;

/** The build's static scripts and styles, relative to `<distDir>/static`. */
function compressibleFiles(staticDir) {
  return readdirSync(staticDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && path.extname(entry.name) in CONTENT_TYPES)
    .map((entry) => path.relative(staticDir, path.join(entry.parentPath, entry.name)));
}

/** Write `<file>.br` beside each script and style of a build; returns how many and their sizes. */
export function writeBrotliAssets(distDir) {
  const staticDir = path.join(distDir, 'static');
  let raw = 0;
  let brotli = 0;
  const files = compressibleFiles(staticDir);
  for (const file of files) {
    const body = readFileSync(path.join(staticDir, file));
    if (file.startsWith(PRECOMPRESSED_DIR) && existsSync(path.join(staticDir, `${file}.br`))) {
      raw += body.length;
      brotli += readFileSync(path.join(staticDir, `${file}.br`)).length;
      continue;
    }
    const compressed = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
    writeFileSync(path.join(staticDir, `${file}.br`), compressed);
    raw += body.length;
    brotli += compressed.length;
  }
  return { files: files.length, raw, brotli };
}

/**
 * The brotli copies a build holds, read into memory once with their response headers (a server
 * answers them with no file system or header work): URL path -> body and headers. `pageHeaders`
 * are the headers every response carries (lib/http-headers.json). Files without a copy are left
 * to Next.
 */
export function loadBrotliAssets(distDir, pageHeaders) {
  const staticDir = path.join(distDir, 'static');
  const assets = new Map();
  for (const file of compressibleFiles(staticDir)) {
    let body;
    try {
      body = readFileSync(path.join(staticDir, `${file}.br`));
    } catch {
      continue; // no copy: a build without finish-build
    }
    const headers = {
      ...Object.fromEntries(pageHeaders.map(({ key, value }) => [key, value])),
      'Cache-Control': 'public, max-age=31536000, immutable',
      'Content-Type': CONTENT_TYPES[path.extname(file)],
      'Content-Encoding': 'br',
      'Content-Length': String(body.length),
      Vary: 'Accept-Encoding',
    };
    assets.set(STATIC_URL + file.split(path.sep).join('/'), { body, headers });
  }
  return assets;
}

/** Whether an Accept-Encoding header admits brotli (`br`, not refused with `q=0`). */
export function acceptsBrotli(acceptEncoding) {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'br') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * The brotli answer for a request, or undefined to let Next answer it: GET or HEAD of a static
 * asset that has a copy, from a client that accepts brotli, without a Range (Next serves ranges).
 */
export function brotliResponse(assets, request) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  if (request.headers.range || !acceptsBrotli(request.headers['accept-encoding'])) return undefined;
  const asset = assets.get((request.url ?? '').split('?')[0]);
  if (!asset) return undefined;
  return { headers: asset.headers, body: request.method === 'HEAD' ? undefined : asset.body };
}
