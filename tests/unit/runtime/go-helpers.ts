/**
 * Runs Go compiled to js/wasm in Node the way the Go Worker runs it in the browser: the same
 * in-memory fs (go-memfs.ts), the same host (go-worker.ts installGoHost, with its deadlock
 * watchdog and timer clean-up) and the toolchain's own wasm_exec.js, evaluated from their source
 * text in a fresh V8 context (the host replaces globalThis.fs, process and path, which Node's own
 * must keep).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { spawnSync } from 'node:child_process';
import { createGoFs, type GoFs } from '../../../lib/runtime/go-memfs';
import { installGoHost } from '../../../lib/runtime/go-worker';
import { goEnv } from '../../../scripts/go-check';

export const repo = process.cwd();

export function goroot(): string {
  return spawnSync('go', ['env', 'GOROOT'], { cwd: repo, env: goEnv(repo), encoding: 'utf8' }).stdout.trim();
}

export function wasmExecSource(): string {
  return readFileSync(path.join(goroot(), 'lib', 'wasm', 'wasm_exec.js'), 'utf8');
}

export interface NodeGoHost {
  fs: GoFs;
  /** Bytes written to fd 1 and 2, in order, each write as it came. */
  writes: { fd: number; bytes: Uint8Array }[];
  stdout(): string;
  stderr(): string;
  run(wasm: Uint8Array, argv?: string[], env?: Record<string, string>, options?: { watchdog?: boolean; memoryLimit?: number }): Promise<number>;
  /** Errors thrown in the context's timers after a run (there must be none). */
  uncaught: unknown[];
}

export function nodeGoHost(options: { cwd?: string } = {}): NodeGoHost {
  const uncaught: unknown[] = [];
  const guard =
    (fn: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      try {
        return fn(...args);
      } catch (error) {
        uncaught.push(error);
      }
    };
  const context = vm.createContext({
    console,
    performance,
    crypto: globalThis.crypto,
    TextEncoder,
    TextDecoder,
    // Timers whose callbacks throw are recorded, as a Worker would report them.
    setTimeout: (fn: (...args: unknown[]) => unknown, ms?: number) => setTimeout(guard(fn), ms),
    clearTimeout,
    setInterval: (fn: (...args: unknown[]) => unknown, ms?: number) => setInterval(guard(fn), ms),
    clearInterval,
  });
  vm.runInContext(`var __name = function (target, value) { try { Object.defineProperty(target, "name", { value: value, configurable: true }); } catch (e) {} return target; };`, context);
  const install = vm.runInContext(`(${installGoHost.toString()})`, context) as typeof installGoHost;
  const create = vm.runInContext(`(${createGoFs.toString()})`, context) as typeof createGoFs;
  const writes: { fd: number; bytes: Uint8Array }[] = [];
  const host = install(create, wasmExecSource(), { onWrite: (fd, bytes) => writes.push({ fd, bytes }), cwd: options.cwd ?? '/' });
  const text = (fd: number) => Buffer.concat(writes.filter((w) => w.fd === fd).map((w) => Buffer.from(w.bytes))).toString('utf8');
  const ContextModule = vm.runInContext('WebAssembly.Module', context) as typeof WebAssembly.Module;
  return {
    fs: host.fs,
    writes,
    uncaught,
    stdout: () => text(1),
    stderr: () => text(2),
    run: (wasm, argv = ['main'], env = {}, runOptions = { watchdog: true }) => host.runGo(new ContextModule(wasm as Uint8Array<ArrayBuffer>), argv, env, runOptions),
  };
}
