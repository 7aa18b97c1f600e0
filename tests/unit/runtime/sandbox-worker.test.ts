/**
 * The sandbox Worker's prelude, run from its source text in a bare VM context: proves it is
 * self-contained (it becomes a Blob Worker's script) and that its Node shim behaves.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { buildSync } from 'esbuild';
import { compileFiles } from '../../../lib/runtime/compile';
import { sandboxWorkerSource, type SandboxOutMessage } from '../../../lib/runtime/sandbox-worker';

interface Outcome {
  stdout: string;
  stderr: string;
  code: number | undefined;
  limited: boolean;
  /** The memory limit the prelude reported, when it stopped the program. */
  memory: number | undefined;
  messages: SandboxOutMessage[];
}

// A real collector call for the tests that count freed buffers (flags set at run time reach new contexts).
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Runs TypeScript files through the prelude as the iframe would, until exit (or the deadline). */
export async function runInPrelude(files: Record<string, string>, entry: string, options: { outputLimit?: number; memoryLimit?: number; deadlineMs?: number; stdin?: string; globals?: Record<string, unknown>; onContext?: (context: vm.Context) => void; /** The prelude's script, when not this module's own (minifiedPreludeSource). */ source?: string } = {}): Promise<Outcome> {
  const compiled = await compileFiles(files, { target: 'sandbox' });
  if (!compiled.ok) throw compiled.error;
  return new Promise<Outcome>((resolve) => {
    const messages: SandboxOutMessage[] = [];
    const listeners: Record<string, ((event: unknown) => void)[]> = {};
    const done = () => {
      clearTimeout(deadline);
      resolve({
        stdout: messages.flatMap((m) => (m.gfg === 'out' && m.fd === 1 ? [m.data] : [])).join(''),
        stderr: messages.flatMap((m) => (m.gfg === 'out' && m.fd === 2 ? [m.data] : [])).join(''),
        code: messages.flatMap((m) => (m.gfg === 'exit' ? [m.code] : []))[0],
        limited: messages.some((m) => m.gfg === 'limit'),
        memory: messages.flatMap((m) => (m.gfg === 'memory' ? [m.limit] : []))[0],
        messages,
      });
    };
    const deadline = setTimeout(done, options.deadlineMs ?? 3000);
    // The frame's end of the prelude's private port.
    const port = {
      onmessage: null as ((event: { data: unknown }) => void) | null,
      postMessage: (message: SandboxOutMessage) => {
        messages.push(message);
        // The iframe terminates the Worker on these; here the run just ends.
        if (message.gfg === 'exit' || message.gfg === 'limit' || message.gfg === 'memory') setImmediate(done);
        if (message.gfg === 'started' && options.stdin) setTimeout(() => toWorker({ gfg: 'stdin', data: options.stdin }), 5);
      },
    };
    const toWorker = (data: unknown) => port.onmessage?.({ data });
    /** A MessageChannel whose messages are tasks of the host's loop (a real one would keep Node alive). */
    class TaskChannel {
      port1 = { onmessage: null as ((event: { data: unknown }) => void) | null };
      port2 = { postMessage: (data: unknown) => setImmediate(() => this.port1.onmessage?.({ data })) };
    }
    const onWorkerGlobal: unknown[] = [];
    // What a Worker global offers, and nothing of Node.
    const context = vm.createContext({
      setTimeout,
      clearTimeout,
      queueMicrotask,
      performance,
      TextEncoder,
      TextDecoder,
      AbortController,
      AbortSignal,
      DOMException,
      MessageChannel: TaskChannel,
      atob,
      btoa,
      structuredClone,
      URL,
      URLSearchParams,
      // An opaque origin is not a secure context: getRandomValues, but no randomUUID.
      crypto: { getRandomValues: (array: Uint8Array) => crypto.getRandomValues(array) },
      postMessage: (message: unknown) => onWorkerGlobal.push(message),
      addEventListener: (type: string, listener: (event: unknown) => void) => (listeners[type] ??= []).push(listener),
      removeEventListener: (type: string, listener: (event: unknown) => void) => (listeners[type] = (listeners[type] ?? []).filter((l) => l !== listener)),
      collect,
      ...options.globals,
    });
    options.onContext?.(context);
    // A Worker reports an unhandled rejection with an event; in a VM, Node's process hears of it.
    const onRejection = (reason: unknown) => listeners.unhandledrejection?.forEach((listener) => listener({ reason, preventDefault() {} }));
    process.on('unhandledRejection', onRejection);
    setTimeout(() => process.off('unhandledRejection', onRejection), options.deadlineMs ?? 3000).unref();
    vm.runInContext(options.source ?? sandboxWorkerSource(), context);
    listeners.message?.forEach((listener) => listener({ data: { gfg: 'connect' }, ports: [port] }));
    assert.equal(messages[0]?.gfg, 'ready');
    assert.deepEqual(onWorkerGlobal, [], 'nothing on the Worker global channel');
    toWorker({ gfg: 'run', files: compiled.files, imports: compiled.imports, sources: files, entry, argv: ['node', `/${entry}`], env: { GFG_TRACE: '1' }, cols: 80, rows: 24, outputLimit: options.outputLimit ?? 100_000, memoryLimit: options.memoryLimit ?? 50_000_000 });
  });
}

// eslint-disable-next-line no-control-regex -- ANSI escapes
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * The prelude's script as a production build ships it: this module minified with no names kept
 * (`class Buffer` becomes `class $`), its function's text taken from there. The tests run the
 * module through tsx, whose esbuild keeps names, which hid that a build mangles them.
 */
function minifiedPreludeSource(): string {
  const built = buildSync({ entryPoints: [path.join(process.cwd(), 'lib/runtime/sandbox-worker.ts')], bundle: true, format: 'cjs', minify: true, write: false, logLevel: 'silent' });
  const module = { exports: {} as { sandboxWorkerSource?: () => string } };
  new Function('module', 'exports', built.outputFiles[0]!.text)(module, module.exports);
  const source = module.exports.sandboxWorkerSource!();
  assert.doesNotMatch(source, /class Buffer\b/, 'the names are mangled, as in a production build');
  return source;
}

/** AbortController and AbortSignal as Chromium has them: its own words for a reason not given. */
function chromiumAbort(): { AbortController: typeof AbortController; AbortSignal: typeof AbortSignal } {
  class ChromiumAbortController extends AbortController {
    override abort(reason?: unknown): void {
      super.abort(reason === undefined ? new DOMException('signal is aborted without reason', 'AbortError') : reason);
    }
  }
  const ChromiumAbortSignal = function AbortSignal(): never {
    throw new TypeError('Illegal constructor');
  } as unknown as typeof AbortSignal & Record<string, unknown>;
  ChromiumAbortSignal.prototype = AbortSignal.prototype;
  Object.setPrototypeOf(ChromiumAbortSignal, AbortSignal);
  ChromiumAbortSignal.abort = (reason?: unknown) => {
    const controller = new ChromiumAbortController();
    controller.abort(reason);
    return controller.signal;
  };
  ChromiumAbortSignal.timeout = (ms: number) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException('signal timed out', 'TimeoutError')), ms);
    return controller.signal;
  };
  return { AbortController: ChromiumAbortController, AbortSignal: ChromiumAbortSignal };
}

describe('the sandbox prelude', () => {
  test('runs modules with relative, extensionless imports and exits 0 when the loop is empty', async () => {
    const out = await runInPrelude(
      {
        'demo/main.ts': "import { twice } from './lib';\nimport { sleep } from '../_shared/sleep';\nasync function main(): Promise<void> {\n  await sleep(5);\n  console.log('result', twice(21));\n}\nmain();\n",
        'demo/lib.ts': 'export const twice = (n: number): number => n * 2;\n',
        '_shared/sleep.ts': 'export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));\n',
      },
      'demo/main.ts',
    );
    assert.equal(plain(out.stdout), 'result 42\n');
    assert.equal(out.code, 0);
  });

  test('formats values like Node', async () => {
    const out = await runInPrelude(
      {
        'd/main.ts': [
          "console.log({ a: 1, b: 'x', c: [1, 2, { d: true }], e: null, f: undefined });",
          "console.log(new Map([['k', 1]]), new Set([1]));",
          "console.log('%s is %d years', 'Go', 16, 'extra');",
          'console.log([1, , 3]);',
          'class Point { constructor(public x = 1) {} }',
          'console.log(new Point(), Point, () => 1);',
          'const o: Record<string, unknown> = {}; o.self = o; console.log(o);',
          'console.log({ deep: { deeper: { deepest: { gone: 1 } } } });',
        ].join('\n'),
      },
      'd/main.ts',
    );
    assert.deepEqual(plain(out.stdout).split('\n'), [
      "{ a: 1, b: 'x', c: [ 1, 2, { d: true } ], e: null, f: undefined }",
      "Map(1) { 'k' => 1 } Set(1) { 1 }",
      'Go is 16 years extra',
      '[ 1, <1 empty item>, 3 ]',
      'Point { x: 1 } [class Point] [Function (anonymous)]',
      '<ref *1> { self: [Circular *1] }',
      '{ deep: { deeper: { deepest: [Object] } } }',
      '',
    ]);
  });

  test('node:timers/promises and node:events work, with AbortSignal', async () => {
    const out = await runInPrelude(
      {
        'd/main.ts': [
          "import { setTimeout as delay } from 'node:timers/promises';",
          "import { EventEmitter, once } from 'node:events';",
          'async function main() {',
          '  const e = new EventEmitter();',
          "  setTimeout(() => e.emit('ping', 7), 5);",
          "  const [n] = await once(e, 'ping');",
          "  console.log('ping', n);",
          '  const ac = new AbortController();',
          "  setTimeout(() => ac.abort(new Error('enough')), 5);",
          "  try { await delay(10_000, 'late', { signal: ac.signal }); } catch (err) { console.log((err as Error).name, ((err as Error).cause as Error).message); }",
          "  console.log(await delay(1, 'value'));",
          '}',
          'main();',
        ].join('\n'),
      },
      'd/main.ts',
    );
    assert.equal(plain(out.stdout), 'ping 7\nAbortError enough\nvalue\n');
    assert.equal(out.code, 0);
  });

  test('process: argv, env, exit code, beforeExit, stdout.write', async () => {
    const out = await runInPrelude(
      {
        'd/main.ts': [
          "process.stdout.write('argv ' + process.argv[1] + ' trace ' + process.env.GFG_TRACE + '\\n');",
          "process.once('beforeExit', () => { console.log('before exit'); process.exit(3); });",
          'new Promise(() => {}); // waits forever, but nothing keeps the loop alive',
        ].join('\n'),
      },
      'd/main.ts',
    );
    assert.equal(out.stdout, 'argv /d/main.ts trace 1\nbefore exit\n');
    assert.equal(out.code, 3);
  });

  test('an uncaught exception prints a red stack naming the reader file and line, and exits 1', async () => {
    const out = await runInPrelude({ 'd/main.ts': "const x: number = 1;\nfunction boom(): never {\n  throw new Error('kaput ' + x);\n}\nsetTimeout(boom, 1);\n" }, 'd/main.ts');
    assert.equal(out.code, 1);
    assert.ok(out.stderr.includes('\x1b[31m'));
    const text = plain(out.stderr);
    assert.match(text, /^d\/main\.ts:3:\d+\n {2}throw new Error\('kaput ' \+ x\);\n\s*\^/);
    assert.match(text, /Error: kaput 1\n {4}at boom \(d\/main\.ts:3:\d+\)/);
    assert.doesNotMatch(text, /gfg-sandbox-prelude/);
  });

  test('a missing module is a clear error', async () => {
    const out = await runInPrelude({ 'd/main.ts': "import { x } from './nope';\nconsole.log(x);\n" }, 'd/main.ts');
    assert.equal(out.code, 1);
    assert.match(plain(out.stderr), /Cannot find module '\.\/nope' imported from d\/main\.ts/);
  });

  test('output beyond the limit is cut and reported', async () => {
    // A synchronous flood is ended by the iframe terminating the Worker (the browser tests cover it); here, an asynchronous one.
    const out = await runInPrelude({ 'd/main.ts': "setInterval(() => { for (let i = 0; i < 100; i++) console.log('flood'); }, 1);\n" }, 'd/main.ts', { outputLimit: 10_000 });
    assert.equal(out.limited, true);
    assert.equal(out.stdout.length, 10_000);
  });

  test('stdin data reaches process.stdin', async () => {
    const out = await runInPrelude(
      { 'd/main.ts': "process.stdin.setEncoding('utf8');\nprocess.stdin.on('data', (d) => { console.log('got', JSON.stringify(d)); process.exit(0); });\n" },
      'd/main.ts',
      { stdin: 'hi\n' },
    );
    assert.equal(plain(out.stdout), 'got "hi\\n"\n');
  });

  test('a loop that keeps allocating buffers is stopped at the memory limit, output kept', async () => {
    const out = await runInPrelude(
      { 'd/main.ts': "console.log('allocating');\nconst keep: Uint8Array[] = [];\nwhile (true) keep.push(new Uint8Array(1_000_000));\n" },
      'd/main.ts',
      { memoryLimit: 5_000_000 },
    );
    assert.equal(out.memory, 5_000_000);
    assert.equal(plain(out.stdout), 'allocating\n');
    assert.equal(out.stderr, '', 'after the limit the program says nothing more');
  });

  test('a program that catches the RangeError at the limit is stopped all the same', async () => {
    const out = await runInPrelude(
      {
        'd/main.ts': [
          'const keep: ArrayBuffer[] = [];',
          'try { for (;;) keep.push(new ArrayBuffer(1_000_000)); } catch (err) { console.log((err as Error).name, keep.length); }',
        ].join('\n'),
      },
      'd/main.ts',
      { memoryLimit: 3_500_000 },
    );
    assert.equal(out.memory, 3_500_000);
    // The line is written after the limit, so the run shows nothing more; the message tells what happened.
    assert.equal(out.stdout, '');
  });

  test('views on a buffer are free; copies through slice, from and TextEncoder count', async () => {
    for (const copy of ['new Uint8Array(b).slice()', 'Uint8Array.from(new Uint8Array(b))', "new TextEncoder().encode('x'.repeat(3_000_000))", 'new Uint8Array(b).toReversed()', 'b.slice(0)']) {
      const out = await runInPrelude(
        {
          'd/main.ts': [
            'const b = new ArrayBuffer(3_000_000);',
            'const views: ArrayBufferView[] = [];',
            'for (let i = 0; i < 100; i++) views.push(new Uint8Array(b), new Float64Array(b), new DataView(b), new Uint8Array(b).subarray(10));',
            "console.log('views', views.length);",
            `const copies: unknown[] = [];\nfor (let i = 0; i < 3; i++) copies.push(${copy});`,
            "console.log('not stopped');",
          ].join('\n'),
        },
        'd/main.ts',
        { memoryLimit: 5_000_000 },
      );
      assert.equal(plain(out.stdout), 'views 400\n', copy);
      assert.equal(out.memory, 5_000_000, copy);
    }
  });

  test('buffers that are collected are credited back', async () => {
    const out = await runInPrelude(
      {
        'd/main.ts': [
          'let n = 0;',
          'const step = () => {',
          '  new Float64Array(250_000).fill(n); // 2 MB, dropped at once',
          '  (globalThis as any).collect();',
          "  if (++n < 30) setTimeout(step, 20); else console.log('allocated', n * 2, 'MB in all');",
          '};',
          'step();',
        ].join('\n'),
      },
      'd/main.ts',
      // Thirty full collections of this process take a while on a loaded machine: the deadline only caps a hang.
      { memoryLimit: 15_000_000, deadlineMs: 20_000 },
    );
    assert.equal(out.memory, undefined);
    assert.equal(plain(out.stdout), 'allocated 60 MB in all\n');
    assert.equal(out.code, 0);
  });

  test('the wrapped constructors behave as the built-in ones do', async () => {
    const out = await runInPrelude(
      {
        'd/main.ts': [
          'class Bytes extends Uint8Array { sum() { return this.reduce((a, b) => a + b, 0); } }',
          'const a = new Uint8Array(1000);',
          'const bytes = Bytes.from([1, 2, 3]);',
          'console.log(a instanceof Uint8Array, a.constructor === Uint8Array, Uint8Array.name, Uint8Array.BYTES_PER_ELEMENT);',
          'console.log(bytes instanceof Bytes, bytes.sum(), bytes.map((x) => x * 2) instanceof Bytes, ArrayBuffer.isView(bytes));',
          'console.log(new ArrayBuffer(8, { maxByteLength: 16 }).resizable, new Float64Array([1.5, 2.5]).with(0, 9).join(","));',
          "console.log(String(Function.prototype.toString.call(Uint8Array)).includes('native code'));",
        ].join('\n'),
      },
      'd/main.ts',
    );
    assert.equal(plain(out.stdout), 'true true Uint8Array 1\ntrue 6 true true\ntrue 9,2.5\ntrue\n');
    assert.equal(out.code, 0);
  });

  test('minified as a production build ships it, the prelude still shows Node\'s names', async () => {
    const program = {
      'd/main.ts': [
        "import { EventEmitter } from 'node:events';",
        "import util from 'node:util';",
        "import assert from 'node:assert';",
        "import { setTimeout as delay } from 'node:timers/promises';",
        "import { randomUUID } from 'node:crypto';",
        'console.log(Buffer.from([1, 2]), new EventEmitter().constructor.name, setTimeout(() => {}, 1).constructor.name, setImmediate(() => {}).constructor.name);',
        'console.log(delay, clearInterval, randomUUID, console.table, util.promisify.name, EventEmitter.once.name, util.inspect.name, util.format.name);',
        'console.log(process.constructor.name, new TextEncoder().constructor.name, assert.AssertionError.name, Buffer.name);',
        "console.log('%s|%s', Buffer.from('hi'), Buffer.prototype.readUint8.name, Buffer.prototype.writeUInt8.name, util.isDeepStrictEqual.name);",
        // (Node's own AbortSignal, which this VM lends the prelude, would inspect itself with Node's inspect: names only.)
        'console.log(AbortSignal.name, AbortSignal.abort.name, AbortSignal.timeout.name, AbortController.name, new AbortController().constructor.name);',
        'class Job extends EventEmitter {}',
        'console.log(Job, Object.getPrototypeOf(Job) === EventEmitter);',
      ].join('\n'),
    };
    // What Node 20 prints for it.
    const node = [
      '<Buffer 01 02> EventEmitter Timeout Immediate',
      '[Function: setTimeout] [Function: clearInterval] [Function: randomUUID] [Function: table] promisify once inspect format',
      'process TextEncoder AssertionError Buffer',
      'hi|readUInt8 writeUInt8 isDeepStrictEqual',
      'AbortSignal abort timeout AbortController AbortController',
      '[class Job extends EventEmitter] true',
      '',
    ];
    const fromSource = await runInPrelude(program, 'd/main.ts');
    assert.deepEqual(plain(fromSource.stdout).split('\n'), node);
    const minified = await runInPrelude(program, 'd/main.ts', { source: minifiedPreludeSource() });
    assert.deepEqual(plain(minified.stdout).split('\n'), node);
    assert.equal(minified.code, 0);
  });

  test('an abort without a reason, and AbortSignal.timeout, give Node\'s reasons where the browser words its own', async () => {
    const out = await runInPrelude(
      {
        'd/main.ts': [
          'const show = (r: any) => console.log(r instanceof DOMException, r.name, r.message, r.code);',
          'const ac = new AbortController();',
          'ac.abort();',
          'show(ac.signal.reason);',
          'show(AbortSignal.abort().reason);',
          "console.log(AbortSignal.abort('given').reason, new AbortController().signal instanceof AbortSignal, ac instanceof AbortController);",
          'const null_ = new AbortController();',
          'null_.abort(null);',
          'console.log(null_.signal.reason);',
          'const timeout = AbortSignal.timeout(5);',
          "timeout.addEventListener('abort', () => show(timeout.reason));",
          "// A ref'd timer holds the program until the 5 ms timeout has fired, however slow the machine.",
          'setTimeout(() => {}, 50);',
          'console.log(AbortSignal.any([timeout]).aborted);',
          "for (const bad of ['5', 1.5, -1]) { try { AbortSignal.timeout(bad as number); } catch (err) { console.log((err as any).code, (err as Error).message); } }",
          "try { new (AbortSignal as any)(); } catch (err) { console.log((err as Error).message); }",
          "// AbortSignal.timeout's timer is unref'd, as in Node: nothing else keeps the program, so it ends first",
          "AbortSignal.timeout(60_000).addEventListener('abort', () => console.log('never'));",
        ].join('\n'),
      },
      'd/main.ts',
      { globals: chromiumAbort() },
    );
    assert.deepEqual(plain(out.stdout).split('\n'), [
      'true AbortError This operation was aborted 20',
      'true AbortError This operation was aborted 20',
      'given true true',
      'null',
      'false',
      'ERR_INVALID_ARG_TYPE The "delay" argument must be of type number. Received type string (\'5\')',
      'ERR_OUT_OF_RANGE The value of "delay" is out of range. It must be an integer. Received 1.5',
      'ERR_OUT_OF_RANGE The value of "delay" is out of range. It must be >= 0 && <= 4294967295. Received -1',
      'Illegal constructor',
      'true TimeoutError The operation was aborted due to timeout 23',
      '',
    ]);
    assert.equal(out.code, 0);
  });
});
