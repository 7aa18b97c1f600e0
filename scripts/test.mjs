#!/usr/bin/env node
// `npm test`: every check in order, stopping at the first failure: lint, typecheck, unit, Go, export, build, browser tests, Lighthouse.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { findChromium, NO_CHROMIUM_HELP } from './chromium.mjs';

const chromium = findChromium();
if (!chromium) {
  // Playwright's own download counts too, when present.
  const require = createRequire(import.meta.url);
  let bundled;
  try {
    bundled = require('playwright-core').chromium.executablePath();
  } catch {
    // playwright-core missing: no bundled browser either
  }
  if (!bundled || !existsSync(bundled)) {
    console.error(NO_CHROMIUM_HELP);
    process.exit(1);
  }
}

const steps = [
  ['lint', ['run', 'lint']],
  ['typecheck', ['run', 'typecheck']],
  ['unit tests', ['run', 'test:unit']],
  // The Go originals and the articles' tested Go packages (skipped without Go, except in CI).
  ['Go vet and tests', ['run', 'test:go']],
  // The export first: Next 16 builds it through .next, so the production build must come after.
  ['static export', ['run', 'export']],
  ['production build', ['run', 'build']],
  ['browser tests', ['run', 'test:e2e']],
  // Accessibility, best practices and SEO 100 with Lighthouse (one run per page and preset, about 3 min).
  ['Lighthouse budgets', ['run', 'test:lighthouse']],
];

for (const [name, args] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}: npm ${args.join(' ')}`);
  const result = spawnSync('npm', args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}
