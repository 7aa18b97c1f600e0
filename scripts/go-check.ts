/**
 * The Go check of the content: every complete Go block of every article is built and vetted, alone,
 * in a scratch module with the repository's go.mod requirements; every fragment is parsed by gofmt;
 * every block must be gofmt-formatted. Errors come back as ContentErrors at the article's lines.
 * (Excerpts of tested files are matched in lib/content/compile.ts; `go test ./...` tests those files.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ContentError } from '../lib/content/errors';
import type { Article } from '../lib/content/load';

export interface GoToolchain {
  /** `go version` as the module's toolchain prints it (go.mod pins the toolchain; go fetches it). */
  version: string;
  /** The gofmt of that toolchain, so fragments parse with the same Go as the build. */
  gofmt: string;
}

/**
 * The environment for the go command: GOTOOLCHAIN set to go.mod's toolchain line unless the caller
 * set one, because a machine whose go.env says GOTOOLCHAIN=local (Debian's and this project's
 * machines do) would otherwise refuse a go.mod that needs a newer Go than the one installed.
 */
export function goEnv(root: string): NodeJS.ProcessEnv {
  const pinned = /^toolchain (go\S+)$/m.exec(readFileSync(path.join(root, 'go.mod'), 'utf8'))?.[1];
  return { ...process.env, GOTOOLCHAIN: process.env.GOTOOLCHAIN || pinned || 'auto' };
}

/** The toolchain the go command on the PATH runs for this module, or undefined without Go. */
export function findGo(root: string): GoToolchain | undefined {
  const env = goEnv(root);
  const version = spawnSync('go', ['version'], { cwd: root, encoding: 'utf8', env });
  if (version.error || version.status !== 0) return undefined;
  const goroot = spawnSync('go', ['env', 'GOROOT'], { cwd: root, encoding: 'utf8', env });
  if (goroot.status !== 0) return undefined;
  return { version: version.stdout.trim(), gofmt: path.join(goroot.stdout.trim(), 'bin', 'gofmt') };
}

interface Placed {
  article: Article;
  line: number;
  code: string;
}

/** The scratch module: the repository's go.mod under another name, without its ignore list. */
function writeScratchModule(root: string, dir: string) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const goMod = readFileSync(path.join(root, 'go.mod'), 'utf8')
    .replace(/^module .*$/m, 'module gocheck')
    .replace(/^ignore \([^)]*\)\n?/m, '')
    .replace(/^ignore .*\n?/gm, '');
  writeFileSync(path.join(dir, 'go.mod'), goMod);
  writeFileSync(path.join(dir, 'go.sum'), readFileSync(path.join(root, 'go.sum'), 'utf8'));
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, env: goEnv(cwd), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, out: `${result.stdout}${result.stderr}` };
}

/**
 * Builds, vets and gofmt-checks the articles' Go blocks. `dir` is a scratch folder of its own
 * (a fixed path keeps Go's build cache warm between runs).
 */
export function checkGoBlocks(articles: Article[], root: string, toolchain: GoToolchain, dir = path.join(root, '.cache', 'gocheck')): ContentError[] {
  const errors: ContentError[] = [];
  const fail = (where: Placed, goLine: number, column: number | undefined, problem: string) =>
    errors.push(new ContentError(where.article.file, problem, { line: where.line + goLine - 1, column }));

  const files: Placed[] = [];
  for (const article of articles) {
    for (const block of article.goBlocks) {
      const placed = { article, line: block.line, code: block.code };
      if (block.kind.kind === 'file') files.push(placed);
      else if (block.kind.kind === 'fragment') checkFragment(placed, toolchain.gofmt, root, fail);
    }
  }
  if (files.length === 0) return errors;

  writeScratchModule(root, dir);
  const packages = files.map((placed, i) => {
    const name = `b${String(i).padStart(3, '0')}`;
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'main.go'), placed.code.endsWith('\n') ? placed.code : placed.code + '\n');
    return name;
  });
  const byPackage = new Map(packages.map((name, i) => [name, files[i]!]));

  const unformatted = run(toolchain.gofmt, ['-l', '.'], dir);
  for (const line of unformatted.out.split('\n')) {
    const name = line.trim().split('/')[0];
    const placed = name ? byPackage.get(name) : undefined;
    if (placed) fail(placed, 1, undefined, 'Go block is not gofmt-formatted (run gofmt on it)');
  }

  // vet type-checks every package (so it reports compile errors too); build then links the mains.
  const mains = packages.filter((name, i) => /^package\s+main\b/m.test(files[i]!.code)).map((name) => `./${name}`);
  const steps = [['vet', './...'], ...(mains.length ? [['build', '-o', path.join(dir, 'bin') + path.sep, ...mains]] : [])];
  for (const step of steps) {
    mkdirSync(path.join(dir, 'bin'), { recursive: true });
    const result = run('go', step, dir);
    if (result.status === 0) continue;
    const before = errors.length;
    let current: Placed | undefined; // the package of the last `# gocheck/bNNN` header
    for (const raw of result.out.split('\n')) {
      const line = raw.trim();
      const header = /^# gocheck\/(b\d{3})$/.exec(line);
      if (header) {
        current = byPackage.get(header[1]!);
        continue;
      }
      const match = /^(?:vet: )?(?:\.\/)?(b\d{3})\/main\.go:(\d+)(?::(\d+))?: (.*)$/.exec(line);
      const placed = match ? byPackage.get(match[1]!) : undefined;
      if (match && placed) fail(placed, Number(match[2]), match[3] ? Number(match[3]) : undefined, `go ${step[0]}: ${match[4]}`);
      else if (current && line) fail(current, 1, undefined, `go ${step[0]}: ${line}`); // link errors name no line
    }
    if (errors.length === before) {
      throw new Error(`go ${step.join(' ')} failed in ${dir} with no error placed in an article:\n${result.out}`);
    }
    break; // build errors would repeat vet's
  }
  return errors;
}

/** A fragment must parse as declarations or statements (gofmt reads stdin as a fragment) and be formatted. */
function checkFragment(placed: Placed, gofmt: string, root: string, fail: (where: Placed, goLine: number, column: number | undefined, problem: string) => void) {
  const source = placed.code.endsWith('\n') ? placed.code : placed.code + '\n';
  const result = spawnSync(gofmt, ['-e'], { cwd: root, input: source, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    // gofmt tries the fragment as declarations, then as statements: the first error is the one to read.
    const match = /^<standard input>:(\d+):(\d+): (.*)$/m.exec(result.stderr);
    if (match) fail(placed, Number(match[1]), Number(match[2]), `Go fragment does not parse: ${match[3]}`);
    else fail(placed, 1, undefined, `Go fragment does not parse: ${result.stderr.trim()}`);
    return;
  }
  if (result.stdout !== source) fail(placed, 1, undefined, 'Go fragment is not gofmt-formatted (run gofmt on it)');
}
