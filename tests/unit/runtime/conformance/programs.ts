/**
 * The conformance suite: small programs a reader might write by editing a demo. Each is run in
 * real Node (the expected output, computed by the test that uses it, never written down here)
 * and in a playground runtime; the two must print the same. Used by
 * tests/unit/runtime/conformance.test.ts (the WebContainer path: mount and spawn through the
 * double, backed by real Node; and the sandbox's prelude in a VM) and by
 * tests/e2e/conformance.spec.ts (the sandbox in Chromium).
 *
 * Each program is `demo/main.ts` (plus its own modules when it needs them). `crash: true` marks a
 * program that ends on an uncaught error: its stack names files differently in each runtime, so
 * stdout and the exit code must agree, and stderr must hold Node's error line (`Error: boom`).
 */

export interface ConformanceProgram {
  name: string;
  /** Paths from the playground root: 'demo/main.ts', 'demo/lib.ts'. */
  files: Record<string, string>;
  crash?: boolean;
}

const ENTRY = 'demo/main.ts';
export const CONFORMANCE_ENTRY = ENTRY;

function program(name: string, main: string, extra: Record<string, string> = {}, crash = false): ConformanceProgram {
  return { name, files: { [ENTRY]: main, ...extra }, crash };
}

export const CONFORMANCE_PROGRAMS: ConformanceProgram[] = [
  // ── console and util.inspect ──
  program(
    'inspect: objects, nesting and depth',
    `console.log({ a: 1, b: 'two', c: [1, 2, { d: true }], e: null, f: undefined });
console.log({ a: { b: { c: { d: 1 } } } });
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 5 });
console.log({ deep: { deeper: { deepest: { gone: 1 } } } }, [[1, [2, [3, [4]]]]]);
const o: Record<string, string> = {};
for (let i = 0; i < 6; i++) o['key' + i] = 'value' + i;
console.log(o);
console.log({}, [], [[]], [{}], { 'a-b': 1, 'x y': 2, valid_id: 3 });
`,
  ),
  program(
    'inspect: long arrays in columns',
    `console.log([1, 2, 3, 4, 5, 6]);
console.log([1, 2, 3, 4, 5, 6, 7]);
console.log(Array.from({ length: 30 }, (_, i) => i * 7));
console.log(Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i)));
console.log({ arr: Array.from({ length: 10 }, (_, i) => 'item' + i) });
console.log(['apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape']);
console.log(Array.from({ length: 120 }, (_, i) => i % 3));
console.log([1, , 3, , , 6], new Array(5));
console.log([1.5, -2, 300, 4e21, 5n, 66, 7777]);
`,
  ),
  program(
    'inspect: Map, Set, classes, symbols, getters, null prototypes',
    `class Point { constructor(public x = 1, public y = 2) {} }
class Point3 extends Point { z = 3; }
console.log(new Map([['a', { x: [1, 2] }], ['b', new Map([[1, 2]])]]), new Set(['a', 1, { b: 2 }]));
console.log(new Point(), [new Point3()], new Map(), new Set());
console.log({ [Symbol('k')]: 2, plain: 1, get a() { return 1; }, set b(v: number) {}, get c() { return 1; }, set c(v: number) {} });
console.log(Object.create(null), Object.assign(Object.create(null), { a: 1 }));
console.log({ f() {}, g: function named() {}, h: class {}, i: class Foo extends Point {}, j: async () => {}, k: function* gen() {} });
console.log(Object.assign(() => {}, { x: 1 }), Point, Point3);
`,
  ),
  program(
    'inspect: circular references',
    `const a: Record<string, unknown> = { name: 'a' };
a.self = a;
console.log(a);
const b: Record<string, unknown> = { name: 'b', list: [] };
(b.list as unknown[]).push(b, { back: b });
console.log(b);
console.log([a, { b: a }]);
`,
  ),
  program(
    'inspect: primitives, dates, regexps, boxed values, typed arrays',
    `console.log([undefined, null, -0, 0, 1n, Symbol('s'), "it's", 'say "hi"', \`both ' and "\`, 'tab\\there']);
console.log(new Date(0), /x+/gi, new Number(3), new String('s'), new Boolean(false), Symbol.iterator);
console.log(new Uint8Array([1, 2, 3]), new Float64Array(2), new ArrayBuffer(3), new Int16Array([-1, 300]));
console.log(1e21, 0.1 + 0.2, -1e-7, NaN, Infinity, -Infinity, 2 ** 53, 123456789012345678901234567890n);
console.log('%s and %s', 'strings', 'at the top level are printed as they are');
console.log({ s: 'line1\\nline2', e: '', u: 'ünïcödé ✓' });
`,
  ),
  program(
    'util.format: every specifier',
    `import util from 'node:util';
console.log('%s|%d|%i|%f|%j|%O|%%|%c|', 'str', 42.5, 42.5, '3.5', { a: 1 }, { c: 3 }, 'color: red');
console.log('%s', { a: { b: { c: 1 } } }, '%s', 5);
console.log('%d %d %i', '12abc', 1n, -3.9);
console.log('%s %s %s', 1.5, -0, [1, [2, [3]]]);
console.log('no args: %s %d');
console.log('%j', { toJSON() { return 'custom'; } });
console.log(util.format('%s:%s', 'a'), util.format(1, 2, '3'), util.format('%%s', 1));
class WithToString { toString() { return 'custom toString'; } }
console.log('%s', new WithToString(), util.format('%s', new Error('as %s').message));
`,
  ),
  program(
    'util.inspect: options',
    `import { inspect } from 'node:util';
const value = { a: [1, 2, { b: { c: { d: { e: 1 } } } }], s: 'text' };
console.log(inspect(value));
console.log(inspect(value, { depth: 0 }));
console.log(inspect(value, { depth: Infinity }));
console.log(inspect(value, { compact: false }));
console.log(inspect(value, { breakLength: Infinity, depth: null }));
console.log(inspect({ z: 1, a: 2, m: 3 }, { sorted: true }));
console.log(inspect('x'.repeat(30), { maxStringLength: 10 }), inspect(Array(200).fill(1), { maxArrayLength: 3 }));
class Money { constructor(private cents: number) {} [inspect.custom]() { return \`Money<\${(this.cents / 100).toFixed(2)}>\`; } }
console.log(new Money(1234), [new Money(5)], inspect(new Money(99)));
`,
  ),
  program(
    'console: group, count, assert, dir, time labels, error streams',
    `console.group('outer');
console.log('inside outer');
console.group();
console.info({ nested: [1, 2] });
console.groupEnd();
console.warn('warned inside outer');
console.groupEnd();
console.count(); console.count(); console.count('label'); console.countReset(); console.count();
console.assert(1 === 1, 'not printed');
console.assert(false, 'printed to stderr', 42);
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.error(new Error('an error').message);
console.debug('debug goes to stdout');
`,
  ),
  program(
    'console.table',
    `console.table([{ a: 1, b: 'x' }, { a: 2, c: true }]);
console.table({ first: { n: 1 }, second: { n: 2 } });
console.table([[1, 2], [3, 4]]);
console.table([{ name: 'go', year: 2009 }, { name: 'ts', year: 2012 }], ['name']);
console.table(['a', 'b']);
`,
  ),
  // ── timers and their order ──
  program(
    'timers: order by delay, then by creation',
    `const log: string[] = [];
setTimeout(() => log.push('t20'), 20);
setTimeout(() => log.push('t0-a'), 0);
setTimeout(() => log.push('t1'), 1);
setTimeout(() => log.push('t0-b'));
setTimeout(() => log.push('t10'), 10);
setTimeout((x: string, y: string) => log.push(x + y), 5, 'ar', 'gs');
const cancelled = setTimeout(() => log.push('cancelled'), 2);
clearTimeout(cancelled);
setTimeout(() => console.log(log.join(' ')), 40);
`,
  ),
  program(
    'nextTick and promises at the top level of an ES module',
    `Promise.resolve().then(() => console.log('promise 1'));
process.nextTick(() => console.log('tick 1'));
queueMicrotask(() => console.log('microtask'));
Promise.resolve().then(() => console.log('promise 2'));
process.nextTick(() => console.log('tick 2'));
console.log('sync');
`,
  ),
  program(
    'nextTick and promises inside a timer callback',
    `setTimeout(() => {
  Promise.resolve().then(() => console.log('promise'));
  process.nextTick(() => console.log('tick'));
  queueMicrotask(() => console.log('microtask'));
  process.nextTick(() => {
    console.log('tick 2');
    Promise.resolve().then(() => console.log('promise from tick'));
    process.nextTick(() => console.log('tick from tick'));
  });
  console.log('timer');
}, 1);
`,
  ),
  program(
    'ticks queued from promise callbacks',
    `setTimeout(() => {
  Promise.resolve().then(() => {
    process.nextTick(() => console.log('tick from promise'));
    Promise.resolve().then(() => console.log('promise from promise'));
  });
  Promise.resolve().then(() => console.log('second promise'));
}, 1);
`,
  ),
  // Each step starts from the one before (never from a clock shared with another step), so the
  // order printed is Node's order, not a race that a loaded machine could decide differently.
  program(
    'setImmediate against setTimeout',
    `setTimeout(() => {
  setTimeout(() => {
    console.log('timeout');
    setTimeout(() => {
      setImmediate(() => {
        console.log('immediate 1');
        setImmediate(() => console.log('immediate from immediate'));
        process.nextTick(() => console.log('tick in immediate'));
      });
      setImmediate(() => console.log('immediate 2'));
    }, 5);
  }, 0);
  setImmediate(() => console.log('immediate'));
  process.nextTick(() => console.log('tick'));
}, 1);
`,
  ),
  program(
    'timers between callbacks: each callback gets its microtasks',
    `setTimeout(() => { console.log('a'); Promise.resolve().then(() => console.log('a promise')); }, 5);
setTimeout(() => { console.log('b'); process.nextTick(() => console.log('b tick')); }, 5);
setTimeout(() => console.log('c'), 5);
`,
  ),
  program(
    'setInterval, clearInterval, unref, refresh',
    `let n = 0;
const interval = setInterval(() => {
  n++;
  console.log('tick', n);
  if (n === 3) {
    clearInterval(interval); // or it would tick on and the program never end
    refreshLater();
  }
}, 5);
// Due in an hour and unref'd: the program ends without it (a ref'd one would keep it running).
const unrefd = setTimeout(() => console.log('never: unref and nothing else keeps the loop'), 3_600_000);
unrefd.unref();
console.log(unrefd.hasRef(), typeof unrefd.ref, typeof (+setTimeout(() => {}, 1)));
// refresh() restarts a timer's clock and puts it behind the timers of its duration set before:
// \`again\` (10 ms), refreshed 5 ms in, fires after the 10 ms marker set just before the refresh;
// left alone it would fire first. Both are 10 ms timers, so Node runs them in that order even
// when the loop is late and both are due at once (timers of different durations then run in an
// order Node does not promise), and the timer that refreshes is set before \`again\`, so it is
// never due after it.
function refreshLater(): void {
  setTimeout(() => {
    setTimeout(() => console.log('marker'), 10);
    again.refresh();
  }, 5);
  const again = setTimeout(() => console.log('refreshed fired'), 10);
}
`,
  ),
  // ── timers/promises ──
  program(
    'timers/promises: setTimeout, setImmediate, setInterval',
    `import { setTimeout as delay, setImmediate as immediate, setInterval as every } from 'node:timers/promises';
console.log(await delay(5, 'value after 5 ms'));
console.log(await immediate('immediate value'));
let count = 0;
for await (const value of every(2, 'beat')) {
  console.log(value, ++count);
  if (count === 3) break;
}
const results = await Promise.all([delay(10, 'slow'), delay(1, 'fast')]);
console.log(results);
`,
  ),
  program(
    'timers/promises with an AbortSignal',
    `import { setTimeout as delay } from 'node:timers/promises';
const ac = new AbortController();
setTimeout(() => ac.abort(new Error('enough')), 5);
try {
  await delay(10_000, 'late', { signal: ac.signal });
} catch (err) {
  const e = err as Error & { code?: string; cause?: Error };
  console.log(e.name, e.code, e.message, e.cause?.message);
}
try {
  await delay(10, 'x', { signal: AbortSignal.abort('why not') });
} catch (err) {
  console.log((err as Error).name, (err as Error & { cause?: unknown }).cause);
}
`,
  ),
  // ── AbortSignal ──
  program(
    'AbortController and AbortSignal',
    `const ac = new AbortController();
const { signal } = ac;
signal.addEventListener('abort', () => console.log('abort event, reason:', String(signal.reason)));
signal.onabort = () => console.log('onabort');
console.log(signal.aborted);
ac.abort('stop');
ac.abort('twice');
console.log(signal.aborted, signal.reason);
try { signal.throwIfAborted(); } catch (err) { console.log('thrown:', err); }
const plain = new AbortController();
plain.abort();
console.log((plain.signal.reason as Error).name, (plain.signal.reason as Error).message);
const already = AbortSignal.abort(new Error('given'));
console.log(already.aborted, (already.reason as Error).message);
console.log(new AbortController(), AbortSignal.abort(), AbortSignal.abort().reason instanceof DOMException);
`,
  ),
  program(
    'AbortSignal.timeout',
    `import { setTimeout as delay } from 'node:timers/promises';
const signal = AbortSignal.timeout(10);
try {
  await delay(5_000, undefined, { signal });
} catch (err) {
  const e = err as Error & { cause?: Error };
  console.log(e.name, e.cause?.name, signal.aborted);
}
`,
  ),
  // ── events ──
  program(
    'EventEmitter: on, once, off, prepend, counts',
    `import { EventEmitter } from 'node:events';
const e = new EventEmitter();
const seen: string[] = [];
const onPing = (n: number) => seen.push('on ' + n);
e.on('ping', onPing);
e.once('ping', (n: number) => seen.push('once ' + n));
e.prependListener('ping', (n: number) => seen.push('first ' + n));
console.log(e.listenerCount('ping'), e.eventNames());
console.log(e.emit('ping', 1), e.emit('ping', 2), e.emit('nobody'));
e.off('ping', onPing);
e.emit('ping', 3);
console.log(seen.join(', '));
e.on('newListener', (name: string) => console.log('new listener for', name));
e.on('data', () => {});
console.log(e.listeners('data').length, e.getMaxListeners());
e.removeAllListeners();
console.log(e.eventNames());
`,
  ),
  program(
    'events.once and error events',
    `import { EventEmitter, once } from 'node:events';
const e = new EventEmitter();
setTimeout(() => e.emit('ready', 1, 'two'), 5);
console.log(await once(e, 'ready'));
setTimeout(() => e.emit('error', new Error('failed while waiting')), 5);
try { await once(e, 'never'); } catch (err) { console.log('once rejected:', (err as Error).message); }
try { e.emit('error', new Error('nobody listens')); } catch (err) { console.log('thrown:', (err as Error).message); }
class Job extends EventEmitter { run() { this.emit('done', 42); return this; } }
new Job().on('done', (v: number) => console.log('done', v)).run();
`,
  ),
  // ── errors and exit codes ──
  program(
    'error classes, causes and finally',
    `class NotFound extends Error {
  constructor(readonly key: string) { super(\`no such key: \${key}\`); this.name = 'NotFound'; }
}
try { throw new NotFound('k1'); } catch (err) {
  console.log(err instanceof NotFound, err instanceof Error, String(err), (err as NotFound).key);
}
const wrapped = new Error('outer', { cause: new TypeError('inner') });
console.log(wrapped.message, (wrapped.cause as Error).name, (wrapped.cause as Error).message);
const agg = new AggregateError([new Error('a'), new Error('b')], 'two failed');
console.log(agg.name, agg.message, agg.errors.length);
function order() { try { console.log('try'); return 'returned'; } finally { console.log('finally'); } }
console.log(order());
try { null!.toString(); } catch (err) { console.log((err as Error).constructor.name); }
try { JSON.parse('{'); } catch (err) { console.log((err as Error).name); }
`,
  ),
  program(
    'exit code from process.exitCode, and the exit event',
    `process.on('exit', (code) => console.log('exit event with', code, process.exitCode));
process.once('beforeExit', (code) => console.log('beforeExit with', code));
process.exitCode = 3;
setTimeout(() => console.log('last timer'), 5);
`,
  ),
  program(
    'process.exit from a timer stops the program',
    `setTimeout(() => {
  console.log('leaving early');
  process.exit(4);
  console.log('never printed');
}, 5);
setTimeout(() => console.log('never printed either'), 50);
`,
  ),
  program(
    'an uncaught exception exits 1',
    `console.log('before');
setTimeout(() => { throw new Error('boom in a timer'); }, 5);
setTimeout(() => console.log('not reached'), 50);
`,
    {},
    true,
  ),
  program(
    'an unhandled rejection exits 1',
    `console.log('before');
async function fails(): Promise<void> { await null; throw new Error('rejected and nobody caught it'); }
fails();
setTimeout(() => console.log('not reached'), 50);
`,
    {},
    true,
  ),
  program(
    'an error thrown at the top level exits 1 before later code',
    `console.log('first line runs');
throw new TypeError('thrown at the top level');
`,
    {},
    true,
  ),
  program(
    'uncaughtException handler',
    `process.on('uncaughtException', (err, origin) => { console.log('caught:', err.message, origin); });
setTimeout(() => { throw new Error('handled'); }, 1);
setTimeout(() => console.log('still running'), 10);
`,
  ),
  // ── process ──
  program(
    'process: env, nextTick arguments, hrtime, uptime, stdout.write',
    `process.nextTick((a: number, b: number) => console.log('nextTick args', a + b), 2, 3);
console.log(process.env.GFG_TRACE, typeof process.env.PATH_THAT_IS_NOT_SET);
const t = process.hrtime.bigint();
console.log(typeof t, process.hrtime().length, process.uptime() >= 0, typeof process.pid, process.exitCode);
process.stdout.write('written ');
process.stdout.write(new Uint8Array([98, 121, 116, 101, 115, 10]));
const done = process.stdout.write('with a callback\\n', () => console.log('write callback ran'));
console.log('write returned', done);
console.log(typeof process.on, typeof process.memoryUsage().heapUsed, process.argv.length >= 2);
`,
  ),
  program(
    'stdin is not read when nobody listens; the program ends',
    `console.log(typeof process.stdin.on, typeof process.stdin.setEncoding);
setTimeout(() => console.log('ends without input'), 5);
`,
  ),
  // ── Buffer ──
  program(
    'Buffer: encodings',
    `const b = Buffer.from('héllo wörld ✓');
console.log(b.length, Buffer.byteLength('héllo wörld ✓'), b.toString(), b.toString('hex'));
console.log(b.toString('base64'), b.toString('base64url'), b.toString('latin1').length);
console.log(Buffer.from('68656c6c6f', 'hex').toString(), Buffer.from('aGVsbG8=', 'base64').toString('utf8'));
console.log(Buffer.from('aGVsbG8', 'base64url').toString(), Buffer.from('hi', 'utf16le'), Buffer.from('hi', 'latin1'));
console.log(Buffer.from([104, 105, 256, -1]), Buffer.from('ABC').toString('ascii', 1, 3));
console.log(Buffer.isEncoding('UTF-8'), Buffer.isEncoding('nope'));
try { Buffer.from('x', 'nope' as BufferEncoding); } catch (err) { console.log((err as Error).message); }
`,
  ),
  program(
    'Buffer: numbers, alloc, fill, write',
    `const b = Buffer.alloc(16);
b.writeUInt16LE(0xbeef, 0);
b.writeInt32BE(-2, 2);
b.writeDoubleLE(1.5, 6);
b.writeUInt8(255, 14);
console.log(b);
console.log(b.readUInt16LE(0).toString(16), b.readInt32BE(2), b.readDoubleLE(6), b.readUInt8(14), b.readInt8(14));
const big = Buffer.alloc(8);
big.writeBigUInt64BE(2n ** 63n + 5n);
console.log(big.readBigUInt64BE(), big.readBigInt64BE());
console.log(Buffer.alloc(5, 'ab'), Buffer.alloc(3, 7), Buffer.alloc(4).fill('xy', 1));
const w = Buffer.alloc(8);
console.log(w.write('hello', 2), w);
try { b.readUInt32LE(14); } catch (err) { console.log((err as Error).name, (err as Error & { code?: string }).code); }
`,
  ),
  program(
    'Buffer: slices, copies, comparisons, JSON',
    `const a = Buffer.from('abcdef');
const slice = a.subarray(1, 4);
slice[0] = 66;
console.log(a.toString(), slice.toString(), a.slice(4).toString(), Buffer.isBuffer(slice), slice instanceof Uint8Array);
console.log(Buffer.concat([Buffer.from('x'), Buffer.from('yz')]), Buffer.concat([a, a], 8).toString());
console.log(Buffer.compare(Buffer.from('a'), Buffer.from('b')), a.equals(Buffer.from('aBcdef')), a.compare(Buffer.from('a')));
console.log(a.indexOf('cd'), a.indexOf(101), a.includes('zz'), a.indexOf(Buffer.from('ef')));
console.log(JSON.stringify(Buffer.from('hi')), Buffer.from(JSON.parse(JSON.stringify(Buffer.from('back')))).toString());
const target = Buffer.alloc(4, '.');
console.log(Buffer.from('XY').copy(target, 1), target.toString());
const shared = new ArrayBuffer(4);
const view = Buffer.from(shared);
new Uint8Array(shared)[0] = 9;
console.log(view[0], Buffer.from(Buffer.from('copy')).toString(), Buffer.alloc(60));
`,
  ),
  program(
    'node:buffer and Uint8Array interplay',
    `import { Buffer as B } from 'node:buffer';
console.log(B === Buffer, typeof B.from, B.from(new Uint8Array([1, 2])), new Uint8Array(B.from('ab')));
console.log(Array.from(B.from('hi')), [...B.from('ok')].map((x) => x * 2));
`,
  ),
  // ── crypto ──
  program(
    'crypto: randomUUID, randomBytes, randomInt, getRandomValues',
    `import { randomBytes, randomInt, randomUUID } from 'node:crypto';
const uuid = crypto.randomUUID();
console.log(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid), uuid !== crypto.randomUUID());
console.log(/^[0-9a-f-]{36}$/.test(randomUUID()), randomBytes(16).length, Buffer.isBuffer(randomBytes(2)));
const n = randomInt(10);
console.log(n >= 0 && n < 10, Number.isInteger(randomInt(5, 7)));
console.log(crypto.getRandomValues(new Uint8Array(8)).length);
`,
  ),
  // ── TypeScript and modules ──
  program(
    'TypeScript: enums, classes, generics, satisfies',
    `enum Color { Red, Green = 5, Blue }
enum Dir { Up = 'UP', Down = 'DOWN' }
console.log(Color.Green, Color[6], Dir.Down, Object.keys(Dir));
abstract class Shape { abstract area(): number; describe() { return \`\${this.constructor.name}: \${this.area().toFixed(2)}\`; } }
class Circle extends Shape { constructor(private readonly r: number) { super(); } area() { return Math.PI * this.r ** 2; } }
class Counter { #count = 0; static made = 0; static { Counter.made = 100; } get value() { return this.#count; } inc(): this { this.#count++; return this; } }
console.log(new Circle(2).describe(), new Counter().inc().inc().value, Counter.made);
function first<T>(items: readonly T[]): T | undefined { return items[0]; }
const config = { retries: 3, mode: 'fast' } as const satisfies Record<string, unknown>;
type Pair = [name: string, age?: number];
const pair: Pair = ['go'];
console.log(first([1, 2]), config.mode, pair.length, null ?? 'default', ({} as { a?: { b?: number } }).a?.b);
let definite!: number;
definite = 7;
console.log(definite satisfies number, <number>(<unknown>'cast'));
`,
  ),
  program(
    'modules: evaluation order, live bindings, namespaces',
    `import { count, increment } from './counter';
import * as ns from './counter';
import './side';
import def, { named } from './defaults';
console.log('main runs last');
increment();
increment();
console.log('count is live:', count, ns.count, Object.keys(ns).sort());
console.log(def(), named);
`,
    {
      'demo/counter.ts': "import { note } from './log';\nnote('counter');\nexport let count = 0;\nexport function increment(): void { count++; }\n",
      'demo/log.ts': "console.log('log module');\nexport const note = (name: string): void => console.log('evaluating', name);\n",
      'demo/side.ts': "import { note } from './log';\nnote('side');\n",
      'demo/defaults.ts': "export default function hello(): string { return 'default export'; }\nexport const named = 'named export';\n",
    },
  ),
  program(
    'top-level await across modules',
    `console.log('main starts after its imports');
import { config } from './config';
import { later } from './later';
console.log(config, later);
const value = await new Promise((resolve) => setTimeout(() => resolve('awaited at the top level'), 5));
console.log(value);
for (const n of [1, 2]) console.log(await Promise.resolve(n * 10));
`,
    {
      'demo/config.ts': "console.log('config starts');\nexport const config = await new Promise<string>((r) => setTimeout(() => r('config loaded'), 10));\nconsole.log('config done');\n",
      'demo/later.ts': "console.log('later runs after config');\nexport const later = 'later';\n",
    },
  ),
  program(
    'dynamic import and import.meta',
    `const mod = await import('./lazy');
console.log(mod.lazy(), typeof import.meta.url, import.meta.url.startsWith('file://'), import.meta.url.endsWith('/demo/main.js') || import.meta.url.endsWith('/demo/main.ts'));
try { await import('./missing' + ''); } catch (err) { console.log('missing:', (err as Error & { code?: string }).code); }
`,
    { 'demo/lazy.ts': "export const lazy = () => 'loaded lazily';\n" },
  ),
  program(
    'CommonJS names in an ES module',
    `try { require('node:fs'); } catch (err) { console.log((err as Error).name, (err as Error).message); }
console.log(typeof require, typeof __filename, typeof __dirname, typeof module);
`,
  ),
  // ── other built-ins ──
  program(
    'util: promisify, callbackify, isDeepStrictEqual, types',
    `import util from 'node:util';
function legacy(n: number, cb: (err: Error | null, value?: number) => void) { setTimeout(() => (n < 0 ? cb(new Error('negative')) : cb(null, n * 2)), 1); }
const modern = util.promisify(legacy);
console.log(await modern(21));
try { await modern(-1); } catch (err) { console.log('promisify rejects:', (err as Error).message); }
const back = util.callbackify(async (x: number) => x + 1);
back(1, (err: unknown, value: unknown) => console.log('callbackify:', err, value));
const sleep = util.promisify(setTimeout);
console.log(await sleep(2, 'promisified setTimeout'));
console.log(util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), util.isDeepStrictEqual([1], ['1']));
console.log(util.types.isPromise(Promise.resolve()), util.types.isDate(new Date()), util.types.isRegExp(/x/), util.types.isAsyncFunction(async () => {}));
console.log(util.inspect.custom === Symbol.for('nodejs.util.inspect.custom'), typeof util.TextEncoder);
`,
  ),
  program(
    'assert',
    `import assert from 'node:assert/strict';
assert.ok(true);
assert.equal(1, 1);
assert.deepEqual({ a: [1] }, { a: [1] });
for (const attempt of [() => assert.equal(1, 2), () => assert.deepEqual({ a: 1 }, { a: 2 }), () => assert.ok(0, 'custom message'), () => assert.fail('failed on purpose')]) {
  try { attempt(); } catch (err) { console.log((err as Error).name, (err as Error & { code?: string }).code, err instanceof assert.AssertionError); }
}
assert.throws(() => { throw new Error('expected'); });
await assert.rejects(Promise.reject(new Error('expected rejection')));
console.log('assertions done');
`,
  ),
  program(
    'node:path',
    `import path from 'node:path';
console.log(path.join('/a/b', '../c', './d.txt'), path.join('x', '', 'y/'), path.normalize('/a//b/../c/.'), path.join());
console.log(path.dirname('/a/b/c.txt'), path.basename('/a/b/c.txt'), path.basename('/a/b/c.txt', '.txt'), path.extname('archive.tar.gz'), path.extname('.hidden'));
console.log(path.relative('/data/orandea/test/aaa', '/data/orandea/impl/bbb'), path.isAbsolute('/x'), path.isAbsolute('x'), path.sep);
console.log(path.parse('/home/user/file.txt'), path.format({ dir: '/home/user', base: 'file.txt' }));
console.log(path.resolve('/root', 'a', '../b'), path.posix === path);
`,
  ),
  program(
    'structuredClone, JSON, URL and TextEncoder',
    `const original = { date: new Date(0), map: new Map([[1, 'one']]), nested: { list: [1, 2] } };
const copy = structuredClone(original);
console.log(copy, copy !== original, copy.date instanceof Date);
console.log(JSON.stringify({ a: [1, { b: 2 }], u: undefined, n: null }, null, 2));
const url = new URL('https://example.com:8080/path/x?q=1&r=two#frag');
console.log(url.hostname, url.port, url.pathname, url.searchParams.get('r'), url.hash);
console.log(new TextEncoder().encode('hé'), new TextDecoder().decode(new Uint8Array([104, 195, 169])));
`,
  ),
];
