/**
 * The WebContainer adapter against a scripted double of @webcontainer/api (webcontainer-double.ts):
 * no real boot can happen here (no route to stackblitz.com). Each test names the review finding
 * it holds (the last section of docs/review-responses.md). Run: node --import tsx --test tests/unit/runtime/*.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import httpHeaders from '../../../lib/http-headers.json';
import { decideRuntime, type WebContainerSource } from '../../../lib/runtime/choose';
import type { RunRequest, RunResult, Runtime, RuntimeTerminal } from '../../../lib/runtime/types';
import {
  BOOT_MEMORY_KEY,
  buildFileTree,
  coepFromHeaders,
  ContainerManager,
  describeBootFailure,
  isAppleMobile,
  OutputDecoder,
  pageContainer,
  raceWithTimeout,
  spawnCommand,
  spawnEnv,
  storageBootMemory,
  toJsPath,
  TTY_MODULE_PATH,
  WebContainerRuntime,
  type Container,
} from '../../../lib/runtime/webcontainer';
import { ContainerDouble, scriptedBoot, ScriptedProcess } from './webcontainer-double';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = <T>() => new Promise<T>(() => {});

function terminal(): RuntimeTerminal & { text: () => string; type: (data: string) => void } {
  let output = '';
  const listeners = new Set<(data: string) => void>();
  return {
    write: (text) => void (output += text),
    onData: (callback) => {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    cols: 80,
    rows: 24,
    text: () => output,
    type: (data) => listeners.forEach((l) => l(data)),
  };
}

/** A stand-in for the sandbox: records what it was asked to run. */
function fallbackRuntime(): Runtime & { runs: RunRequest[] } {
  const runs: RunRequest[] = [];
  return {
    kind: 'sandbox',
    runs,
    boot: async () => {},
    run: async (request, term) => {
      runs.push(request);
      term.write('ran in the sandbox\r\n');
      return { reason: 'exit', exitCode: 0, durationMs: 1 };
    },
    writeInput: () => {},
    resize: () => {},
    kill: () => {},
    dispose: () => {},
  };
}

async function readyManager(container: Container, options: Partial<ConstructorParameters<typeof ContainerManager>[0]> = {}) {
  const manager = new ContainerManager({ boot: async () => container, isolated: () => true, ...options });
  const outcome = await manager.start();
  assert.ok(outcome.ok);
  return manager;
}

const request = (main: string, extra: Partial<RunRequest> = {}): RunRequest => ({ files: { 'demo/main.ts': main }, entry: 'demo/main.ts', timeLimitMs: 5000, outputLimitBytes: 100_000, ...extra });

function setup(script: ConstructorParameters<typeof ContainerDouble>[0] = {}, options: { killGraceMs?: number; rpcLimitMs?: number; livenessIntervalMs?: number; exitDrainMs?: number } = {}) {
  const container = new ContainerDouble(script);
  const fallback = fallbackRuntime();
  return {
    container,
    fallback,
    async runtime(managerOptions: Partial<ConstructorParameters<typeof ContainerManager>[0]> = {}) {
      const manager = await readyManager(container, managerOptions);
      return { manager, runtime: new WebContainerRuntime({ manager, fallback: () => fallback, rpcLimitMs: 100, killGraceMs: 100, livenessIntervalMs: 10_000, exitDrainMs: 200, ...options }) };
    },
  };
}

describe('A1: every call into the container has a time limit', () => {
  for (const rpc of ['mount', 'spawn', 'mkdir'] as const) {
    test(`a ${rpc} that never answers: the run goes to the sandbox with a plain message, the container is torn down, one new boot`, async () => {
      const { container, fallback, runtime } = setup({ hang: new Set([rpc]) });
      let boots = 0;
      const { runtime: wc, manager } = await runtime({ boot: async () => (boots++, container) });
      const term = terminal();
      const started = Date.now();
      const result = await wc.run(request("console.log('hi');\n"), term);
      assert.ok(Date.now() - started < 2000, 'bounded by the RPC limit');
      assert.equal(result.runtime, 'sandbox');
      assert.equal(fallback.runs.length, 1);
      assert.match(term.text(), /took longer than 0\.1 s.*shut down.*This run went to the in-browser sandbox/s);
      assert.ok(container.tornDown);
      await sleep(10);
      assert.equal(boots, 2, 'one new boot');
      assert.ok(manager.current()?.ok);
      container.dispose();
    });
  }

  test('a second death on the same page is not rebooted again', async () => {
    const container = new ContainerDouble({ hang: new Set(['mount']) });
    let boots = 0;
    const manager = await readyManager(container, { boot: async () => (boots++, container) });
    manager.died(container, 'first');
    await sleep(5);
    container.tornDown = false;
    assert.match(manager.died(container, 'second'), /rest of this page/);
    assert.equal(boots, 2);
    assert.equal(manager.current()?.ok, false);
    container.dispose();
  });
});

describe('A2: Stop means stopped', () => {
  test('a process that ignores kill takes the container down within the grace period; a new one boots; the reader is told', async () => {
    const proc = new ScriptedProcess();
    proc.killable = false;
    const { container, runtime } = setup({ process: () => proc });
    let boots = 0;
    const { runtime: wc } = await runtime({ boot: async () => (boots++, container) });
    const term = terminal();
    const result = await wc.run(request('while (true) {}\n', { timeLimitMs: 50 }), term);
    assert.equal(result.reason, 'timeout');
    assert.equal(proc.kills, 1);
    await sleep(200);
    assert.ok(container.tornDown, 'torn down because kill did not work');
    assert.match(term.text(), /did not stop when asked.*shut down to stop it.*new one is starting/s);
    assert.equal(boots, 2);
    container.dispose();
  });

  test('a process that exits when killed leaves the container alone', async () => {
    const proc = new ScriptedProcess();
    const { container, runtime } = setup({ process: () => proc });
    const { runtime: wc } = await runtime();
    const term = terminal();
    const running = wc.run(request('x'), term);
    await sleep(20);
    wc.kill();
    const result = await running;
    assert.equal(result.reason, 'killed');
    await sleep(200);
    assert.equal(container.tornDown, false);
    container.dispose();
  });

  test('an output flood is cancelled at the stream, not merely ignored', async () => {
    const proc = new ScriptedProcess();
    const { container, runtime } = setup({ process: () => proc });
    const { runtime: wc } = await runtime();
    const term = terminal();
    const running = wc.run(request('flood', { outputLimitBytes: 1000 }), term);
    await sleep(20);
    for (let i = 0; i < 50; i++) proc.write('x'.repeat(100));
    const result = await running;
    assert.equal(result.reason, 'output-limit');
    await sleep(10);
    assert.ok(proc.cancelled, 'the output stream was cancelled');
    container.dispose();
  });
});

describe('A3: a container that dies mid-run is noticed', () => {
  test('no answer to the liveness call ends the run as crashed and replaces the container', async () => {
    const proc = new ScriptedProcess();
    const hang = new Set<'readdir'>();
    const container = new ContainerDouble({ process: () => proc, hang });
    const manager = await readyManager(container);
    const wc = new WebContainerRuntime({ manager, fallback: fallbackRuntime, rpcLimitMs: 50, livenessIntervalMs: 20, killGraceMs: 50 });
    const term = terminal();
    const running = wc.run(request('const keep = []; while (true) keep.push(new Array(1e6));'), term);
    await sleep(30);
    hang.add('readdir'); // the iframe's renderer died
    const result = await running;
    assert.equal(result.reason, 'crashed');
    assert.match(term.text(), /stopped answering while the program ran/);
    assert.ok(container.tornDown);
    container.dispose();
  });
});

describe('A4: output after exit is kept', () => {
  test('the last chunk, arriving after the exit promise, is written before the run ends', async () => {
    const proc = new ScriptedProcess();
    const { container, runtime } = setup({ process: () => proc });
    const { runtime: wc } = await runtime();
    const term = terminal();
    const running = wc.run(request('x'), term);
    await sleep(20);
    proc.write('work\r\n');
    proc.exitWith(0);
    await sleep(5);
    proc.write('summary: all done\r\n');
    proc.closeOutput();
    const result = await running;
    assert.equal(result.reason, 'exit');
    assert.match(term.text(), /work\r\nsummary: all done/);
    container.dispose();
  });
});

describe('A5: Stop and Restart while a run is starting', () => {
  test('Stop during mount: the program never runs', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { container, runtime } = setup({ gate: (name) => (name === 'mount' ? gate : undefined), process: () => new ScriptedProcess() });
    const { runtime: wc } = await runtime();
    const term = terminal();
    const running = wc.run(request('x'), term);
    await sleep(20);
    wc.kill();
    open();
    const result = await running;
    assert.equal(result.reason, 'killed');
    assert.equal(container.processes.length, 0, 'nothing was spawned');
    container.dispose();
  });

  test('Restart during spawn runs one program, and its stdin reaches it', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let spawns = 0;
    const procs: ScriptedProcess[] = [];
    const { container, runtime } = setup({
      gate: (name) => (name === 'spawn' && spawns++ === 0 ? gate : undefined),
      process: () => {
        const p = new ScriptedProcess();
        procs.push(p);
        return p;
      },
    });
    const { runtime: wc } = await runtime();
    const term = terminal();
    const first = wc.run(request('first'), term);
    await sleep(20);
    const second = wc.run(request('second'), term); // Restart
    open();
    assert.equal((await first).reason, 'killed');
    await sleep(20);
    term.type('typed\r');
    await sleep(10);
    const live = procs.filter((p) => p.kills === 0);
    assert.equal(live.length, 1, 'one program runs');
    assert.deepEqual(live[0]!.typed, ['typed\r'], 'stdin reaches the program that runs');
    live[0]!.exitWith(0);
    live[0]!.closeOutput();
    assert.equal((await second).reason, 'exit');
    container.dispose();
  });
});

describe('A6: the container error event', () => {
  test('an error event ends the run, tears the container down, and the next boot is tried once', async () => {
    const proc = new ScriptedProcess();
    const { container, runtime } = setup({ process: () => proc });
    let boots = 0;
    const { runtime: wc, manager } = await runtime({ boot: async () => (boots++, container) });
    const term = terminal();
    const running = wc.run(request('x'), term);
    await sleep(20);
    container.emitError('Unable to create more instances');
    const result = await running;
    assert.equal(result.reason, 'crashed');
    assert.match(term.text(), /stopped working \(it reported an internal error: Unable to create more instances\)/);
    assert.ok(container.tornDown);
    await sleep(5);
    assert.equal(boots, 2);
    assert.ok(manager.current());
    container.dispose();
  });
});

describe('A7 and B1/B2: the boot never makes a Run wait', () => {
  test('a Run waits at most the run limit for a boot under way, then runs in the sandbox, saying so', async () => {
    const manager = new ContainerManager({ boot: never, isolated: () => true });
    const started = Date.now();
    const waits: number[] = [];
    const decision = await decideRuntime({ preference: 'auto', source: 'default', webContainer: manager, waitMs: 100, onWait: () => waits.push(Date.now()) });
    assert.ok(Date.now() - started < 500);
    assert.equal(decision.kind, 'sandbox');
    assert.match(decision.reason, /still starting.*does not wait for it.*Later runs use it once it is up/);
    assert.equal(waits.length, 1);
  });

  test('a boot that finishes after the run limit is used by the next run', async () => {
    const container = new ContainerDouble();
    const { boot } = scriptedBoot(container, { delayMs: 150 });
    const manager = new ContainerManager({ boot, isolated: () => true });
    assert.equal((await decideRuntime({ preference: 'auto', source: 'default', webContainer: manager, waitMs: 50 })).kind, 'sandbox');
    await sleep(200);
    assert.equal((await decideRuntime({ preference: 'auto', source: 'default', webContainer: manager, waitMs: 50 })).kind, 'webcontainer');
    container.dispose();
  });

  test('A13: a ready container makes no wait and no booting status', async () => {
    const container = new ContainerDouble();
    const manager = await readyManager(container);
    const waits: number[] = [];
    const decision = await decideRuntime({ preference: 'auto', source: 'default', webContainer: manager, onWait: () => waits.push(1) });
    assert.equal(decision.kind, 'webcontainer');
    assert.deepEqual(waits, []);
    container.dispose();
  });

  test('a boot that succeeds after the boot limit is torn down, not left running', async () => {
    const container = new ContainerDouble();
    const { boot } = scriptedBoot(container, { delayMs: 100 });
    const manager = new ContainerManager({ boot, isolated: () => true, limitMs: 30 });
    const outcome = await manager.start();
    assert.ok(!outcome.ok && outcome.reason === 'timeout');
    await sleep(150);
    assert.ok(container.tornDown, 'the late container was torn down');
    container.dispose();
  });

  test('B2: a failed boot is remembered across page loads, until it expires', async () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    let now = 1_000_000;
    const first = new ContainerManager({ boot: async () => Promise.reject(new Error('SharedArrayBuffer is not defined')), isolated: () => true, memory: storageBootMemory(storage, 60_000), clock: () => now });
    const failed = await first.start();
    assert.ok(!failed.ok && failed.reason === 'error');
    assert.ok(store.has(BOOT_MEMORY_KEY));
    // The next page load: no boot at all.
    const second = new ContainerManager({ boot: async () => assert.fail('must not boot'), isolated: () => true, memory: storageBootMemory(storage, 60_000), clock: () => now });
    const remembered = await second.start();
    assert.ok(!remembered.ok && remembered.reason === 'remembered');
    assert.equal(second.boots, 0);
    const decision = await decideRuntime({ preference: 'auto', source: 'default', webContainer: second });
    assert.match(decision.reason, /could not start in this browser within the last day/);
    // The reader who chooses WebContainer tries anyway.
    const container = new ContainerDouble();
    const third = new ContainerManager({ boot: async () => container, isolated: () => true, memory: storageBootMemory(storage, 60_000), clock: () => now });
    assert.equal((await decideRuntime({ preference: 'webcontainer', source: 'setting', webContainer: third })).kind, 'webcontainer');
    assert.ok(!store.has(BOOT_MEMORY_KEY), 'a success forgets the failure');
    // After the expiry, automatic mode tries again.
    storageBootMemory(storage, 60_000).failed(now, 'x');
    now += 61_000;
    const fourth = new ContainerManager({ boot: async () => container, isolated: () => true, memory: storageBootMemory(storage, 60_000), clock: () => now });
    assert.ok((await fourth.start()).ok);
    container.dispose();
  });

  test('B2/B3: two boots in a row that never finished (the page closed or crashed) count as a failure', async () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    const memory = storageBootMemory(storage);
    memory.started(Date.now());
    assert.equal(memory.recentFailure(Date.now()), undefined);
    memory.started(Date.now());
    assert.match(memory.recentFailure(Date.now())?.message ?? '', /closed or crashed twice/);
  });

  test('the boot is tried once: a failure is never booted again on the page', async () => {
    let boots = 0;
    const manager = new ContainerManager({ boot: () => (boots++, never<Container>()), isolated: () => true, limitMs: 30 });
    const [a, b] = await Promise.all([manager.start(), manager.start()]);
    assert.equal(a, b);
    await manager.start();
    assert.equal(boots, 1);
  });

  test('a page that is not cross-origin isolated never boots', async () => {
    const manager = new ContainerManager({ boot: async () => assert.fail('no boot'), isolated: () => false });
    const outcome = await manager.start();
    assert.ok(!outcome.ok && outcome.reason === 'not-isolated');
    assert.equal(manager.boots, 0);
  });
});

describe('A8: each run has its own folder', () => {
  test('two runs mount into two folders and each spawns in its own', async () => {
    const procs: ScriptedProcess[] = [];
    const { container, runtime } = setup({
      process: () => {
        const p = new ScriptedProcess();
        procs.push(p);
        return p;
      },
    });
    const { runtime: a } = await runtime();
    const b = new WebContainerRuntime({ manager: (a as unknown as { manager: ContainerManager }).manager });
    const runs = [a.run(request('a'), terminal()), b.run(request('b'), terminal())];
    await sleep(30);
    const mountPoints = [...container.mounted.keys()];
    assert.equal(mountPoints.length, 2);
    assert.notEqual(mountPoints[0], mountPoints[1]);
    for (const point of mountPoints) assert.ok(container.calls.some((c) => c.startsWith('spawn') && c.endsWith(`(cwd ${point})`)), point);
    for (const p of procs) {
      p.exitWith(0);
      p.closeOutput();
    }
    await Promise.all(runs);
    container.dispose();
  });
});

describe('A9: one container per page, even when the module is evaluated again', () => {
  test('a second copy of the module finds the same manager', async () => {
    const again = (await import(`../../../lib/runtime/webcontainer.ts?fast-refresh=${Date.now()}`)) as typeof import('../../../lib/runtime/webcontainer');
    assert.notEqual(again.pageContainer, pageContainer, 'a second module instance');
    assert.equal(again.pageContainer(), pageContainer());
  });
});

describe('A10: the time-out message', () => {
  test('names an unaccepted client id as a possible cause, not only the network', () => {
    const text = describeBootFailure({ ok: false, reason: 'timeout', message: '', ms: 30_000 });
    assert.match(text, /did not start within 30 seconds/);
    assert.match(text, /stackblitz\.com/);
    assert.match(text, /client id is not accepted/);
  });
});

describe('A11: a character split across output chunks', () => {
  test('the decoder joins escaped bytes split anywhere', () => {
    const decoder = new OutputDecoder();
    const sent = 'a°b ✓\x1b]7337;{"x":1}\x07 end';
    const bytes = new TextEncoder().encode(sent);
    let wire = '';
    for (let i = 0; i < bytes.length; ) {
      let j = i;
      while (j < bytes.length && bytes[j]! < 0x80) j++;
      wire += String.fromCharCode(...bytes.subarray(i, j));
      let k = j;
      while (k < bytes.length && bytes[k]! >= 0x80) k++;
      if (k > j) wire += `\x1b]7338;${Buffer.from(bytes.subarray(j, k)).toString('hex')}\x07`;
      i = k;
    }
    let out = '';
    for (let i = 0; i < wire.length; i += 3) out += decoder.push(wire.slice(i, i + 3));
    out += decoder.end();
    assert.equal(out, sent);
  });

  test('real Node through the double, its output cut every byte: the characters arrive whole', async () => {
    const { container, runtime } = setup({ chunkBytes: 1 });
    const { runtime: wc } = await runtime();
    const term = terminal();
    const result = await wc.run(request("console.log('27 °C, ✓ naïve, 🚀');\nprocess.stdout.write(Buffer.from([0xe2, 0x9c]));\nprocess.stdout.write(Buffer.from([0x93, 10]));\n"), term);
    assert.equal(result.reason, 'exit');
    assert.equal(result.exitCode, 0);
    assert.match(term.text(), /27 °C, ✓ naïve, 🚀\n✓\n/);
    assert.doesNotMatch(term.text(), /\uFFFD/);
    container.dispose();
  });

  test('without the output module the same chunks lose the characters (what the API does on its own)', async () => {
    const container = new ContainerDouble({ chunkBytes: 1 });
    await container.mount({ 'main.mjs': { file: { contents: "console.log('27 °C');\n" } } }, { mountPoint: 'raw' });
    const proc = await container.spawn('node', ['main.mjs'], { cwd: 'raw' });
    let text = '';
    await proc.output.pipeTo(new WritableStream({ write: (chunk) => void (text += chunk) }));
    assert.match(text, /\uFFFD/);
    container.dispose();
  });
});

describe('A12: the command line', () => {
  test('the terminal is told the command the container really runs', async () => {
    const proc = new ScriptedProcess();
    const { container, runtime } = setup({ process: () => proc });
    const { runtime: wc } = await runtime();
    const commands: string[] = [];
    const phases: string[] = [];
    const running = wc.run(request('x', { onCommand: (c) => commands.push(c), onPhase: (p) => phases.push(p) }), terminal());
    await sleep(20);
    proc.exitWith(0);
    proc.closeOutput();
    await running;
    assert.deepEqual(commands, ['node demo/main.js']);
    assert.deepEqual(phases, ['transpiling', 'starting', 'running'], 'A13: no booting phase for a ready container');
    container.dispose();
  });
});

describe('B3: iPhone and iPad', () => {
  test('are recognised, iPadOS included', () => {
    assert.ok(isAppleMobile({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)' }));
    assert.ok(isAppleMobile({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', platform: 'MacIntel', maxTouchPoints: 5 }));
    assert.ok(!isAppleMobile({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', platform: 'MacIntel', maxTouchPoints: 0 }));
  });

  test('automatic mode does not start a WebContainer there; the reader who chooses one gets it', async () => {
    const container = new ContainerDouble();
    let boots = 0;
    const source: WebContainerSource = new ContainerManager({ boot: async () => (boots++, container), isolated: () => true });
    const auto = await decideRuntime({ preference: 'auto', source: 'default', webContainer: source, appleMobile: true });
    assert.equal(auto.kind, 'sandbox');
    assert.match(auto.reason, /crash Safari on iPhone and iPad/);
    assert.equal(boots, 0);
    const chosen = await decideRuntime({ preference: 'webcontainer', source: 'setting', webContainer: source, appleMobile: true });
    assert.equal(chosen.kind, 'webcontainer');
    container.dispose();
  });
});

describe('the pure parts', () => {
  test('the tree: ES modules, nested folders, the output module, nothing climbing out', () => {
    const tree = buildFileTree({ 'errgroup/main.js': 'main', '_shared/sleep.js': 'sleep' });
    assert.deepEqual(Object.keys(tree).sort(), ['_gfg', '_shared', 'errgroup', 'package.json']);
    const pkg = tree['package.json'];
    assert.ok(pkg && 'file' in pkg && 'contents' in pkg.file);
    assert.equal(JSON.parse(String(pkg.file.contents)).type, 'module');
    assert.ok(TTY_MODULE_PATH.startsWith('_gfg/'));
    assert.throws(() => buildFileTree({ '../etc/passwd': 'x' }), /invalid path/);
    assert.throws(() => buildFileTree({ a: 'file', 'a/b.js': 'x' }), /both a file and a folder/);
  });

  test('the command, the environment, coep', () => {
    assert.equal(toJsPath('errgroup/main.ts'), 'errgroup/main.js');
    assert.deepEqual(spawnCommand('singleflight/main.ts', ['--fast']), { command: 'node', args: ['singleflight/main.js', '--fast'] });
    assert.equal(spawnEnv({ GFG_TRACE: '0' }).GFG_TRACE, '1');
    assert.equal(coepFromHeaders(httpHeaders.headers), 'require-corp');
    assert.equal(coepFromHeaders([]), 'none');
  });

  test('raceWithTimeout rejects a promise that never settles', async () => {
    await assert.rejects(raceWithTimeout(never(), 20), /did not start within 0.02 s/);
    assert.equal(await raceWithTimeout(Promise.resolve('ok'), 20), 'ok');
  });
});

export type { RunResult };
