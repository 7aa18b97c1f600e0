/**
 * A scripted test double of the @webcontainer/api 1.6.4 surface the adapter uses: boot, mount,
 * spawn, a process's output/input/exit/kill/resize, fs.mkdir/rm/readdir, on('error') and
 * teardown. It is a double of their API, not a WebContainer: nothing here runs in a browser, and
 * the product never imports it (tests/unit/runtime/ only).
 *
 * What it reproduces of the real API (node_modules/@webcontainer/api/dist/index.js):
 * - output is a ReadableStream of strings, each chunk decoded on its own with a TextDecoder
 *   without `stream: true` (binaryListener), so a character split across chunks is lost there;
 * - exit is a promise settled apart from the output stream, which closes separately;
 * - every call is an RPC that a dead iframe never answers: a test can make any of them hang;
 * - kill() can be refused (a busy loop in a WebContainer cannot be killed, webcontainer-core#1121);
 * - a boot can hang, fail, or succeed late; error events can be emitted;
 * - after teardown() every call throws, as a released Comlink proxy does.
 *
 * A process is either scripted by the test (ScriptedProcess) or backed by real Node: spawn runs
 * `node` in a temporary folder holding what was mounted, its stdout and stderr merged as a
 * pseudo-terminal would, and its output cut into chunks of `chunkBytes` bytes before decoding.
 */
import { spawn as spawnChild } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileSystemTree } from '@webcontainer/api';
import type { Container, ContainerProcess } from '../../../lib/runtime/webcontainer';

export type Rpc = 'mkdir' | 'mount' | 'spawn' | 'rm' | 'readdir';

export class ScriptedProcess implements ContainerProcess {
  readonly output: ReadableStream<string>;
  readonly input: WritableStream<string>;
  readonly exit: Promise<number>;
  readonly typed: string[] = [];
  kills = 0;
  /** When false, kill() does nothing: the process spins on. */
  killable = true;
  private controller!: ReadableStreamDefaultController<string>;
  private settle!: (code: number) => void;
  private closed = false;
  cancelled = false;

  constructor() {
    this.output = new ReadableStream<string>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => {
        this.cancelled = true;
        this.closed = true;
      },
    });
    this.input = new WritableStream<string>({ write: (data) => void this.typed.push(data) });
    this.exit = new Promise<number>((resolve) => (this.settle = resolve));
  }

  /** Pushes a chunk of output, as the API's listener does (decoded on its own). */
  write(chunk: string | Uint8Array): void {
    if (this.closed) return;
    this.controller.enqueue(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
  }

  closeOutput(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.close();
  }

  exitWith(code: number): void {
    this.settle(code);
  }

  kill(): void {
    this.kills++;
    if (!this.killable) return;
    this.closeOutput();
    this.settle(143);
  }

  resize(): void {}
}

export interface DoubleScript {
  /** Calls that never answer (a dead or busy iframe). */
  hang?: Set<Rpc>;
  /** What spawn starts: a scripted process, or real Node on the mounted files. */
  process?: (command: string, args: string[], options: { cwd?: string; env?: Record<string, string> }) => ContainerProcess;
  /** Real Node: cut output into chunks of this many bytes before decoding each (splits characters). */
  chunkBytes?: number;
  /** A call answers only once this promise settles (a slow iframe). */
  gate?: (name: Rpc) => Promise<void> | undefined;
}

export class ContainerDouble implements Container {
  readonly calls: string[] = [];
  readonly mounted = new Map<string, FileSystemTree>();
  tornDown = false;
  private readonly errorListeners = new Set<(error: { message: string }) => void>();
  readonly processes: ContainerProcess[] = [];
  /** Where real-Node processes find the mounted files. */
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'gfg-wc-double-'));

  constructor(readonly script: DoubleScript = {}) {}

  private rpc<T>(name: Rpc, detail: string, answer: () => T | Promise<T>): Promise<T> {
    if (this.tornDown) throw new Error('Proxy has been released and is not useable');
    this.calls.push(`${name} ${detail}`);
    if (this.script.hang?.has(name)) return new Promise<T>(() => {});
    return Promise.resolve(this.script.gate?.(name)).then(answer);
  }

  readonly fs = {
    mkdir: (p: string) =>
      this.rpc('mkdir', p, () => {
        fs.mkdirSync(path.join(this.root, p), { recursive: true });
        return p;
      }),
    rm: (p: string) =>
      this.rpc('rm', p, () => {
        fs.rmSync(path.join(this.root, p), { recursive: true, force: true });
      }),
    readdir: (p: string) => this.rpc('readdir', p, () => fs.readdirSync(path.join(this.root, p))),
  };

  mount(tree: FileSystemTree, options: { mountPoint?: string } = {}): Promise<void> {
    return this.rpc('mount', options.mountPoint ?? '.', () => {
      this.mounted.set(options.mountPoint ?? '.', tree);
      writeTree(path.join(this.root, options.mountPoint ?? '.'), tree);
    });
  }

  spawn(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<ContainerProcess> {
    return this.rpc('spawn', `${command} ${args.join(' ')} (cwd ${options.cwd ?? '.'})`, () => {
      const proc = this.script.process ? this.script.process(command, args, options) : nodeProcess(path.join(this.root, options.cwd ?? '.'), args, options.env ?? {}, this.script.chunkBytes);
      this.processes.push(proc);
      return proc;
    });
  }

  on(event: 'error', listener: (error: { message: string }) => void): () => void {
    if (event === 'error') this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  emitError(message: string): void {
    for (const listener of [...this.errorListeners]) listener({ message });
  }

  teardown(): void {
    if (this.tornDown) throw new Error('WebContainer already torn down');
    this.tornDown = true;
    this.calls.push('teardown');
    for (const proc of this.processes) if (proc instanceof ScriptedProcess) proc.closeOutput();
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function writeTree(dir: string, tree: FileSystemTree): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, node] of Object.entries(tree)) {
    if ('directory' in node) writeTree(path.join(dir, name), node.directory);
    else if ('file' in node && 'contents' in node.file) fs.writeFileSync(path.join(dir, name), node.file.contents);
  }
}

/** Real Node on the mounted files, stdout and stderr merged in order (as a pseudo-terminal would). */
function nodeProcess(cwd: string, args: string[], env: Record<string, string>, chunkBytes?: number): ContainerProcess {
  const child = spawnChild('sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } as unknown as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'inherit'] });
  let controller!: ReadableStreamDefaultController<string>;
  let closed = false;
  const output = new ReadableStream<string>({
    start: (c) => {
      controller = c;
    },
    cancel: () => {
      closed = true;
    },
  });
  child.stdout!.on('data', (data: Buffer) => {
    if (closed) return;
    const size = chunkBytes ?? data.length;
    // Each chunk decoded on its own, as the API's binaryListener does.
    for (let i = 0; i < data.length; i += size) controller.enqueue(new TextDecoder().decode(data.subarray(i, i + size)));
  });
  const exit = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1))));
  child.stdout!.on('end', () => {
    if (!closed) controller.close();
  });
  return {
    output,
    input: new WritableStream<string>({ write: (data) => void child.stdin!.write(data) }),
    exit,
    kill: () => child.kill('SIGKILL'),
    resize: () => {},
  };
}

/** A boot that does what the test says: answer now, later, never, or fail. */
export function scriptedBoot(container: Container, behaviour: { delayMs?: number; never?: boolean; fail?: string } = {}): { boot: () => Promise<Container>; calls: () => number } {
  let calls = 0;
  return {
    boot: () => {
      calls++;
      if (behaviour.never) return new Promise<Container>(() => {});
      if (behaviour.fail) return Promise.reject(new Error(behaviour.fail));
      return new Promise<Container>((resolve) => setTimeout(() => resolve(container), behaviour.delayMs ?? 0));
    },
    calls: () => calls,
  };
}
