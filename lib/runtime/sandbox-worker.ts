/**
 * The sandbox's Worker prelude: the part of Node.js that playground programs use, in a Web Worker.
 *
 * sandboxWorkerMain is never called in the page. Its source text (Function.prototype.toString)
 * becomes the Worker's script, created from a Blob URL inside an opaque-origin iframe, so the
 * function must be self-contained: it may use only globals, never an import or a module-level
 * name (types are fine, they are erased). tests/unit/runtime/sandbox-worker.test.ts runs it in
 * a bare VM context to keep it that way.
 *
 * It behaves like Node 20 running ES modules (lib/runtime/modules.ts explains the choice):
 * - modules are evaluated dependencies first, in Node's order; a module may await at its top
 *   level, and its importers wait for it;
 * - an event loop of its own with Node's phases (timers, then I/O such as stdin, then
 *   setImmediate), process.nextTick callbacks run after the callback that queued them and before
 *   its promise callbacks, but after the promise callbacks when queued from a promise callback or
 *   from a module's top level (as Node does for ES modules, which it evaluates in a promise job);
 * - Buffer, crypto.randomUUID (from crypto.getRandomValues: the opaque origin is not a secure
 *   context), node:buffer, node:crypto (random parts), node:path, and a clear error naming what is
 *   provided for a module or a Node global that is not.
 *
 * Protocol. The frame's first message gives the prelude a MessagePort ({ gfg: 'connect' }, with
 * the port transferred); everything after goes over that port, which the program cannot reach:
 * the port lives in this closure, and the Worker's own postMessage/onmessage are hidden from the
 * program (a program that posts `{ gfg: 'exit' }` on the Worker's global posts to nobody).
 *   in:  { gfg: 'run', files, imports, sources, entry, argv, env, cols, rows, outputLimit, memoryLimit }
 *        { gfg: 'stdin', data }   { gfg: 'resize', cols, rows }
 *   out: { gfg: 'ready' }  { gfg: 'started' }  { gfg: 'out', fd: 1 | 2, data }
 *        { gfg: 'limit' }  { gfg: 'memory', limit }  { gfg: 'exit', code }
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- this is a dynamic shim of Node's loosely typed surface */

export interface SandboxRunMessage {
  gfg: 'run';
  /** Transpiled JavaScript by path (`errgroup/main.ts`): the paths stay .ts so stacks name the reader's files. */
  files: Record<string, string>;
  /** Each file's static imports, in source order, as written (lib/runtime/modules.ts lists them). */
  imports: Record<string, string[]>;
  /** The TypeScript the reader sees, for the code line shown with an uncaught error. */
  sources: Record<string, string>;
  entry: string;
  argv: string[];
  env: Record<string, string>;
  cols: number;
  rows: number;
  outputLimit: number;
  /** Bytes of buffers the program may hold (see the memory section). */
  memoryLimit: number;
}

export type SandboxOutMessage =
  | { gfg: 'ready' }
  | { gfg: 'started' }
  | { gfg: 'out'; fd: 1 | 2; data: string }
  | { gfg: 'limit' }
  | { gfg: 'memory'; limit: number }
  | { gfg: 'exit'; code: number };

export function sandboxWorkerMain(): void {
  const scope: any = globalThis;
  // The port to the frame: set by the frame's first message, before any program runs.
  let port: { postMessage(message: unknown): void; onmessage: ((event: MessageEvent) => void) | null } | undefined;
  const early: SandboxOutMessage[] = [];
  const post = (message: SandboxOutMessage): void => {
    if (port) port.postMessage(message);
    else early.push(message);
  };
  const native = {
    setTimeout: scope.setTimeout.bind(scope) as (fn: () => void, ms?: number) => number,
    clearTimeout: scope.clearTimeout.bind(scope) as (id: number) => void,
    MessageChannel: scope.MessageChannel as typeof MessageChannel | undefined,
    getRandomValues: scope.crypto?.getRandomValues?.bind(scope.crypto) as (<T extends ArrayBufferView>(array: T) => T) | undefined,
  };
  const PRELUDE_FILE = 'gfg-sandbox-prelude.js';

  // ── Names ─────────────────────────────────────────────────────────────────────────
  // The Worker gets this function's source text as the production build minified it, where
  // `class Buffer` has become `class eZ` and `function promisify` `function xt`. So every name a
  // program can see (inspect prints `<Buffer 01>`, `EventEmitter {}`, `[Function: promisify]`;
  // `%s` looks a constructor up by its name) is set from a string here, never left to a
  // declaration. sandbox-worker.test.ts runs a minified prelude to keep it so.
  function named<T extends object>(target: T, name: string): T {
    if ((target as { name?: unknown }).name !== name) Object.defineProperty(target, 'name', { value: name, configurable: true });
    return target;
  }
  /** Names an object's own functions after their keys, as Node's are; the first key of an alias wins; natives keep theirs. */
  const keyNamed = new WeakSet<object>();
  function nameMembers(object: object): void {
    for (const key of Object.getOwnPropertyNames(object)) {
      if (key === 'constructor' || key === 'prototype') continue;
      const value = Object.getOwnPropertyDescriptor(object, key)?.value;
      if (typeof value !== 'function' || keyNamed.has(value) || /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(value))) continue;
      keyNamed.add(value);
      // A class keeps the name given to it with named(); a function takes its key.
      if (!/^class\b/.test(Function.prototype.toString.call(value))) named(value, key);
    }
  }

  // ── Output: immediate, batched under a flood, limited ───────────────────────────────────
  // Node writes to a terminal synchronously, so a line printed just before a busy loop shows.
  // Each write is posted at once, unless the program writes in a burst (more than BURST posts
  // within BURST_WINDOW_MS): then writes are batched, flushed at 16 kB or on the next turn.
  const BURST = 200;
  const BURST_WINDOW_MS = 50;
  let outFd: 1 | 2 = 1;
  let outBuffer = '';
  let outTimer: number | undefined;
  let written = 0;
  let outputLimit = Infinity;
  let silenced = false;
  let windowStart = 0;
  let windowPosts = 0;

  function flush(): void {
    if (outTimer !== undefined) native.clearTimeout(outTimer);
    outTimer = undefined;
    if (outBuffer) post({ gfg: 'out', fd: outFd, data: outBuffer });
    outBuffer = '';
  }

  function write(fd: 1 | 2, text: string): void {
    if (silenced || exited || text === '') return;
    if (fd !== outFd) flush();
    outFd = fd;
    written += text.length;
    if (written > outputLimit) {
      outBuffer += text.slice(0, Math.max(0, text.length - (written - outputLimit)));
      flush();
      silenced = true;
      post({ gfg: 'limit' });
      stopTimers();
      return;
    }
    outBuffer += text;
    const now = performance.now();
    if (now - windowStart > BURST_WINDOW_MS) {
      windowStart = now;
      windowPosts = 0;
    }
    if (windowPosts < BURST || outBuffer.length >= 16384) {
      windowPosts++;
      flush();
    } else if (outTimer === undefined) outTimer = native.setTimeout(flush, 0);
  }

  // ── Formatting: util.inspect and util.format, laid out as Node lays them out ─────────────
  // The layout rules are Node's (lib/internal/util/inspect.js): up to 3 inner levels on one line
  // when it fits in 80 columns, long arrays of short items in aligned columns, `<ref *1>` for
  // circular references. Colours only when asked (console output: when stdout is a terminal).
  const STYLE = {
    number: [33, 39],
    bigint: [33, 39],
    boolean: [33, 39],
    undefined: [90, 39],
    null: [1, 22],
    string: [32, 39],
    symbol: [32, 39],
    date: [35, 39],
    regexp: [31, 39],
    special: [36, 39],
    module: [4, 24],
  } as const satisfies Record<string, readonly [number, number]>;
  type Style = keyof typeof STYLE;

  interface InspectOptions {
    depth?: number | null;
    colors?: boolean;
    compact?: number | boolean;
    breakLength?: number;
    maxArrayLength?: number | null;
    maxStringLength?: number | null;
    sorted?: boolean;
    showHidden?: boolean;
  }

  interface Ctx {
    depth: number;
    colors: boolean;
    compact: number | boolean;
    breakLength: number;
    maxArrayLength: number;
    maxStringLength: number;
    sorted: boolean;
    seen: object[];
    circular: Map<object, number>;
    indentationLvl: number;
    currentDepth: number;
  }

  const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
  // eslint-disable-next-line no-control-regex -- ANSI escapes
  const stripColors = (text: string): string => text.replace(/\x1b\[\d+m/g, '');

  function stylize(ctx: Ctx, text: string, style: Style): string {
    const [on, off] = STYLE[style];
    return ctx.colors ? `\x1b[${on}m${text}\x1b[${off}m` : text;
  }

  function quote(s: string): string {
    const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes('`') && !s.includes('${') ? '`' : "'";
    // eslint-disable-next-line no-control-regex -- control characters are escaped, as Node does
    const escaped = s.replace(/[\\\n\r\t\b\f\v\0\x01-\x07\x0e-\x1f\x7f]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\0': '\\x00' })[c] ?? `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
  }

  function formatKey(ctx: Ctx, key: string | symbol, enumerable = true): string {
    if (typeof key === 'symbol') return `[${stylize(ctx, key.toString(), 'symbol')}]`;
    if (!enumerable) return `[${key}]`;
    return /^[a-zA-Z_][a-zA-Z_0-9]*$/.test(key) ? key : stylize(ctx, quote(key), 'string');
  }

  function constructorName(value: object): string | null {
    let proto = Object.getPrototypeOf(value);
    while (proto !== null) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, 'constructor');
      if (descriptor && typeof descriptor.value === 'function' && descriptor.value.name !== '') return String(descriptor.value.name);
      proto = Object.getPrototypeOf(proto);
    }
    return null;
  }

  function formatNumber(ctx: Ctx, n: number): string {
    return stylize(ctx, Object.is(n, -0) ? '-0' : String(n), 'number');
  }

  function formatPrimitive(ctx: Ctx, value: unknown): string {
    switch (typeof value) {
      case 'string': {
        let text = value;
        let trailer = '';
        if (text.length > ctx.maxStringLength) {
          const remaining = text.length - ctx.maxStringLength;
          text = text.slice(0, ctx.maxStringLength);
          trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
        }
        return stylize(ctx, quote(text), 'string') + trailer;
      }
      case 'number':
        return formatNumber(ctx, value);
      case 'bigint':
        return stylize(ctx, `${value}n`, 'bigint');
      case 'boolean':
        return stylize(ctx, String(value), 'boolean');
      case 'undefined':
        return stylize(ctx, 'undefined', 'undefined');
      case 'symbol':
        return stylize(ctx, value.toString(), 'symbol');
    }
    return String(value);
  }

  function functionBase(value: (...args: unknown[]) => unknown, name: string | null): string {
    const source = Function.prototype.toString.call(value);
    if (source.startsWith('class') && /^class\b/.test(source)) {
      const base = `[class ${value.name || '(anonymous)'}`;
      const superName = Object.getPrototypeOf(value)?.name;
      return `${base}${superName ? ` extends ${superName}` : ''}]`;
    }
    let type = 'Function';
    if (/^async\s+function\s*\*|^async\s*\*/.test(source)) type = 'AsyncGeneratorFunction';
    else if (/^function\s*\*/.test(source) || /^\*/.test(source)) type = 'GeneratorFunction';
    else if (/^async\b/.test(source)) type = 'AsyncFunction';
    let base = `[${type}`;
    base += value.name ? `: ${value.name}]` : ' (anonymous)]';
    if (name !== type && name !== null && name !== 'Function') base += ` ${name}`;
    if (name === null) base += ' (null prototype)';
    return base;
  }

  function formatError(err: any, ctx?: Ctx): string {
    let stack = typeof err.stack === 'string' && err.stack ? err.stack : `${err.name ?? 'Error'}: ${err.message ?? ''}`;
    stack = cleanStack(stack);
    if (err.cause !== undefined && ctx) {
      stack += `\n  [cause]: ${formatValue({ ...ctx, indentationLvl: ctx.indentationLvl + 2 }, err.cause, 1)}`;
    }
    if (ctx && ctx.indentationLvl !== 0) stack = stack.replace(/\n/g, `\n${' '.repeat(ctx.indentationLvl)}`);
    return stack;
  }

  /** Whether entries fit on one line (Node's isBelowBreakLength). */
  function isBelowBreakLength(ctx: Ctx, output: string[], start: number, base: string): boolean {
    let total = output.length + start;
    if (total + output.length > ctx.breakLength) return false;
    for (const entry of output) {
      total += ctx.colors ? stripColors(entry).length : entry.length;
      if (total > ctx.breakLength) return false;
    }
    return base === '' || !base.includes('\n');
  }

  /** Long arrays of short entries, in aligned columns (as Node's groupArrayElements does). */
  function groupArrayElements(ctx: Ctx, output: string[], value: unknown[] | undefined): string[] {
    let total = 0;
    let maxLength = 0;
    let count = output.length;
    if (ctx.maxArrayLength < output.length) count--; // the "... more items" entry stays on its own
    const separator = 2;
    const lengths: number[] = [];
    for (let i = 0; i < count; i++) {
      const len = ctx.colors ? stripColors(output[i]!).length : output[i]!.length;
      lengths.push(len);
      total += len + separator;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separator;
    if (!(actualMax * 3 + ctx.indentationLvl < ctx.breakLength && (total / actualMax > 5 || maxLength <= 6))) return output;
    const averageBias = Math.sqrt(actualMax - total / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(Math.round(Math.sqrt(2.5 * biasedMax * count) / biasedMax), Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax), Number(ctx.compact) * 4, 15);
    if (columns <= 1) return output;
    const widths: number[] = [];
    for (let c = 0; c < columns; c++) {
      let width = 0;
      for (let j = c; j < count; j += columns) if (lengths[j]! > width) width = lengths[j]!;
      widths.push(width + separator);
    }
    const numeric = value !== undefined && value.slice(0, count).every((v) => typeof v === 'number' || typeof v === 'bigint');
    const grouped: string[] = [];
    for (let i = 0; i < count; i += columns) {
      const end = Math.min(i + columns, count);
      let line = '';
      let j = i;
      for (; j < end - 1; j++) {
        const padding = widths[j - i]! + output[j]!.length - lengths[j]!;
        line += numeric ? `${output[j]}, `.padStart(padding, ' ') : `${output[j]}, `.padEnd(padding, ' ');
      }
      if (numeric) line += output[j]!.padStart(widths[j - i]! + output[j]!.length - lengths[j]! - separator, ' ');
      else line += output[j];
      grouped.push(line);
    }
    if (ctx.maxArrayLength < output.length) grouped.push(output[count]!);
    return grouped;
  }

  function reduceToSingleString(ctx: Ctx, output: string[], base: string, braces: [string, string], isArrayLike: boolean, recurseTimes: number, value: unknown): string {
    if (ctx.compact !== true) {
      if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
        const entries = output.length;
        if (isArrayLike && entries > 6) output = groupArrayElements(ctx, output, Array.isArray(value) ? value : undefined);
        if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
          const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
          if (isBelowBreakLength(ctx, output, start, base)) {
            const joined = output.join(', ');
            if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
          }
        }
      }
      const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
      return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
    }
    if (isBelowBreakLength(ctx, output, 0, base)) return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ${braces[1]}`;
    const indentation = ' '.repeat(ctx.indentationLvl);
    const ln = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
    return `${braces[0]}${ln}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
  }

  function formatProperty(ctx: Ctx, value: any, recurseTimes: number, key: string | symbol, arrayItem = false): string {
    const descriptor = Object.getOwnPropertyDescriptor(value, key) ?? { value: value[key], enumerable: true };
    let str: string;
    if (descriptor.value !== undefined || !('get' in descriptor || 'set' in descriptor)) {
      const diff = ctx.compact !== true ? 2 : 3;
      ctx.indentationLvl += diff;
      str = formatValue(ctx, descriptor.value, recurseTimes);
      ctx.indentationLvl -= diff;
    } else if (descriptor.get) {
      str = stylize(ctx, descriptor.set ? '[Getter/Setter]' : '[Getter]', 'special');
    } else if (descriptor.set) {
      str = stylize(ctx, '[Setter]', 'special');
    } else {
      str = stylize(ctx, 'undefined', 'undefined');
    }
    if (arrayItem) return str;
    return `${formatKey(ctx, key, descriptor.enumerable !== false)}: ${str}`;
  }

  function formatValue(ctx: Ctx, value: unknown, recurseTimes: number): string {
    if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(ctx, value);
    if (value === null) return stylize(ctx, 'null', 'null');
    const obj = value as any;
    const custom = obj[inspectCustom];
    if (typeof custom === 'function' && custom !== inspect && !(Object.getOwnPropertyDescriptor(obj, 'constructor')?.value?.prototype === obj)) {
      const depth = ctx.depth - recurseTimes;
      const result = custom.call(obj, depth, { ...ctx, depth, stylize: (text: string, style: Style) => stylize(ctx, text, style) }, inspect);
      if (result !== obj) return typeof result === 'string' ? result.replace(/\n/g, `\n${' '.repeat(ctx.indentationLvl)}`) : formatValue(ctx, result, recurseTimes);
    }
    if (ctx.seen.includes(obj)) {
      let index = ctx.circular.get(obj);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(obj, index);
      }
      return stylize(ctx, `[Circular *${index}]`, 'special');
    }
    return formatRaw(ctx, obj, recurseTimes);
  }

  function formatRaw(ctx: Ctx, value: any, recurseTimes: number): string {
    const name = constructorName(value);
    const prefix = (fallback: string, size = ''): string => {
      if (name === null) return `[${fallback}${size}: null prototype] `;
      return name !== fallback ? `${name}${size} [${fallback}] ` : `${fallback}${size} `;
    };
    let keys: (string | symbol)[] = [...Object.keys(value), ...Object.getOwnPropertySymbols(value).filter((s) => Object.prototype.propertyIsEnumerable.call(value, s))];
    let base = '';
    let braces: [string, string] = ['{', '}'];
    let formatter: (ctx: Ctx, value: any, recurseTimes: number) => string[] = () => [];
    let isArrayLike = false;
    let noEntries = false;

    if (Array.isArray(value)) {
      keys = keys.filter((k) => typeof k === 'symbol' || !/^(0|[1-9][0-9]*)$/.test(k));
      braces = [`${name === 'Array' ? '' : prefix('Array', `(${value.length})`)}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      isArrayLike = true;
      formatter = formatArray;
    } else if (value instanceof Set) {
      braces = [`${prefix('Set', `(${value.size})`)}{`, '}'];
      if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
      formatter = (c, v, r) => {
        c.indentationLvl += 2;
        const out = [...(v as Set<unknown>)].map((item) => formatValue(c, item, r));
        c.indentationLvl -= 2;
        return out;
      };
    } else if (value instanceof Map) {
      braces = [`${prefix('Map', `(${value.size})`)}{`, '}'];
      if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
      formatter = (c, v, r) => {
        c.indentationLvl += 2;
        const out = [...(v as Map<unknown, unknown>)].map(([k, item]) => `${formatValue(c, k, r)} => ${formatValue(c, item, r)}`);
        c.indentationLvl -= 2;
        return out;
      };
    } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const view = value as unknown as ArrayLike<number | bigint> & { length: number };
      if (isBufferValue(value)) {
        const bytes = value as unknown as Uint8Array;
        const shown = Math.min(bytes.length, 50);
        let text = '';
        for (let i = 0; i < shown; i++) text += `${i ? ' ' : ''}${bytes[i]!.toString(16).padStart(2, '0')}`;
        if (bytes.length > shown) text += ` ... ${bytes.length - shown} more byte${bytes.length - shown > 1 ? 's' : ''}`;
        return `<${name ?? 'Buffer'} ${text}>`.replace(' >', '>');
      }
      keys = keys.filter((k) => typeof k === 'symbol' || !/^(0|[1-9][0-9]*)$/.test(k));
      const fallback = Object.prototype.toString.call(value).slice(8, -1);
      braces = [`${prefix(fallback, `(${view.length})`)}[`, ']'];
      if (view.length === 0 && keys.length === 0) return `${braces[0]}]`;
      isArrayLike = true;
      formatter = (c, v) => {
        const items = v as ArrayLike<number | bigint>;
        const shown = Math.min(items.length, c.maxArrayLength);
        const out: string[] = [];
        for (let i = 0; i < shown; i++) out.push(typeof items[i] === 'bigint' ? stylize(c, `${items[i]}n`, 'bigint') : formatNumber(c, items[i] as number));
        if (items.length > shown) out.push(`... ${items.length - shown} more item${items.length - shown > 1 ? 's' : ''}`);
        return out;
      };
    } else {
      noEntries = true;
    }

    if (noEntries) {
      if (typeof value === 'function') {
        base = functionBase(value, name);
        keys = keys.filter((k) => k !== 'prototype');
        if (keys.length === 0) return stylize(ctx, base, 'special');
      } else if (value instanceof RegExp) {
        base = RegExp.prototype.toString.call(value);
        base = stylize(ctx, name === 'RegExp' || name === null ? base : `${name} ${base}`, 'regexp');
        if (keys.length === 0) return base;
      } else if (value instanceof Date) {
        const time = value.getTime();
        base = stylize(ctx, Number.isNaN(time) ? 'Invalid Date' : value.toISOString(), 'date');
        if (keys.length === 0) return base;
      } else if (value instanceof Error) {
        base = formatError(value, ctx);
        keys = keys.filter((k) => k !== 'cause' && k !== 'stack' && k !== 'message');
        if (keys.length === 0) return base;
      } else if (value instanceof Promise) {
        braces = [`${prefix('Promise')}{`, '}'];
        formatter = (c) => [stylize(c, '<unknown>', 'special')];
      } else if (value instanceof WeakMap || value instanceof WeakSet) {
        braces = [`${prefix(value instanceof WeakMap ? 'WeakMap' : 'WeakSet')}{`, '}'];
        formatter = (c) => [stylize(c, '<items unknown>', 'special')];
      } else if (value instanceof ArrayBuffer) {
        const bytes = new Uint8Array(value);
        let hex = '';
        for (let i = 0; i < Math.min(bytes.length, 50); i++) hex += `${i ? ' ' : ''}${bytes[i]!.toString(16).padStart(2, '0')}`;
        if (bytes.length > 50) hex += ` ... ${bytes.length - 50} more byte${bytes.length - 50 > 1 ? 's' : ''}`;
        braces = [`${prefix('ArrayBuffer')}{`, '}'];
        formatter = (c) => [`[Uint8Contents]: <${hex}>`, `byteLength: ${formatNumber(c, value.byteLength)}`];
      } else if (value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt || value instanceof Symbol) {
        const type = value instanceof Number ? 'Number' : value instanceof String ? 'String' : value instanceof Boolean ? 'Boolean' : value instanceof BigInt ? 'BigInt' : 'Symbol';
        const primitive = formatPrimitive({ ...ctx, colors: false }, value.valueOf());
        base = `[${type}${name !== type ? (name === null ? ' (null prototype)' : ` (${name})`) : ''}: ${primitive}]`;
        if (value instanceof String) keys = keys.filter((k) => typeof k === 'symbol' || !/^(0|[1-9][0-9]*)$/.test(k));
        base = stylize(ctx, base, value instanceof String ? 'string' : value instanceof Symbol ? 'symbol' : value instanceof Boolean ? 'boolean' : value instanceof BigInt ? 'bigint' : 'number');
        if (keys.length === 0) return base;
      } else if (typeof AbortSignal !== 'undefined' && value instanceof AbortSignal) {
        braces = [`${prefix('AbortSignal')}{`, '}'];
        formatter = (c) => [`aborted: ${stylize(c, String(value.aborted), 'boolean')}`];
      } else if (typeof AbortController !== 'undefined' && value instanceof AbortController) {
        braces = [`${prefix('AbortController')}{`, '}'];
        formatter = (c, _v, r) => [`signal: ${formatValue(c, value.signal, r)}`];
      } else {
        if (Object.prototype.toString.call(value) === '[object Module]' || value[Symbol.toStringTag] === 'Module') {
          braces = ['[Module: null prototype] {', '}'];
          keys = Object.keys(value).sort();
        } else {
          const tag = value[Symbol.toStringTag];
          const label = name === null ? '[Object: null prototype]' : name === 'Object' ? '' : name;
          const tagged = typeof tag === 'string' && tag !== '' && tag !== name ? `${label ? `${label} ` : 'Object '}[${tag}]` : label;
          braces = [`${tagged ? `${tagged} ` : ''}{`, '}'];
        }
        if (keys.length === 0) return `${braces[0]}}`;
      }
    }

    if (recurseTimes > ctx.depth) {
      const shortName = (name ?? 'Object').replace(/^\[|\]$/g, '');
      return stylize(ctx, Array.isArray(value) ? '[Array]' : `[${shortName}]`, 'special');
    }
    recurseTimes++;
    ctx.seen.push(value);
    ctx.currentDepth = recurseTimes;
    let output: string[];
    try {
      output = formatter(ctx, value, recurseTimes);
      for (const key of keys) output.push(formatProperty(ctx, value, recurseTimes, key));
    } finally {
      ctx.seen.pop();
    }
    if (ctx.sorted) output.sort();
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const reference = stylize(ctx, `<ref *${index}>`, 'special');
      if (ctx.compact !== true) base = base === '' ? reference : `${reference} ${base}`;
      else braces[0] = `${reference} ${braces[0]}`;
    }
    return reduceToSingleString(ctx, output, base, braces, isArrayLike, recurseTimes, value);
  }

  function formatArray(ctx: Ctx, value: unknown[], recurseTimes: number): string[] {
    const output: string[] = [];
    const shown = Math.min(value.length, ctx.maxArrayLength);
    let holes = 0;
    const hole = (): void => {
      output.push(stylize(ctx, `<${holes} empty item${holes > 1 ? 's' : ''}>`, 'undefined'));
      holes = 0;
    };
    let i = 0;
    for (; i < value.length && output.length < shown; i++) {
      if (!Object.prototype.hasOwnProperty.call(value, i)) {
        holes++;
        continue;
      }
      if (holes) hole();
      if (output.length >= shown) break;
      output.push(formatProperty(ctx, value, recurseTimes, String(i), true));
    }
    if (holes && output.length < shown) hole();
    const remaining = value.length - i;
    if (remaining > 0 && output.length >= shown) output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
    return output;
  }

  function inspect(value: unknown, options: InspectOptions = {}): string {
    const opts = typeof options === 'object' && options !== null ? options : {};
    const ctx: Ctx = {
      depth: opts.depth === null ? Infinity : (opts.depth ?? 2),
      colors: opts.colors ?? false,
      compact: opts.compact ?? 3,
      breakLength: opts.breakLength ?? 80,
      maxArrayLength: opts.maxArrayLength === null ? Infinity : (opts.maxArrayLength ?? 100),
      maxStringLength: opts.maxStringLength === null ? Infinity : (opts.maxStringLength ?? 10000),
      sorted: opts.sorted === true,
      seen: [],
      circular: new Map(),
      indentationLvl: 0,
      currentDepth: 0,
    };
    // A second pass when a circular reference was found, so the referenced object shows `<ref *1>`.
    const first = formatValue(ctx, value, 0);
    if (ctx.circular.size === 0) return first;
    return formatValue({ ...ctx, seen: [], indentationLvl: 0, currentDepth: 0 }, value, 0);
  }

  // The constructors Node counts as built in for %s: the JavaScript engine's own globals (Node lists
  // them before it adds Buffer, URL or TextEncoder; a Worker has many more), matched by name.
  const BUILT_IN_OBJECTS = new Set('Object Function Array Number Infinity NaN Boolean String Symbol Date Promise RegExp Error AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError JSON Math Intl ArrayBuffer Uint8Array Int8Array Uint16Array Int16Array Uint32Array Int32Array Float32Array Float64Array Uint8ClampedArray BigUint64Array BigInt64Array DataView Map BigInt Set WeakMap WeakSet Proxy Reflect FinalizationRegistry WeakRef SharedArrayBuffer Atomics WebAssembly'.split(' '));

  /** Whether an object's toString is a built-in one (then %s inspects it, as Node does). */
  function hasBuiltInToString(value: any): boolean {
    if (typeof value.toString !== 'function') return true;
    if (Object.prototype.hasOwnProperty.call(value, 'toString')) return false;
    let pointer = value;
    do pointer = Object.getPrototypeOf(pointer);
    while (pointer !== null && !Object.prototype.hasOwnProperty.call(pointer, 'toString'));
    const ctor = pointer === null ? undefined : Object.getOwnPropertyDescriptor(pointer, 'constructor')?.value;
    return typeof ctor === 'function' && BUILT_IN_OBJECTS.has(ctor.name);
  }

  const plainCtx = { colors: false } as Ctx;

  function formatWithOptions(options: InspectOptions, ...args: unknown[]): string {
    const first = args[0];
    let a = 0;
    let str = '';
    let join = '';
    if (typeof first === 'string') {
      if (args.length === 1) return first;
      let lastPos = 0;
      for (let i = 0; i < first.length - 1; i++) {
        if (first.charCodeAt(i) !== 37) continue; // '%'
        const next = first[++i]!;
        if (a + 1 !== args.length) {
          let piece: string;
          switch (next) {
            case 's': {
              const arg = args[++a];
              if (typeof arg === 'number') piece = formatNumber(plainCtx, arg);
              else if (typeof arg === 'bigint') piece = `${arg}n`;
              else if (typeof arg !== 'object' || arg === null || !hasBuiltInToString(arg)) piece = String(arg);
              else piece = inspect(arg, { ...options, depth: 0, colors: false, compact: 3 });
              break;
            }
            case 'j': {
              const arg = args[++a];
              try {
                piece = String(JSON.stringify(arg));
              } catch {
                piece = '[Circular]';
              }
              break;
            }
            case 'd': {
              const arg = args[++a];
              piece = typeof arg === 'bigint' ? `${arg}n` : typeof arg === 'symbol' ? 'NaN' : formatNumber(plainCtx, Number(arg));
              break;
            }
            case 'O':
              piece = inspect(args[++a], options);
              break;
            case 'o':
              piece = inspect(args[++a], { ...options, showHidden: true, depth: 4 });
              break;
            case 'i': {
              const arg = args[++a];
              piece = typeof arg === 'bigint' ? `${arg}n` : typeof arg === 'symbol' ? 'NaN' : formatNumber(plainCtx, parseInt(String(arg), 10));
              break;
            }
            case 'f': {
              const arg = args[++a];
              piece = typeof arg === 'symbol' ? 'NaN' : formatNumber(plainCtx, parseFloat(String(arg)));
              break;
            }
            case 'c':
              a++;
              piece = '';
              break;
            case '%':
              str += first.slice(lastPos, i);
              lastPos = i + 1;
              continue;
            default:
              continue;
          }
          if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
          str += piece;
          lastPos = i + 1;
        } else if (next === '%') {
          str += first.slice(lastPos, i);
          lastPos = i + 1;
        }
      }
      if (lastPos !== 0) {
        a++;
        join = ' ';
        if (lastPos < first.length) str += first.slice(lastPos);
      }
    }
    for (; a < args.length; a++) {
      const value = args[a];
      str += join + (typeof value === 'string' ? value : inspect(value, options));
      join = ' ';
    }
    return str;
  }

  function format(...args: unknown[]): string {
    return formatWithOptions({}, ...args);
  }

  // ── EventEmitter ──────────────────────────────────────────────────────────────────
  type Listener = ((...args: any[]) => unknown) & { listener?: (...args: any[]) => unknown };

  class EventEmitter {
    static defaultMaxListeners = 10;
    static EventEmitter: typeof EventEmitter;
    static once: (emitter: EventEmitter, name: string | symbol, options?: { signal?: AbortSignal }) => Promise<unknown[]>;
    private _events = new Map<string | symbol, Listener[]>();
    private _max = EventEmitter.defaultMaxListeners;

    on(name: string | symbol, listener: Listener): this {
      return this.addListener(name, listener);
    }
    addListener(name: string | symbol, listener: Listener, prepend = false): this {
      if (typeof listener !== 'function') throw new TypeError('The "listener" argument must be of type function');
      if (this._events.has('newListener')) this.emit('newListener', name, listener.listener ?? listener);
      const list = this._events.get(name) ?? [];
      if (prepend) list.unshift(listener);
      else list.push(listener);
      this._events.set(name, list);
      return this;
    }
    prependListener(name: string | symbol, listener: Listener): this {
      return this.addListener(name, listener, true);
    }
    once(name: string | symbol, listener: Listener): this {
      return this.on(name, this._wrapOnce(name, listener));
    }
    prependOnceListener(name: string | symbol, listener: Listener): this {
      return this.prependListener(name, this._wrapOnce(name, listener));
    }
    private _wrapOnce(name: string | symbol, listener: Listener): Listener {
      const wrapper: Listener = (...args: unknown[]) => {
        this.removeListener(name, wrapper);
        return listener.apply(this, args);
      };
      wrapper.listener = listener;
      return wrapper;
    }
    off(name: string | symbol, listener: Listener): this {
      return this.removeListener(name, listener);
    }
    removeListener(name: string | symbol, listener: Listener): this {
      const list = this._events.get(name);
      if (!list) return this;
      const i = list.findLastIndex((l) => l === listener || l.listener === listener);
      if (i >= 0) {
        list.splice(i, 1);
        if (list.length === 0) this._events.delete(name);
        if (this._events.has('removeListener')) this.emit('removeListener', name, listener);
      }
      return this;
    }
    removeAllListeners(name?: string | symbol): this {
      if (name === undefined) this._events.clear();
      else this._events.delete(name);
      return this;
    }
    emit(name: string | symbol, ...args: unknown[]): boolean {
      const list = this._events.get(name);
      if (!list || list.length === 0) {
        if (name === 'error') {
          const err = args[0];
          if (err instanceof Error) throw err;
          const wrapped = new Error(`Unhandled error. (${inspect(err)})`);
          (wrapped as any).code = 'ERR_UNHANDLED_ERROR';
          throw wrapped;
        }
        return false;
      }
      for (const listener of [...list]) listener.apply(this, args);
      return true;
    }
    listenerCount(name: string | symbol): number {
      return this._events.get(name)?.length ?? 0;
    }
    listeners(name: string | symbol): Listener[] {
      return (this._events.get(name) ?? []).map((l) => l.listener ?? l);
    }
    rawListeners(name: string | symbol): Listener[] {
      return [...(this._events.get(name) ?? [])];
    }
    eventNames(): (string | symbol)[] {
      return [...this._events.keys()];
    }
    setMaxListeners(n: number): this {
      this._max = n;
      return this;
    }
    getMaxListeners(): number {
      return this._max;
    }
  }
  named(EventEmitter, 'EventEmitter');
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.once = (emitter, name, options = {}) =>
    new Promise((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) return reject(abortError(signal.reason));
      const onError = (err: unknown): void => {
        emitter.removeListener(name, onEvent);
        signal?.removeEventListener('abort', onAbort);
        reject(err);
      };
      const onEvent = (...args: unknown[]): void => {
        if (name !== 'error') emitter.removeListener('error', onError);
        signal?.removeEventListener('abort', onAbort);
        resolve(args);
      };
      const onAbort = (): void => {
        emitter.removeListener(name, onEvent);
        emitter.removeListener('error', onError);
        reject(abortError(signal?.reason));
      };
      emitter.once(name, onEvent);
      if (name !== 'error') emitter.once('error', onError);
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  function abortError(cause: unknown): Error {
    const err = new Error('The operation was aborted', { cause });
    err.name = 'AbortError';
    (err as any).code = 'ABORT_ERR';
    return err;
  }

  // ── The event loop ───────────────────────────────────────────────────────────────────
  // Node's loop, in the order a program can see: each turn runs the timers that are due (in the
  // order of their due time, then of creation), then I/O (stdin, resize), then the setImmediate
  // callbacks queued before the turn. Every callback is a task of its own, so promise callbacks
  // run between two of them, as in Node. After a callback, the process.nextTick queue runs before
  // its promise callbacks; a tick queued outside a callback (from a promise callback, or from a
  // module's top level, which Node evaluates in a promise job) runs once the promise callbacks are
  // done, in a task of its own. The loop time is read once per turn, as libuv's is.
  interface TimerRecord {
    id: number;
    due: number;
    seq: number;
    ms: number;
    repeat: boolean;
    ref: boolean;
    active: boolean;
    callback: (...args: unknown[]) => unknown;
    args: unknown[];
  }
  interface ImmediateRecord {
    active: boolean;
    ref: boolean;
    callback: (...args: unknown[]) => unknown;
    args: unknown[];
  }
  const timers = new Map<number, TimerRecord>();
  const immediates: ImmediateRecord[] = [];
  const io: (() => void)[] = [];
  const ticks: { fn: (...args: unknown[]) => unknown; args: unknown[] }[] = [];
  let nextTimerId = 1;
  let timerSeq = 0;
  let exited = false;
  let started = false;
  let inCallback = false;
  let loopNow = 0;
  let phase = 2; // 0 timers, 1 I/O, 2 immediates: the first turn starts with the timers
  let phaseQueue: (() => void)[] = [];
  let turnPosted = false;
  let sleeping: number | undefined;
  let workSinceBeforeExit = true;
  /** Native asynchronous work the program waits for (WebAssembly compiles, crypto.subtle): it keeps the loop alive. */
  let pendingNative = 0;

  const updateLoopTime = (): void => {
    loopNow = Math.floor(performance.now());
  };
  updateLoopTime();

  // One channel posts the loop's turns: a task without the 4 ms clamp of nested timers.
  const loopChannel = native.MessageChannel ? new native.MessageChannel() : undefined;
  if (loopChannel) loopChannel.port1.onmessage = () => runTurn();
  function runTurn(): void {
    turnPosted = false;
    turn();
  }
  function wake(): void {
    if (turnPosted || exited || !started) return;
    turnPosted = true;
    if (loopChannel) loopChannel.port2.postMessage(0);
    else native.setTimeout(runTurn, 0);
  }
  const scheduleIdleCheck = wake;

  function runTicks(): void {
    while (ticks.length > 0 && !exited) {
      const tick = ticks.shift()!;
      guarded(() => tick.fn(...tick.args));
    }
  }

  /** Runs one callback as Node runs a callback from its loop: then the ticks it queued. */
  function callback(fn: () => unknown): void {
    inCallback = true;
    try {
      guarded(fn);
      runTicks();
    } finally {
      inCallback = false;
    }
  }

  function nextTick(fn: (...args: unknown[]) => unknown, ...args: unknown[]): void {
    if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + inspect(fn));
    if (exited) return;
    ticks.push({ fn, args });
    if (!inCallback) wake();
  }

  function dueTimers(): (() => void)[] {
    const due = [...timers.values()].filter((t) => t.due <= loopNow).sort((a, b) => a.due - b.due || a.seq - b.seq);
    return due.map((record) => () => {
      // Cleared, or refreshed by an earlier callback of this turn (its clock restarted): not now.
      if (!record.active || record.due > loopNow) return;
      if (record.repeat) {
        record.due = loopNow + record.ms;
        record.seq = ++timerSeq;
      } else {
        record.active = false;
        timers.delete(record.id);
      }
      const { callback: fn, args } = record;
      fn(...args);
    });
  }

  function turn(): void {
    if (exited || !started) return;
    if (sleeping !== undefined) {
      native.clearTimeout(sleeping);
      sleeping = undefined;
    }
    if (ticks.length > 0) {
      // Queued from a promise callback: their own promise callbacks run when this task ends.
      callback(() => {});
      wake();
      return;
    }
    for (let advanced = 0; phaseQueue.length === 0; advanced++) {
      if (advanced === 3) return idle();
      phase = (phase + 1) % 3;
      if (phase === 0) {
        updateLoopTime();
        phaseQueue = dueTimers();
      } else if (phase === 1) {
        updateLoopTime();
        phaseQueue = io.splice(0);
      }
      else
        phaseQueue = immediates.splice(0).map((record) => () => {
          if (!record.active) return;
          record.active = false;
          const { callback: fn, args } = record;
          fn(...args);
        });
    }
    const next = phaseQueue.shift()!;
    if (next !== emitBeforeExit) workSinceBeforeExit = true;
    callback(next);
    wake();
  }

  const emitBeforeExit = (): void => void processObject.emit('beforeExit', Number(processObject.exitCode ?? 0));

  /** Nothing to run now: sleep until the next timer, wait for input, or end the program as Node would. */
  function idle(): void {
    if (aliveHandles() > 0 || immediates.length > 0) {
      let nextDue = Infinity;
      for (const t of timers.values()) if (t.due < nextDue) nextDue = t.due;
      if (nextDue !== Infinity)
        sleeping = native.setTimeout(
          () => {
            sleeping = undefined;
            turn();
          },
          Math.max(1, nextDue - performance.now() + 1),
        );
      return; // input or native work wakes the loop when it comes
    }
    // A task later, so that an unhandled rejection of the last promise job is reported first.
    sleeping = native.setTimeout(() => {
      sleeping = undefined;
      if (exited || aliveHandles() > 0 || ticks.length > 0 || io.length > 0 || immediates.length > 0) return wake();
      if (workSinceBeforeExit) {
        workSinceBeforeExit = false;
        io.push(emitBeforeExit);
        return wake();
      }
      if (entryPending) {
        write(2, `Warning: Detected unsettled top-level await at ${entryFile}\n`);
        exit(13);
        return;
      }
      exit(Number(processObject.exitCode ?? 0));
    }, 0);
  }

  class Timeout {
    constructor(readonly id: number) {}
    ref(): this {
      const t = timers.get(this.id);
      if (t) t.ref = true;
      return this;
    }
    unref(): this {
      const t = timers.get(this.id);
      if (t) t.ref = false;
      wake();
      return this;
    }
    hasRef(): boolean {
      return timers.get(this.id)?.ref ?? false;
    }
    refresh(): this {
      const t = timers.get(this.id);
      if (t) {
        t.due = loopNow + t.ms;
        t.seq = ++timerSeq;
      }
      return this;
    }
    close(): this {
      clearTimer(this);
      return this;
    }
    [Symbol.toPrimitive](): number {
      return this.id;
    }
  }
  named(Timeout, 'Timeout');

  class Immediate {
    constructor(readonly record: ImmediateRecord) {}
    ref(): this {
      this.record.ref = true;
      return this;
    }
    unref(): this {
      this.record.ref = false;
      wake();
      return this;
    }
    hasRef(): boolean {
      return this.record.ref;
    }
  }
  named(Immediate, 'Immediate');

  function addTimer(callback: (...args: unknown[]) => unknown, ms: unknown, args: unknown[], repeat: boolean): Timeout {
    if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + inspect(callback));
    const id = nextTimerId++;
    let delay = Number(ms);
    if (!(delay >= 1 && delay <= 2147483647)) delay = 1;
    delay = Math.trunc(delay);
    // Started at the loop's time, as libuv's timers are: a timer set after a long synchronous job is due as early as Node's.
    const record: TimerRecord = { id, due: loopNow + delay, seq: ++timerSeq, ms: delay, repeat, ref: true, active: true, callback, args };
    if (!exited) timers.set(id, record);
    wake();
    return new Timeout(id);
  }

  function addImmediate(callback: (...args: unknown[]) => unknown, args: unknown[]): Immediate {
    if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + inspect(callback));
    const record: ImmediateRecord = { active: true, ref: true, callback, args };
    if (!exited) immediates.push(record);
    wake();
    return new Immediate(record);
  }

  /** The program is over (exit or a limit): nothing scheduled runs any more. */
  function stopTimers(): void {
    exited = true;
    for (const record of timers.values()) record.active = false;
    timers.clear();
    immediates.length = 0;
    ticks.length = 0;
    if (sleeping !== undefined) native.clearTimeout(sleeping);
  }

  function clearTimer(timer: unknown): void {
    if (timer === undefined || timer === null) return;
    if (timer instanceof Immediate) {
      timer.record.active = false;
      const i = immediates.indexOf(timer.record);
      if (i >= 0) immediates.splice(i, 1);
      return;
    }
    const id = typeof timer === 'object' && timer instanceof Timeout ? timer.id : Number(timer);
    const record = timers.get(id);
    if (!record) return;
    record.active = false;
    timers.delete(id);
    wake();
  }

  const timerApi = {
    setTimeout: (fn: (...a: unknown[]) => unknown, ms?: number, ...args: unknown[]) => addTimer(fn, ms, args, false),
    setInterval: (fn: (...a: unknown[]) => unknown, ms?: number, ...args: unknown[]) => addTimer(fn, ms, args, true),
    setImmediate: (fn: (...a: unknown[]) => unknown, ...args: unknown[]) => addImmediate(fn, args),
    // Three functions, as in Node, each named by its key.
    clearTimeout: (timer?: unknown) => clearTimer(timer),
    clearInterval: (timer?: unknown) => clearTimer(timer),
    clearImmediate: (timer?: unknown) => clearTimer(timer),
  };

  // stdin keeps the program alive while something listens to it, as in Node.
  let stdinPaused = true;

  function aliveHandles(): number {
    let n = pendingNative;
    for (const t of timers.values()) if (t.ref) n++;
    for (const im of immediates) if (im.ref) n++;
    if (!stdinPaused && (stdin.listenerCount('data') > 0 || stdin.listenerCount('readable') > 0)) n++;
    return n;
  }

  /** Native promises that settle in a later task (not in a promise job): the loop waits for them. */
  function trackNative<T>(promise: Promise<T>): Promise<T> {
    pendingNative++;
    return promise.finally(() => {
      pendingNative--;
      wake();
    });
  }

  // ── Errors ───────────────────────────────────────────────────────────────────────
  let files: Record<string, string> = {};
  let sources: Record<string, string> = {};
  const userFrames = new WeakMap<object, { file: string; line: number; column: number }>();

  // Stack traces name the reader's files (each module is evaluated with a sourceURL) and leave out the prelude.
  (Error as any).stackTraceLimit = 30;
  (Error as any).prepareStackTrace = (error: any, frames: any[]): string => {
    const header = (() => {
      try {
        return Error.prototype.toString.call(error);
      } catch {
        return 'Error';
      }
    })();
    const kept = frames.filter((frame) => {
      const file = frame.getFileName?.();
      return !file || (file !== PRELUDE_FILE && !String(file).startsWith('blob:'));
    });
    const first = kept.find((frame) => (frame.getFileName?.() ?? '') in files);
    if (first && error && typeof error === 'object') {
      try {
        userFrames.set(error, { file: first.getFileName(), line: first.getLineNumber(), column: first.getColumnNumber() });
      } catch {
        // frozen or primitive-like errors: no code frame
      }
    }
    return [header, ...kept.map((frame) => `    at ${frame}`)].join('\n');
  };

  /** Stack text without the prelude's frames (and the host's, where the host is Node). */
  function cleanStack(stack: string): string {
    return stack
      .split('\n')
      .filter((line) => !/^\s+at .*(gfg-sandbox-prelude\.js|blob:|node:internal)/.test(line))
      .join('\n');
  }

  /** The first frame in one of the reader's files: from prepareStackTrace, or read off the stack text. */
  function userFrameOf(err: object, stack: string): { file: string; line: number; column: number } | undefined {
    const known = userFrames.get(err);
    if (known) return known;
    for (const match of stack.matchAll(/^\s+at (?:.*?\()?(.+?):(\d+):(\d+)\)?$/gm)) {
      const file = match[1]!;
      if (Object.prototype.hasOwnProperty.call(files, file)) return { file, line: Number(match[2]), column: Number(match[3]) };
    }
    return undefined;
  }

  function describeUncaught(err: unknown, kind: 'exception' | 'rejection'): string {
    const lines: string[] = [];
    if (err instanceof Error || (err && typeof err === 'object' && 'stack' in err)) {
      const text = inspect(err, { colors: false }); // reading .stack runs prepareStackTrace, which finds the reader's frame
      const where = userFrameOf(err as object, String((err as Error).stack ?? ''));
      if (where) {
        const code = (sources[where.file] ?? files[where.file] ?? '').split('\n')[where.line - 1];
        lines.push(`${where.file}:${where.line}:${where.column}`);
        if (code !== undefined && code.trim()) {
          lines.push(code.replace(/\t/g, '  '));
          lines.push(`${' '.repeat(Math.max(0, Math.min(where.column - 1, code.length)))}^`);
        }
        lines.push('');
      }
      lines.push(kind === 'rejection' ? `Uncaught (in promise) ${text}` : text);
      const hint = missingGlobalHint(err);
      if (hint) lines.push('', hint);
    } else {
      lines.push(kind === 'rejection' ? `Uncaught (in promise) ${inspect(err, { colors: false })}` : `Uncaught ${inspect(err, { colors: false })}`);
    }
    return lines.join('\n');
  }

  /** Node's wording for the CommonJS names an ES module does not have, for an error out of a module's evaluation. */
  function esmScopeMessage(err: unknown): void {
    if (!(err instanceof ReferenceError)) return;
    const name = /^(\S+) is not defined$/.exec(err.message)?.[1];
    if (!name || !['require', 'module', 'exports', '__dirname', '__filename'].includes(name)) return;
    const old = err.message;
    err.message = `${old} in ES module scope${name === 'require' ? ', you can use import instead' : ''}`;
    if (typeof err.stack === 'string') err.stack = err.stack.replace(old, err.message);
  }

  // Node 20's globals; one the browser lacks gets a plain explanation when a program uses it.
  const NODE_GLOBALS = 'AbortController AbortSignal Blob BroadcastChannel Buffer ByteLengthQueuingStrategy CompressionStream CountQueuingStrategy CustomEvent DOMException DecompressionStream Event EventTarget File FormData Headers MessageChannel MessageEvent MessagePort Performance ReadableStream Request Response TextDecoder TextDecoderStream TextEncoder TextEncoderStream TransformStream URL URLSearchParams WebAssembly WritableStream atob btoa clearImmediate clearInterval clearTimeout console crypto fetch global performance process queueMicrotask setImmediate setInterval setTimeout structuredClone'.split(' ');

  function missingGlobalHint(err: unknown): string | undefined {
    if (!(err instanceof ReferenceError)) return undefined;
    const name = /^(\S+) is not defined$/.exec(err.message)?.[1];
    if (!name || !NODE_GLOBALS.includes(name)) return undefined;
    const provided = NODE_GLOBALS.filter((g) => g in scope && scope[g] !== undefined);
    return `\x1b[2m${name} is a Node.js global that this browser does not provide in the in-browser sandbox. Provided: ${provided.join(', ')}.\x1b[22m`;
  }

  let fatal = false;
  function uncaught(err: unknown, kind: 'exception' | 'rejection'): void {
    if (exited || fatal) return;
    if (kind === 'exception' && processObject.listenerCount('uncaughtException') > 0) {
      processObject.emit('uncaughtException', err, 'uncaughtException');
      return;
    }
    if (kind === 'rejection' && processObject.listenerCount('unhandledRejection') > 0) {
      processObject.emit('unhandledRejection', err, Promise.resolve());
      return;
    }
    fatal = true;
    const text = describeUncaught(err, kind);
    write(2, `\x1b[31m${text.replace(/\n/g, '\x1b[39m\n\x1b[31m')}\x1b[39m\n`);
    if (kind === 'rejection') write(2, `\x1b[2mThe promise rejected and nothing caught it (Node.js ends the program on an unhandled rejection).\x1b[22m\n`);
    exit(1);
  }

  function guarded(fn: () => unknown): void {
    try {
      fn();
    } catch (err) {
      uncaught(err, 'exception');
    }
  }

  scope.addEventListener('error', (event: any) => {
    event.preventDefault();
    uncaught(event.error ?? new Error(String(event.message)), 'exception');
  });
  scope.addEventListener('unhandledrejection', (event: any) => {
    event.preventDefault();
    uncaught(event.reason, 'rejection');
  });

  // ── process ───────────────────────────────────────────────────────────────────────
  class WriteStream extends EventEmitter {
    isTTY = true;
    columns = 80;
    rows = 24;
    constructor(readonly fd: 1 | 2) {
      super();
    }
    private decoder: TextDecoder | undefined;
    write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      // Bytes are decoded as a terminal would: a character split across two writes still shows.
      const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? (this.decoder ??= new TextDecoder()).decode(chunk, { stream: true }) : String(chunk);
      write(this.fd, text);
      const cb = typeof encoding === 'function' ? encoding : callback;
      if (typeof cb === 'function') nextTick(() => cb());
      return true;
    }
    end(chunk?: unknown): void {
      if (chunk !== undefined) this.write(chunk);
    }
    hasColors(): boolean {
      return true;
    }
    getColorDepth(): number {
      return 8;
    }
    getWindowSize(): [number, number] {
      return [this.columns, this.rows];
    }
    cursorTo(x: number, y?: number): boolean {
      write(this.fd, y === undefined ? `\x1b[${x + 1}G` : `\x1b[${y + 1};${x + 1}H`);
      return true;
    }
    clearLine(): boolean {
      write(this.fd, '\x1b[2K');
      return true;
    }
  }
  named(WriteStream, 'WriteStream');

  class ReadStream extends EventEmitter {
    isTTY = true;
    isRaw = false;
    private encoding: string | null = null;
    setEncoding(encoding: string): this {
      this.encoding = encoding;
      return this;
    }
    setRawMode(raw: boolean): this {
      this.isRaw = raw;
      return this;
    }
    resume(): this {
      stdinPaused = false;
      return this;
    }
    pause(): this {
      stdinPaused = true;
      scheduleIdleCheck();
      return this;
    }
    override on(name: string | symbol, listener: Listener): this {
      super.on(name, listener);
      if (name === 'data') stdinPaused = false;
      return this;
    }
    push(data: string): void {
      this.emit('data', this.encoding ? data : Buffer.from(data));
    }
    unref(): this {
      stdinPaused = true;
      scheduleIdleCheck();
      return this;
    }
    ref(): this {
      return this;
    }
  }
  named(ReadStream, 'ReadStream');

  const stdout = new WriteStream(1);
  const stderr = new WriteStream(2);
  const stdin = new ReadStream();
  const startTime = performance.now();

  class Process extends EventEmitter {
    title = 'node';
    version = 'v20.0.0';
    versions = { node: '20.0.0', sandbox: '2' };
    platform = 'browser';
    arch = 'wasm';
    pid = 1;
    ppid = 0;
    release = { name: 'node' };
    argv: string[] = ['/usr/local/bin/node'];
    execArgv: string[] = [];
    env: Record<string, string> = {};
    exitCode: number | undefined = undefined;
    stdout = stdout;
    stderr = stderr;
    stdin = stdin;
    private dir = '/';
    cwd(): string {
      return this.dir;
    }
    chdir(dir: string): void {
      this.dir = dir;
    }
    exit(code?: number): void {
      exit(code === undefined ? Number(this.exitCode ?? 0) : Number(code));
    }
    abort(): void {
      exit(134);
    }
    nextTick(fn: (...args: unknown[]) => unknown, ...args: unknown[]): void {
      nextTick(fn, ...args);
    }
    uptime(): number {
      return (performance.now() - startTime) / 1000;
    }
    hrtime = Object.assign(
      (previous?: [number, number]): [number, number] => {
        const now = performance.timeOrigin + performance.now();
        let s = Math.floor(now / 1000);
        let ns = Math.round((now % 1000) * 1e6);
        if (previous) {
          s -= previous[0];
          ns -= previous[1];
          if (ns < 0) {
            s--;
            ns += 1e9;
          }
        }
        return [s, ns];
      },
      { bigint: (): bigint => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6)) },
    );
    memoryUsage(): Record<string, number> {
      return { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
    }
    cpuUsage(): { user: number; system: number } {
      return { user: Math.round((performance.now() - startTime) * 1000), system: 0 };
    }
    emitWarning(warning: unknown): void {
      write(2, `(node) Warning: ${warning instanceof Error ? warning.message : String(warning)}\n`);
    }
  }
  named(Process, 'process');
  const processObject = new Process();

  function exit(code: number): void {
    if (exited) return;
    const exitCode = Number.isFinite(code) ? code | 0 : 1;
    processObject.exitCode = exitCode;
    try {
      processObject.emit('exit', exitCode);
    } catch (err) {
      write(2, `${String((err as Error)?.stack ?? err)}\n`);
    }
    flush();
    stopTimers();
    post({ gfg: 'exit', code: exitCode });
  }

  // ── console ───────────────────────────────────────────────────────────────────────
  let groupIndent = '';
  const counts = new Map<string, number>();
  const timersByLabel = new Map<string, number>();

  function print(fd: 1 | 2, args: unknown[]): void {
    let text = format(...args);
    if (groupIndent) text = groupIndent + text.replace(/\n/g, `\n${groupIndent}`);
    write(fd, `${text}\n`);
  }

  function table(data: unknown, columns?: string[]): void {
    if (data === null || typeof data !== 'object') return print(1, [data]);
    const rows = Object.entries(data as Record<string, unknown>);
    const keys: string[] = [];
    let hasValues = false;
    for (const [, row] of rows) {
      if (row !== null && typeof row === 'object') {
        for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
      } else hasValues = true;
    }
    const heads = ['(index)', ...(columns ?? keys), ...(hasValues ? ['Values'] : [])];
    const cell = (v: unknown): string => (v === undefined ? '' : inspect(v, { depth: 0, colors: false }));
    const body = rows.map(([index, row]) => [
      index,
      ...(columns ?? keys).map((k) => (row !== null && typeof row === 'object' ? cell((row as Record<string, unknown>)[k]) : '')),
      ...(hasValues ? [row !== null && typeof row === 'object' ? '' : cell(row)] : []),
    ]);
    const widths = heads.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)) + 2);
    // Node 20 aligns cells to the left, one space in from the border.
    const center = (s: string, w: number): string => ` ${s}${' '.repeat(Math.max(0, w - s.length - 1))}`;
    const line = (l: string, m: string, r: string): string => l + widths.map((w) => '─'.repeat(w)).join(m) + r;
    const out = [line('┌', '┬', '┐'), `│${heads.map((h, i) => center(h, widths[i]!)).join('│')}│`, line('├', '┼', '┤'), ...body.map((r) => `│${r.map((c, i) => center(c, widths[i]!)).join('│')}│`), line('└', '┴', '┘')];
    print(1, [out.join('\n')]);
  }

  const consoleObject = {
    log: (...args: unknown[]) => print(1, args),
    info: (...args: unknown[]) => print(1, args),
    debug: (...args: unknown[]) => print(1, args),
    error: (...args: unknown[]) => print(2, args),
    warn: (...args: unknown[]) => print(2, args),
    trace: (...args: unknown[]) => {
      const err = new Error(format(...args));
      err.name = 'Trace';
      print(2, [String(err.stack)]);
    },
    dir: (value: unknown, options?: InspectOptions) => print(1, [inspect(value, options)]),
    assert: (condition: unknown, ...args: unknown[]) => {
      if (!condition) print(2, args.length ? ['Assertion failed:', ...args] : ['Assertion failed']);
    },
    count: (label = 'default') => {
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      print(1, [`${label}: ${n}`]);
    },
    countReset: (label = 'default') => counts.delete(label),
    time: (label = 'default') => timersByLabel.set(label, performance.now()),
    timeLog: (label = 'default', ...args: unknown[]) => {
      const start = timersByLabel.get(label);
      if (start !== undefined) print(1, [`${label}: ${(performance.now() - start).toFixed(3)}ms`, ...args]);
    },
    timeEnd: (label = 'default') => {
      const start = timersByLabel.get(label);
      if (start === undefined) return;
      timersByLabel.delete(label);
      print(1, [`${label}: ${(performance.now() - start).toFixed(3)}ms`]);
    },
    group: (...args: unknown[]) => {
      if (args.length) print(1, args);
      groupIndent += '  ';
    },
    groupCollapsed: (...args: unknown[]) => {
      if (args.length) print(1, args);
      groupIndent += '  ';
    },
    groupEnd: () => {
      groupIndent = groupIndent.slice(2);
    },
    table,
  };

  // ── Memory: a cap on buffers ──────────────────────────────────────────────────────
  // A Worker has no heap limit a page can set and cannot read its own heap size (no
  // performance.memory in a Worker). Buffers (ArrayBuffers, typed arrays, WebAssembly memories)
  // live outside the JavaScript heap, where nothing else stops a loop before the machine runs
  // short, so the prelude counts them: the usual ways to allocate one are wrapped, a buffer is
  // credited back when it is collected (FinalizationRegistry), and the run ends at the limit.
  // The count is an upper bound: buffers dropped during one long synchronous job are credited
  // only after it. Not a security boundary: a heap that grows without bound (arrays, objects,
  // strings) makes the browser end the sandbox's process, and the page notices (liveness.ts).
  const IN_HEAP_BYTES = 64; // V8 keeps typed arrays this small in the JS heap
  const NativeArrayBuffer: typeof ArrayBuffer = scope.ArrayBuffer;
  const NativeSharedArrayBuffer: typeof SharedArrayBuffer | undefined = scope.SharedArrayBuffer;
  let memoryLimit = Infinity;
  let bufferBytes = 0;
  let overMemory = false;
  const released = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<number>((bytes) => (bufferBytes -= bytes)) : undefined;

  function mb(bytes: number): string {
    return `${+(bytes / 1_000_000).toFixed(1)} MB`;
  }

  /** Refuses an allocation of `bytes` that would take the program over the limit. */
  function admit(bytes: number): void {
    if (bytes <= IN_HEAP_BYTES || bufferBytes + bytes <= memoryLimit) return;
    if (!overMemory && !exited) {
      overMemory = true;
      flush();
      silenced = true;
      stopTimers();
      post({ gfg: 'memory', limit: memoryLimit });
    }
    throw new RangeError(`Array buffer allocation failed: ${mb(bytes)} more would take the program past the playground's ${mb(memoryLimit)} memory limit`);
  }

  /** Counts a buffer that was allocated, until it is collected. */
  function account(holder: object, bytes: number): void {
    if (bytes <= IN_HEAP_BYTES) return;
    bufferBytes += bytes;
    released?.register(holder, bytes);
  }

  function isBuffer(value: unknown): value is ArrayBuffer {
    return value instanceof NativeArrayBuffer || (NativeSharedArrayBuffer !== undefined && value instanceof NativeSharedArrayBuffer);
  }

  /** The memory a buffer holds: a resizable or growable one may grow to its maximum without asking again. */
  function bufferSize(buffer: any): number {
    return buffer.resizable || buffer.growable ? buffer.maxByteLength : buffer.byteLength;
  }

  /** Counts whatever new buffer `made` holds, after the fact (for allocations whose size is not known before). */
  function measure(made: unknown): void {
    const buffer = isBuffer(made) ? made : ArrayBuffer.isView(made) && made.byteLength > IN_HEAP_BYTES ? made.buffer : undefined;
    if (!buffer) return;
    const bytes = bufferSize(buffer);
    admit(bytes);
    account(buffer, bytes);
  }

  /** A length argument as the constructor will read it, when that is cheap to know; otherwise undefined. */
  function lengthArgument(value: unknown): number | undefined {
    if (typeof value !== 'number' && typeof value !== 'string' && value !== undefined) return undefined;
    const n = Math.trunc(Number(value ?? 0));
    return Number.isFinite(n) && n > 0 ? n : 0;
  }

  /**
   * Replaces a global constructor with a Proxy that checks the size before allocating and counts
   * the buffer after. The prototype's `constructor` points at the Proxy too, so copies made
   * through the species constructor (slice, map, filter) and `x.constructor` are counted as well.
   */
  function capConstructor(owner: any, name: string, sizeBefore: (args: unknown[], Native: any) => number | undefined, bufferOf: (made: any, args: unknown[]) => object | undefined): void {
    const Native = owner?.[name];
    if (typeof Native !== 'function') return;
    const capped = new Proxy(Native, {
      construct(target, args, newTarget) {
        const before = sizeBefore(args, Native);
        if (before !== undefined) admit(before);
        const made = Reflect.construct(target, args, newTarget);
        const holder = bufferOf(made, args);
        if (holder) {
          const bytes = holder === made && !isBuffer(made) ? (before ?? 0) : bufferSize(holder);
          if (before === undefined) admit(bytes);
          account(holder, bytes);
        }
        return made;
      },
    });
    Native.prototype.constructor = capped;
    owner[name] = capped;
  }

  /** Wraps a method that returns a new buffer or view, counting the result. */
  function capMethod(proto: any, name: string): void {
    const native = proto?.[name];
    if (typeof native !== 'function') return;
    const wrapped = {
      [name](this: unknown, ...args: unknown[]): unknown {
        const made = native.apply(this, args);
        measure(made);
        return made;
      },
    }[name];
    Object.defineProperty(proto, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  }

  for (const name of ['ArrayBuffer', 'SharedArrayBuffer']) {
    capConstructor(
      scope,
      name,
      (args) => {
        const length = lengthArgument(args[0]);
        const max = (args[1] as { maxByteLength?: unknown } | undefined)?.maxByteLength;
        return length === undefined ? undefined : Math.max(length, lengthArgument(typeof max === 'number' ? max : undefined) ?? 0);
      },
      (made) => made,
    );
  }
  for (const name of ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
    capConstructor(
      scope,
      name,
      (args, Native) => {
        if (typeof args[0] === 'object' && args[0] !== null) return undefined; // a view on a buffer, or a copy of a list: measured after
        return (lengthArgument(args[0]) ?? 0) * Native.BYTES_PER_ELEMENT;
      },
      (made: ArrayBufferView, args) => (isBuffer(args[0]) || made.byteLength <= IN_HEAP_BYTES ? undefined : made.buffer),
    );
  }
  for (const name of ['slice', 'transfer', 'transferToFixedLength']) capMethod(NativeArrayBuffer.prototype, name);
  // These three build their result with the intrinsic constructor, not the species one.
  for (const name of ['toReversed', 'toSorted', 'with']) capMethod(Object.getPrototypeOf(Uint8Array.prototype), name);
  if (typeof scope.TextEncoder === 'function') {
    // A subclass, not a patch: the class may be shared with the host (tests run the prelude in a VM).
    const NativeTextEncoder: typeof TextEncoder = scope.TextEncoder;
    scope.TextEncoder = class TextEncoder extends NativeTextEncoder {
      override encode(input?: string): Uint8Array<ArrayBuffer> {
        const made = super.encode(input);
        measure(made);
        return made;
      }
    };
    named(scope.TextEncoder, 'TextEncoder');
  }
  const wasm = scope.WebAssembly;
  const WASM_PAGE = 65_536;
  capConstructor(
    wasm,
    'Memory',
    (args) => (lengthArgument(Number((args[0] as { initial?: unknown } | undefined)?.initial)) ?? 0) * WASM_PAGE,
    (made) => made,
  );
  if (typeof wasm?.Memory === 'function') {
    const grow = wasm.Memory.prototype.grow;
    wasm.Memory.prototype.grow = function (this: object, delta: number): number {
      const bytes = (lengthArgument(Number(delta)) ?? 0) * WASM_PAGE;
      admit(bytes);
      const previous = grow.call(this, delta);
      account(this, bytes);
      return previous;
    };
  }

  // ── Buffer: the part of Node's Buffer programs use ──────────────────────────────────
  // A Uint8Array subclass, as Node's is: made after the memory caps, so its bytes count too.
  type Encoding = 'utf8' | 'hex' | 'base64' | 'base64url' | 'latin1' | 'ascii' | 'utf16le';
  const ENCODINGS: Record<string, Encoding> = { utf8: 'utf8', 'utf-8': 'utf8', hex: 'hex', base64: 'base64', base64url: 'base64url', latin1: 'latin1', binary: 'latin1', ascii: 'ascii', utf16le: 'utf16le', 'utf-16le': 'utf16le', ucs2: 'utf16le', 'ucs-2': 'utf16le' };
  const utf8Encoder = new TextEncoder();

  function encodingOf(encoding: unknown): Encoding {
    if (encoding === undefined || encoding === null) return 'utf8';
    const found = ENCODINGS[String(encoding).toLowerCase()];
    if (!found) {
      const err = new TypeError(`Unknown encoding: ${String(encoding)}`);
      (err as any).code = 'ERR_UNKNOWN_ENCODING';
      throw err;
    }
    return found;
  }

  function latin1String(bytes: Uint8Array, mask = 0xff): string {
    let out = '';
    for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...Array.from(bytes.subarray(i, i + 8192), (b) => b & mask));
    return out;
  }

  function stringToBytes(text: string, encoding: Encoding): Uint8Array {
    switch (encoding) {
      case 'utf8':
        return utf8Encoder.encode(text);
      case 'hex': {
        const n = Math.floor(text.length / 2);
        const out = new Uint8Array(n);
        let i = 0;
        for (; i < n; i++) {
          const byte = parseInt(text.slice(i * 2, i * 2 + 2), 16);
          if (Number.isNaN(byte)) break;
          out[i] = byte;
        }
        return out.subarray(0, i);
      }
      case 'base64':
      case 'base64url': {
        let clean = text.replace(/[^A-Za-z0-9+/\-_]/g, '').replace(/-/g, '+').replace(/_/g, '/');
        if (clean.length % 4 === 1) clean = clean.slice(0, -1);
        clean += '='.repeat((4 - (clean.length % 4)) % 4);
        const binary = atob(clean);
        const out = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
        return out;
      }
      case 'latin1':
      case 'ascii': {
        const out = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
        return out;
      }
      case 'utf16le': {
        const out = new Uint8Array(text.length * 2);
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          out[i * 2] = c & 0xff;
          out[i * 2 + 1] = c >> 8;
        }
        return out;
      }
    }
  }

  function bytesToString(bytes: Uint8Array, encoding: Encoding): string {
    switch (encoding) {
      case 'utf8':
        return new TextDecoder().decode(bytes);
      case 'hex':
        return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'base64':
        return btoa(latin1String(bytes));
      case 'base64url':
        return btoa(latin1String(bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      case 'latin1':
        return latin1String(bytes);
      case 'ascii':
        return latin1String(bytes, 0x7f);
      case 'utf16le': {
        let out = '';
        for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
        return out;
      }
    }
  }

  const NativeUint8Array: typeof Uint8Array = scope.Uint8Array;

  class Buffer extends NativeUint8Array {
    static poolSize = 8192;

    static from(value: unknown, encodingOrOffset?: unknown, length?: unknown): Buffer {
      if (typeof value === 'string') return Buffer.fromBytes(stringToBytes(value, encodingOf(encodingOrOffset)));
      if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
        const offset = Number(encodingOrOffset ?? 0) | 0;
        const size = length === undefined ? value.byteLength - offset : Number(length) | 0;
        return new Buffer(value as ArrayBuffer, offset, size);
      }
      if (ArrayBuffer.isView(value)) {
        const view = value as ArrayBufferView;
        return Buffer.fromBytes(value instanceof NativeUint8Array ? (value as Uint8Array) : new NativeUint8Array(view.buffer, view.byteOffset, view.byteLength));
      }
      if (value && typeof value === 'object') {
        const data = (value as { type?: unknown; data?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data) ? (value as { data: number[] }).data : (value as ArrayLike<number>);
        if (typeof (data as ArrayLike<number>).length === 'number') {
          const out = Buffer.alloc((data as ArrayLike<number>).length);
          for (let i = 0; i < out.length; i++) out[i] = Number((data as ArrayLike<number>)[i]) & 0xff;
          return out;
        }
      }
      throw new TypeError(`The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. Received ${inspect(value)}`);
    }

    private static fromBytes(bytes: Uint8Array): Buffer {
      const out = new Buffer(bytes.length);
      out.set(bytes);
      return out;
    }

    static alloc(size: number, fill?: unknown, encoding?: unknown): Buffer {
      const out = new Buffer(Number(size));
      if (fill !== undefined && fill !== 0) out.fill(fill as number, 0, out.length, encoding as string);
      return out;
    }

    static allocUnsafe(size: number): Buffer {
      return new Buffer(Number(size));
    }

    static allocUnsafeSlow(size: number): Buffer {
      return new Buffer(Number(size));
    }

    static isBuffer(value: unknown): value is Buffer {
      return value instanceof Buffer;
    }

    static isEncoding(encoding: unknown): boolean {
      return typeof encoding === 'string' && String(encoding).toLowerCase() in ENCODINGS;
    }

    static byteLength(value: unknown, encoding?: unknown): number {
      if (typeof value === 'string') return stringToBytes(value, encodingOf(encoding)).length;
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return (value as ArrayBuffer).byteLength;
      throw new TypeError('The "string" argument must be of type string or an instance of Buffer or ArrayBuffer.');
    }

    static concat(list: readonly Uint8Array[], totalLength?: number): Buffer {
      const total = totalLength ?? list.reduce((sum, item) => sum + item.length, 0);
      const out = Buffer.alloc(total);
      let at = 0;
      for (const item of list) {
        if (at >= total) break;
        const part = item.subarray(0, total - at);
        out.set(part, at);
        at += part.length;
      }
      return out;
    }

    static compare(a: Uint8Array, b: Uint8Array): number {
      const n = Math.min(a.length, b.length);
      for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
      return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
    }

    override toString(encoding?: unknown, start?: number, end?: number): string {
      const s = Math.max(0, Number(start ?? 0) | 0);
      const e = Math.min(this.length, end === undefined ? this.length : Number(end) | 0);
      return bytesToString(NativeUint8Array.prototype.subarray.call(this, s, Math.max(s, e)) as Uint8Array, encodingOf(encoding));
    }

    toJSON(): { type: 'Buffer'; data: number[] } {
      return { type: 'Buffer', data: Array.from(this) };
    }

    equals(other: Uint8Array): boolean {
      return Buffer.compare(this, other) === 0;
    }

    compare(other: Uint8Array): number {
      return Buffer.compare(this, other);
    }

    write(text: string, offset?: unknown, length?: unknown, encoding?: unknown): number {
      if (typeof offset === 'string') {
        encoding = offset;
        offset = 0;
      } else if (typeof length === 'string') {
        encoding = length;
        length = undefined;
      }
      const at = Number(offset ?? 0) | 0;
      const bytes = stringToBytes(text, encodingOf(encoding));
      const n = Math.min(bytes.length, this.length - at, length === undefined ? Infinity : Number(length));
      this.set(bytes.subarray(0, n), at);
      return n;
    }

    override fill(value: unknown, start?: unknown, end?: unknown, encoding?: unknown): this {
      if (typeof start === 'string') {
        encoding = start;
        start = 0;
        end = this.length;
      }
      const s = Number(start ?? 0) | 0;
      const e = end === undefined ? this.length : Number(end) | 0;
      if (typeof value === 'string') {
        const bytes = stringToBytes(value, encodingOf(encoding));
        if (bytes.length === 0) return super.fill(0, s, e);
        for (let i = s; i < e; i++) this[i] = bytes[(i - s) % bytes.length]!;
        return this;
      }
      if (value instanceof NativeUint8Array) {
        for (let i = s; i < e; i++) this[i] = (value as Uint8Array)[(i - s) % (value as Uint8Array).length]!;
        return this;
      }
      return super.fill(Number(value) & 0xff, s, e);
    }

    override indexOf(value: unknown, byteOffset?: number, encoding?: unknown): number {
      const needle = typeof value === 'number' ? [value & 0xff] : typeof value === 'string' ? stringToBytes(value, encodingOf(encoding)) : (value as Uint8Array);
      const from = byteOffset === undefined ? 0 : byteOffset < 0 ? Math.max(0, this.length + byteOffset) : byteOffset;
      if (needle.length === 0) return Math.min(from, this.length);
      outer: for (let i = from; i <= this.length - needle.length; i++) {
        for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
        return i;
      }
      return -1;
    }

    override includes(value: unknown, byteOffset?: number, encoding?: unknown): boolean {
      return this.indexOf(value, byteOffset, encoding) !== -1;
    }

    override slice(start?: number, end?: number): Buffer {
      return this.subarray(start, end) as Buffer;
    }

    copy(target: Uint8Array, targetStart = 0, sourceStart = 0, sourceEnd = this.length): number {
      const part = NativeUint8Array.prototype.subarray.call(this, sourceStart, Math.min(sourceEnd, sourceStart + target.length - targetStart)) as Uint8Array;
      target.set(part, targetStart);
      return part.length;
    }
  }
  named(Buffer, 'Buffer');

  // readUInt8, readUInt16LE, writeInt32BE, readBigUInt64LE, readDoubleLE …, as DataView reads them.
  const NUMBER_METHODS: [string, string, number, boolean | undefined][] = [
    ['UInt8', 'Uint8', 1, undefined],
    ['Int8', 'Int8', 1, undefined],
    ['UInt16LE', 'Uint16', 2, true],
    ['UInt16BE', 'Uint16', 2, false],
    ['Int16LE', 'Int16', 2, true],
    ['Int16BE', 'Int16', 2, false],
    ['UInt32LE', 'Uint32', 4, true],
    ['UInt32BE', 'Uint32', 4, false],
    ['Int32LE', 'Int32', 4, true],
    ['Int32BE', 'Int32', 4, false],
    ['FloatLE', 'Float32', 4, true],
    ['FloatBE', 'Float32', 4, false],
    ['DoubleLE', 'Float64', 8, true],
    ['DoubleBE', 'Float64', 8, false],
    ['BigUInt64LE', 'BigUint64', 8, true],
    ['BigUInt64BE', 'BigUint64', 8, false],
    ['BigInt64LE', 'BigInt64', 8, true],
    ['BigInt64BE', 'BigInt64', 8, false],
  ];
  function outOfRange(offset: number, size: number, length: number): RangeError {
    const err = new RangeError(`The value of "offset" is out of range. It must be >= 0 and <= ${length - size}. Received ${offset}`);
    (err as any).code = 'ERR_OUT_OF_RANGE';
    return err;
  }
  for (const [name, viewName, size, littleEndian] of NUMBER_METHODS) {
    const proto = Buffer.prototype as any;
    const read = function (this: Buffer, offset = 0): number | bigint {
      if (!(offset >= 0 && offset + size <= this.length) || offset % 1 !== 0) throw outOfRange(offset, size, this.length);
      return (new DataView(this.buffer, this.byteOffset, this.byteLength) as any)[`get${viewName}`](offset, littleEndian);
    };
    const writeNumber = function (this: Buffer, value: number | bigint, offset = 0): number {
      if (!(offset >= 0 && offset + size <= this.length) || offset % 1 !== 0) throw outOfRange(offset, size, this.length);
      (new DataView(this.buffer, this.byteOffset, this.byteLength) as any)[`set${viewName}`](offset, value, littleEndian);
      return offset + size;
    };
    proto[`read${name}`] = read;
    proto[`write${name}`] = writeNumber;
    if (name.includes('UInt')) {
      proto[`read${name.replace('UInt', 'Uint')}`] = read;
      proto[`write${name.replace('UInt', 'Uint')}`] = writeNumber;
    }
  }

  function isBufferValue(value: unknown): boolean {
    return value instanceof Buffer;
  }

  // ── crypto: the random parts, from crypto.getRandomValues ──────────────────────────────
  function randomBytes(size: number, callback?: (err: Error | null, bytes: Buffer) => void): Buffer | undefined {
    const out = Buffer.alloc(Number(size));
    for (let i = 0; i < out.length; i += 65536) native.getRandomValues?.(out.subarray(i, i + 65536));
    if (typeof callback === 'function') {
      nextTick(() => callback(null, out));
      return undefined;
    }
    return out;
  }

  function randomUUID(): string {
    const bytes = new NativeUint8Array(16);
    native.getRandomValues?.(bytes);
    bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function randomInt(min: number, max?: number): number {
    if (max === undefined) {
      max = min;
      min = 0;
    }
    const range = max - min;
    if (!(range > 0) || !Number.isSafeInteger(min) || !Number.isSafeInteger(max)) throw new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
    const words = new Uint32Array(2);
    native.getRandomValues?.(words);
    const fraction = (words[0]! * 2 ** 21 + (words[1]! >>> 11)) / 2 ** 53;
    return min + Math.floor(fraction * range);
  }

  if (scope.crypto && typeof scope.crypto.randomUUID !== 'function') {
    try {
      Object.defineProperty(scope.crypto, 'randomUUID', { value: randomUUID, configurable: true, writable: true });
    } catch {
      // a crypto object that cannot take it: node:crypto still has it
    }
  }

  const notInSandbox = (module: string, name: string, provided: string[]) => () => {
    const err = new Error(`${module}.${name}() is not available in the in-browser sandbox. ${module} here provides: ${provided.join(', ')}. Choose the WebContainer runtime for the whole of Node.js.`);
    (err as any).code = 'ERR_NOT_IN_SANDBOX';
    throw err;
  };
  const CRYPTO_PROVIDED = ['randomUUID', 'randomBytes', 'randomInt', 'getRandomValues', 'webcrypto'];
  const cryptoModule: Record<string, unknown> = {
    randomUUID,
    randomBytes,
    randomInt,
    getRandomValues: <T extends ArrayBufferView>(array: T): T => native.getRandomValues!(array),
    webcrypto: scope.crypto,
    subtle: scope.crypto?.subtle,
  };
  for (const name of ['createHash', 'createHmac', 'createCipheriv', 'createDecipheriv', 'createSign', 'createVerify', 'pbkdf2', 'pbkdf2Sync', 'scrypt', 'scryptSync', 'generateKeyPair', 'generateKeyPairSync', 'createECDH', 'timingSafeEqual', 'hash']) {
    cryptoModule[name] = notInSandbox('crypto', name, CRYPTO_PROVIDED);
  }

  // ── path: node:path, POSIX ───────────────────────────────────────────────────────────
  function normalizeParts(path: string, absolute: boolean): string {
    const out: string[] = [];
    for (const part of path.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (out.length && out[out.length - 1] !== '..') out.pop();
        else if (!absolute) out.push('..');
      } else out.push(part);
    }
    return out.join('/');
  }
  const pathModule: any = {
    sep: '/',
    delimiter: ':',
    normalize(path: string): string {
      if (path === '') return '.';
      const absolute = path.startsWith('/');
      const trailing = path.endsWith('/');
      let out = normalizeParts(path, absolute);
      if (out === '' && !absolute) out = '.';
      if (out !== '' && trailing) out += '/';
      return (absolute ? '/' : '') + out;
    },
    join(...parts: string[]): string {
      const joined = parts.filter((p) => p !== '').join('/');
      return joined === '' ? '.' : pathModule.normalize(joined);
    },
    resolve(...parts: string[]): string {
      let resolved = '';
      for (let i = parts.length - 1; i >= -1 && !resolved.startsWith('/'); i--) {
        const part = i >= 0 ? parts[i]! : processObject.cwd();
        if (part) resolved = `${part}/${resolved}`;
      }
      const out = normalizeParts(resolved, true);
      return `/${out}`;
    },
    isAbsolute: (path: string): boolean => path.startsWith('/'),
    dirname(path: string): string {
      if (path === '') return '.';
      const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
      const i = trimmed.lastIndexOf('/');
      if (i < 0) return '.';
      return i === 0 ? '/' : trimmed.slice(0, i);
    },
    basename(path: string, ext?: string): string {
      const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
      let base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
      if (ext && base.endsWith(ext) && base !== ext) base = base.slice(0, -ext.length);
      return base;
    },
    extname(path: string): string {
      const base = pathModule.basename(path);
      const i = base.lastIndexOf('.');
      return i <= 0 ? '' : base.slice(i);
    },
    relative(from: string, to: string): string {
      const a = pathModule.resolve(from).split('/').filter(Boolean);
      const b = pathModule.resolve(to).split('/').filter(Boolean);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
    },
    parse(path: string) {
      const root = path.startsWith('/') ? '/' : '';
      const base = pathModule.basename(path);
      const ext = pathModule.extname(path);
      const dir = path.includes('/') ? pathModule.dirname(path) : '';
      return { root, dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
    },
    format(parts: { root?: string; dir?: string; base?: string; name?: string; ext?: string }): string {
      const base = parts.base ?? `${parts.name ?? ''}${parts.ext ?? ''}`;
      const dir = parts.dir ?? parts.root ?? '';
      return dir ? (dir === parts.root ? `${dir}${base}` : `${dir}/${base}`) : base;
    },
    toNamespacedPath: (path: string): string => path,
  };
  pathModule.posix = pathModule;

  // ── Built-in modules ──────────────────────────────────────────────────────────────
  function promisify(fn: (...args: any[]) => unknown): (...args: unknown[]) => Promise<unknown> {
    const custom = (fn as any)[Symbol.for('nodejs.util.promisify.custom')];
    if (typeof custom === 'function') return custom;
    return (...args: unknown[]) => new Promise((resolve, reject) => fn(...args, (err: unknown, value: unknown) => (err ? reject(err) : resolve(value))));
  }

  function delay<T>(ms: number | undefined, value: T, options: { signal?: AbortSignal; ref?: boolean } = {}): Promise<T> {
    return new Promise((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) return reject(abortError(signal.reason));
      const onAbort = (): void => {
        clearTimer(timer);
        reject(abortError(signal?.reason));
      };
      const timer = addTimer(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        ms,
        [],
        false,
      );
      if (options.ref === false) timer.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
  (timerApi.setTimeout as any)[Symbol.for('nodejs.util.promisify.custom')] = (ms: number, value: unknown, options?: { signal?: AbortSignal }) => delay(ms, value, options);

  async function* intervalIterator<T>(ms: number, value: T, options: { signal?: AbortSignal } = {}): AsyncGenerator<T> {
    for (;;) yield await delay(ms, value, options);
  }

  function deepEqual(a: unknown, b: unknown): boolean {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
    if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && deepEqual(v, b.get(k)));
    if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((v) => b.has(v));
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as any)[k], (b as any)[k]));
  }

  class AssertionError extends Error {
    code = 'ERR_ASSERTION';
    constructor(message: string) {
      super(message);
      this.name = 'AssertionError';
    }
  }
  named(AssertionError, 'AssertionError');
  const fail = (message: unknown, fallback: string): never => {
    if (message instanceof Error) throw message;
    throw new AssertionError(message === undefined ? fallback : String(message));
  };
  const assert = Object.assign(
    (value: unknown, message?: unknown) => {
      if (!value) fail(message, 'The expression evaluated to a falsy value');
    },
    {
      AssertionError,
      ok: (value: unknown, message?: unknown) => {
        if (!value) fail(message, 'The expression evaluated to a falsy value');
      },
      equal: (a: unknown, b: unknown, message?: unknown) => {
        // assert.equal is loose equality, as in Node
        if (a != b) fail(message, `${inspect(a, { colors: false })} == ${inspect(b, { colors: false })}`);
      },
      strictEqual: (a: unknown, b: unknown, message?: unknown) => {
        if (!Object.is(a, b)) fail(message, `Expected values to be strictly equal:\n\n${inspect(a, { colors: false })} !== ${inspect(b, { colors: false })}`);
      },
      notStrictEqual: (a: unknown, b: unknown, message?: unknown) => {
        if (Object.is(a, b)) fail(message, `Expected "actual" to be strictly unequal to: ${inspect(b, { colors: false })}`);
      },
      notEqual: (a: unknown, b: unknown, message?: unknown) => {
        if (a == b) fail(message, `${inspect(a, { colors: false })} != ${inspect(b, { colors: false })}`);
      },
      deepEqual: (a: unknown, b: unknown, message?: unknown) => {
        if (!deepEqual(a, b)) fail(message, `Expected values to be loosely deep-equal:\n\n${inspect(a, { colors: false })}\n\nshould loosely deep-equal\n\n${inspect(b, { colors: false })}`);
      },
      notDeepStrictEqual: (a: unknown, b: unknown, message?: unknown) => {
        if (deepEqual(a, b)) fail(message, `Expected "actual" not to be strictly deep-equal to: ${inspect(b, { colors: false })}`);
      },
      match: (text: string, re: RegExp, message?: unknown) => {
        if (!re.test(text)) fail(message, `The input did not match the regular expression ${String(re)}. Input:\n\n${inspect(text, { colors: false })}\n`);
      },
      doesNotMatch: (text: string, re: RegExp, message?: unknown) => {
        if (re.test(text)) fail(message, `The input was expected to not match the regular expression ${String(re)}. Input:\n\n${inspect(text, { colors: false })}\n`);
      },
      doesNotThrow: (fn: () => unknown, message?: unknown) => {
        try {
          fn();
        } catch (err) {
          fail(message, `Got unwanted exception.\nActual message: "${(err as Error)?.message}"`);
        }
      },
      ifError: (value: unknown) => {
        if (value !== null && value !== undefined) throw value;
      },
      deepStrictEqual: (a: unknown, b: unknown, message?: unknown) => {
        if (!deepEqual(a, b)) fail(message, `Expected values to be strictly deep-equal:\n${inspect(a, { colors: false })}\n!==\n${inspect(b, { colors: false })}`);
      },
      fail: (message?: unknown) => fail(message, 'Failed'),
      throws: (fn: () => unknown, _expected?: unknown, message?: unknown) => {
        try {
          fn();
        } catch {
          return;
        }
        fail(message, 'Missing expected exception.');
      },
      rejects: async (promise: Promise<unknown> | (() => Promise<unknown>), _expected?: unknown, message?: unknown) => {
        try {
          await (typeof promise === 'function' ? promise() : promise);
        } catch {
          return;
        }
        fail(message, 'Missing expected rejection.');
      },
    },
  );
  (assert as any).strict = assert;
  // Node's assert is the function assert.ok; here assert.strict is the same one, so it is not renamed after that key.
  keyNamed.add(named(assert, 'ok'));

  function immediatePromise<T>(value: T, options: { signal?: AbortSignal; ref?: boolean } = {}): Promise<T> {
    return new Promise((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) return reject(abortError(signal.reason));
      const onAbort = (): void => {
        clearTimer(immediate);
        reject(abortError(signal?.reason));
      };
      const immediate = addImmediate(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      }, []);
      if (options.ref === false) immediate.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
  (timerApi.setImmediate as any)[Symbol.for('nodejs.util.promisify.custom')] = (value: unknown, options?: { signal?: AbortSignal }) => immediatePromise(value, options);

  const timersPromises = {
    setTimeout: delay,
    setImmediate: immediatePromise,
    setInterval: intervalIterator,
    scheduler: { wait: (ms: number, options?: { signal?: AbortSignal }) => delay(ms, undefined, options), yield: () => immediatePromise(undefined) },
  };

  const util = {
    format,
    formatWithOptions,
    inspect,
    callbackify(fn: (...args: unknown[]) => Promise<unknown>) {
      return (...args: unknown[]) => {
        const cb = args.pop() as (err: unknown, value?: unknown) => void;
        fn(...args).then(
          (value) => nextTick(() => cb(null, value)),
          (err) => nextTick(() => cb(err ?? new Error('Promise was rejected with a falsy value'))),
        );
      };
    },
    promisify,
    isDeepStrictEqual: deepEqual,
    inherits(ctor: any, superCtor: any) {
      Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
      Object.setPrototypeOf(ctor, superCtor);
    },
    deprecate: <F>(fn: F) => fn,
    // eslint-disable-next-line no-control-regex -- ANSI escapes
    stripVTControlCharacters: (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''),
    types: {
      isPromise: (v: unknown) => v instanceof Promise,
      isAsyncFunction: (v: unknown) => typeof v === 'function' && /^async\b/.test(Function.prototype.toString.call(v)),
      isMap: (v: unknown) => v instanceof Map,
      isSet: (v: unknown) => v instanceof Set,
      isTypedArray: (v: unknown) => ArrayBuffer.isView(v) && !(v instanceof DataView),
      isUint8Array: (v: unknown) => v instanceof Uint8Array,
      isDate: (v: unknown) => v instanceof Date,
      isRegExp: (v: unknown) => v instanceof RegExp,
      isNativeError: (v: unknown) => v instanceof Error,
    },
    TextEncoder,
    TextDecoder,
  };
  (util.inspect as any).custom = Symbol.for('nodejs.util.inspect.custom');

  const builtins: Record<string, () => unknown> = {
    events: () => EventEmitter,
    timers: () => timerApi,
    'timers/promises': () => timersPromises,
    util: () => util,
    process: () => processObject,
    console: () => consoleObject,
    perf_hooks: () => ({ performance }),
    assert: () => assert,
    'assert/strict': () => assert,
    buffer: () => ({ Buffer, constants: { MAX_LENGTH: 2 ** 32, MAX_STRING_LENGTH: 2 ** 29 - 24 }, kMaxLength: 2 ** 32, atob, btoa, Blob: scope.Blob }),
    crypto: () => cryptoModule,
    path: () => pathModule,
    'path/posix': () => pathModule,
  };

  // ── Modules: ES modules over the playground's files ───────────────────────────────────
  // Each file arrives with its imports as calls (lib/runtime/modules.ts) and a list of its static
  // imports. Before a module runs, its dependencies run, depth first in import order, as Node
  // evaluates a module graph; a module that awaits at its top level holds back its importers
  // until it is done. A module is wrapped in an async function, so top-level await works; a
  // marker at its end tells whether it finished without waiting, so a graph without top-level
  // await runs in one go, as in Node. A cycle sees the partial exports of the module it closes on.
  interface ModuleRecord {
    path: string;
    exports: any;
    state: 'new' | 'evaluating' | 'done' | 'failed';
    error?: unknown;
    promise?: Promise<void>;
  }
  const modules = new Map<string, ModuleRecord>();
  let imports: Record<string, string[]> = {};
  let entryPending = false;
  let entryFile = '';

  function dirname(path: string): string {
    const i = path.lastIndexOf('/');
    return i < 0 ? '' : path.slice(0, i);
  }

  function join(dir: string, spec: string): string {
    const parts = dir ? dir.split('/') : [];
    for (const part of spec.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    return parts.join('/');
  }

  function resolveFile(spec: string, from: string): string | undefined {
    if (!(spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || spec === '.' || spec === '..')) return undefined;
    const base = spec.startsWith('/') ? join('', spec) : join(dirname(from), spec);
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, `${base}.mjs`, `${base}.mts`, `${base}/index.ts`, `${base}/index.js`]) {
      if (Object.prototype.hasOwnProperty.call(files, candidate)) return candidate;
    }
    // `./x.js` written for Node's ESM resolution means `./x.ts` here.
    const swapped = base.replace(/\.(m|c)?js$/, '.ts');
    return Object.prototype.hasOwnProperty.call(files, swapped) ? swapped : undefined;
  }

  function builtinName(spec: string): string | undefined {
    const name = String(spec).replace(/^node:/, '');
    return Object.prototype.hasOwnProperty.call(builtins, name) ? name : undefined;
  }

  function notFound(spec: string, from: string): Error {
    const relative = spec.startsWith('.') || spec.startsWith('/');
    const err = new Error(
      `Cannot find ${relative ? 'module' : 'package'} '${spec}' imported from ${from}\n` +
        (relative
          ? `The playground has: ${Object.keys(files).join(', ')}`
          : `The in-browser sandbox does not provide '${spec}'. It provides the playground's own files and node:${Object.keys(builtins).join(', node:')}. Choose the WebContainer runtime for the whole of Node.js (nothing is npm-installed in either).`),
    );
    err.name = 'Error';
    (err as any).code = 'ERR_MODULE_NOT_FOUND';
    return err;
  }

  /** What an import names: a built-in's name or a file's path; throws Node's error for anything else. */
  function resolveImport(spec: string, from: string): { builtin: string } | { path: string } {
    const builtin = builtinName(spec);
    if (builtin) return { builtin };
    const path = resolveFile(String(spec), from);
    if (path !== undefined) return { path };
    throw notFound(String(spec), from);
  }

  /** Every import of the graph must resolve before anything runs, as in Node (a link error runs no code). */
  function link(path: string, seen: Set<string>): void {
    if (seen.has(path)) return;
    seen.add(path);
    for (const spec of imports[path] ?? []) {
      const target = resolveImport(spec, path);
      if ('path' in target) link(target.path, seen);
    }
  }

  function record(path: string): ModuleRecord {
    let m = modules.get(path);
    if (!m) {
      m = { path, exports: {}, state: 'new' };
      modules.set(path, m);
    }
    return m;
  }

  /** Node's ReferenceError for require in an ES module. */
  function noRequire(): never {
    throw new ReferenceError('require is not defined');
  }

  /** The calls an import became: a built-in, or a module already evaluated (or, for import(), evaluated now). */
  function makeRequire(from: string): (spec: string) => unknown {
    return (spec: string): unknown => {
      const target = resolveImport(spec, from);
      if ('builtin' in target) return builtins[target.builtin]!();
      const m = record(target.path);
      if (m.state === 'new') void evaluate(target.path);
      if (m.state === 'failed') throw m.error;
      return m.exports;
    };
  }

  function runBody(m: ModuleRecord): Promise<void> | undefined {
    let finished = false;
    let failed = false;
    let failure: unknown;
    // The wrapper starts on the file's first line, so line numbers in stacks are the reader's.
    const wrapped = `(async function (exports, require, module, ${'__gfgImportMeta'}, ${'__gfgNoRequire'}, __gfgDone, __gfgFail) {"use strict";try {${files[m.path]}\n;__gfgDone()} catch (__gfgError) { __gfgFail(__gfgError) }\n})\n//# sourceURL=${m.path}`;
    const fn = (0, eval)(wrapped) as (...args: unknown[]) => Promise<void>;
    const meta = { url: `file:///${m.path}`, filename: `/${m.path}`, dirname: `/${dirname(m.path)}`, resolve: (spec: string) => `file:///${resolveFile(spec, m.path) ?? spec}` };
    const module = { id: m.path, filename: `/${m.path}`, exports: m.exports, loaded: false };
    const done = fn.call(
      undefined,
      m.exports,
      makeRequire(m.path),
      module,
      meta,
      noRequire,
      () => (finished = true),
      (err: unknown) => {
        failed = true;
        failure = err;
      },
    );
    if (failed) throw failure;
    if (finished) return undefined;
    // Waiting on a top-level await.
    return done.then(() => {
      if (failed) throw failure;
    });
  }

  /** Evaluates a module and its dependencies; undefined when that finished at once, else a promise for it. */
  function evaluate(path: string): Promise<void> | undefined {
    const m = record(path);
    if (m.state === 'done') return undefined;
    if (m.state === 'failed') throw m.error;
    if (m.state === 'evaluating') return m.promise; // a cycle (undefined: partial exports) or a module still awaiting
    m.state = 'evaluating';
    const deps = (imports[path] ?? []).map((spec) => resolveImport(spec, path)).flatMap((target) => ('path' in target ? [target.path] : []));
    // Dependencies run in order; one that awaits holds back only its importers, so the next ones
    // still run now (as the ES module spec orders it), and this module's body waits for all.
    const step = (): Promise<void> | undefined => {
      const waiting: Promise<void>[] = [];
      for (const dep of deps) {
        const pending = evaluate(dep);
        if (pending) waiting.push(pending);
      }
      if (waiting.length === 0) return runBody(m);
      return Promise.all(waiting).then(() => runBody(m));
    };
    let result: Promise<void> | undefined;
    try {
      result = step();
    } catch (err) {
      m.state = 'failed';
      m.error = err;
      throw err;
    }
    if (!result) {
      m.state = 'done';
      return undefined;
    }
    m.promise = result.then(
      () => {
        m.state = 'done';
      },
      (err: unknown) => {
        m.state = 'failed';
        m.error = err;
        throw err;
      },
    );
    return m.promise;
  }

  /** The entry module, started in a promise job, as Node evaluates an ES module entry point. */
  function startEntry(entry: string): void {
    entryFile = entry;
    Promise.resolve().then(() => {
      try {
        link(entry, new Set());
        const pending = evaluate(entry);
        if (!pending) return;
        entryPending = true;
        pending.then(
          () => {
            entryPending = false;
          },
          (err: unknown) => {
            entryPending = false;
            esmScopeMessage(err);
            uncaught(err, 'exception');
          },
        );
      } catch (err) {
        esmScopeMessage(err);
        uncaught(err, 'exception');
      }
    });
  }

  // ── Natives that settle in a later task keep the program alive ───────────────────────
  for (const [owner, names] of [
    [scope.WebAssembly, ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']],
    [scope.crypto?.subtle, ['digest', 'encrypt', 'decrypt', 'sign', 'verify', 'generateKey', 'deriveKey', 'deriveBits', 'importKey', 'exportKey', 'wrapKey', 'unwrapKey']],
  ] as [any, string[]][]) {
    if (!owner) continue;
    for (const name of names) {
      const fn = owner[name];
      if (typeof fn !== 'function') continue;
      owner[name] = function (this: unknown, ...args: unknown[]) {
        return trackNative(fn.apply(this, args));
      };
    }
  }

  // ── Globals the programs see ──────────────────────────────────────────────────────
  // Node's names for what the modules and globals hold (see Names, at the top).
  for (const object of [timerApi, timersPromises, timersPromises.scheduler, util, util.types, assert, cryptoModule, pathModule, consoleObject, Buffer, Buffer.prototype, EventEmitter, EventEmitter.prototype, Process.prototype, WriteStream.prototype, ReadStream.prototype, Timeout.prototype, Immediate.prototype]) nameMembers(object);
  scope.global = scope;
  scope.process = processObject;
  scope.console = consoleObject;
  scope.Buffer = Buffer;
  Object.assign(scope, timerApi);

  // AbortController and AbortSignal with Node 20's reasons: an abort without one gets a
  // DOMException AbortError "This operation was aborted" (Chromium says "signal is aborted without
  // reason"), AbortSignal.timeout a TimeoutError "The operation was aborted due to timeout"
  // (Chromium: "signal timed out"), from an unref'd timer of this loop, as Node's is. A subclass
  // and a stand-in for the static side, not patches (the natives may be shared with the host:
  // tests run the prelude in a VM); the signals are the browser's, so instanceof, AbortSignal.any
  // and everything that takes a signal still work.
  const NativeAbortController: typeof AbortController | undefined = scope.AbortController;
  const NativeAbortSignal: typeof AbortSignal | undefined = scope.AbortSignal;
  if (typeof NativeAbortController === 'function' && typeof NativeAbortSignal === 'function') {
    const nodeReason = (name: 'AbortError' | 'TimeoutError'): unknown => {
      const message = name === 'AbortError' ? 'This operation was aborted' : 'The operation was aborted due to timeout';
      if (typeof scope.DOMException === 'function') return new scope.DOMException(message, name);
      const err = new Error(message);
      err.name = name;
      return err;
    };
    const controllerClass = class AbortController extends NativeAbortController {
      override abort(reason?: unknown): void {
        super.abort(reason === undefined ? nodeReason('AbortError') : reason);
      }
    };
    const signalStatics: any = function AbortSignal(): never {
      const err = new TypeError('Illegal constructor');
      (err as any).code = 'ERR_ILLEGAL_CONSTRUCTOR';
      throw err;
    };
    signalStatics.prototype = NativeAbortSignal.prototype;
    Object.setPrototypeOf(signalStatics, NativeAbortSignal); // AbortSignal.any, as the browser has it
    signalStatics.abort = (reason?: unknown): AbortSignal => {
      const controller = new NativeAbortController();
      controller.abort(reason === undefined ? nodeReason('AbortError') : reason);
      return controller.signal;
    };
    signalStatics.timeout = (delay: unknown): AbortSignal => {
      if (typeof delay !== 'number') {
        const received = delay === null || delay === undefined ? String(delay) : typeof delay === 'object' || typeof delay === 'function' ? `an instance of ${constructorName(delay) ?? 'Object'}` : `type ${typeof delay} (${inspect(delay)})`;
        const err = new TypeError(`The "delay" argument must be of type number. Received ${received}`);
        (err as any).code = 'ERR_INVALID_ARG_TYPE';
        throw err;
      }
      if (!Number.isInteger(delay) || delay < 0 || delay > 4294967295) {
        const shown = Number.isInteger(delay) && Math.abs(delay) > 2 ** 32 ? String(delay).replace(/\B(?=(\d{3})+$)/g, '_') : inspect(delay);
        const err = new RangeError(`The value of "delay" is out of range. It must be ${Number.isInteger(delay) ? '>= 0 && <= 4294967295' : 'an integer'}. Received ${shown}`);
        (err as any).code = 'ERR_OUT_OF_RANGE';
        throw err;
      }
      const controller = new NativeAbortController();
      timerApi.setTimeout(() => controller.abort(nodeReason('TimeoutError')), delay).unref();
      return controller.signal;
    };
    nameMembers(signalStatics);
    scope.AbortController = named(controllerClass, 'AbortController');
    scope.AbortSignal = named(signalStatics, 'AbortSignal');
  }

  function onMessage(event: MessageEvent): void {
    const message = event.data as { gfg?: string } | null;
    if (!message || typeof message !== 'object') return;
    if (message.gfg === 'run' && !started) {
      const run = message as SandboxRunMessage;
      started = true;
      updateLoopTime();
      files = run.files;
      imports = run.imports ?? {};
      sources = run.sources;
      outputLimit = run.outputLimit;
      memoryLimit = Number(run.memoryLimit) > 0 ? Number(run.memoryLimit) : Infinity;
      processObject.argv = run.argv;
      processObject.env = run.env;
      processObject.chdir(`/${dirname(run.entry)}`);
      for (const stream of [stdout, stderr]) {
        stream.columns = run.cols;
        stream.rows = run.rows;
      }
      post({ gfg: 'started' });
      startEntry(run.entry);
      wake();
    } else if (message.gfg === 'stdin') {
      const data = String((message as { data?: unknown }).data ?? '');
      io.push(() => stdin.push(data));
      wake();
    } else if (message.gfg === 'resize') {
      const { cols, rows } = message as { cols: number; rows: number };
      io.push(() => {
        for (const stream of [stdout, stderr]) {
          stream.columns = cols;
          stream.rows = rows;
          stream.emit('resize');
        }
      });
      wake();
    }
  }

  // The frame's first message carries the port; the Worker's own channel is closed to the program after that.
  const onConnect = (event: MessageEvent): void => {
    const message = event.data as { gfg?: string } | null;
    if (port || !message || message.gfg !== 'connect' || !event.ports?.[0]) return;
    port = event.ports[0] as unknown as typeof port;
    port!.onmessage = onMessage;
    scope.removeEventListener('message', onConnect);
    for (const queued of early.splice(0)) port!.postMessage(queued);
  };
  scope.addEventListener('message', onConnect);
  // Node has none of these; a program that reaches for the Worker's own channel finds nothing.
  for (const name of ['postMessage', 'onmessage', 'onmessageerror', 'close', 'importScripts']) {
    try {
      Object.defineProperty(scope, name, { value: undefined, configurable: true, writable: true });
    } catch {
      // not configurable here: harmless, the frame listens to the port only
    }
  }
  post({ gfg: 'ready' });
}

/**
 * Helpers some compilers insert into a function's text (esbuild's keepNames adds __name calls),
 * defined so the function's source still runs on its own.
 */
export const STRINGIFY_HELPERS = `var __name = function (target, value) { try { Object.defineProperty(target, "name", { value: value, configurable: true }); } catch (e) {} return target; };`;

/** The Worker's script: the prelude, strict, named in stack traces so they can leave it out. */
export function sandboxWorkerSource(): string {
  return `"use strict";${STRINGIFY_HELPERS}\n(${sandboxWorkerMain.toString()})();\n//# sourceURL=gfg-sandbox-prelude.js\n`;
}
