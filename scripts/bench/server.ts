/**
 * The production server for the benchmarks, as `npm start` runs it (`next start` in one worker
 * per core, scripts/serve.mjs): on 127.0.0.1 only, in its own process group so it can be stopped
 * with everything it spawned, with the resident memory and CPU time of its process tree from /proc.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export interface RunningServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  pid: number;
  /** Resident memory of the server and its child processes, in bytes (VmRSS from /proc). */
  rssBytes(): number;
  /** CPU time (user + system) the server and its child processes have used, in ms (from /proc). */
  cpuMs?(): number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function vmRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The pid and all its descendants, from /proc/<pid>/stat (field 4 is the parent pid). */
export function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parents) if (parent === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree;
}

/** utime + stime of a process in ms: fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

export function treeCpuMs(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + cpuMsOf(pid), 0);
}

export function treeRssBytes(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + vmRssBytes(pid), 0);
}

async function waitForHttp(url: string, limitMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const why = exited();
    if (why) throw new Error(why);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Start the production server in a project folder that holds a production build (.next/BUILD_ID). */
export async function startNextServer(projectDir: string, options: { port?: number; readyLimitMs?: number; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(projectDir, 'scripts', 'serve.mjs'), '-p', String(port), '-H', '127.0.0.1'], {
    cwd: projectDir,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code) => ((exitCode = code), resolve())));
  const pid = child.pid!;

  const stop = async () => {
    if (exitCode !== undefined) return;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))]);
    if (!killed) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    }
  };

  try {
    await waitForHttp(`${origin}/`, options.readyLimitMs ?? 60_000, () => (exitCode !== undefined ? `the server exited with code ${exitCode}:\n${log}` : undefined));
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, pid, rssBytes: () => treeRssBytes(pid), cpuMs: () => treeCpuMs(pid), stop };
}
