/**
 * The playground registry: reads playgrounds/<id>/playground.json, validates it, checks
 * that every file it names exists and that every import resolves, and loads the sources.
 * Any mistake throws a PlaygroundError whose message names the file and the field, e.g.
 *   playgrounds/errgroup/playground.json: files[1].path: file 'x.ts' does not exist
 * Node only (reads the file system), for build time, the play CLI and tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ALLOWED_MODULES, SHARED_DIR, playgroundSchema, type Playground, type SourceFile } from './schema';

export const DEFAULT_ROOT = 'playgrounds';

/** One or more problems in the playgrounds, each "file: field: message". */
export class PlaygroundError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} playground errors:\n` + problems.map((p) => `  ${p}`).join('\n'));
    this.name = 'PlaygroundError';
  }
}

export class UnknownPlaygroundError extends Error {
  constructor(
    readonly id: string,
    readonly knownIds: string[],
  ) {
    super(`unknown playground '${id}'. Known playgrounds: ${knownIds.join(', ') || 'none'}`);
    this.name = 'UnknownPlaygroundError';
  }
}

export interface PlaygroundSet {
  playgrounds: Playground[];
  /** The helpers in _shared/, with paths like '_shared/sleep.ts'. */
  shared: SourceFile[];
}

// turbopackIgnore below: pages read playgrounds/ while they prerender at build time; without it
// Turbopack would trace the whole project into the server output because the paths are dynamic.

/** The ids of the playground folders under root (every folder not starting with '_' or '.'), sorted. */
export function listPlaygroundIds(root: string = DEFAULT_ROOT): string[] {
  if (!fs.existsSync(/*turbopackIgnore: true*/ root)) return [];
  return fs
    .readdirSync(/*turbopackIgnore: true*/ root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

/** The .ts files of _shared/, sorted by path. */
export function loadSharedFiles(root: string = DEFAULT_ROOT): SourceFile[] {
  const dir = path.join(/*turbopackIgnore: true*/ root, SHARED_DIR);
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((name) => name.endsWith('.ts') && fs.statSync(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ dir, name)).isFile())
    .sort()
    .map((name) => ({ path: `${SHARED_DIR}/${name}`, source: fs.readFileSync(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ dir, name), 'utf8') }));
}

/** Every playground, validated, with its files; throws one PlaygroundError listing every problem found. */
export function loadPlaygrounds(root: string = DEFAULT_ROOT): PlaygroundSet {
  const shared = loadSharedFiles(root);
  const problems: string[] = [];
  const playgrounds: Playground[] = [];
  for (const id of listPlaygroundIds(root)) {
    const result = readPlayground(root, id, shared);
    problems.push(...result.problems);
    if (result.playground) playgrounds.push(result.playground);
  }
  problems.push(...checkImports(root, shared, shared));
  if (problems.length > 0) throw new PlaygroundError(problems);
  return { playgrounds, shared };
}

/** One playground, validated, with its files. Throws UnknownPlaygroundError or PlaygroundError. */
export function getPlayground(id: string, root: string = DEFAULT_ROOT): Playground {
  const known = listPlaygroundIds(root);
  if (!known.includes(id)) throw new UnknownPlaygroundError(id, known);
  const shared = loadSharedFiles(root);
  const { playground, problems } = readPlayground(root, id, shared);
  problems.push(...checkImports(root, shared, shared));
  if (problems.length > 0 || !playground) throw new PlaygroundError(problems);
  return playground;
}

function readPlayground(root: string, folder: string, shared: readonly SourceFile[]): { playground?: Playground; problems: string[] } {
  const dir = path.join(root, folder);
  const jsonFile = path.join(dir, 'playground.json');
  if (!fs.existsSync(jsonFile)) return { problems: [`${dir}: missing playground.json`] };

  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  } catch (err) {
    return { problems: [`${jsonFile}: invalid JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const parsed = playgroundSchema.safeParse(json);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => `${jsonFile}: ${fieldOf(issue)}: ${issue.message}`) };

  const config = parsed.data;
  const problems: string[] = [];
  if (config.id !== folder) problems.push(`${jsonFile}: id: '${config.id}' does not match the folder name '${folder}'`);
  const exists = (file: string): boolean => fs.existsSync(path.join(dir, file)) && fs.statSync(path.join(dir, file)).isFile();
  config.files.forEach((file, i) => {
    if (!exists(file.path)) problems.push(`${jsonFile}: files[${i}].path: file '${file.path}' does not exist`);
  });
  if (!exists(config.goOriginal)) problems.push(`${jsonFile}: goOriginal: file '${config.goOriginal}' does not exist`);
  if (problems.length > 0) return { problems };

  const read = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');
  const playground: Playground = {
    id: config.id,
    title: config.title,
    summary: config.summary,
    entry: config.entry,
    files: config.files.map((file) => ({ path: file.path, editable: file.editable, source: read(file.path) })),
    goOriginal: { path: config.goOriginal, source: read(config.goOriginal) },
    timeLimitMs: config.timeLimitMs,
    relatedArticles: config.relatedArticles,
  };
  const ownFiles = playground.files.map((file) => ({ path: `${folder}/${file.path}`, source: file.source }));
  problems.push(...checkImports(root, ownFiles, shared));
  return problems.length > 0 ? { problems } : { playground, problems };
}

/** "files[1].path" from a zod issue's path; an unknown key is named by the key itself. */
function fieldOf(issue: z.core.$ZodIssue): string {
  let field = '';
  for (const key of issue.path) field += typeof key === 'number' ? `[${key}]` : field ? `.${String(key)}` : String(key);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    field = field ? `${field}.${keys}` : keys;
  }
  return field || '(root)';
}

/**
 * Every import in files must be another file shipped with the playground (its own listed
 * files or _shared/), written relative and without extension, or one of ALLOWED_MODULES.
 * Paths are relative to root: 'errgroup/main.ts', '_shared/sleep.ts'.
 */
function checkImports(root: string, files: readonly SourceFile[], shared: readonly SourceFile[]): string[] {
  const shipped = new Set([...files, ...shared].map((file) => file.path));
  const problems: string[] = [];
  for (const file of files) {
    for (const specifier of importsOf(file.source)) {
      const where = `${path.join(root, file.path)}: import '${specifier}'`;
      if (!specifier.startsWith('.')) {
        if (!ALLOWED_MODULES.includes(specifier)) problems.push(`${where}: only relative imports and ${ALLOWED_MODULES.join(', ')} are available to playgrounds`);
        continue;
      }
      if (/\.(ts|js|mjs|cjs)$/.test(specifier)) {
        problems.push(`${where}: write the import without the file extension`);
        continue;
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), specifier)) + '.ts';
      if (!shipped.has(target)) problems.push(`${where}: '${target}' is not a file of this playground (list it in playground.json) or of ${SHARED_DIR}/`);
    }
  }
  return problems;
}

const IMPORT_PATTERN = /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a source imports, comments excluded. */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\w])\/\/.*$/gm, '$1');
  return [...code.matchAll(IMPORT_PATTERN)].map((match) => match[1] ?? match[2] ?? '').filter(Boolean);
}
