/**
 * From a playground to the files a runtime runs: one path for `npm run play`, the
 * WebContainer and the in-browser sandbox.
 *
 *   sourceTree(playground, shared, edits)  ->  { entry: 'errgroup/main.ts', files: { 'errgroup/main.ts': ..., '_shared/trace.ts': ... } }
 *   transpileTree(tree)                    ->  { entry: 'errgroup/main.js', files: { 'errgroup/main.js': ..., '_shared/trace.js': ... } }
 *
 * Paths are relative to a root folder that holds <id>/ and _shared/ side by side, so the
 * playground's relative imports ('./errgroup', '../_shared/sleep') resolve as they do in
 * the repository. Run the result with `node <entry>` from that root. Pure.
 */
import type { Playground, SourceFile } from './schema';
import { transpile } from './transpile';

export interface FileTree {
  /** Path of the file to run, relative to the root. */
  entry: string;
  /** Path relative to the root -> content. */
  files: Record<string, string>;
}

/**
 * The playground's TypeScript sources and the shared helpers, keyed by path from the root.
 * edits: the reader's versions of the playground's files, keyed by the file's path in
 * playground.json ('main.ts'); they replace the originals.
 */
export function sourceTree(playground: Playground, shared: readonly SourceFile[], edits: Readonly<Record<string, string>> = {}): FileTree {
  const files: Record<string, string> = {};
  for (const file of shared) files[file.path] = file.source;
  for (const file of playground.files) files[`${playground.id}/${file.path}`] = edits[file.path] ?? file.source;
  return { entry: `${playground.id}/${playground.entry}`, files };
}

/** 'errgroup/main.ts' -> 'errgroup/main.js' */
export function toJsPath(path: string): string {
  return path.replace(/\.ts$/, '.js');
}

/** Transpiles every .ts file of a tree; throws the first TranspileError, which names the file by its path in the tree. */
export function transpileTree(tree: FileTree): FileTree {
  const files: Record<string, string> = {};
  for (const [path, source] of Object.entries(tree.files)) {
    files[toJsPath(path)] = path.endsWith('.ts') ? transpile(path, source).code : source;
  }
  return { entry: toJsPath(tree.entry), files };
}
