/**
 * C1: the sandbox runtime's Stop and Restart while a run is still starting, with a stand-in for
 * the page's DOM (a frame that never reports ready, as a slow one would not yet).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SandboxRuntime } from '../../../lib/runtime/sandbox';
import type { RuntimeTerminal } from '../../../lib/runtime/types';

test('C1: Stop while the frame is getting ready ends the run as stopped, removes the frame, and posts it nothing', async () => {
  const posted: unknown[] = [];
  const removed: unknown[] = [];
  const g = globalThis as unknown as { document?: unknown; window?: unknown };
  const saved = { document: g.document, window: g.window };
  g.window = { addEventListener: () => {}, removeEventListener: () => {} };
  g.document = {
    createElement: () => {
      const frame = { setAttribute: () => {}, remove: () => removed.push(frame), contentWindow: { postMessage: (m: unknown) => posted.push(m) } };
      return frame;
    },
    body: { appendChild: () => {} },
  };
  try {
    const runtime = new SandboxRuntime();
    let text = '';
    const terminal: RuntimeTerminal = { write: (t) => void (text += t), onData: () => () => {}, cols: 80, rows: 24 };
    const phases: string[] = [];
    const running = runtime.run({ files: { 'd/main.ts': "console.log('must not run');\n" }, entry: 'd/main.ts', timeLimitMs: 5000, outputLimitBytes: 1000, onPhase: (p) => phases.push(p) }, terminal);
    while (!phases.includes('starting')) await new Promise((r) => setTimeout(r, 5));
    runtime.kill();
    const result = await running;
    assert.equal(result.reason, 'killed');
    assert.match(text, /Stopped\./);
    assert.equal(removed.length, 1, 'the frame was removed');
    assert.deepEqual(posted.filter((m) => (m as { gfg?: string }).gfg === 'run'), [], 'no program was posted');
    runtime.dispose();
  } finally {
    g.document = saved.document;
    g.window = saved.window;
  }
});
