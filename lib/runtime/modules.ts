/**
 * TypeScript -> ES modules, the one module format of every path a playground runs on: Node in a
 * WebContainer, `npm run play` in a terminal, and the in-browser sandbox. ES modules because a
 * reader who edits a demo may write top-level `await`, which only ES modules allow, and because
 * Node orders `process.nextTick` against promise callbacks differently in ES modules: one format
 * everywhere means one behaviour everywhere.
 *
 * transpileModule(path, source, files, target):
 * - both targets: types stripped by sucrase (lines kept, so a stack's line is the reader's line),
 *   relative imports that leave out the extension (`./errgroup`) point at the `.js` file Node's
 *   ES module resolver needs (`./errgroup.js`);
 * - target 'node': that is the output; the folder gets a package.json with "type": "module";
 * - target 'sandbox': the imports become calls the sandbox's module loader answers (sucrase's
 *   imports transform), `import.meta` and a stray `require(…)` are renamed to names the loader
 *   provides, and the static imports are listed so the loader can evaluate dependencies first,
 *   in Node's order, before a module that awaits at its top level.
 *
 * Pure and synchronous: runs in Node (npm run play, tests) and in the page (lazily, see compile.ts).
 */
import { transform } from 'sucrase';
import { parse } from 'sucrase/dist/parser/index.js';
import { TokenType } from 'sucrase/dist/parser/tokenizer/types.js';
import { TranspileError } from '../playgrounds/transpile';

export { TranspileError };

export type ModuleTarget = 'node' | 'sandbox';

export interface TranspiledModule {
  code: string;
  /** The static imports, in source order, as written (after the extension fix-up). */
  imports: string[];
}

/** The names the sandbox's loader gives each module (sandbox-worker.ts): keep the two in step. */
export const SANDBOX_META = '__gfgImportMeta';
export const SANDBOX_NO_REQUIRE = '__gfgNoRequire';

/** CommonJS's module-scope names, which an ES module does not have (the sandbox's loader uses some of them itself). */
const COMMONJS_NAMES = new Set(['require', 'module', 'exports', '__filename', '__dirname']);

/** 'errgroup/main.ts' -> 'errgroup/main.js' */
export function toJsPath(path: string): string {
  return path.replace(/\.(ts|mts|tsx)$/, '.js');
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function join(dir: string, spec: string): string {
  const parts = dir ? dir.split('/') : [];
  for (const part of spec.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** The file a relative specifier names among the playground's files, trying the extensions Node's CommonJS resolver would. */
export function resolveRelative(spec: string, from: string, files: Readonly<Record<string, unknown>>): string | undefined {
  if (!(spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..')) return undefined;
  const base = join(dirname(from), spec);
  const has = (p: string) => Object.prototype.hasOwnProperty.call(files, p);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, `${base}.mts`, `${base}.mjs`, `${base}/index.ts`, `${base}/index.js`]) if (has(candidate)) return candidate;
  const swapped = base.replace(/\.(m|c)?js$/, '.ts');
  return has(swapped) ? swapped : undefined;
}

/** A relative path from one file's folder to another file, as an import specifier. */
function relativeSpecifier(from: string, to: string): string {
  const a = dirname(from).split('/').filter(Boolean);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const up = a.length - i;
  const rest = b.slice(i).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

function applyEdits(code: string, edits: Edit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((x, y) => x.start - y.start)) {
    out += code.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + code.slice(at);
}

function stripTypes(path: string, source: string): string {
  try {
    return transform(source, { transforms: ['typescript'], filePath: path, disableESTransforms: true, keepUnusedImports: false }).code;
  } catch (err) {
    throw toTranspileError(path, source, err);
  }
}

function toTranspileError(path: string, source: string, err: unknown): TranspileError {
  const message = err instanceof Error ? err.message : String(err);
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

/**
 * One file, TypeScript to JavaScript for the target. `files` are all the playground's sources
 * (keys as in the run request), for resolving extensionless relative imports; `rename` maps a
 * source path to its output path (the node target's files end in `.js`).
 */
export function transpileModule(path: string, source: string, files: Readonly<Record<string, unknown>>, target: ModuleTarget, rename: (path: string) => string = toJsPath): TranspiledModule {
  const js = path.endsWith('.ts') || path.endsWith('.mts') || path.endsWith('.tsx') ? stripTypes(path, source) : source;
  let tokens;
  try {
    tokens = parse(js, false, false, false).tokens;
  } catch (err) {
    throw toTranspileError(path, source, err);
  }
  const edits: Edit[] = [];
  const imports: string[] = [];
  const text = (i: number) => (tokens[i] ? js.slice(tokens[i].start, tokens[i].end) : '');
  const type = (i: number) => tokens[i]?.type;

  /** Fixes a specifier string token (relative, extensionless) and returns the specifier it now holds. */
  const specifier = (i: number): string => {
    const raw = text(i);
    const spec = raw.slice(1, -1);
    const resolved = resolveRelative(spec, path, files);
    if (resolved === undefined || target !== 'node') return spec;
    const fixed = relativeSpecifier(rename(path), rename(resolved));
    if (fixed !== spec) edits.push({ start: tokens[i]!.start, end: tokens[i]!.end, text: `${raw[0]}${fixed}${raw[0]}` });
    return fixed;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (text(i) === 'import' && type(i + 1) === TokenType.dot && text(i + 2) === 'meta') {
      if (target === 'sandbox') edits.push({ start: token.start, end: tokens[i + 2]!.end, text: SANDBOX_META });
      i += 2;
    } else if (token.type === TokenType._import) {
      if (type(i + 1) === TokenType.parenL) {
        if (type(i + 2) === TokenType.string) specifier(i + 2);
        continue;
      }
      if (token.scopeDepth !== 0) continue;
      // import x from 'm'; import { a } from 'm'; import 'm';
      let j = i + 1;
      while (j < tokens.length && type(j) !== TokenType.string && type(j) !== TokenType.semi) j++;
      if (type(j) === TokenType.string) imports.push(specifier(j));
      i = j;
    } else if (token.type === TokenType._export && token.scopeDepth === 0) {
      // export * from 'm'; export { a } from 'm'
      let j = i + 1;
      if (type(j) !== TokenType.star && type(j) !== TokenType.braceL) continue;
      while (j < tokens.length && type(j) !== TokenType.semi && !(text(j) === 'from' && type(j + 1) === TokenType.string)) {
        if (type(j) === TokenType._export || type(j) === TokenType._import) break;
        j++;
      }
      if (text(j) === 'from' && type(j + 1) === TokenType.string) imports.push(specifier(j + 1));
    } else if (target === 'sandbox' && token.type === TokenType.name && text(i) === 'require' && type(i - 1) !== TokenType.dot && type(i + 1) === TokenType.parenL) {
      // In an ES module Node has no require: a reader's require(…) gets Node's ReferenceError.
      edits.push({ start: token.start, end: token.end, text: SANDBOX_NO_REQUIRE });
    } else if (target === 'sandbox' && token.type === TokenType.name && type(i - 1) === TokenType._typeof && COMMONJS_NAMES.has(text(i))) {
      // `typeof require` is 'undefined' in an ES module: a name nothing defines says the same.
      edits.push({ start: token.start, end: token.end, text: `__gfgUndefined_${text(i)}` });
    }
  }
  const code = applyEdits(js, edits);
  if (target === 'node') return { code, imports };
  try {
    return { code: transform(code, { transforms: ['imports'], filePath: rename(path), disableESTransforms: true }).code, imports };
  } catch (err) {
    throw toTranspileError(path, source, err);
  }
}

/** The package.json every folder of ES modules gets: `.js` files are ES modules whatever Node's default. */
export const MODULE_PACKAGE_JSON = `${JSON.stringify({ name: 'playground', private: true, type: 'module' }, null, 2)}\n`;

/**
 * Every file of a run for Node (npm run play, the WebContainer): `.ts` files transpiled to `.js`,
 * others kept. Throws the first TranspileError.
 */
export function transpileForNode(files: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, source] of Object.entries(files)) out[toJsPath(path)] = transpileModule(path, source, files, 'node').code;
  return out;
}
