/**
 * After `next build`, two things for the production server (scripts/serve.mjs):
 * - brotli copies of the build's scripts and styles (scripts/brotli-assets.mjs);
 * - the Go files of scripts/go-wasm.ts, copied into static/go/ with their brotli copies;
 * - each prerendered page's Content-Security-Policy.
 *
 * The policies: Next reads custom header routes from the build's routes-manifest.json. A page's
 * policy hashes its prerendered HTML, which exists only once the build has run, so the routes are
 * added to the manifest here rather than declared in next.config.js. (A request-time proxy did
 * this before; it doubled the server's CPU per request.) Running this twice replaces what the
 * first run added, and rewrites the brotli copies.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pagePolicy } from '../lib/csp';
import { writeBrotliAssets } from './brotli-assets.mjs';
import { copyGoAssets } from './go-wasm';
import { exportedPaths, nextHeaderRoutes, type NextHeaderRoute } from '../lib/host-config';

const distDir = process.argv[2] ?? '.next';
const appDir = path.join(distDir, 'server', 'app');
const manifestFile = path.join(distDir, 'routes-manifest.json');
const notFoundFile = '_not-found.html';
if (!existsSync(manifestFile) || !existsSync(path.join(appDir, notFoundFile))) {
  console.error(`finish-build: no production build in ${distDir}/ (expected ${manifestFile} and ${path.join(appDir, notFoundFile)})`);
  process.exit(1);
}

const pages: { path: string; policy: string }[] = [];
const htmlFiles = readdirSync(appDir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
  .map((entry) => path.relative(appDir, path.join(entry.parentPath, entry.name)))
  .sort();
for (const file of htmlFiles) {
  // Next's own documents (_not-found, _global-error) are not pages with a URL of their own.
  if (path.basename(file).startsWith('_')) continue;
  // `articles/errgroup.html` is served at `/articles/errgroup` (`exportedPaths` lists the clean path first).
  pages.push({ path: exportedPaths(file)[0]!, policy: pagePolicy(readFileSync(path.join(appDir, file), 'utf8')) });
}
const notFoundPolicy = pagePolicy(readFileSync(path.join(appDir, notFoundFile), 'utf8'));

const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { headers: NextHeaderRoute[] };
manifest.headers = nextHeaderRoutes(pages, notFoundPolicy, manifest.headers);
writeFileSync(manifestFile, JSON.stringify(manifest));
console.log(`finish-build: a Content-Security-Policy for each of ${pages.length} pages, and the 404 page's for other paths, in ${manifestFile}`);

// The playgrounds' Go as WebAssembly and the in-page toolchain (scripts/go-wasm.ts ran before next build).
const goAssets = copyGoAssets(process.cwd(), path.join(distDir, 'static'));
if (goAssets.files) console.log(`finish-build: ${goAssets.files} Go files (WebAssembly, wasm_exec.js, toolchain) in ${distDir}/static/go (${(goAssets.bytes / 1e6).toFixed(1)} MB raw)`);

const brotli = writeBrotliAssets(distDir);
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
console.log(`finish-build: brotli copies of ${brotli.files} scripts and styles (${kb(brotli.raw)} -> ${kb(brotli.brotli)})`);
