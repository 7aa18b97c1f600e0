/**
 * Runs a conformance program in real Node, the way `npm run play` and the WebContainer do: every
 * file through lib/runtime/modules.ts for Node (ES modules, `.js`), in a folder of its own with
 * a package.json that says "type": "module", then `node demo/main.js`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MODULE_PACKAGE_JSON, toJsPath, transpileForNode } from '../../../../lib/runtime/modules';
import type { ConformanceProgram } from './programs';

export interface Outcome {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Writes the program as Node runs it; returns the folder (the caller removes it). */
export function writeForNode(files: Record<string, string>, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfg-conformance-'))): string {
  for (const [file, code] of Object.entries(transpileForNode(files))) {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), code);
  }
  fs.writeFileSync(path.join(dir, 'package.json'), MODULE_PACKAGE_JSON);
  return dir;
}

export const NODE_ENV = { GFG_TRACE: '1' };

export async function runInNode(program: ConformanceProgram, entry: string): Promise<Outcome> {
  const dir = writeForNode(program.files);
  try {
    return await new Promise<Outcome>((resolve, reject) => {
      const child = spawn(process.execPath, [toJsPath(entry)], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...NODE_ENV } as unknown as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, code });
      });
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// eslint-disable-next-line no-control-regex -- ANSI escapes and the trace channel's OSC sequences
export const normalize = (text: string): string => text.replace(/\x1b\][^\x07]*\x07/g, '').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r\n/g, '\n');

/** The line Node prints for an uncaught error ("Error: boom", "TypeError: x"), without its stack. */
export function errorLine(stderr: string): string | undefined {
  return normalize(stderr)
    .split('\n')
    .map((line) => line.replace(/^Uncaught (\(in promise\) )?/, ''))
    .find((line) => /^[A-Za-z]*Error(\s\[[A-Z_]+\])?: /.test(line));
}

/** Why two runs of a program differ, or undefined when they agree. */
export function disagreement(program: ConformanceProgram, expected: Outcome, actual: Outcome): string | undefined {
  const problems: string[] = [];
  if (expected.code !== actual.code) problems.push(`exit code: Node ${expected.code}, runtime ${actual.code}`);
  if (normalize(expected.stdout) !== normalize(actual.stdout)) problems.push(`stdout:\n--- Node\n${normalize(expected.stdout)}--- runtime\n${normalize(actual.stdout)}---`);
  if (program.crash) {
    const line = errorLine(expected.stderr);
    if (!line) problems.push(`Node printed no error line:\n${expected.stderr}`);
    else if (!normalize(actual.stderr).includes(line)) problems.push(`stderr lacks Node's "${line}":\n${normalize(actual.stderr)}`);
  } else if (normalize(expected.stderr) !== normalize(actual.stderr)) problems.push(`stderr:\n--- Node\n${normalize(expected.stderr)}--- runtime\n${normalize(actual.stderr)}---`);
  return problems.length ? problems.join('\n') : undefined;
}
