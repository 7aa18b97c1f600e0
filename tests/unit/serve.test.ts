import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const SERVE = path.resolve('scripts', 'serve.mjs');

test('npm start: a worker that cannot start stops the whole server with its exit code and says why', () => {
  // A folder without a production build: `next start` fails in every worker.
  const empty = mkdtempSync(path.join(tmpdir(), 'gfg-serve-'));
  const result = spawnSync(process.execPath, [SERVE, '-p', '0', '-H', '127.0.0.1'], {
    cwd: empty,
    env: { ...process.env, WEB_CONCURRENCY: '2', NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(result.signal, null, 'it stopped by itself, not by the time limit');
  assert.equal(result.status, 1);
  assert.match(result.stdout, /serve: 2 workers \(-p 0 -H 127\.0\.0\.1\)/);
  assert.match(result.stderr, /Could not find a production build/);
  assert.match(result.stderr, /serve: a worker ended \(code 1\) before it could serve; stopping/);
  assert.doesNotMatch(result.stderr, /starting another/, 'no restart loop');
});
