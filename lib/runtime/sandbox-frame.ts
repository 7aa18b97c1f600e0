/**
 * The sandbox iframe's document, served at SANDBOX_FRAME_PATH (app/sandbox-frame.html/route.ts)
 * with its own policy. The page loads it by `src` into `<iframe sandbox="allow-scripts">`, so it
 * runs with an opaque origin: no access to the site's cookies, storage or DOM, and no way to
 * navigate the top window. It starts the Worker that runs the program (from a Blob URL, so
 * nothing is fetched) and relays messages: page -> worker as they come (from the parent only),
 * worker -> page with parent.postMessage. Frame and Worker talk over a MessageChannel whose port
 * the frame hands the prelude before the program exists: the program cannot post on it, and what
 * it posts on the Worker's own channel is ignored. It also enforces the output limit itself, terminating
 * the worker at once, so a flood stops even before the page has read it; it terminates the worker
 * when the prelude reports the memory limit, and answers the page's liveness pings.
 *
 * sandboxFrameMain runs inside the iframe from its source text: it must be self-contained.
 */
import { sandboxWorkerSource, STRINGIFY_HELPERS } from './sandbox-worker';

/* eslint-disable @typescript-eslint/no-explicit-any -- message payloads are checked by shape */

export function sandboxFrameMain(workerSource: string): void {
  const scope: any = globalThis;
  const parentWindow: Window = scope.parent;
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'playground' });
  let written = 0;
  let limit = Infinity;
  let done = false;

  const up = (message: unknown): void => parentWindow.postMessage(message, '*');

  const channel = new MessageChannel();
  // Only the prelude holds the other end; the Worker's own channel carries nothing the frame believes.
  worker.onmessage = () => {};
  worker.postMessage({ gfg: 'connect' }, [channel.port2]);
  const fromWorker = channel.port1;
  const toWorker = (message: unknown): void => fromWorker.postMessage(message);

  fromWorker.onmessage = (event: MessageEvent) => {
    const message = event.data;
    if (done || !message || typeof message !== 'object' || typeof message.gfg !== 'string') return;
    if (message.gfg === 'out') {
      written += typeof message.data === 'string' ? message.data.length : 0;
      up(message);
      if (written > limit) {
        done = true;
        worker.terminate();
        up({ gfg: 'limit' });
      }
      return;
    }
    if (message.gfg === 'exit' || message.gfg === 'limit' || message.gfg === 'memory') {
      done = true;
      worker.terminate();
    }
    up(message);
  };
  worker.onerror = (event: ErrorEvent) => {
    // Errors in the program are reported by the prelude itself; this is the prelude failing to start.
    event.preventDefault();
    up({ gfg: 'crash', message: event.message || 'the sandbox worker failed to start' });
  };

  scope.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== parentWindow) return;
    const message = event.data;
    if (!message || typeof message !== 'object' || typeof message.gfg !== 'string') return;
    // The page asks while a program runs: a frame whose process the browser ended cannot answer (liveness.ts).
    if (message.gfg === 'ping') {
      up({ gfg: 'pong' });
      return;
    }
    if (message.gfg === 'run') limit = Number(message.outputLimit) || Infinity;
    if (message.gfg === 'kill') {
      done = true;
      worker.terminate();
      return;
    }
    toWorker(message);
  });
  up({ gfg: 'frame' });
}

/** The frame's document: a bare page whose only script is sandboxFrameMain with the worker's source. */
export function sandboxFrameHtml(): string {
  // `<` escaped so no `</script>` in the payload can end the script element early.
  const payload = JSON.stringify(sandboxWorkerSource()).replace(/</g, '\\u003c');
  const main = sandboxFrameMain.toString();
  if (/<\/script/i.test(main)) throw new Error('sandboxFrameMain must not contain a closing script tag');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Playground sandbox</title></head><body><script>"use strict";${STRINGIFY_HELPERS}(${main})(${payload});</script></body></html>`;
}
