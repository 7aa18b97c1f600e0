/**
 * After `EXPORT=1 next build`: write the static host configuration beside the export
 * (`_headers` and an nginx snippet), and invalidate .next. Next 16 builds an export through .next
 * too, so what is left there is an export-mode build that `next start` must not serve:
 * removing its BUILD_ID makes `npm start` build again.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { headersFile, nginxSnippet } from '../lib/host-config';

const outDir = process.argv[2] ?? 'out';
if (!existsSync(path.join(outDir, 'index.html'))) {
  console.error(`finish-export: no static export in ${outDir}/ (expected ${outDir}/index.html)`);
  process.exit(1);
}
writeFileSync(path.join(outDir, '_headers'), headersFile());
writeFileSync(path.join(outDir, 'nginx.conf'), nginxSnippet());
rmSync(path.join('.next', 'BUILD_ID'), { force: true });
console.log(`static export in ${outDir}/ with _headers and nginx.conf; .next invalidated for next start`);
