/**
 * The playground and search benchmarks live in their own scripts (scripts/bench-playground.ts,
 * scripts/bench-search.ts), written with those features. `npm run bench` calls them here: through
 * an exported function when the script has one (found by reading its source, since a script
 * without exports runs its benchmark on import), else as a child process whose printed figures
 * are parsed. Whatever is not recognised is kept as text in the results, never lost.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface HelperOutcome {
  status: 'ok' | 'failed' | 'not available';
  note?: string;
  /** Figures as the helper returned them, or as parsed from its output. */
  summary: unknown;
  /** The helper's printed output, for the record. */
  output?: string;
}

export interface HelperOptions {
  /** A served production build (http://127.0.0.1:port), for helpers that drive a browser. */
  origin?: string;
  /** The folder of that build. */
  siteDir?: string;
  /** Hard limit for a spawned helper. */
  limitMs?: number;
  /** Anything else the helper's function takes (runs, …). */
  [option: string]: unknown;
}

/** The first of `names` that the script's source exports as a function. */
export function exportedFunction(source: string, names: readonly string[]): string | undefined {
  return names.find((name) =>
    name === 'default'
      ? /export\s+default\s+(?:async\s+)?function\b/.test(source)
      : new RegExp(`export\\s+(?:async\\s+)?function\\s+${name}\\b|export\\s+const\\s+${name}\\s*=`).test(source),
  );
}

/** Run `node --import tsx <script>` with a time limit; stdout and stderr together, the exit code. */
export function spawnScript(root: string, script: string, { env = {}, limitMs = 15 * 60_000 }: { env?: Record<string, string>; limitMs?: number } = {}): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let atLineStart = true;
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      process.stdout.write((atLineStart ? '  | ' : '') + text.replace(/\n(?=.)/g, '\n  | '));
      atLineStart = text.endsWith('\n');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, limitMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

/** The last JSON object printed on its own lines, if any (for helpers with a JSON mode). */
export function lastJsonObject(output: string): unknown {
  const lines = output.split('\n');
  for (let end = lines.length - 1; end >= 0; end--) {
    if (!lines[end]!.trim().endsWith('}')) continue;
    for (let start = end; start >= 0; start--) {
      if (!lines[start]!.trimStart().startsWith('{')) continue;
      try {
        return JSON.parse(lines.slice(start, end + 1).join('\n'));
      } catch {
        // not this one
      }
    }
  }
  return undefined;
}

const num = (value: string | undefined) => (value === undefined ? null : Number(value.replace(/,/g, '')));

export interface SearchCorpusFigures {
  label: string;
  sections: number | null;
  records: number | null;
  /** Sizes in KiB, as bench-search prints them (1 KB = 1024 bytes there). */
  rawKiB: number | null;
  gzipKiB: number | null;
  brotliKiB: number | null;
  /** The excerpt text file, fetched alongside the index (when the helper prints it). */
  textRawKiB: number | null;
  textGzipKiB: number | null;
  textBrotliKiB: number | null;
  loadColdMs: number | null;
  loadWarmMedianMs: number | null;
  queryMedianMs: number | null;
  queryP95Ms: number | null;
  queryMaxMs: number | null;
  queries: number | null;
  /** Every typed prefix of the queries, as a reader types (when the helper prints it). */
  asYouTypeMedianMs: number | null;
  asYouTypeP95Ms: number | null;
}

/** The figures scripts/bench-search.ts prints, one block per corpus. */
export function parseSearchBenchOutput(output: string): SearchCorpusFigures[] {
  const blocks = output.split(/\n(?=\S[^\n]*: [\d,]+ sections)/);
  const corpora: SearchCorpusFigures[] = [];
  for (const block of blocks) {
    const head = /^(\S[^\n]*?): ([\d,]+) sections(?:, ([\d,]+) records)?/m.exec(block);
    if (!head) continue;
    const size = /size\s+raw ([\d.]+) KB, gzip ([\d.]+) KB, brotli ([\d.]+) KB/.exec(block);
    const text = /excerpt text\s+raw ([\d.]+) KB, gzip ([\d.]+) KB, brotli ([\d.]+) KB/.exec(block);
    const load = /load\+parse\s+cold ([\d.]+) ms, warm median ([\d.]+) ms/.exec(block);
    const typing = /as you type\s+median ([\d.]+) ms, p95 ([\d.]+) ms/.exec(block);
    const query = /query\s+median ([\d.]+) ms, p95 ([\d.]+) ms(?:, max ([\d.]+) ms)?(?: over ([\d,]+) queries)?/.exec(block);
    corpora.push({
      label: head[1]!.replace(/\s*\(built in [^)]*\)/, ''),
      sections: num(head[2]),
      records: num(head[3]),
      rawKiB: num(size?.[1]),
      gzipKiB: num(size?.[2]),
      brotliKiB: num(size?.[3]),
      textRawKiB: num(text?.[1]),
      textGzipKiB: num(text?.[2]),
      textBrotliKiB: num(text?.[3]),
      loadColdMs: num(load?.[1]),
      loadWarmMedianMs: num(load?.[2]),
      queryMedianMs: num(query?.[1]),
      queryP95Ms: num(query?.[2]),
      queryMaxMs: num(query?.[3]),
      queries: num(query?.[4]),
      asYouTypeMedianMs: num(typing?.[1]),
      asYouTypeP95Ms: num(typing?.[2]),
    });
  }
  return corpora;
}

/** Lines of a helper's output that carry a figure (a number with a unit), for helpers whose format is not known. */
export function figureLines(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /\d(?:\.\d+)?\s*(?:ms|s|KB|KiB|MB|%)\b/.test(line));
}

/**
 * Run one helper: its exported function (called with `options`) when it has one of `names`,
 * else the script itself with BENCH_ORIGIN and BENCH_SITE_DIR in its environment, parsed by `parse`.
 */
export async function runHelperScript(root: string, file: string, names: readonly string[], options: HelperOptions, parse: (output: string) => unknown): Promise<HelperOutcome> {
  const full = path.join(root, 'scripts', file);
  if (!existsSync(full)) return { status: 'not available', note: `scripts/${file} does not exist yet`, summary: null };
  const name = exportedFunction(readFileSync(full, 'utf8'), names);
  if (name) {
    const module = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
    const result = await (module[name] as (o: HelperOptions) => Promise<unknown>)(options);
    return { status: 'ok', note: `scripts/${file}: ${name}()`, summary: result };
  }
  const env: Record<string, string> = {};
  if (options.origin) env.BENCH_ORIGIN = options.origin;
  if (options.siteDir) env.BENCH_SITE_DIR = options.siteDir;
  const limitMs = typeof options.limitMs === 'number' ? options.limitMs : undefined;
  const run = await spawnScript(root, `scripts/${file}`, { env, limitMs });
  const summary = lastJsonObject(run.output) ?? parse(run.output);
  if (run.timedOut) return { status: 'failed', note: `scripts/${file} did not finish within ${(limitMs ?? 0) / 1000} s`, summary, output: run.output };
  if (run.code !== 0) return { status: 'failed', note: `scripts/${file} exited with code ${run.code}`, summary, output: run.output };
  return { status: 'ok', note: `node --import tsx scripts/${file}, output parsed`, summary, output: run.output };
}
