/**
 * The sandbox Worker's prelude, run from its source text in a bare VM context: proves it is
 * self-contained (it becomes a Blob Worker's script) and that its Node shim behaves.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import vm from 'node:vm';
import { compileFiles } from '../../../lib/runtime/compile';
import { sandboxWorkerSource, type SandboxOutMessage } from '../../../lib/runtime/sandbox-worker';

interface Outcome {
  stdout: string;
  stderr: string;
  code: number | undefined;
  limited: boolean;
  messages: SandboxOutMessage[];
}

/** Runs TypeScript files through the prelude as the iframe would, until exit (or the deadline). */
async function runInPrelude(files: Record<string, string>, entry: string, options: { outputLimit?: number; deadlineMs?: number; stdin?: string } = {}): Promise<Outcome> {
  const compiled = await compileFiles(files);
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
        messages,
      });
    };
    const deadline = setTimeout(done, options.deadlineMs ?? 3000);
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
      postMessage: (message: SandboxOutMessage) => {
        messages.push(message);
        if (message.gfg === 'exit' || message.gfg === 'limit') setImmediate(done);
        if (message.gfg === 'started' && options.stdin) setTimeout(() => send({ gfg: 'stdin', data: options.stdin }), 5);
      },
      addEventListener: (type: string, listener: (event: unknown) => void) => (listeners[type] ??= []).push(listener),
    });
    const send = (data: unknown) => listeners.message?.forEach((listener) => listener({ data }));
    vm.runInContext(sandboxWorkerSource(), context);
    assert.equal(messages[0]?.gfg, 'ready');
    send({ gfg: 'run', files: compiled.files, sources: files, entry, argv: ['node', `/${entry}`], env: { GFG_TRACE: '1' }, cols: 80, rows: 24, outputLimit: options.outputLimit ?? 100_000 });
  });
}

// eslint-disable-next-line no-control-regex -- ANSI escapes
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

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
      '{ self: [Circular] }',
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
    assert.match(plain(out.stderr), /Cannot find module '\.\/nope' required from d\/main\.ts/);
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
});
