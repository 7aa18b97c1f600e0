/**
 * TypeScript -> JavaScript for a run, shared by both runtimes: transpile every file with
 * lib/playgrounds/transpile.ts (sucrase, lines kept), and on a syntax error produce the
 * message the terminal shows: file, line, column, the line itself and a caret.
 */
import type { TranspileError } from '../playgrounds/transpile';
import { ansi } from './types';

export type CompileResult = { ok: true; files: Record<string, string> } | { ok: false; error: TranspileError; text: string };

let transpiler: Promise<typeof import('../playgrounds/transpile')> | undefined;

/** The transpiler (sucrase) is its own lazy chunk: fetched for the first run, or ahead of it when the page is idle. */
export function loadTranspiler(): Promise<typeof import('../playgrounds/transpile')> {
  transpiler ??= import('../playgrounds/transpile');
  transpiler.catch(() => (transpiler = undefined));
  return transpiler;
}

/**
 * Transpiles every .ts file; rename maps a source path to the path of its output
 * (the sandbox keeps `.ts` so stacks name the reader's file; the WebContainer needs `.js`).
 */
export async function compileFiles(files: Record<string, string>, rename: (path: string) => string = (path) => path): Promise<CompileResult> {
  const { transpile, TranspileError } = await loadTranspiler();
  const out: Record<string, string> = {};
  for (const [path, source] of Object.entries(files)) {
    if (!path.endsWith('.ts')) {
      out[rename(path)] = source;
      continue;
    }
    try {
      out[rename(path)] = transpile(path, source).code;
    } catch (err) {
      const error = err instanceof TranspileError ? err : new TranspileError(path, 1, 1, err instanceof Error ? err.message : String(err));
      return { ok: false, error, text: formatTranspileError(error, files[error.file] ?? source) };
    }
  }
  return { ok: true, files: out };
}

/** "errgroup/main.ts:12:7: Unexpected token" with the line and a caret under the column, in red. */
export function formatTranspileError(error: TranspileError, source: string): string {
  const lines = [`${error.file}:${error.line}:${error.column}: ${error.reason}`];
  const code = source.split('\n')[error.line - 1];
  if (code !== undefined) {
    const gutter = `${error.line} | `;
    lines.push('', gutter + code.replace(/\t/g, ' '), `${' '.repeat(gutter.length + Math.max(0, error.column - 1))}^`);
  }
  lines.push('', 'The program did not start: fix the syntax error and run it again.');
  return `${lines.map((line) => ansi.red(line)).join('\r\n')}\r\n`;
}
