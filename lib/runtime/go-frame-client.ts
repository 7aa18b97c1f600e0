/**
 * The page's end of a Go frame (go-frame.ts): a hidden `<iframe sandbox="allow-scripts">` at
 * GO_FRAME_PATH, and the MessageChannel the page hands it once it says hello. Used by the Go
 * runtime (one frame per runtime, kept across runs) and by the toolchain (one frame per page).
 */
import { GO_FRAME_PATH, type GoFrameIn, type GoFrameOut } from './go-frame';

/** How long a fresh frame may take to say hello and answer on its port. */
export const GO_FRAME_START_LIMIT_MS = 8_000;

export class GoFrameClient {
  readonly iframe: HTMLIFrameElement;
  readonly ready: Promise<void>;
  private port: MessagePort | undefined;
  private readonly listeners = new Set<(message: GoFrameOut) => void>();
  private disposed = false;
  private readonly onWindowMessage: (event: MessageEvent) => void;

  constructor(options: { title: string; host?: () => HTMLElement }) {
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.title = options.title;
    iframe.hidden = true;
    iframe.tabIndex = -1;
    iframe.setAttribute('aria-hidden', 'true');
    iframe.src = GO_FRAME_PATH;
    this.iframe = iframe;

    let hello: () => void = () => {};
    const said = new Promise<void>((resolve) => (hello = resolve));
    this.onWindowMessage = (event: MessageEvent) => {
      if (event.source === null || event.source !== iframe.contentWindow) return;
      if ((event.data as { gfg?: unknown } | null)?.gfg !== 'go-frame' || this.port) return;
      const channel = new MessageChannel();
      this.port = channel.port1;
      this.port.onmessage = (e: MessageEvent) => {
        const message = e.data as GoFrameOut | null;
        if (!message || typeof message !== 'object' || typeof message.gfg !== 'string') return;
        this.listeners.forEach((listener) => listener(message));
      };
      iframe.contentWindow?.postMessage({ gfg: 'connect' }, '*', [channel.port2]);
      hello();
    };
    window.addEventListener('message', this.onWindowMessage);
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the Go frame did not start')), GO_FRAME_START_LIMIT_MS);
      void said.then(() => {
        const off = this.listen((message) => {
          if (message.gfg !== 'pong') return;
          off();
          clearTimeout(timer);
          resolve();
        });
      });
    });
    this.ready.catch(() => {});
    (options.host?.() ?? document.body).appendChild(iframe);
  }

  listen(listener: (message: GoFrameOut) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  post(message: GoFrameIn, transfer: Transferable[] = []): void {
    if (!this.disposed) this.port?.postMessage(message, transfer);
  }

  /** Resolves when the frame answers a ping within limitMs (a frame whose process the browser ended cannot). */
  answers(limitMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, limitMs);
      const off = this.listen((message) => {
        if (message.gfg !== 'pong') return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
      this.post({ gfg: 'ping' });
    });
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    window.removeEventListener('message', this.onWindowMessage);
    this.listeners.clear();
    this.port?.close();
    this.iframe.remove();
  }
}

/** Fetches a file, telling how many bytes have arrived (of `total`, the raw size the index gives). */
export async function fetchWithProgress(url: string, onBytes?: (bytes: number) => void): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  if (!response.body || !onBytes) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    onBytes(value.length);
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all.buffer;
}

const texts = new Map<string, Promise<string>>();

/** wasm_exec.js (or any small text file), fetched once per page. */
export function fetchText(url: string): Promise<string> {
  let text = texts.get(url);
  if (!text) {
    text = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return r.text();
    });
    text.catch(() => texts.delete(url));
    texts.set(url, text);
  }
  return text;
}
