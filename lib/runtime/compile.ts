/**
 * TypeScript -> JavaScript for a run, shared by both runtimes: every file through
 * lib/runtime/modules.ts (sucrase, lines kept; ES modules everywhere), and on a syntax error the
 * message the terminal shows: file, line, column, the line itself and a caret.
 */
import type { TranspileError } from '../playgrounds/transpile';
import type { ModuleTarget } from './modules';
import { ansi } from './types';

export type CompileResult =
  | { ok: true; files: Record<string, string>; imports: Record<string, string[]> }
  | { ok: false; error: TranspileError; text: string };

let transpiler: Promise<typeof import('./modules')> | undefined;

/** The transpiler (sucrase) is its own lazy chunk: fetched for the first run, or ahead of it when the page is idle. */
export function loadTranspiler(): Promise<typeof import('./modules')> {
  transpiler ??= import('./modules');
  transpiler.catch(() => (transpiler = undefined));
  return transpiler;
}

export interface CompileOptions {
  /** 'sandbox' keeps the `.ts` paths (stacks name the reader's files); 'node' writes `.js` files for Node. */
  target: ModuleTarget;
}

/** Transpiles every .ts file for the target; other files are kept as they are. */
export async function compileFiles(files: Record<string, string>, options: CompileOptions = { target: 'sandbox' }): Promise<CompileResult> {
  const { transpileModule, toJsPath, TranspileError } = await loadTranspiler();
  const rename = options.target === 'node' ? toJsPath : (path: string) => path;
  const out: Record<string, string> = {};
  const imports: Record<string, string[]> = {};
  for (const [path, source] of Object.entries(files)) {
    if (!/\.(ts|mts|js|mjs)$/.test(path)) {
      out[path] = source;
      continue;
    }
    try {
      const module = transpileModule(path, source, files, options.target, toJsPath);
      out[rename(path)] = module.code;
      imports[rename(path)] = module.imports;
    } catch (err) {
      const error = err instanceof TranspileError ? err : new TranspileError(path, 1, 1, err instanceof Error ? err.message : String(err));
      return { ok: false, error, text: formatTranspileError(error, files[error.file] ?? source) };
    }
  }
  return { ok: true, files: out, imports };
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
