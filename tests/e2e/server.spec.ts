/**
 * The production server itself (scripts/serve.mjs, what `npm start` runs): a worker that dies is
 * replaced while the others keep answering, and SIGTERM stops the primary and every worker. It
 * starts a server of its own on the build in .next, so it can kill parts of it.
 */
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import path from 'node:path';
import { processTree, startNextServer, type RunningServer } from '../../scripts/bench/server';
import { expect, test } from './fixtures';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const workersOf = (server: RunningServer) => processTree(server.pid).filter((pid) => pid !== server.pid);

/** The status of one GET on a connection of its own (a pooled connection to the killed worker would be reset, as it would for a browser, which retries). */
function status(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: 10_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error('no answer in 10 s')));
    request.on('error', (error) => resolve(error.message));
  });
}

test.describe('npm start server', () => {
  test.skip(!existsSync(path.join('.next', 'BUILD_ID')), 'needs the production build in .next');
  let server: RunningServer;
  test.beforeAll(async () => {
    server = await startNextServer(process.cwd(), { env: { WEB_CONCURRENCY: '2' } });
  });
  test.afterAll(async () => server?.stop());

  test('a worker that dies is replaced, and the server answers throughout', async () => {
    const before = workersOf(server);
    expect(before, 'two workers').toHaveLength(2);
    process.kill(before[0]!, 'SIGKILL');
    // Once the primary has seen the death (it forks the replacement at once), new connections go
    // to the worker left, which answers them while the replacement starts. (A connection handed
    // over in the instant between the death and the primary seeing it is lost: Node's cluster
    // does not hand it to another worker.)
    await expect.poll(() => workersOf(server).filter((pid) => !before.includes(pid)).length, { timeout: 10_000, message: 'a replacement forked' }).toBe(1);
    const answered = await Promise.all(Array.from({ length: 6 }, () => status(`${server.origin}/`)));
    expect(answered).toEqual(Array(6).fill(200));
    expect(workersOf(server)).toHaveLength(2);
    expect(workersOf(server)).not.toContain(before[0]);
    expect(await status(`${server.origin}/articles/errgroup-package`)).toBe(200);
  });

  test('SIGTERM stops the primary and every worker', async () => {
    const workers = workersOf(server);
    expect(workers).toHaveLength(2);
    process.kill(server.pid, 'SIGTERM');
    await expect.poll(() => [server.pid, ...workers].filter(alive), { timeout: 15_000, message: 'processes still running' }).toEqual([]);
  });
});
