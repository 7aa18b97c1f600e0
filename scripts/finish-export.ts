/**
 * After `EXPORT=1 next build`: write the static host configuration beside the export
 * (`_headers` and an nginx snippet), with each document's Content-Security-Policy computed from
 * the HTML that was exported, and invalidate .next. Next 16 builds an export through .next too,
 * so what is left there is an export-mode build that `next start` must not serve: removing its
 * BUILD_ID makes `npm start` build again.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pagePolicy, sandboxFramePolicy, withMetaPolicy } from '../lib/csp';
import { exportedPaths, headersFile, nginxSnippet, type ExportedDocument } from '../lib/host-config';
import { SANDBOX_FRAME_PATH } from '../lib/runtime/types';
import { GO_FRAME_PATH } from '../lib/runtime/go-frame';
import { copyGoAssets } from './go-wasm';

const outDir = process.argv[2] ?? 'out';
if (!existsSync(path.join(outDir, 'index.html'))) {
  console.error(`finish-export: no static export in ${outDir}/ (expected ${outDir}/index.html)`);
  process.exit(1);
}

const documents: ExportedDocument[] = readdirSync(outDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.html'))
  .sort()
  .map((file) => {
    const html = readFileSync(path.join(outDir, file), 'utf8');
    const paths = exportedPaths(file);
    return { paths, policy: paths.includes(SANDBOX_FRAME_PATH) || paths.includes(GO_FRAME_PATH) ? sandboxFramePolicy(html) : pagePolicy(html) };
  });

// A `_headers` host answers unknown URLs with 404.html under the `/*` rule only: it carries its policy itself.
const notFound = path.join(outDir, '404.html');
if (existsSync(notFound)) writeFileSync(notFound, withMetaPolicy(readFileSync(notFound, 'utf8')));

// The playgrounds' Go as WebAssembly and the in-page toolchain (scripts/go-wasm.ts), with brotli copies for hosts that serve them.
const goAssets = copyGoAssets(process.cwd(), path.join(outDir, '_next', 'static'));
// Every file under /_next/static/ is named by its content (Next's own, and the Go files): cache it for good.
const immutable = '/_next/static/*\n  Cache-Control: public, max-age=31536000, immutable\n';
writeFileSync(path.join(outDir, '_headers'), headersFile(documents) + immutable);
writeFileSync(path.join(outDir, 'nginx.conf'), nginxSnippet(documents));
rmSync(path.join('.next', 'BUILD_ID'), { force: true });
console.log(`static export in ${outDir}/ with _headers and nginx.conf (${documents.length} documents, ${goAssets.files} Go files); .next invalidated for next start`);
