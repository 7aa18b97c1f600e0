/**
 * npm run play -- [--no-time-limit] [--trace] <id> [args for the program...]
 *
 * Runs a playground in local Node the way the browser runs it: loads it through the
 * registry, transpiles the demo and _shared/ to ES modules exactly as the WebContainer gets
 * them (lib/runtime/modules.ts) into a temporary folder (<id>/main.js, _shared/trace.js, ...,
 * and a package.json with "type": "module"), runs `node <id>/main.js` there,
 * streams its output with the trace sequences stripped, and exits with its exit code.
 * The playground's time limit applies unless --no-time-limit is given. --trace sets GFG_TRACE=1
 * and keeps the trace sequences in the output (what the browser's terminal receives).
 * Exit codes: the program's; 1 for an invalid playground or a syntax error; 2 for usage
 * or an unknown id; 124 when the time limit ends the program.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { sourceTree } from '../lib/playgrounds/bundle';
import { DEFAULT_ROOT, PlaygroundError, UnknownPlaygroundError, getPlayground, listPlaygroundIds, loadSharedFiles } from '../lib/playgrounds/registry';
import { createTraceStream } from '../lib/playgrounds/trace-codec';
import { TranspileError } from '../lib/playgrounds/transpile';
import { MODULE_PACKAGE_JSON, toJsPath, transpileForNode } from '../lib/runtime/modules';

const red = (text: string): string => `\x1b[31m${text}\x1b[39m`;

function fail(message: string, code: number): never {
  console.error(red(`play: ${message}`));
  process.exit(code);
}

function parseArgs(argv: string[]): { id: string | undefined; timeLimit: boolean; trace: boolean; programArgs: string[] } {
  let timeLimit = true;
  let trace = false;
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('--'); i++) {
    if (argv[i] === '--no-time-limit') timeLimit = false;
    else if (argv[i] === '--trace') trace = true;
    else fail(`unknown option ${argv[i]}`, 2);
  }
  return { id: argv[i], timeLimit, trace, programArgs: argv.slice(i + 1) };
}

/** Copies a child's output to ours, without the trace sequences, even when one is split across chunks. */
function pipeWithoutTraces(from: Readable, to: Writable): Promise<void> {
  const traces = createTraceStream();
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    const { text } = traces.push(chunk);
    if (text) to.write(text);
  });
  return new Promise((resolve) =>
    from.on('end', () => {
      const { text } = traces.flush();
      if (text) to.write(text);
      resolve();
    }),
  );
}

/** Copies a child's output to ours as it is, trace sequences included (--trace). */
async function pipeAsIs(from: Readable, to: Writable): Promise<void> {
  from.pipe(to, { end: false });
  await once(from, 'end');
}

async function main(): Promise<void> {
  const { id, timeLimit, trace, programArgs } = parseArgs(process.argv.slice(2));
  const root = DEFAULT_ROOT; // npm runs scripts from the package root
  if (!id) fail(`usage: npm run play -- [--no-time-limit] <id>   (playgrounds: ${listPlaygroundIds(root).join(', ')})`, 2);

  let tree;
  let timeLimitMs;
  try {
    const playground = getPlayground(id, root);
    timeLimitMs = playground.timeLimitMs;
    const source = sourceTree(playground, loadSharedFiles(root));
    tree = { entry: toJsPath(source.entry), files: transpileForNode(source.files) };
  } catch (err) {
    if (err instanceof UnknownPlaygroundError) fail(err.message, 2);
    if (err instanceof PlaygroundError || err instanceof TranspileError) fail(err.message, 1);
    throw err;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gfg-play-${id}-`));
  const cleanUp = (): void => fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, code] of Object.entries(tree.files)) {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), code);
  }
  fs.writeFileSync(path.join(dir, 'package.json'), MODULE_PACKAGE_JSON);

  const env = trace ? { ...process.env, GFG_TRACE: '1' } : process.env;
  const child = spawn(process.execPath, [tree.entry, ...programArgs], { cwd: dir, env, stdio: ['inherit', 'pipe', 'pipe'] });
  // Output piped into `head` and closed early: stop the program instead of crashing.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => child.kill());
  // Ctrl+C reaches the program too (same process group); let it decide, then report its exit.
  process.on('SIGINT', () => {});

  let timedOut = false;
  const timer = timeLimit
    ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeLimitMs)
    : undefined;

  const copy = (from: Readable, to: Writable): Promise<void> => (trace ? pipeAsIs(from, to) : pipeWithoutTraces(from, to));
  const output = Promise.all([copy(child.stdout, process.stdout), copy(child.stderr, process.stderr)]);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  await output;
  if (timer) clearTimeout(timer);
  cleanUp();

  if (timedOut) fail(`${id} was stopped: it ran longer than its time limit of ${timeLimitMs} ms (--no-time-limit to lift it)`, 124);
  if (signal) process.exit(128 + (os.constants.signals[signal] ?? 0));
  process.exit(code ?? 1);
}

main().catch((err: unknown) => {
  console.error(red(`play: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  process.exit(1);
});
