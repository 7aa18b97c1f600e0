/**
 * The Go frame: the document the Go runtime (go-wasm.ts) and the in-page toolchain
 * (go-toolchain.ts) open in `<iframe sandbox="allow-scripts">`, served at GO_FRAME_PATH with the
 * sandbox frame's own policy (lib/csp.ts sandboxFramePolicy: default-src 'none', its inline script
 * by hash, 'unsafe-eval', which also allows compiling WebAssembly, and worker-src blob:). Same
 * isolation as the TypeScript sandbox: an opaque origin, no network, no access to the site's
 * cookies, storage or DOM. The page fetches the WebAssembly and wasm_exec.js and transfers them in.
 *
 * Unlike the sandbox frame, this one lives as long as its runtime: it keeps each compiled
 * WebAssembly.Module (by the page's key) and posts it to a fresh Worker for every run, so a run
 * starts without compiling again. A run's Worker is terminated on exit, on the output limit, on
 * the memory limit, and when the page says kill (Stop, the time limit). The toolchain's Worker,
 * when there is one, lives as long as the frame.
 *
 * The page talks to the frame over a MessageChannel it hands over once the frame says hello, and
 * the frame to each Worker over a channel of its own (what a program posts on the Worker's own
 * channel reaches no one).
 *
 * goFrameMain runs inside the iframe from its source text: it must be self-contained.
 */
import { goWorkerSource } from './go-worker';

/* eslint-disable @typescript-eslint/no-explicit-any -- message payloads are checked by shape */

export const GO_FRAME_PATH = '/go-frame.html';

/** page -> frame, on the port */
export type GoFrameIn =
  | { gfg: 'ping' }
  | { gfg: 'prepare'; key: string; wasm: ArrayBuffer }
  | { gfg: 'run'; runId: number; key: string; wasm?: ArrayBuffer; cache: boolean; wasmExec: string; argv: string[]; env: Record<string, string>; outputLimit: number; memoryLimit: number }
  | { gfg: 'stdin'; runId: number; data: Uint8Array | null }
  | { gfg: 'kill'; runId: number }
  | { gfg: 'toolchain'; compile: ArrayBuffer; link: ArrayBuffer; wasmExec: string }
  | { gfg: 'files'; files: { path: string; data: ArrayBuffer }[] }
  | { gfg: 'build'; id: number; source: string; compileArgs: string[]; linkArgs: string[]; importcfg: string; importcfgLink: string };

/** frame -> page, on the port */
export type GoFrameOut =
  | { gfg: 'pong' }
  | { gfg: 'prepared'; key: string; ok: boolean }
  | { gfg: 'need-bytes'; runId: number }
  | { gfg: 'started'; runId: number; compileMs: number }
  | { gfg: 'out'; runId: number; fd: number; data: Uint8Array }
  | { gfg: 'exit'; runId: number; code: number; memoryBytes: number }
  | { gfg: 'limit'; runId: number }
  | { gfg: 'memory'; runId: number; bytes: number }
  | { gfg: 'killed'; runId: number }
  | { gfg: 'crash'; runId: number; message: string }
  | { gfg: 'toolchain-ready'; compileMs: number }
  | { gfg: 'toolchain-failed'; message: string }
  | { gfg: 'built'; id: number; ok: boolean; wasm?: ArrayBuffer; output: string; compileMs: number; linkMs: number; step: string; compileMemoryBytes?: number; linkMemoryBytes?: number };

export function goFrameMain(workerSource: string): void {
  const scope: any = globalThis;
  const parentWindow: Window = scope.parent;
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const modules = new Map<string, WebAssembly.Module>();
  let page: MessagePort | undefined;
  const up = (message: unknown, transfer: Transferable[] = []) => page?.postMessage(message, transfer);

  /** A Worker and the port the frame talks to it on. */
  function startWorker(name: string, onMessage: (message: any) => void) {
    const worker = new Worker(url, { name });
    const channel = new MessageChannel();
    worker.postMessage({ gfg: 'connect' }, [channel.port2]);
    channel.port1.onmessage = (event: MessageEvent) => {
      const message = event.data;
      if (message && typeof message === 'object' && typeof message.gfg === 'string') onMessage(message);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      onMessage({ gfg: 'crash', message: event.message || 'the Go worker failed to start' });
    };
    return { worker, port: channel.port1 };
  }

  let run: { id: number; worker: Worker; port: MessagePort; written: number; limit: number; done: boolean } | undefined;
  const endRun = () => {
    if (!run) return;
    run.done = true;
    run.worker.terminate();
    run.port.close();
    run = undefined;
  };

  async function startRun(message: Extract<GoFrameIn, { gfg: 'run' }>) {
    endRun();
    let module = modules.get(message.key);
    const t0 = performance.now();
    if (!module) {
      if (!message.wasm) return up({ gfg: 'need-bytes', runId: message.runId });
      try {
        module = await WebAssembly.compile(message.wasm);
      } catch (error) {
        return up({ gfg: 'crash', runId: message.runId, message: `the WebAssembly did not compile: ${error instanceof Error ? error.message : String(error)}` });
      }
      if (message.cache) modules.set(message.key, module);
    }
    const compileMs = performance.now() - t0;
    const id = message.runId;
    const current = { id, written: 0, limit: message.outputLimit, done: false, ...startWorker('go-program', (m) => fromRunWorker(current, m)) };
    run = current;
    current.port.postMessage({ gfg: 'run', module, wasmExec: message.wasmExec, argv: message.argv, env: message.env, memoryLimit: message.memoryLimit });
    up({ gfg: 'started', runId: id, compileMs });
  }

  function fromRunWorker(current: NonNullable<typeof run>, message: any) {
    if (current.done) return;
    const runId = current.id;
    switch (message.gfg) {
      case 'out': {
        const data = message.data instanceof Uint8Array ? message.data : new Uint8Array(0);
        current.written += data.length;
        up({ gfg: 'out', runId, fd: message.fd === 2 ? 2 : 1, data }, [data.buffer]);
        if (current.written > current.limit) {
          if (run === current) endRun();
          up({ gfg: 'limit', runId });
        }
        return;
      }
      case 'exit':
        if (run === current) endRun();
        return up({ gfg: 'exit', runId, code: Number(message.code) | 0, memoryBytes: Number(message.memoryBytes) || 0 });
      case 'memory':
        if (run === current) endRun();
        return up({ gfg: 'memory', runId, bytes: Number(message.bytes) || 0 });
      case 'crash':
        if (run === current) endRun();
        return up({ gfg: 'crash', runId, message: String(message.message) });
    }
  }

  let toolchain: { worker: Worker; port: MessagePort } | undefined;
  async function startToolchain(message: Extract<GoFrameIn, { gfg: 'toolchain' }>) {
    try {
      const t0 = performance.now();
      const [compile, link] = await Promise.all([WebAssembly.compile(message.compile), WebAssembly.compile(message.link)]);
      const compileMs = performance.now() - t0;
      toolchain?.worker.terminate();
      toolchain = startWorker('go-toolchain', (m) => {
        if (m.gfg === 'toolchain-ready') up({ gfg: 'toolchain-ready', compileMs });
        else if (m.gfg === 'built') up(m, m.wasm ? [m.wasm] : []);
        else if (m.gfg === 'crash') up({ gfg: 'toolchain-failed', message: String(m.message) });
      });
      toolchain.port.postMessage({ gfg: 'toolchain', compile, link, wasmExec: message.wasmExec });
    } catch (error) {
      up({ gfg: 'toolchain-failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  function fromPage(event: MessageEvent) {
    const message = event.data;
    if (!message || typeof message !== 'object' || typeof message.gfg !== 'string') return;
    switch (message.gfg) {
      case 'ping':
        return up({ gfg: 'pong' });
      case 'run':
        return void startRun(message);
      case 'prepare':
        // Compile the module before the first Run (the page does this when the reader has chosen Go).
        if (modules.has(message.key)) return up({ gfg: 'prepared', key: message.key, ok: true });
        return void WebAssembly.compile(message.wasm).then(
          (module) => {
            modules.set(message.key, module);
            up({ gfg: 'prepared', key: message.key, ok: true });
          },
          () => up({ gfg: 'prepared', key: message.key, ok: false }),
        );
      case 'stdin':
        if (run && run.id === message.runId) run.port.postMessage({ gfg: 'stdin', data: message.data });
        return;
      case 'kill':
        if (run && run.id === message.runId) endRun();
        return up({ gfg: 'killed', runId: message.runId });
      case 'toolchain':
        return void startToolchain(message);
      case 'files':
        return toolchain?.port.postMessage(message, message.files.map((f: { data: ArrayBuffer }) => f.data));
      case 'build':
        return toolchain?.port.postMessage(message);
    }
  }

  scope.addEventListener('message', (event: MessageEvent) => {
    // Only the parent, once: it hands over the port every later message comes on.
    if (event.source !== parentWindow || page || event.data?.gfg !== 'connect' || !event.ports[0]) return;
    page = event.ports[0];
    page.onmessage = fromPage;
    up({ gfg: 'pong' });
  });
  parentWindow.postMessage({ gfg: 'go-frame' }, '*');
}

/** The frame's document: a bare page whose only script is goFrameMain with the worker's source. */
export function goFrameHtml(): string {
  const payload = JSON.stringify(goWorkerSource()).replace(/</g, '\\u003c');
  const main = goFrameMain.toString();
  if (/<\/script/i.test(main)) throw new Error('goFrameMain must not contain a closing script tag');
  const helpers = `var __name = function (target, value) { try { Object.defineProperty(target, "name", { value: value, configurable: true }); } catch (e) {} return target; };`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Go playground frame</title></head><body><script>"use strict";${helpers}(${main})(${payload});</script></body></html>`;
}
