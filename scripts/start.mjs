#!/usr/bin/env node
// `npm start`: build when there is no production build yet (or content changed since), then serve on :3000 with `next start` on every core (scripts/serve.mjs).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';

const buildId = path.join('.next', 'BUILD_ID');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const sources = ['app', 'components', 'content', 'lib', 'playgrounds'].filter((dir) => existsSync(dir));
const stale = !existsSync(buildId) || sources.some((dir) => newestMtime(dir) > statSync(buildId).mtimeMs);
if (stale) {
  console.log(existsSync(buildId) ? 'Sources changed since the last build: rebuilding…' : 'No production build yet: building…');
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const port = process.env.PORT ?? '3000';
const server = spawn(process.execPath, ['scripts/serve.mjs', '-p', port], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
