/**
 * `npm run test:lighthouse` (the last step of `npm test`): Lighthouse accessibility, best practices
 * and SEO must be 100 on the home page, an article with a playground and a playground page, with
 * the mobile and the desktop preset. One run per page and preset against the production server
 * (scripts/serve.mjs) of the build in .next, on 127.0.0.1. Performance is printed, not enforced:
 * on a shared machine it moves with the load (`npm run bench -- --only lighthouse` takes medians).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { budgetFailures, runLighthouseBench } from './bench/lighthouse';
import { startNextServer } from './bench/server';

const root = process.cwd();
if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('No production build in .next: run `npm run build` first.');
  process.exit(1);
}

const server = await startNextServer(root);
let failures: string[];
try {
  const summaries = await runLighthouseBench(server.origin, { runs: 1 });
  failures = budgetFailures(summaries);
  const perf = summaries.map((s) => `${s.path} ${s.preset} ${s.median.scores.performance ?? '–'}`).join(', ');
  console.log(`  performance (reported, not enforced): ${perf}`);
} finally {
  await server.stop();
}
if (failures.length) {
  console.error(`\nLighthouse budget not met (accessibility, best practices and SEO must be 100):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('Lighthouse: accessibility, best practices and SEO 100 on every page, mobile and desktop.');
