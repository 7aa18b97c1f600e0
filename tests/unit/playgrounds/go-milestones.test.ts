/**
 * Each playground's TypeScript demo (through `npm run play --trace`) and its Go original (`go run`)
 * establish the same milestones. Real Node, real Go and the real modules; without Go the test
 * skips, except where GFG_REQUIRE_GO=1 (CI), where it fails.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { milestoneDifferences, milestonesOf, type Milestone } from '../../../lib/playgrounds/milestones';
import { loadPlaygrounds } from '../../../lib/playgrounds/registry';
import { findGo, goEnv } from '../../../scripts/go-check';

const repo = process.cwd();
const toolchain = findGo(repo);
if (!toolchain && process.env.GFG_REQUIRE_GO === '1') throw new Error('GFG_REQUIRE_GO=1 but Go is not on the PATH');
const tsx = pathToFileURL(path.join(repo, 'node_modules/tsx/dist/loader.mjs')).href;

function output(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repo, env: { ...env, GFG_TRACE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const withGo = loadPlaygrounds(path.join(repo, 'playgrounds')).playgrounds.filter((p) => p.goOriginal);

describe('TypeScript demos and their Go originals agree on every milestone', { skip: toolchain ? false : 'Go is not on the PATH' }, () => {
  // All runs at once: each demo takes seconds of mostly waiting.
  const runs = new Map<string, Promise<[Milestone[], Milestone[]]>>();
  const runBoth = (id: string) => {
    if (!runs.has(id)) {
      runs.set(
        id,
        Promise.all([
          output(process.execPath, ['--import', tsx, 'scripts/play.ts', '--trace', id], process.env),
          output('go', ['run', `./playgrounds/${id}`], goEnv(repo)),
        ]).then(([ts, go]) => {
          assert.equal(ts.code, 0, `npm run play -- ${id} exited ${ts.code}: ${ts.stderr}`);
          assert.equal(go.code, 0, `go run ./playgrounds/${id} exited ${go.code}: ${go.stderr}`);
          return [milestonesOf(ts.stdout), milestonesOf(go.stdout)];
        }),
      );
    }
    return runs.get(id)!;
  };
  for (const playground of withGo) runBoth(playground.id);

  for (const playground of withGo) {
    test(playground.id, async () => {
      const [ts, go] = await runBoth(playground.id);
      assert.ok(ts.length >= 2, `${playground.id}: the TypeScript demo emits at least two milestones (got ${ts.length})`);
      assert.deepEqual(milestoneDifferences(ts, go), [], `${playground.id}: TypeScript and Go disagree`);
    });
  }
});
