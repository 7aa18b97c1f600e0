/**
 * TypeScript -> CommonJS JavaScript for one playground file, with sucrase
 * (transforms: typescript + imports). Pure: runs in Node and in the browser alike.
 *
 * Sucrase strips types without checking them and keeps every line where it was, so a
 * line number in a stack trace of the output is the line in the reader's file.
 */
import { transform } from 'sucrase';

/** A syntax error, located in the reader's file (line and column are 1-based). */
export class TranspileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'TranspileError';
  }
}

export interface TranspileResult {
  code: string;
}

export function transpile(path: string, source: string): TranspileResult {
  try {
    const { code } = transform(source, {
      transforms: ['typescript', 'imports'],
      filePath: path,
      // Node 20 and the browsers we support run modern syntax as it is.
      disableESTransforms: true,
    });
    return { code };
  } catch (err) {
    throw toTranspileError(path, source, err);
  }
}

function toTranspileError(path: string, source: string, err: unknown): TranspileError {
  const message = err instanceof Error ? err.message : String(err);
  // Sucrase's SyntaxError carries pos (a 0-based index) and loc {line, column} (1-based), and
  // its message reads "Error transforming <file>: <reason> (line:column)".
  const loc = (err as { loc?: { line?: unknown; column?: unknown } } | null)?.loc;
  const pos = (err as { pos?: unknown } | null)?.pos;
  let line = 1;
  let column = 1;
  if (loc && typeof loc.line === 'number' && typeof loc.column === 'number') {
    line = loc.line;
    column = loc.column;
  } else if (typeof pos === 'number') {
    const before = source.slice(0, pos).split('\n');
    line = before.length;
    column = (before[before.length - 1]?.length ?? 0) + 1;
  }
  const reason = message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)\s*$/, '');
  return new TranspileError(path, line, column, reason);
}
