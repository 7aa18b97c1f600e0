import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { build } from 'esbuild';
import { toJsPath } from '../../lib/runtime/modules';
import { errorLine, normalize, writeForNode, NODE_ENV } from '../unit/runtime/conformance/node';
import { CONFORMANCE_ENTRY, CONFORMANCE_PROGRAMS, type ConformanceProgram } from '../unit/runtime/conformance/programs';
import { expect, test } from './fixtures';

/**
 * The conformance suite in the in-browser sandbox, in Chromium: every program of
 * tests/unit/runtime/conformance/programs.ts runs through the real SandboxRuntime (transpiled in
 * the page, run in the sandbox frame's Worker), and must print what real Node prints for it,
 * computed here by running it. The suite says how many agree and fails below all of them.
 */

/** Real Node, stdout and stderr merged in order, as the playground's terminal shows them. */
async function nodeMerged(program: ConformanceProgram): Promise<{ text: string; code: number | null }> {
  const dir = writeForNode(program.files);
  try {
    return await new Promise((resolve) => {
      const child = spawn('sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, toJsPath(CONFORMANCE_ENTRY)], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...NODE_ENV } as unknown as NodeJS.ProcessEnv });
      let text = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      child.on('close', (code) => resolve({ text, code }));
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The page side of the sandbox (lib/runtime/sandbox.ts and the transpiler), bundled for the test page. */
async function harness(): Promise<string> {
  const root = process.cwd(); // Playwright runs from the project root
  const result = await build({
    stdin: {
      contents: `import { SandboxRuntime } from './lib/runtime/sandbox';
const runtime = new SandboxRuntime();
(window as any).__gfgRun = async (files: Record<string, string>, entry: string) => {
  let text = '';
  const terminal = { write: (t: string) => { text += t; }, onData: () => () => {}, cols: 80, rows: 24 };
  const result = await runtime.run({ files, entry, timeLimitMs: 15000, outputLimitBytes: 400000 }, terminal);
  return { text, reason: result.reason, exitCode: result.exitCode };
};`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

test('conformance: the in-browser sandbox prints what Node prints', async ({ page }) => {
  test.setTimeout(240_000);
  expect(CONFORMANCE_PROGRAMS.length).toBeGreaterThanOrEqual(30);
  const [code, expected] = await Promise.all([harness(), Promise.all(CONFORMANCE_PROGRAMS.map(nodeMerged))]);
  await page.goto('/');
  await page.evaluate(code);
  const failed: string[] = [];
  for (const [i, program] of CONFORMANCE_PROGRAMS.entries()) {
    const node = expected[i]!;
    const ran = await page.evaluate(([files, entry]) => (window as unknown as { __gfgRun: (f: unknown, e: string) => Promise<{ text: string; reason: string; exitCode: number | null }> }).__gfgRun(files, entry), [program.files, CONFORMANCE_ENTRY] as const);
    const problems: string[] = [];
    if (ran.reason !== 'exit' || ran.exitCode !== node.code) problems.push(`exit: Node ${node.code}, sandbox ${ran.reason} ${ran.exitCode}`);
    const sandboxText = normalize(ran.text);
    if (program.crash) {
      const line = errorLine(node.text);
      const before = normalize(node.text).split(/^file:\/\//m)[0]!;
      if (!line || !sandboxText.includes(line)) problems.push(`no "${line}" in:\n${sandboxText}`);
      if (!sandboxText.startsWith(before)) problems.push(`output before the error:\n--- Node\n${before}--- sandbox\n${sandboxText}`);
    } else if (normalize(node.text) !== sandboxText) problems.push(`output:\n--- Node\n${normalize(node.text)}--- sandbox\n${sandboxText}`);
    if (problems.length) failed.push(`✗ ${program.name}\n${problems.join('\n')}`);
  }
  const agree = CONFORMANCE_PROGRAMS.length - failed.length;
  console.log(`conformance (in-browser sandbox, Chromium): ${agree} of ${CONFORMANCE_PROGRAMS.length} programs agree with Node`);
  expect(failed, `${agree} of ${CONFORMANCE_PROGRAMS.length} agree`).toEqual([]);
});
