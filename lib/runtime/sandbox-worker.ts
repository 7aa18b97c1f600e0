/**
 * The sandbox's Worker prelude: the small part of Node.js that the demos use, in a Web Worker.
 *
 * sandboxWorkerMain is never called in the page. Its source text (Function.prototype.toString)
 * becomes the Worker's script, created from a Blob URL inside an opaque-origin iframe, so the
 * function must be self-contained: it may use only globals, never an import or a module-level
 * name (types are fine, they are erased). tests/unit/runtime/sandbox-worker.test.ts runs it in
 * a bare VM context to keep it that way.
 *
 * Protocol (all messages carry `gfg`):
 *   in:  { gfg: 'run', files, sources, entry, argv, env, cols, rows, outputLimit }
 *        { gfg: 'stdin', data }   { gfg: 'resize', cols, rows }
 *   out: { gfg: 'ready' }  { gfg: 'started' }  { gfg: 'out', fd: 1 | 2, data }
 *        { gfg: 'limit' }  { gfg: 'memory', limit }  { gfg: 'exit', code }
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- this is a dynamic shim of Node's loosely typed surface */

export interface SandboxRunMessage {
  gfg: 'run';
  /** Transpiled JavaScript by path (`errgroup/main.ts`): the paths stay .ts so stacks name the reader's files. */
  files: Record<string, string>;
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
  const post = (message: SandboxOutMessage): void => scope.postMessage(message);
  const native = {
    setTimeout: scope.setTimeout.bind(scope) as (fn: () => void, ms?: number) => number,
    clearTimeout: scope.clearTimeout.bind(scope) as (id: number) => void,
  };
  const PRELUDE_FILE = 'gfg-sandbox-prelude.js';

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

  // ── Formatting: a compact util.inspect / util.format ───────────────────────────────────
  const color = {
    on: true,
    wrap(code: [number, number], text: string): string {
      return this.on ? `\x1b[${code[0]}m${text}\x1b[${code[1]}m` : text;
    },
  };
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
  } as const satisfies Record<string, [number, number]>;

  interface InspectOptions {
    depth?: number;
    colors?: boolean;
  }

  function quote(s: string): string {
    const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes('`') ? '`' : "'";
    const escaped = s.replace(/[\\\n\r\t\b\f\v\0]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\0': '\\0' })[c] ?? c);
    return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
  }

  function keyString(key: string | symbol): string {
    if (typeof key === 'symbol') return `[${color.wrap(STYLE.symbol, key.toString())}]`;
    return /^[A-Za-z_$][\w$]*$/.test(key) ? key : color.wrap(STYLE.string, quote(key));
  }

  function constructorName(value: object): string | null {
    const proto = Object.getPrototypeOf(value);
    if (proto === null) return null;
    const ctor = proto.constructor;
    return typeof ctor === 'function' && ctor.name ? ctor.name : null;
  }

  function formatError(err: any): string {
    const stack = typeof err.stack === 'string' && err.stack ? err.stack : `${err.name ?? 'Error'}: ${err.message ?? ''}`;
    let text = stack;
    if (err.cause !== undefined) text += `\n  [cause]: ${inspect(err.cause, { depth: 1, colors: color.on }).replace(/\n/g, '\n  ')}`;
    return text;
  }

  function inspect(value: unknown, options: InspectOptions = {}): string {
    const previous = color.on;
    color.on = options.colors ?? previous;
    try {
      return inspectValue(value, options.depth ?? 2, [], 0);
    } finally {
      color.on = previous;
    }
  }

  function inspectValue(value: unknown, depth: number, seen: object[], indent: number): string {
    switch (typeof value) {
      case 'string':
        return color.wrap(STYLE.string, quote(value));
      case 'number':
        return color.wrap(STYLE.number, Object.is(value, -0) ? '-0' : String(value));
      case 'bigint':
        return color.wrap(STYLE.bigint, `${value}n`);
      case 'boolean':
        return color.wrap(STYLE.boolean, String(value));
      case 'undefined':
        return color.wrap(STYLE.undefined, 'undefined');
      case 'symbol':
        return color.wrap(STYLE.symbol, value.toString());
      case 'function': {
        const isClass = /^class[\s{]/.test(Function.prototype.toString.call(value));
        const name = (value as { name?: string }).name;
        return color.wrap(STYLE.special, isClass ? `[class ${name || '(anonymous)'}]` : name ? `[Function: ${name}]` : '[Function (anonymous)]');
      }
    }
    if (value === null) return color.wrap(STYLE.null, 'null');
    const obj = value as any;
    if (seen.includes(obj)) return color.wrap(STYLE.special, '[Circular]');
    if (obj instanceof Error) return formatError(obj);
    if (obj instanceof Date) return color.wrap(STYLE.date, Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString());
    if (obj instanceof RegExp) return color.wrap(STYLE.regexp, String(obj));
    if (obj instanceof Promise) return `Promise { ${color.wrap(STYLE.special, '<unknown>')} }`;
    if (obj instanceof WeakMap || obj instanceof WeakSet) return `${constructorName(obj)} { ${color.wrap(STYLE.special, '<items unknown>')} }`;
    if (typeof AbortSignal !== 'undefined' && obj instanceof AbortSignal) return `AbortSignal { aborted: ${color.wrap(STYLE.boolean, String(obj.aborted))} }`;

    const name = constructorName(obj);
    const next = [...seen, obj];
    const entries: string[] = [];
    let open = '{';
    let close = '}';
    let prefix = name && name !== 'Object' ? `${name} ` : name === null ? '[Object: null prototype] ' : '';

    if (Array.isArray(obj)) {
      open = '[';
      close = ']';
      prefix = name && name !== 'Array' ? `${name}(${obj.length}) ` : '';
      if (depth < 0) return color.wrap(STYLE.special, '[Array]');
      const shown = Math.min(obj.length, 100);
      let holes = 0;
      for (let i = 0; i < shown; i++) {
        if (!(i in obj)) {
          holes++;
          continue;
        }
        if (holes) entries.push(color.wrap(STYLE.undefined, `<${holes} empty item${holes > 1 ? 's' : ''}>`));
        holes = 0;
        entries.push(inspectValue(obj[i], depth - 1, next, indent + 2));
      }
      if (holes) entries.push(color.wrap(STYLE.undefined, `<${holes} empty item${holes > 1 ? 's' : ''}>`));
      if (obj.length > shown) entries.push(`... ${obj.length - shown} more item${obj.length - shown > 1 ? 's' : ''}`);
      for (const key of Object.keys(obj)) if (!/^\d+$/.test(key)) entries.push(`${keyString(key)}: ${inspectValue((obj as unknown as Record<string, unknown>)[key], depth - 1, next, indent + 2)}`);
    } else if (obj instanceof Map) {
      prefix = `${name ?? 'Map'}(${obj.size}) `;
      if (depth < 0) return color.wrap(STYLE.special, '[Map]');
      for (const [k, v] of obj) entries.push(`${inspectValue(k, depth - 1, next, indent + 2)} => ${inspectValue(v, depth - 1, next, indent + 2)}`);
    } else if (obj instanceof Set) {
      prefix = `${name ?? 'Set'}(${obj.size}) `;
      if (depth < 0) return color.wrap(STYLE.special, '[Set]');
      for (const v of obj) entries.push(inspectValue(v, depth - 1, next, indent + 2));
    } else if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
      const view = obj as unknown as ArrayLike<number>;
      prefix = `${name}(${view.length}) `;
      open = '[';
      close = ']';
      for (let i = 0; i < Math.min(view.length, 100); i++) entries.push(color.wrap(STYLE.number, String((view as ArrayLike<number>)[i])));
    } else {
      if (depth < 0) return color.wrap(STYLE.special, `[${name ?? 'Object'}]`);
      const keys: (string | symbol)[] = [...Object.keys(obj), ...Object.getOwnPropertySymbols(obj).filter((s) => Object.prototype.propertyIsEnumerable.call(obj, s))];
      for (const key of keys) {
        const descriptor = Object.getOwnPropertyDescriptor(obj, key);
        const shown = descriptor && (descriptor.get || descriptor.set) ? color.wrap(STYLE.special, descriptor.get && descriptor.set ? '[Getter/Setter]' : descriptor.get ? '[Getter]' : '[Setter]') : inspectValue(obj[key], depth - 1, next, indent + 2);
        entries.push(`${keyString(key)}: ${shown}`);
      }
    }

    if (entries.length === 0) return `${prefix}${open}${close}`;
    const oneLine = `${prefix}${open} ${entries.join(', ')} ${close}`;
    // eslint-disable-next-line no-control-regex -- ANSI escapes
    const visible = oneLine.replace(/\x1b\[\d+m/g, '');
    if (visible.length + indent <= 76 && !visible.includes('\n')) return oneLine;
    const pad = ' '.repeat(indent + 2);
    return `${prefix}${open}\n${entries.map((e) => pad + e.replace(/\n/g, `\n${pad}`)).join(',\n')}\n${' '.repeat(indent)}${close}`;
  }

  function format(...args: unknown[]): string {
    const first = args[0];
    let rest = args;
    let head = '';
    if (typeof first === 'string') {
      rest = args.slice(1);
      head = first.replace(/%([sdifjoOc%])/g, (match, spec: string) => {
        if (spec === '%') return '%';
        if (rest.length === 0) return match;
        const arg = rest.shift();
        switch (spec) {
          case 's':
            return typeof arg === 'string' ? arg : typeof arg === 'bigint' ? `${arg}n` : typeof arg === 'object' && arg !== null ? inspect(arg, { depth: 1 }) : String(arg);
          case 'd':
          case 'i': {
            if (typeof arg === 'bigint') return `${arg}n`;
            const n = Number(arg);
            return String(spec === 'i' ? Math.trunc(n) : n);
          }
          case 'f':
            return String(parseFloat(String(arg)));
          case 'j':
            try {
              return JSON.stringify(arg);
            } catch {
              return '[Circular]';
            }
          case 'o':
          case 'O':
            return inspect(arg, { depth: spec === 'o' ? 4 : 2 });
          case 'c':
            return '';
        }
        return match;
      });
      if (rest.length === 0) return head;
    }
    const parts = rest.map((arg) => (typeof arg === 'string' ? arg : inspect(arg)));
    return head ? [head, ...parts].join(' ') : parts.join(' ');
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

  // ── The event loop: timers that keep the program alive ────────────────────────────────
  interface TimerRecord {
    handle: number;
    ref: boolean;
    repeat: boolean;
    ms: number;
    run: () => void;
  }
  const timers = new Map<number, TimerRecord>();
  let nextTimerId = 1;
  let exited = false;
  let started = false;

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
      scheduleIdleCheck();
      return this;
    }
    hasRef(): boolean {
      return timers.get(this.id)?.ref ?? false;
    }
    refresh(): this {
      const t = timers.get(this.id);
      if (t) {
        native.clearTimeout(t.handle);
        t.handle = native.setTimeout(t.run, t.ms);
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

  function addTimer(callback: (...args: unknown[]) => unknown, ms: unknown, args: unknown[], repeat: boolean): Timeout {
    if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
    const id = nextTimerId++;
    let delay = Number(ms);
    if (!(delay >= 1 && delay <= 2147483647)) delay = 1;
    const record: TimerRecord = {
      handle: 0,
      ref: true,
      repeat,
      ms: delay,
      run: () => {
        if (exited) return;
        if (record.repeat) record.handle = native.setTimeout(record.run, record.ms);
        else timers.delete(id);
        guarded(() => callback(...args));
        scheduleIdleCheck();
      },
    };
    record.handle = native.setTimeout(record.run, delay);
    if (!exited) timers.set(id, record);
    return new Timeout(id);
  }

  /** The program is over (exit or output limit): nothing scheduled runs any more. */
  function stopTimers(): void {
    exited = true;
    for (const record of timers.values()) native.clearTimeout(record.handle);
    timers.clear();
  }

  function clearTimer(timer: unknown): void {
    if (timer === undefined || timer === null) return;
    const id = typeof timer === 'object' && timer instanceof Timeout ? timer.id : Number(timer);
    const record = timers.get(id);
    if (!record) return;
    native.clearTimeout(record.handle);
    timers.delete(id);
    scheduleIdleCheck();
  }

  const timerApi = {
    setTimeout: (fn: (...a: unknown[]) => unknown, ms?: number, ...args: unknown[]) => addTimer(fn, ms, args, false),
    setInterval: (fn: (...a: unknown[]) => unknown, ms?: number, ...args: unknown[]) => addTimer(fn, ms, args, true),
    setImmediate: (fn: (...a: unknown[]) => unknown, ...args: unknown[]) => addTimer(fn, 0, args, false),
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
    clearImmediate: clearTimer,
  };

  // stdin keeps the program alive while something listens to it, as in Node.
  let stdinPaused = true;

  function aliveHandles(): number {
    let n = 0;
    for (const t of timers.values()) if (t.ref) n++;
    if (!stdinPaused && (stdin.listenerCount('data') > 0 || stdin.listenerCount('readable') > 0)) n++;
    return n;
  }

  let idleCheck: number | undefined;
  function scheduleIdleCheck(): void {
    if (idleCheck !== undefined || exited || !started) return;
    idleCheck = native.setTimeout(() => {
      idleCheck = undefined;
      if (exited || aliveHandles() > 0) return;
      guarded(() => processObject.emit('beforeExit', processObject.exitCode ?? 0));
      // beforeExit listeners may have scheduled more work: only exit if they did not.
      native.setTimeout(() => {
        if (!exited && aliveHandles() === 0) exit(Number(processObject.exitCode ?? 0));
      }, 0);
    }, 0);
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
      const text = cleanStack(formatError(err)); // reading .stack runs prepareStackTrace, which finds the reader's frame
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
    } else {
      lines.push(kind === 'rejection' ? `Uncaught (in promise) ${inspect(err, { colors: false })}` : `Uncaught ${inspect(err, { colors: false })}`);
    }
    return lines.join('\n');
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
    write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? new TextDecoder().decode(chunk) : String(chunk);
      write(this.fd, text);
      const cb = typeof encoding === 'function' ? encoding : callback;
      if (typeof cb === 'function') queueMicrotask(() => cb());
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
      this.emit('data', this.encoding ? data : new TextEncoder().encode(data));
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

  const stdout = new WriteStream(1);
  const stderr = new WriteStream(2);
  const stdin = new ReadStream();
  const startTime = performance.now();

  class Process extends EventEmitter {
    title = 'node';
    version = 'v22.0.0';
    versions = { node: '22.0.0', sandbox: '1' };
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
      queueMicrotask(() => guarded(() => fn(...args)));
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
    const center = (s: string, w: number): string => {
      const left = Math.floor((w - s.length) / 2);
      return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
    };
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

  const timersPromises = {
    setTimeout: delay,
    setImmediate: <T>(value: T, options?: { signal?: AbortSignal }) => delay(0, value, options),
    setInterval: intervalIterator,
    scheduler: { wait: (ms: number, options?: { signal?: AbortSignal }) => delay(ms, undefined, options), yield: () => delay(0, undefined) },
  };

  const util = {
    format,
    inspect,
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
  };

  // ── Modules: CommonJS over the playground's files ─────────────────────────────────────
  interface Module {
    id: string;
    filename: string;
    exports: any;
    loaded: boolean;
  }
  const cache = new Map<string, Module>();

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

  function resolve(spec: string, from: string): string | undefined {
    if (!(spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || spec === '.' || spec === '..')) return undefined;
    const base = spec.startsWith('/') ? join('', spec) : join(dirname(from), spec);
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, `${base}.mjs`, `${base}.cjs`, `${base}/index.ts`, `${base}/index.js`]) {
      if (Object.prototype.hasOwnProperty.call(files, candidate)) return candidate;
    }
    // `./x.js` written for Node's ESM resolution means `./x.ts` here.
    const swapped = base.replace(/\.(m|c)?js$/, '.ts');
    return Object.prototype.hasOwnProperty.call(files, swapped) ? swapped : undefined;
  }

  function makeRequire(from: string): (spec: string) => unknown {
    const req = (spec: string): unknown => {
      const name = String(spec).replace(/^node:/, '');
      const builtin = Object.prototype.hasOwnProperty.call(builtins, name) ? builtins[name] : undefined;
      if (builtin) return builtin();
      const path = resolve(String(spec), from);
      if (path !== undefined) return load(path);
      const err = new Error(
        `Cannot find module '${spec}' required from ${from}\n` +
          (spec.startsWith('.') || spec.startsWith('/')
            ? `The playground has: ${Object.keys(files).join(', ')}`
            : `The in-browser sandbox provides only the playground's own files and node:${Object.keys(builtins).join(', node:')}.`),
      );
      (err as any).code = 'MODULE_NOT_FOUND';
      throw err;
    };
    return Object.assign(req, { resolve: (spec: string) => resolve(spec, from) ?? spec, cache: {} });
  }

  function load(path: string): unknown {
    const cached = cache.get(path);
    if (cached) return cached.exports;
    const module: Module = { id: path, filename: `/${path}`, exports: {}, loaded: false };
    cache.set(path, module);
    // One line of wrapper before the code keeps line numbers; the sourceURL names the file in stacks.
    const wrapped = `(function (exports, require, module, __filename, __dirname) {${files[path]}\n})\n//# sourceURL=${path}`;
    const fn = (0, eval)(wrapped) as (...args: unknown[]) => void;
    fn.call(module.exports, module.exports, makeRequire(path), module, `/${path}`, `/${dirname(path)}`);
    module.loaded = true;
    return module.exports;
  }

  // ── Globals the programs see ──────────────────────────────────────────────────────
  scope.global = scope;
  scope.process = processObject;
  scope.console = consoleObject;
  Object.assign(scope, timerApi);

  scope.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as { gfg?: string } | null;
    if (!message || typeof message !== 'object') return;
    if (message.gfg === 'run' && !started) {
      const run = message as SandboxRunMessage;
      started = true;
      files = run.files;
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
      guarded(() => load(run.entry));
      scheduleIdleCheck();
    } else if (message.gfg === 'stdin') {
      guarded(() => stdin.push(String((message as { data?: unknown }).data ?? '')));
      scheduleIdleCheck();
    } else if (message.gfg === 'resize') {
      const { cols, rows } = message as { cols: number; rows: number };
      for (const stream of [stdout, stderr]) {
        stream.columns = cols;
        stream.rows = rows;
        guarded(() => stream.emit('resize'));
      }
    }
  });
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
