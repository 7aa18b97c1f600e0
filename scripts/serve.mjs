#!/usr/bin/env node
/**
 * The production server (`npm start`): Next.js in one worker process per core (Node's cluster
 * module), each a scripts/serve-worker.mjs. `WEB_CONCURRENCY` sets the number of workers.
 *
 *   node scripts/serve.mjs [-p port] [-H hostname]
 *
 * Why not one `next start`: libuv accepts one connection per event-loop turn (libuv PR 3696), and
 * a busy server's turns are long, so a burst of new connections waits in the listen queue while
 * the connections already accepted are served: with 100 opening at once, the last waited over
 * 10 s for an article page. Here the primary does nothing but accept connections and hand them to
 * the workers in turn, so a burst is accepted at once and both cores serve it.
 *
 * A worker that fails as it starts (no build, port taken) stops everything with its exit code;
 * one that dies later is replaced, unless workers keep dying (more than 5 in a minute). SIGINT or
 * SIGTERM stops the workers, which finish the requests under way first.
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const workerCount = Math.max(1, Number(process.env.WEB_CONCURRENCY) || availableParallelism());
const STOP_LIMIT_MS = 10_000;
/** Workers that end more often than this are crashing in a loop: the server stops instead. */
const MAX_REPLACEMENTS = 5;
const REPLACEMENT_WINDOW_MS = 60_000;
const replacements = [];

cluster.schedulingPolicy = cluster.SCHED_RR; // the default on Linux; spelled out because the design relies on it
cluster.setupPrimary({ exec: fileURLToPath(new URL('./serve-worker.mjs', import.meta.url)), args: process.argv.slice(2) });

let stopping = false;

function start() {
  const worker = cluster.fork();
  let serving = false;
  worker.once('listening', () => (serving = true));
  worker.once('exit', (code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    const how = signal ?? `code ${code}`;
    // It failed as it started (no build, port taken): another would fail the same way.
    if (!serving) {
      console.error(`serve: a worker ended (${how}) before it could serve; stopping`);
      stop('SIGTERM', code || 1);
      return;
    }
    const now = Date.now();
    replacements.push(now);
    while (replacements[0] < now - REPLACEMENT_WINDOW_MS) replacements.shift();
    if (replacements.length > MAX_REPLACEMENTS) {
      console.error(`serve: workers ended ${replacements.length} times in ${REPLACEMENT_WINDOW_MS / 1000} s; stopping`);
      stop('SIGTERM', code || 1);
      return;
    }
    console.error(`serve: worker ${worker.process.pid} ended (${how}); starting another`);
    start();
  });
}

function stop(signal, exitCode = 0) {
  stopping = true;
  process.exitCode = exitCode;
  const workers = Object.values(cluster.workers ?? {});
  if (workers.length === 0) process.exit(exitCode);
  for (const worker of workers) worker?.process.kill(signal);
  setTimeout(() => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    process.exit(exitCode || 1);
  }, STOP_LIMIT_MS).unref();
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(signal));
console.log(`serve: ${workerCount} worker${workerCount === 1 ? '' : 's'} (${process.argv.slice(2).join(' ') || 'port 3000'})`);
for (let i = 0; i < workerCount; i++) start();
