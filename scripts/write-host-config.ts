/** Writes the static host configuration beside the export: `_headers` and an nginx snippet. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { headersFile, nginxSnippet } from '../lib/host-config';

const outDir = process.argv[2] ?? 'out';
writeFileSync(path.join(outDir, '_headers'), headersFile());
writeFileSync(path.join(outDir, 'nginx.conf'), nginxSnippet());
console.log(`wrote ${outDir}/_headers and ${outDir}/nginx.conf`);
