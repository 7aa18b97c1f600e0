/**
 * The WebContainer adapter's own logic, without a real boot (none can happen here: no network).
 * Run: node --import tsx --test tests/unit/runtime/*.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BOOT_LIMIT_MS,
  BootTimeoutError,
  buildFileTree,
  coepFromHeaders,
  createBooter,
  describeBootFailure,
  raceWithTimeout,
  spawnCommand,
  spawnEnv,
  toJsPath,
  WebContainerRuntime,
  type BootOutcome,
  type Timers,
} from '../../../lib/runtime/webcontainer';
import type { RuntimeTerminal } from '../../../lib/runtime/types';
import httpHeaders from '../../../lib/http-headers.json';

/** Timers whose clock moves only when the test says so. */
function manualTimers() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = ++seq;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => pending.delete(id as number),
  };
  return {
    timers,
    now: () => now,
    pending: () => pending.size,
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...pending]) {
        if (timer.at <= now) {
          pending.delete(id);
          timer.fn();
        }
      }
    },
  };
}

const never = <T>() => new Promise<T>(() => {});
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the file tree it mounts', () => {
  test('nests files in folders and adds a CommonJS package.json', () => {
    const tree = buildFileTree({ 'errgroup/main.js': 'main', 'errgroup/errgroup.js': 'lib', '_shared/sleep.js': 'sleep' });
    assert.deepEqual(Object.keys(tree).sort(), ['_shared', 'errgroup', 'package.json']);
    assert.deepEqual(tree.errgroup, { directory: { 'main.js': { file: { contents: 'main' } }, 'errgroup.js': { file: { contents: 'lib' } } } });
    assert.deepEqual(tree._shared, { directory: { 'sleep.js': { file: { contents: 'sleep' } } } });
    const pkg = tree['package.json'];
    assert.ok(pkg && 'file' in pkg && 'contents' in pkg.file);
    assert.equal(JSON.parse(String(pkg.file.contents)).type, 'commonjs');
  });

  test('handles deeper folders', () => {
    const tree = buildFileTree({ 'a/b/c.js': 'x' });
    assert.deepEqual(tree.a, { directory: { b: { directory: { 'c.js': { file: { contents: 'x' } } } } } });
  });

  test('refuses paths that climb out or clash', () => {
    assert.throws(() => buildFileTree({ '../etc/passwd': 'x' }), /invalid path/);
    assert.throws(() => buildFileTree({ a: 'file', 'a/b.js': 'x' }), /both a file and a folder/);
  });

  test('maps .ts paths to .js', () => {
    assert.equal(toJsPath('errgroup/main.ts'), 'errgroup/main.js');
    assert.equal(toJsPath('_shared/x.js'), '_shared/x.js');
  });
});

describe('the command it spawns', () => {
  test('node with the transpiled entry and the arguments', () => {
    assert.deepEqual(spawnCommand('errgroup/main.ts'), { command: 'node', args: ['errgroup/main.js'] });
    assert.deepEqual(spawnCommand('singleflight/main.ts', ['--fast']), { command: 'node', args: ['singleflight/main.js', '--fast'] });
  });

  test('the environment turns the trace channel on, whatever the caller passes', () => {
    const env = spawnEnv({ GFG_TRACE: '0', SEED: '7' });
    assert.equal(env.GFG_TRACE, '1');
    assert.equal(env.SEED, '7');
    assert.equal(env.FORCE_COLOR, '1');
  });

  test('the coep boot option matches the headers the site sends', () => {
    assert.equal(coepFromHeaders(httpHeaders.headers), 'require-corp');
    assert.equal(coepFromHeaders([{ key: 'cross-origin-embedder-policy', value: 'credentialless' }]), 'credentialless');
    assert.equal(coepFromHeaders([]), 'none');
  });
});

describe('the time limit', () => {
  test('the limit is at most 8 seconds', () => {
    assert.ok(BOOT_LIMIT_MS <= 8000);
  });

  test('a promise that never settles is rejected at the limit', async () => {
    const clock = manualTimers();
    const raced = raceWithTimeout(never<string>(), 8000, clock.timers);
    const box: { settled?: unknown } = {};
    raced.then(
      (v) => (box.settled = v),
      (e: unknown) => (box.settled = e),
    );
    clock.advance(7999);
    await flush();
    const settled = () => box.settled;
    assert.equal(settled(), undefined);
    clock.advance(1);
    await flush();
    const err = settled();
    assert.ok(err instanceof BootTimeoutError);
    assert.match(err.message, /did not start within 8 s/);
  });

  test('a promise that settles in time wins and clears its timer', async () => {
    const clock = manualTimers();
    assert.equal(await raceWithTimeout(Promise.resolve('ok'), 8000, clock.timers), 'ok');
    assert.equal(clock.pending(), 0);
    await assert.rejects(raceWithTimeout(Promise.reject(new Error('nope')), 8000, clock.timers), /nope/);
    assert.equal(clock.pending(), 0);
  });
});

describe('the memoised boot', () => {
  test('boots once, and every caller shares the outcome', async () => {
    let boots = 0;
    const booter = createBooter(
      async () => {
        boots++;
        return 'container';
      },
      { isolated: () => true },
    );
    const [a, b] = await Promise.all([booter(), booter()]);
    const c = await booter();
    assert.equal(boots, 1);
    assert.deepEqual(a, b);
    assert.equal(a, c);
    assert.ok(a.ok && a.value === 'container');
  });

  test('a hanging boot times out, and the failure is remembered without a second boot', async () => {
    const clock = manualTimers();
    let boots = 0;
    const booter = createBooter(
      () => {
        boots++;
        return never<string>();
      },
      { isolated: () => true, limitMs: 8000, timers: clock.timers, now: clock.now },
    );
    const first = booter();
    await flush();
    clock.advance(8000);
    const outcome = await first;
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok && outcome.reason === 'timeout' && outcome.ms === 8000);

    const second = await booter(); // at once: no new boot, no new wait
    assert.equal(second, outcome);
    assert.equal(boots, 1);
    assert.equal(clock.pending(), 0);
  });

  test('a boot that throws is remembered too', async () => {
    let boots = 0;
    const booter = createBooter(
      async () => {
        boots++;
        throw new Error('SharedArrayBuffer is not defined');
      },
      { isolated: () => true },
    );
    const a = await booter();
    const b = await booter();
    assert.ok(!a.ok && a.reason === 'error' && /SharedArrayBuffer/.test(a.message));
    assert.equal(a, b);
    assert.equal(boots, 1);
  });

  test('a page that is not cross-origin isolated never tries to boot', async () => {
    let boots = 0;
    const booter = createBooter(
      async () => {
        boots++;
        return 'x';
      },
      { isolated: () => false },
    );
    const outcome = await booter();
    assert.ok(!outcome.ok && outcome.reason === 'not-isolated');
    assert.equal(boots, 0);
  });

  test('failures are described in plain words', () => {
    assert.match(describeBootFailure({ ok: false, reason: 'timeout', message: '', ms: 8000 }), /did not start within 8 seconds.*stackblitz\.com/);
    assert.match(describeBootFailure({ ok: false, reason: 'not-isolated', message: '', ms: 0 }), /cross-origin isolated/);
    assert.match(describeBootFailure({ ok: false, reason: 'error', message: 'boom', ms: 1 }), /failed to start \(boom\)/);
  });
});

describe('the runtime with a failed boot', () => {
  test('run() reports the failure without touching a container', async () => {
    const failed: BootOutcome<never> = { ok: false, reason: 'timeout', message: 'x', ms: 8000 };
    const runtime = new WebContainerRuntime(async () => failed);
    let output = '';
    const terminal: RuntimeTerminal = { write: (text) => (output += text), onData: () => () => {}, cols: 80, rows: 24 };
    const phases: string[] = [];
    const result = await runtime.run({ files: { 'a/main.ts': '' }, entry: 'a/main.ts', timeLimitMs: 1000, outputLimitBytes: 1000, onPhase: (p) => phases.push(p) }, terminal);
    assert.equal(result.reason, 'error');
    assert.equal(result.exitCode, null);
    assert.match(output, /WebContainer unavailable/);
    assert.deepEqual(phases, ['booting']);
    await assert.rejects(runtime.boot(), /did not start within 8 seconds/);
  });
});
