/**
 * The Go build step: before `next build`, when Go is on the PATH, build every playground's Go
 * original for js/wasm and, for the editable mode, the compiler, the linker and the package
 * archives they need, all as content-hashed files for /_next/static/go/, each with its brotli copy.
 *
 *   node --import tsx scripts/go-wasm.ts            build into .cache/go-wasm (manifest.json, static/)
 *   node --import tsx scripts/go-wasm.ts --print    also print the sizes
 *   GFG_GO_TOOLCHAIN=0 ...                          skip the editable mode's toolchain
 *
 * Playground binaries: `GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w'` with the pinned
 * toolchain (goEnv). Reproducible: the same sources, go.mod and go.sum give the same bytes, so
 * the same file names. The toolchain: `go build cmd/compile` and `cmd/link` for js/wasm from the
 * pinned toolchain's GOROOT, unpatched; the archives are the build cache's files that
 * `go list -deps -export` names for js/wasm with the same flags as the playground builds; the
 * compile and link flags come from `go build -a -n` (what `go build -x` runs), with -c=1.
 *
 * Without Go the manifest says so, the site builds as before, and the Go option says in one line
 * what is needed. finish-build copies static/ into .next/static/go/, finish-export into out/.
 * Brotli at quality 11 takes about two minutes for the compiler: copies are kept by content hash
 * in ~/.cache/go-field-guide (GFG_CACHE_DIR), as are the compiler and linker per Go version.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { GO_NOT_BUILT, GO_STATIC_PREFIX, packageClosure, type GoAsset, type GoManifest, type GoToolchainIndex } from '../lib/playgrounds/go-assets';
import { loadPlaygrounds } from '../lib/playgrounds/registry';
import { findGo, goEnv } from './go-check';

/** A Go original that builds to more than this is not offered in the browser (a cloud SDK's client, say). */
export const MAX_PLAYGROUND_WASM_BYTES = 16_000_000;

export const GO_WASM_DIR = path.join('.cache', 'go-wasm');
export const GO_MANIFEST_FILE = 'manifest.json';
const STATIC_SUBDIR = 'static';

export function cacheDir(): string {
  return process.env.GFG_CACHE_DIR || path.join(os.homedir(), '.cache', 'go-field-guide');
}

const hash = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Brotli quality 11 with the largest window browsers decode, cached by the input's hash. */
export function brotli(data: Buffer): Buffer {
  const key = hash(data);
  const cached = path.join(cacheDir(), 'brotli', `${key}.br`);
  if (existsSync(cached)) return readFileSync(cached);
  const compressed = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  mkdirSync(path.dirname(cached), { recursive: true });
  writeFileSync(`${cached}.tmp`, compressed);
  renameSync(`${cached}.tmp`, cached);
  return compressed;
}

/** Writes `name.<hash>.<ext>` and its .br into dir/static/<sub>; returns the asset. */
function emit(dir: string, sub: string, name: string, ext: string, data: Buffer): GoAsset {
  const file = `${name}.${hash(data).slice(0, 16)}.${ext}`;
  const target = path.join(dir, STATIC_SUBDIR, sub, file);
  mkdirSync(path.dirname(target), { recursive: true });
  const compressed = brotli(data);
  if (!existsSync(target) || statSync(target).size !== data.length) writeFileSync(target, data);
  writeFileSync(`${target}.br`, compressed);
  return { url: `${GO_STATIC_PREFIX}${sub ? `${sub}/` : ''}${file}`, bytes: data.length, brotliBytes: compressed.length };
}

function go(root: string, args: string[], env: Record<string, string | undefined> = {}) {
  const result = spawnSync('go', args, { cwd: root, env: { ...goEnv(root), ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

const WASM_ENV = { GOOS: 'js', GOARCH: 'wasm', CGO_ENABLED: '0' };
const BUILD_FLAGS = ['-trimpath', '-ldflags=-s -w'];

/** Builds one package for js/wasm; the bytes, or the go command's error. */
export function buildWasm(root: string, pkg: string, extra: { env?: Record<string, string> } = {}): { wasm: Buffer } | { error: string } {
  const out = path.join(os.tmpdir(), `gfg-go-wasm-${process.pid}-${hash(pkg).slice(0, 8)}.wasm`);
  const result = go(root, ['build', ...BUILD_FLAGS, '-o', out, pkg], { ...WASM_ENV, ...extra.env });
  if (!result.ok) return { error: result.stderr.trim() || result.stdout.trim() };
  const wasm = readFileSync(out);
  rmSync(out, { force: true });
  return { wasm };
}

/** `go build -a -n` for the main package: its compile and link command lines, split into arguments. */
export function buildCommands(root: string, pkg: string): { compile: string[]; link: string[] } {
  const result = go(root, ['build', '-a', '-n', ...BUILD_FLAGS, '-o', path.join(os.tmpdir(), 'gfg-n.wasm'), pkg], WASM_ENV);
  if (!result.ok) throw new Error(`go build -n ${pkg} failed: ${result.stderr}`);
  const lines = result.stderr.split('\n');
  const compile = lines.find((line) => /\/compile -o \$WORK\/b001\/_pkg_\.a /.test(line));
  const link = lines.find((line) => /\/link -o \$WORK\/b001\/exe\/a\.out /.test(line));
  if (!compile || !link) throw new Error(`go build -n ${pkg}: no compile or link command for the main package`);
  return { compile: shellWords(compile).slice(1), link: shellWords(link).slice(1) };
}

/** Splits a command line as the go command prints it (double quotes, no escapes inside them). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  // `GOROOT='' /path/to/link ...`: drop leading environment assignments
  while (words[0] && /^[A-Z_]+=/.test(words[0])) words.shift();
  return words;
}

/** The in-browser compile and link flags, from the native ones: paths of the in-memory fs, -c=1, no build ids. */
export function browserFlags(commands: { compile: string[]; link: string[] }, modulePath: string): { compileArgs: string[]; linkArgs: string[] } {
  const compileArgs: string[] = [];
  const c = commands.compile;
  for (let i = 0; i < c.length; i++) {
    const arg = c[i]!;
    if (arg === '-o') {
      compileArgs.push('-o', '/work/main.a');
      i++;
    } else if (arg === '-trimpath') {
      compileArgs.push('-trimpath', `/src=>${modulePath};/work=>`);
      i++;
    } else if (arg === '-buildid') i++;
    else if (arg === '-importcfg') {
      compileArgs.push('-importcfg', '/work/importcfg');
      i++;
    } else if (/^-c=\d+$/.test(arg)) compileArgs.push('-c=1');
    else if (arg.endsWith('.go')) continue;
    else compileArgs.push(arg);
  }
  if (!compileArgs.includes('-c=1')) compileArgs.push('-c=1');
  compileArgs.push('./main.go');
  const linkArgs: string[] = [];
  const l = commands.link;
  for (let i = 0; i < l.length; i++) {
    const arg = l[i]!;
    if (arg === '-o') {
      linkArgs.push('-o', '/work/main.wasm');
      i++;
    } else if (arg === '-importcfg') {
      linkArgs.push('-importcfg', '/work/importcfg.link');
      i++;
    } else if (arg.startsWith('-buildid=')) continue;
    else if (arg.endsWith('_pkg_.a')) continue;
    else linkArgs.push(arg);
  }
  linkArgs.push('/work/main.a');
  return { compileArgs, linkArgs };
}

interface ListedPackage {
  ImportPath: string;
  Name: string;
  Export?: string;
  Imports?: string[];
  Standard?: boolean;
}

/** `go list -deps -export` for js/wasm with the playground build's flags: every package's archive in the build cache. */
export function listExports(root: string, pkgs: string[]): ListedPackage[] {
  const result = go(root, ['list', ...BUILD_FLAGS, '-deps', '-export', '-json=ImportPath,Name,Export,Imports,Standard', ...pkgs], WASM_ENV);
  if (!result.ok) throw new Error(`go list -export failed: ${result.stderr}`);
  return result.stdout
    .split(/\n(?=\{)/)
    .filter((chunk) => chunk.trim())
    .map((chunk) => JSON.parse(chunk) as ListedPackage);
}

/** The compiler or linker for js/wasm from the pinned toolchain's GOROOT, kept per Go version. */
function buildTool(root: string, tool: 'compile' | 'link', goVersion: string): Buffer {
  const cached = path.join(cacheDir(), 'toolchain', goVersion.replace(/[^\w.-]+/g, '_'), `${tool}.wasm`);
  if (existsSync(cached)) return readFileSync(cached);
  const built = buildWasm(root, `cmd/${tool}`);
  if ('error' in built) throw new Error(`go build cmd/${tool} for js/wasm failed: ${built.error}`);
  mkdirSync(path.dirname(cached), { recursive: true });
  writeFileSync(`${cached}.tmp`, built.wasm);
  renameSync(`${cached}.tmp`, cached);
  return built.wasm;
}

export interface GoWasmBuild {
  manifest: GoManifest;
  dir: string;
  seconds: number;
}

/** Runs the whole step into `dir` (default .cache/go-wasm); never throws for a missing Go. */
export function buildGoAssets(root: string, options: { dir?: string; toolchain?: boolean; log?: (line: string) => void } = {}): GoWasmBuild {
  const started = performance.now();
  const dir = options.dir ?? path.join(root, GO_WASM_DIR);
  const log = options.log ?? ((line: string) => console.log(`go-wasm: ${line}`));
  rmSync(path.join(dir, STATIC_SUBDIR), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const write = (manifest: GoManifest): GoWasmBuild => {
    writeFileSync(path.join(dir, GO_MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    return { manifest, dir, seconds: (performance.now() - started) / 1000 };
  };

  const toolchain = findGo(root);
  if (!toolchain) {
    log('Go is not on the PATH: playgrounds run TypeScript only');
    return write({ version: 1, go: null, unavailable: GO_NOT_BUILT, playgrounds: {} });
  }
  const goVersion = /go\d+(\.\d+)+/.exec(toolchain.version)?.[0] ?? toolchain.version;
  const goroot = go(root, ['env', 'GOROOT']).stdout.trim();
  const wasmExec = emit(dir, '', 'wasm_exec', 'js', readFileSync(path.join(goroot, 'lib', 'wasm', 'wasm_exec.js')));

  const { playgrounds } = loadPlaygrounds(path.join(root, 'playgrounds'));
  const entries: GoManifest['playgrounds'] = {};
  const built: { id: string; pkg: string }[] = [];
  for (const playground of playgrounds) {
    const pkg = `./playgrounds/${playground.id}`;
    const result = buildWasm(root, pkg);
    if ('error' in result) {
      const first = result.error.split('\n').find((line) => line.trim() && !line.startsWith('#')) ?? result.error;
      entries[playground.id] = { error: `main.go does not build for WebAssembly (js/wasm): ${first.trim()}` };
      log(`${playground.id}: does not build for js/wasm: ${first.trim()}`);
    } else if (result.wasm.length > MAX_PLAYGROUND_WASM_BYTES) {
      entries[playground.id] = { error: `main.go builds to ${(result.wasm.length / 1e6).toFixed(0)} MB of WebAssembly, too large to run in the page: run it with go run ./playgrounds/${playground.id}.` };
      log(`${playground.id}: ${result.wasm.length} bytes of wasm, over the ${MAX_PLAYGROUND_WASM_BYTES} limit: not offered`);
    } else {
      entries[playground.id] = { wasm: emit(dir, '', playground.id, 'wasm', result.wasm) };
      built.push({ id: playground.id, pkg });
    }
  }

  let toolchainEntry: GoManifest['toolchain'];
  if (options.toolchain !== false && process.env.GFG_GO_TOOLCHAIN !== '0' && built.length) {
    try {
      toolchainEntry = buildToolchain(root, dir, goVersion, built, log);
    } catch (error) {
      toolchainEntry = { error: (error as Error).message.split('\n')[0]! };
      log(`toolchain: ${toolchainEntry.error}`);
    }
  }
  return write({ version: 1, go: goVersion, wasmExec, playgrounds: entries, ...(toolchainEntry ? { toolchain: toolchainEntry } : {}) });
}

function buildToolchain(root: string, dir: string, goVersion: string, built: { id: string; pkg: string }[], log: (line: string) => void): NonNullable<GoManifest['toolchain']> {
  const t0 = performance.now();
  const compile = emit(dir, 'toolchain', 'compile', 'wasm', buildTool(root, 'compile', goVersion));
  const link = emit(dir, 'toolchain', 'link', 'wasm', buildTool(root, 'link', goVersion));
  log(`compiler and linker for js/wasm (${((performance.now() - t0) / 1000).toFixed(0)} s)`);

  const listed = listExports(root, built.map((b) => b.pkg));
  const packages: GoToolchainIndex['packages'] = {};
  const modulePaths: Record<string, string> = {};
  for (const p of listed) {
    if (p.Name === 'main') continue;
    if (p.ImportPath === 'unsafe') continue;
    if (!p.Export) throw new Error(`go list -export gave no archive for ${p.ImportPath}`);
    const name = p.ImportPath.replace(/[^A-Za-z0-9]+/g, '_');
    packages[p.ImportPath] = { ...emit(dir, 'pkg', name, 'a', readFileSync(p.Export)), imports: (p.Imports ?? []).filter((i) => i !== 'unsafe' && i !== 'C') };
  }
  for (const b of built) modulePaths[b.id] = listed.find((p) => p.Name === 'main' && p.ImportPath.endsWith(`/playgrounds/${b.id}`))?.ImportPath ?? `gofieldguide/playgrounds/${b.id}`;

  const first = built[0]!;
  const flags = browserFlags(buildCommands(root, first.pkg), modulePaths[first.id]!);
  const index: GoToolchainIndex = { version: 1, go: goVersion, compile, link, packages, ...flags, modulePaths };
  const indexAsset = emit(dir, 'toolchain', 'index', 'json', Buffer.from(JSON.stringify(index)));

  // What the first edited Run of each playground downloads: compiler, linker, and its packages' archives.
  const downloadBrotliBytes: Record<string, number> = {};
  for (const b of built) {
    const source = readFileSync(path.join(root, 'playgrounds', b.id, 'main.go'), 'utf8');
    const direct = listed.find((p) => p.ImportPath === modulePaths[b.id])?.Imports ?? [];
    const { packages: needed } = packageClosure(index, direct.length ? direct : [...source.matchAll(/"([^"]+)"/g)].map((m) => m[1]!));
    downloadBrotliBytes[b.id] = indexAsset.brotliBytes + compile.brotliBytes + link.brotliBytes + needed.reduce((sum, name) => sum + (packages[name]?.brotliBytes ?? 0), 0);
  }
  const archives = Object.values(packages);
  log(`toolchain: ${archives.length} package archives, ${(archives.reduce((s, a) => s + a.bytes, 0) / 1e6).toFixed(1)} MB raw, ${(archives.reduce((s, a) => s + a.brotliBytes, 0) / 1e6).toFixed(1)} MB brotli`);
  return { index: indexAsset, downloadBrotliBytes };
}

/** Reads a manifest written by buildGoAssets (undefined when the step never ran). */
export function readGoManifest(root: string, dir = path.join(root, GO_WASM_DIR)): GoManifest | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, GO_MANIFEST_FILE), 'utf8')) as GoManifest;
  } catch {
    return undefined;
  }
}

/** Copies the step's static files (with their .br copies) to `<target>/go/`: .next/static or out/_next/static. */
export function copyGoAssets(root: string, target: string, dir = path.join(root, GO_WASM_DIR)): { files: number; bytes: number } {
  const source = path.join(dir, STATIC_SUBDIR);
  const destination = path.join(target, 'go');
  rmSync(destination, { recursive: true, force: true });
  if (!existsSync(source)) return { files: 0, bytes: 0 };
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(source, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = path.join(entry.parentPath, entry.name);
    const to = path.join(destination, path.relative(source, from));
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
    if (!entry.name.endsWith('.br')) {
      files++;
      bytes += statSync(from).size;
    }
  }
  return { files, bytes };
}

function mb(bytes: number) {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.cwd();
  const { manifest, seconds } = buildGoAssets(root);
  if (!manifest.go) process.exit(0);
  for (const [id, entry] of Object.entries(manifest.playgrounds)) {
    console.log(`go-wasm: ${id}: ${entry.wasm ? `${entry.wasm.url} ${mb(entry.wasm.bytes)} raw, ${mb(entry.wasm.brotliBytes)} brotli` : entry.error}`);
  }
  if (manifest.toolchain && 'index' in manifest.toolchain) {
    for (const [id, bytes] of Object.entries(manifest.toolchain.downloadBrotliBytes)) console.log(`go-wasm: editing ${id} downloads ${mb(bytes)} brotli`);
  }
  console.log(`go-wasm: done in ${seconds.toFixed(0)} s (${manifest.go})`);
}
