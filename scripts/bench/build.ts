/**
 * Production builds for the benchmarks, always in a private copy of the project under the system's
 * temporary folder: the working tree's .next is never touched, and generated content never lands
 * in the working tree. node_modules is hard-linked (`cp -al`), never symlinked: Turbopack refuses
 * a symlinked node_modules.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BENCH_DIR = process.env.GFG_BENCH_DIR ?? path.join(os.tmpdir(), 'gfg-bench');
/** Never copied: dependencies (hard-linked instead), build output, git, test and bench output. */
const EXCLUDED = ['node_modules', '.next', '.next-export', '.git', 'out', 'test-results', 'playwright-report', 'bench-results', '.cache'];
const FINGERPRINT_FILE = '.bench-fingerprint';

function sourceFiles(root: string, skip: readonly string[] = []): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (dir === root && (EXCLUDED.includes(entry.name) || skip.includes(entry.name))) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(root);
  return files.sort();
}

/**
 * Paths, sizes and modification times of every file a build reads (all but docs and the
 * top-level Markdown): equal fingerprints mean an equal build.
 */
export function treeFingerprint(root: string): string {
  const hash = createHash('sha256');
  const docs = readdirSync(root).filter((name) => name === 'docs' || name.endsWith('.md'));
  for (const file of sourceFiles(root, docs)) {
    const stat = statSync(file);
    hash.update(`${path.relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** A fresh copy of the project at `dest` (emptied first), with node_modules hard-linked. */
export function copyProject(source: string, dest: string): void {
  if (!dest.startsWith(BENCH_DIR + path.sep)) throw new Error(`refusing to replace ${dest}: bench copies live under ${BENCH_DIR}`);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const excludes = EXCLUDED.flatMap((name) => ['--exclude', `./${name}`]);
  execFileSync('bash', ['-c', `tar ${excludes.map((e) => `'${e}'`).join(' ')} -cf - . | (cd '${dest}' && tar xf -)`], { cwd: source, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('cp', ['-al', path.join(source, 'node_modules'), path.join(dest, 'node_modules')]);
}

const TITLE_MAX = 120;

/**
 * Grow content/articles `factor` times: each real article gets factor-1 clones with new slugs
 * (<slug>-copy-<n>), retitled, whose links to other articles point to the clones of the same
 * generation, so the content checks pass on the larger set. Returns the number of articles after.
 */
export function generateSyntheticArticles(root: string, factor: number): number {
  const dir = path.join(root, 'content', 'articles');
  const originals = readdirSync(dir).filter((name) => name.endsWith('.mdx')).sort();
  const slugs = new Set(originals.map((name) => name.slice(0, -4)));
  for (let copy = 1; copy < factor; copy++) {
    for (const name of originals) {
      const slug = name.slice(0, -4);
      let source = readFileSync(path.join(dir, name), 'utf8');
      // Internal links only: /articles/<slug> not preceded by a host or another path segment.
      source = source.replace(/(?<![\w.:/-])\/articles\/([a-z0-9-]+)(?=[)#"'`\s/?]|$)/g, (match, target: string) => (slugs.has(target) ? `/articles/${target}-copy-${copy}` : match));
      source = source.replace(/^title:\s*(.+)$/m, (_, value: string) => {
        const title = value.trim().replace(/^(["'])(.*)\1$/, '$2');
        const prefix = `Copy ${copy}: `;
        return `title: ${JSON.stringify(prefix + title.slice(0, TITLE_MAX - prefix.length))}`;
      });
      writeFileSync(path.join(dir, `${slug}-copy-${copy}.mdx`), source);
    }
  }
  return readdirSync(dir).filter((name) => name.endsWith('.mdx')).length;
}

export interface BuildTiming {
  seconds: number;
  /** Statically generated routes in the build (from .next/prerender-manifest.json). */
  prerenderedRoutes: number | null;
  articles: number;
  log: string;
}

/**
 * `rm -rf .next && next build` and scripts/finish-build.ts (each page's CSP into the build, as
 * `npm run build` does) in `root`, timed together by the wall clock, after the untimed Go step.
 * The output goes to `log`.
 */
export async function cleanBuild(root: string, log: string, { limitMs = 20 * 60_000 } = {}): Promise<BuildTiming> {
  rmSync(path.join(root, '.next'), { recursive: true, force: true });
  const out = createWriteStream(log);
  // The Go step of npm run build (scripts/go-wasm.ts), not timed: with Go on the PATH it builds the
  // playgrounds' WebAssembly (its brotli copies are cached by content, outside the project).
  out.write(execFileSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'go-wasm.ts')], { cwd: root, maxBuffer: 16 * 1024 * 1024 }));
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, limitMs);
    child.once('error', reject);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code === 0) out.write(execFileSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'finish-build.ts')], { cwd: root }));
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => out.end(resolve));
  if (code !== 0) {
    const tail = readFileSync(log, 'utf8').split('\n').slice(-25).join('\n');
    throw new Error(`next build failed in ${root} (exit ${code}); log ${log}:\n${tail}`);
  }
  const manifest = path.join(root, '.next', 'prerender-manifest.json');
  const prerenderedRoutes = existsSync(manifest) ? Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { routes: object }).routes).length : null;
  const articles = readdirSync(path.join(root, 'content', 'articles')).filter((name) => name.endsWith('.mdx')).length;
  return { seconds, prerenderedRoutes, articles, log };
}

export const SITE_COPY = path.join(BENCH_DIR, 'site');

/**
 * A production build of the working tree for the serving benchmarks, reused while the tree has
 * not changed since it was built. Returns the folder and the clean-build timing when it built.
 */
export async function ensureSiteBuild(source: string, { force = false, log = console.log } = {}): Promise<{ dir: string; built?: BuildTiming }> {
  const fingerprint = treeFingerprint(source);
  const stamp = path.join(SITE_COPY, FINGERPRINT_FILE);
  if (!force && existsSync(path.join(SITE_COPY, '.next', 'BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) {
    log(`  reusing the production build in ${SITE_COPY} (sources unchanged)`);
    return { dir: SITE_COPY };
  }
  log(`  copying the project to ${SITE_COPY} and building…`);
  copyProject(source, SITE_COPY);
  const built = await cleanBuild(SITE_COPY, path.join(BENCH_DIR, 'build-site.log'));
  writeFileSync(stamp, fingerprint);
  return { dir: SITE_COPY, built };
}
