/**
 * The conformance suite through the WebContainer path: each program of conformance/programs.ts
 * is mounted and spawned by WebContainerRuntime into the double of @webcontainer/api, whose
 * transport is real Node (webcontainer-double.ts), and its output must be what real Node prints
 * for the same program run directly (computed here, never written down). The sandbox side of
 * the same suite runs in Chromium: tests/e2e/conformance.spec.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { ContainerManager, spawnEnv, toJsPath, WebContainerRuntime } from '../../../lib/runtime/webcontainer';
import type { RuntimeTerminal } from '../../../lib/runtime/types';
import { errorLine, normalize, writeForNode } from './conformance/node';
import { CONFORMANCE_ENTRY, CONFORMANCE_PROGRAMS, type ConformanceProgram } from './conformance/programs';
import { ContainerDouble } from './webcontainer-double';

/** Real Node on the program, stdout and stderr merged in order, as a terminal shows them. */
async function nodeMerged(program: ConformanceProgram): Promise<{ text: string; code: number | null }> {
  const dir = writeForNode(program.files);
  try {
    return await new Promise((resolve) => {
      const child = spawn('sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, toJsPath(CONFORMANCE_ENTRY)], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...spawnEnv() } as unknown as NodeJS.ProcessEnv });
      let text = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      child.on('close', (code) => resolve({ text, code }));
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Stack lines and code frames name paths that differ from run to run; the rest must agree. */
function withoutLocations(text: string): string[] {
  const lines = normalize(text).split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^file:\/\/.*:\d+$/.test(line)) {
      i += 2; // the code line and its caret
      continue;
    }
    if (/^\s+at |^Node\.js v\d/.test(line)) continue;
    kept.push(line);
  }
  return kept;
}

const container = new ContainerDouble();
after(() => container.dispose());

describe('conformance: the WebContainer path (mount and spawn through the double, real Node behind it)', () => {
  const agreed: string[] = [];
  const failed: string[] = [];
  after(() => {
    console.log(`conformance (WebContainer path): ${agreed.length} of ${CONFORMANCE_PROGRAMS.length} programs agree with Node`);
  });

  test(`${CONFORMANCE_PROGRAMS.length} programs print what Node prints`, { timeout: 240_000 }, async () => {
    assert.ok(CONFORMANCE_PROGRAMS.length >= 30);
    const manager = new ContainerManager({ boot: async () => container, isolated: () => true });
    assert.ok((await manager.start()).ok);
    const runtime = new WebContainerRuntime({ manager });
    for (const program of CONFORMANCE_PROGRAMS) {
      const expected = await nodeMerged(program);
      let text = '';
      const terminal: RuntimeTerminal = { write: (t) => void (text += t), onData: () => () => {}, cols: 80, rows: 24 };
      const result = await runtime.run({ files: program.files, entry: CONFORMANCE_ENTRY, timeLimitMs: 15_000, outputLimitBytes: 400_000 }, terminal);
      const problems: string[] = [];
      if (result.reason !== 'exit' || result.exitCode !== expected.code) problems.push(`exit: Node ${expected.code}, WebContainer path ${result.reason} ${result.exitCode}`);
      if (program.crash) {
        const line = errorLine(expected.text);
        if (!line || !normalize(text).includes(line)) problems.push(`missing Node's error line ${line}`);
        if (JSON.stringify(withoutLocations(expected.text)) !== JSON.stringify(withoutLocations(text))) problems.push(`output:\n--- Node\n${withoutLocations(expected.text).join('\n')}\n--- WebContainer path\n${withoutLocations(text).join('\n')}`);
      } else if (normalize(expected.text) !== normalize(text)) problems.push(`output:\n--- Node\n${normalize(expected.text)}--- WebContainer path\n${normalize(text)}`);
      if (problems.length) failed.push(`${program.name}\n${problems.join('\n')}`);
      else agreed.push(program.name);
    }
    assert.deepEqual(failed, [], `${agreed.length} of ${CONFORMANCE_PROGRAMS.length} agree`);
  });
});
