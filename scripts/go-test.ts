/**
 * `npm run test:go`: go vet and go test over the repository module (the playgrounds' Go originals,
 * the articles' tested packages under content/go/) with the toolchain go.mod pins. Without Go it
 * says what was skipped, and fails when GFG_REQUIRE_GO=1 (CI).
 */
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../lib/site';
import { findGo, goEnv } from './go-check';

const toolchain = findGo(PROJECT_ROOT);
if (!toolchain) {
  console.error('Go not found: go vet and go test skipped (the playgrounds\' Go originals and content/go/). Install Go 1.26 or later.');
  process.exit(process.env.GFG_REQUIRE_GO === '1' ? 1 : 0);
}
console.log(toolchain.version);
// playgrounds/_shared is skipped by ./... (a leading underscore), so its Go package is named.
const packages = ['./...', './playgrounds/_shared/gfgtrace'];
for (const args of [['vet', ...packages], ['test', '-count=1', ...packages]]) {
  console.log(`$ go ${args.join(' ')}`);
  const result = spawnSync('go', args, { cwd: PROJECT_ROOT, env: goEnv(PROJECT_ROOT), stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
