/**
 * The demos, run end to end through `npm run play` (scripts/play.ts): each prints its
 * milestones and exits 0, with its trace sequences stripped. The three demos run at the
 * same time to keep the suite fast (the longest takes about 7 s).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractTraces } from '../../../lib/playgrounds/trace-codec';
import { plain } from './helpers';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const repo = process.cwd();
const tsx = pathToFileURL(path.join(repo, 'node_modules/tsx/dist/loader.mjs')).href;
const playScript = path.join(repo, 'scripts/play.ts');

function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, ...args], {
      cwd: options.cwd ?? repo,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** GFG_TRACE=1 makes the demos write trace sequences, which play must strip. */
const play = (id: string): Promise<Run> => run([playScript, id], { env: { GFG_TRACE: '1' } });

/** The first number captured by pattern in text. */
function numberAfter(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  assert.ok(match, `expected ${pattern} in the output`);
  return Number(match[1]);
}

function assertCleanRun(result: Run): string {
  assert.equal(result.code, 0, `exit code; stderr: ${result.stderr}`);
  assert.equal(result.stderr, '');
  assert.ok(!result.stdout.includes('\x1b]'), 'no OSC sequence may reach the terminal');
  const text = plain(result.stdout);
  assert.ok(text.split('\n').length < 150, 'the output fits in about 150 lines');
  assert.match(text, /^\+\d+\.\d{3}s /m, 'lines carry relative timestamps');
  return text;
}

// Fixture playgrounds for the CLI's own behaviour, in a temp folder used as the cwd.
const fixtureRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gfg-play-fixture-'));
after(() => fs.rmSync(fixtureRoot, { recursive: true, force: true }));

function addPlayground(id: string, main: string, timeLimitMs = 10000): void {
  const dir = path.join(fixtureRoot, 'playgrounds', id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'playground.json'),
    JSON.stringify({ id, title: `Fixture ${id}`, summary: 'A fixture for the play tests.', entry: 'main.ts', files: [{ path: 'main.ts' }], goOriginal: 'main.go', timeLimitMs }),
  );
  fs.writeFileSync(path.join(dir, 'main.ts'), main);
  fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n');
}
addPlayground('syntax', 'const ok = 1;\nconst broken: number = ;\n');
addPlayground('exit-three', "console.log('bye');\nprocess.exit(3);\n");
addPlayground('forever', 'setInterval(() => {}, 1000);\n', 1000);

// Every run starts at once, and each test awaits its own.
const runs = new Map<string, Promise<Run>>();
before(() => {
  for (const id of ['errgroup', 'singleflight', 'circuit-breaker', 'commit-wait', 'athena-pruning', 'api-gateway', 'scheduler', 'gc-pacer', 'semaphore', 'z-order', 'single-table', 'throttling', 'trace-regions', 'link-checker', 'bittorrent-swarm', 'windowed-pipeline']) runs.set(id, play(id));
  runs.set('direct-errgroup', run(['playgrounds/errgroup/main.ts'], { env: { GFG_TRACE: '1' } }));
  runs.set('unknown', run([playScript, 'no-such-demo']));
  for (const id of ['syntax', 'exit-three', 'forever']) runs.set(`fixture:${id}`, run([playScript, id], { cwd: fixtureRoot }));
});

describe('npm run play', () => {

  it('errgroup: WithContext cancels everyone on the first error; the zero-value Group cancels nothing', async () => {
    const text = assertCleanRun(await runs.get('errgroup')!);
    assert.match(text, /run 1: errgroup\.WithContext, SetLimit\(4\)/);
    assert.match(text, /worker \d: task 5 failed, returns an error/);
    assert.match(text, /generator: cancel observed, stops after sending \d+ of 12/);
    assert.match(text, /worker \d: cancel observed, drops task \d+/);
    assert.match(text, /wait\(\) returned after \d+ ms/);
    const failed = /first error: (worker \d: task 5 failed)/.exec(text)?.[1];
    assert.ok(failed, 'wait returns the failing task\'s error');
    assert.ok(text.includes(`context.Cause(ctx): ${failed}`), 'the signal\'s reason is the first error');
    assert.match(text, /run 2: zero-value errgroup\.Group, SetLimit\(4\)/);
    assert.match(text, /nothing was cancelled: \d+ tasks completed, \d+ of them started after the error/);

    const completed = /tasks completed\s+(\d+)\s+(\d+)/.exec(text);
    const sawCancel = /goroutines that saw the cancel\s+(\d+)\s+(\d+)/.exec(text);
    const afterError = /tasks started after the error\s+(\d+)\s+(\d+)/.exec(text);
    assert.ok(completed && sawCancel && afterError, 'the summary table');
    assert.ok(Number(completed[1]) < Number(completed[2]), 'cancellation saves work');
    assert.ok(Number(sawCancel[1]) > 0 && Number(sawCancel[2]) === 0);
    assert.ok(Number(afterError[1]) === 0 && Number(afterError[2]) > 0);
  });

  it('singleflight: fewer origin calls, shared results, forget and a caller that gives up', async () => {
    const text = assertCleanRun(await runs.get('singleflight')!);
    const requests = numberAfter(text, /seed \d+: (\d+) requests/);
    const without = numberAfter(text, /origin calls without singleflight: (\d+)/);
    const withSf = numberAfter(text, /origin calls with singleflight: (\d+)/);
    assert.equal(without, requests, 'without singleflight, every request is an origin call');
    assert.ok(withSf > 0 && withSf < without);
    const shared = /results shared: (\d+) of (\d+)/.exec(text);
    assert.ok(shared && Number(shared[1]) > 0 && Number(shared[2]) === requests);
    assert.match(text, /shared=true/);
    assert.match(text, /forget\("paris"\)/);
    assert.match(text, /caller C: do\("paris"\) starts origin call #2/);
    assert.match(text, /caller D: do\("paris"\) joins the call in flight/);
    assert.match(text, /origin calls in this scene: 2 for 4 callers/);
    assert.match(text, /impatient caller: gave up after 50 ms: context deadline exceeded/);
    assert.match(text, /leader: got ".*" after \d+ ms, shared=true/);
  });

  it('circuit-breaker: closed, open, half-open, closed; stale answers for failed and rejected calls', async () => {
    const text = assertCleanRun(await runs.get('circuit-breaker')!);
    assert.match(text, /ads API: degraded/);
    const opened = text.indexOf('state: closed -> open');
    const halfOpen = text.indexOf('state: open -> half-open');
    const closed = text.indexOf('state: half-open -> closed');
    assert.ok(opened >= 0 && halfOpen > opened && closed > halfOpen, 'the breaker goes closed -> open -> half-open -> closed, in that order');
    const requests = numberAfter(text, /^ {2}requests\s+(\d+)/m);
    const served = numberAfter(text, /^ {2}served\s+(\d+)/m);
    const fallback = numberAfter(text, /^ {2}fallback\s+(\d+)/m);
    const rejected = numberAfter(text, /^ {2}rejected\s+(\d+)/m);
    const errors = numberAfter(text, /^ {2}errors\s+(\d+)/m);
    assert.ok(served > 0 && fallback > 0 && rejected > 0);
    assert.equal(served + fallback + rejected + errors, requests);
    assert.equal(errors, 0, 'the stale cache answered every failure');
  });

  it('commit-wait: no inversion with commit wait, some without; every wait at least 2ε', async () => {
    const text = assertCleanRun(await runs.get('commit-wait')!);
    const pairs = numberAfter(text, /seed \d+: (\d+) pairs/);
    assert.equal(numberAfter(text, /with commit wait\s+(\d+) of \d+ pairs broke s1 < s2/), 0);
    const without = numberAfter(text, /without commit wait\s+(\d+) of \d+ pairs broke it/);
    assert.ok(without > 0 && without < pairs, `${without} inversions without commit wait`);
    assert.ok(!text.includes('INVERSION'), 'the run shown (COMMIT_WAIT = true) has none');
    const waited = /(\d+) of (\d+) commits waited at least 2ε/.exec(text);
    assert.ok(waited && waited[1] === waited[2] && Number(waited[2]) === 2 * pairs);
    assert.match(text, /mean (\d+)\.\d{3} ms: at least 2ε/);
    assert.match(text, /^ {2}A {7}Friends +\d+\.\d s ago +\d+\.\d{3} ms/m, 'the clocks table');
  });

  it('athena-pruning: the full scan costs the most, projection sees today, Parquet reads least, one hour is billed 10 MB', async () => {
    const text = assertCleanRun(await runs.get('athena-pruning')!);
    const cost = (label: string): number => numberAfter(text, new RegExp(`^ {2}${label}\\s+.*?\\$(\\d+\\.\\d{6})`, 'm'));
    const flat = cost('no partitions');
    const hive = cost('Hive partitions \\(MSCK\\)');
    const projection = cost('partition projection');
    const parquet = cost('Parquet, 2 columns');
    assert.ok(flat > 0.5 && flat < 0.7, `the full scan of about 120 GB costs about $0.55-0.65 (got ${flat})`);
    assert.ok(hive < projection && projection < flat / 30 && parquet < projection / 5);
    assert.match(text, /missed \d+\.\d M requests of today: partition not registered/);
    assert.match(text, /one hour of Parquet scans [\d.]+ KB and is billed 10 MB: \$0\.000048/);
    assert.match(text, /364->6/);
  });

  it('api-gateway: the article\'s bills, route-level 429s for the report job, account-level 429s for everyone', async () => {
    const text = assertCleanRun(await runs.get('api-gateway')!);
    assert.match(text, /1 billion small requests\s+1,000 M\s+1,000 M\s+\$930\.00\s+\$3,033\.10/);
    assert.match(text, /1,000 rps for 30 days, 4 KB\s+2,592 M\s+2,592 M\s+\$2,362\.80\s+\$6,822\.06/);
    assert.match(text, /uploads of 1\.8 MB\s+10 M\s+40 M\s+\$40\.00\s+\$35\.00\s+REST is cheaper/);
    const route = /(\d+) of (\d+) POST \/reports got 429/.exec(text);
    assert.ok(route && Number(route[1]) > 0 && Number(route[1]) < Number(route[2]));
    const storefront = Number(/from the shared account bucket, ([\d,]+) of them the storefront's/.exec(text)?.[1]?.replace(/,/g, ''));
    assert.ok(storefront > 0, 'the storefront is throttled by the importer\'s surge');
  });

  it('scheduler: a burst overflows P0 into the global queue, a trickle is stolen from runnext; the summary compares them', async () => {
    const text = assertCleanRun(await runs.get('scheduler')!);
    assert.match(text, /P0: ring full \(256\) → runqputslow moves 129 goroutines/);
    assert.match(text, /schedtick 0 % 61 == 0 → takes G\d+.* from the global queue first/);
    assert.match(text, /steals runnext \(the ring was empty, last steal pass\) from P0 after the 3 µs back-off/);
    assert.match(text, /sysmon: M\d+'s system call outlasted a sysmon tick → takes P\d, handoffp/);
    assert.match(text, /^\+\d+\.\d{3}s SCHED 0ms: gomaxprocs=4 idleprocs=\d threads=\d+ /m);
    const overflow = /overflow batches \(runqputslow\)\s+(\d+)\s+(\d+)/.exec(text);
    assert.ok(overflow && Number(overflow[1]) === 1 && Number(overflow[2]) === 0, 'the burst overflows once, the trickle never');
  });

  it('gc-pacer: the article\'s table, the storm, and the limit that takes over', async () => {
    const text = assertCleanRun(await runs.get('gc-pacer')!);
    assert.match(text, /GOGC=100\s+400 MiB\s+10 per second\s+0\.5 GiB/);
    assert.match(text, /GOGC=100 and a 10 GiB ballast\s+20\.4 GiB\s+one every 5\.1 s\s+10\.5 GiB/);
    assert.match(text, /GOGC=2000, GOMEMLIMIT=12GiB\s+4\.1 GiB\s+one every 2\.0 s\s+4\.2 GiB/);
    assert.match(text, /10 GiB ballast kept, GOMEMLIMIT=12GiB\s+11\.5 GiB\s+1\.5 per second\s+1\.6 GiB/);
    assert.match(text, /refresh storm: allocation ×2/);
    assert.match(text, /the limit caps it at 11\.5 GiB/);
  });

  it('semaphore: C at the head holds back D, E and F; A\'s release lets C, D, E take 65 of 70 and F waits for 15 more; a deadline on C lets them in', async () => {
    const text = assertCleanRun(await runs.get('semaphore')!);
    assert.match(text, /D avatar-1250x1000\.png wants 5 MB, 30 MB free: it fits, but waits behind C$/m);
    assert.match(text, /G badge-1250x1000\.png\s+TryAcquire\(5\) = false: 30 MB free, but C, D, E, F are queued; skipped/);
    assert.match(text, /A hero-5000x2000\.png\s+done, releases 40 MB: 70 MB free\n.*C pano-5000x2500\.jpg\s+admitted after 800 ms, takes 50 MB: 20 MB free\n.*D avatar-1250x1000\.png admitted after 700 ms, takes 5 MB: 15 MB free\n.*E shoe-2500x1000\.jpg\s+admitted after 600 ms, takes 10 MB: 5 MB free\n.* 5 MB free; queue F; F needs 15 MB more/);
    assert.match(text, /E shoe-2500x1000\.jpg\s+done, releases 10 MB: 20 MB free\n.*F cover-2500x2000\.jpg\s+admitted after 1000 ms, takes 20 MB: 0 MB free/);
    assert.match(text, /C pano-5000x2500\.jpg\s+gives up after 350 ms: Acquire returns context deadline exceeded\n.*D avatar-1250x1000\.png admitted after 250 ms.*\n.*E shoe-2500x1000\.jpg\s+admitted after 150 ms, takes 10 MB: 15 MB free\n.* 15 MB free; queue F; F needs 5 MB more/);
    assert.match(text, /^ {2}C\s+pano-5000x2500\.jpg\s+50\s+100 ms\s+waited 800 ms\s+gave up after 350 ms$/m);
    assert.match(text, /^ {2}time spent queued, all jobs\s+3100 ms\s+1100 ms$/m);
  });

  it('z-order: the figure\'s numbers, unique sort keys, and QueryBox never reading more than the range scan', async () => {
    const text = assertCleanRun(await runs.get('z-order')!);
    assert.match(text, /z\(2,2\) = 12, z\(5,5\) = 51; 16 of the 40 addresses in \[12, 51\] are inside/);
    assert.match(text, /BIGMIN\(16\) = 24: .* LITMAX\(16\) = 15/);
    assert.match(text, /request 3 {2}jump to 24 {3}reads 24 25 26 27: 4 in the box \(20\.\.23 never read\)/);
    assert.match(text, /^ {2}100 +16 {3}40 items\/1 req {2}40 items\/1 req {2}88 items\/4 req/m);
    assert.match(text, /^ {2}4 +16 {3}40 items\/11 req 28 items\/8 req {2}28 items\/8 req/m);
    assert.match(text, /address \+ 16-byte ID: 8 items stored; the box 2\.\.5 x 2\.\.5 returns 7/);
    assert.match(text, /bare address: 3 items stored/);
    assert.match(text, /attribute_not_exists\(zkey\): ConditionalCheckFailedException/);
    assert.match(text, /QueryBox returned exactly the scan's results: true; read no item twice and never more than the scan: true/);
    const ratios = [...text.matchAll(/QueryBox reads +(\d+)% of the scan's items/g)].map((m) => Number(m[1]));
    assert.equal(ratios.length, 6, 'three boxes, Limit 100 and 1 MB pages');
    assert.ok(ratios.every((r) => r <= 100), 'QueryBox never reads more than the range scan');
    assert.ok(ratios.some((r) => r < 50), 'and with small pages it reads much less');
  });

  it('single-table: one request per access pattern, keys that cannot collide, a consistent sign-in and a dashboard that pages', async () => {
    const text = assertCleanRun(await runs.get('single-table')!);
    assert.match(text, /^ {2}2 dashboard {7}1 request, 0\.5 RCU {10}2 requests, 1 RCU/m);
    assert.match(text, /^ {2}3 open a case {5}1 request, 1 RCU {12}2 requests, 2 RCU/m);
    assert.match(text, /both layouts return the same results: true/);
    assert.match(text, /SK = MSG#<minute>, no condition: 2 messages in one minute, 1 kept/);
    assert.match(text, /attribute_not_exists\(PK\): 2 messages in one millisecond, 2 kept/);
    assert.match(text, /specific reasons \[None, ConditionalCheckFailed\]/);
    assert.match(text, /strongly consistent: found; the ByEmail index: not found/);
    assert.match(text, /GSI1SK >= CASE#: first item Settings, then 19 cases/);
    assert.match(text, /item type "Invoice" inside the dashboard's key range/);
    assert.match(text, /the article's loop: 5 cases in 2 requests/);
    assert.match(text, /10 messages with no GSI1 keys: 10 WCU .*\n.*copied into GSI1 under their case: 20 WCU/);
  });

  it('throttling: the retry storm is throttled per client, the levels step down and back up, the summary adds up', async () => {
    const text = assertCleanRun(await runs.get('throttling')!);
    assert.match(text, /not FOX's/);
    const rows = [...text.matchAll(/^ {2}(DEFCON \d|total)\s+(\d+) ms\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/gm)].map((m) => m.slice(2).map(Number));
    const total = rows.pop()!;
    assert.ok(rows.length >= 3, 'several levels visited');
    for (const [, requests, ...counts] of [...rows, total]) assert.equal(counts.reduce((a, b) => a + b, 0), requests, 'served + degraded + 429 + 503 = requests');
    assert.equal(rows.reduce((a, r) => a + r[0]!, 0), total[0], 'the time at each level adds up to the run');
    const storm = /the retry storm: (\d+) of (\d+)/.exec(text);
    assert.ok(storm && Number(storm[1]) > Number(storm[2]) / 2, 'most of the storm is throttled by its client buckets');
    const levels = /levels {5}([\d >-]+)$/m.exec(text)![1]!.trim().split(' -> ').map(Number);
    assert.equal(levels[0], 5);
    assert.equal(levels.at(-1), 5, 'back to normal once the traffic falls');
    for (let i = 1; i < levels.length; i++) assert.equal(Math.abs(levels[i]! - levels[i - 1]!), 1, 'one level at a time');
  });

  it('trace-regions: the lock held across I/O, the slow hump, the flight recorder snapshot, the tasks and regions pages', async () => {
    const text = assertCleanRun(await runs.get('trace-regions')!);
    assert.match(text, /calls the pricing service while holding the lock/);
    assert.match(text, /a second WriteTo meanwhile: call to WriteTo for trace\.FlightRecorder already in progress/);
    assert.match(text, /the slow checkout: all there/);
    assert.match(text, /waited for the lock/);
    assert.match(text, /^ {2}checkout\s+12\s+\d+ ms\s+\d+ ms\s+\d+\s+\d+\s+\d+\s+[1-9]\d*$/m, 'a checkout in the >= 300 ms bucket');
    assert.match(text, /^ {2}priceItem\s+38\s/m);
    assert.match(text, /price-cache\s+2\s+refresh 2/);
  });

  it('link-checker: the verdicts, retries that save two links, and no 429 from the small blog', async () => {
    const text = assertCleanRun(await runs.get('link-checker')!);
    assert.match(text, /^ {2}18 links: 9 ok, 2 dead, 2 check, 3 fail, 1 moved, 1 home$/m);
    assert.match(text, /HOME {2}https:\/\/ml-tutorials\.example\/2017\/intro-to-cnns -> https:\/\/ml-tutorials\.example\//);
    assert.match(text, /OK {4}https:\/\/papers\.example\/abs\/1706\.03762 200 after 2 attempts/);
    assert.match(text, /FAIL {2}https:\/\/slow\.example\/theano-tutorial \(Get "https:\/\/slow\.example\/theano-tutorial": context deadline exceeded\)/);
    assert.match(text, /at most 1 request at once to one host; 0 answers of 429/);
  });

  it('bittorrent-swarm: the decoder refuses hostile input, the corrupt piece is caught and fetched again, every piece verified', async () => {
    const text = assertCleanRun(await runs.get('bittorrent-swarm')!);
    assert.match(text, /info hash = SHA-1 of the info dictionary's bytes as they are in the file: [0-9a-f]{40}/);
    assert.match(text, /4 MiB of 'l' +at byte 64: nested more than 64 deep/);
    assert.match(text, /99999999999999999999:x +at byte 0: number out of range/);
    assert.match(text, /handshake, 68 bytes/);
    assert.match(text, /00 00 00 0d \| 06 \| 00 00 00 07 00 00 40 00 00 00 40 00/);
    assert.match(text, /corrupt +piece 7 fails its SHA-1 check/);
    assert.match(text, /choker +chokes us in piece \d+ after 6 blocks/);
    assert.match(text, /choker +piece 7 verified/);
    assert.match(text, /slow +piece 9 verified/);
    assert.match(text, /download complete after \d+ ms/);
    assert.match(text, /pieces verified +10 of 10/);
    assert.match(text, /corrupt pieces caught +1/);
  });

  it('windowed-pipeline: the naive counter loses bookings three ways; the fixed one survives the crash and the replay', async () => {
    const text = assertCleanRun(await runs.get('windowed-pipeline')!);
    assert.match(text, /10:00 w21z6: naive 1, fixed 6/);
    assert.match(text, /a-e skipped: 10:00 never written +fixed: upserts again, no-ops: 10:00 = 5/);
    assert.match(text, /the sink keeps the last: 1/);
    assert.match(text, /fixed: 165 windows, 1766 bookings, \d+ late events refused; equal to the definition: yes/);
    assert.match(text, /naive: 67 of 165 windows wrong, holding 1159 bookings/);
    assert.match(text, /fixed totals equal the single pass/);
  });

  it('the demos write trace events when GFG_TRACE=1: spans that begin and end, and instants', async () => {
    const result = await runs.get('direct-errgroup')!;
    assert.equal(result.code, 0, result.stderr);
    const events = extractTraces(result.stdout);
    const begins = events.filter((e) => e.kind === 'begin');
    const ends = events.filter((e) => e.kind === 'end');
    assert.ok(begins.length > 10);
    assert.deepEqual(begins.map((e) => e.id).sort(), ends.map((e) => e.id).sort(), 'every span ends');
    assert.ok(events.some((e) => e.kind === 'instant' && e.name === 'cancel observed' && e.lane.startsWith('worker')));
    assert.ok(ends.some((e) => e.kind === 'end' && e.status === 'cancelled'));
    for (let i = 1; i < events.length; i++) assert.ok(events[i]!.t >= events[i - 1]!.t, 'times never go back');
  });

  it('says which playgrounds exist when the id is unknown, and exits 2', async () => {
    const result = await runs.get('unknown')!;
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown playground 'no-such-demo'\. Known playgrounds: (?:[a-z-]+, )*circuit-breaker, (?:[a-z-]+, )*errgroup, (?:[a-z-]+, )*singleflight\b/);
  });
});

describe('npm run play with fixture playgrounds', () => {
  it('reports a syntax error with its file, line and column, and exits 1', async () => {
    const result = await runs.get('fixture:syntax')!;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /syntax\/main\.ts:2:24: Unexpected token/);
  });

  it('exits with the program\'s exit code', async () => {
    const result = await runs.get('fixture:exit-three')!;
    assert.equal(result.code, 3);
    assert.equal(result.stdout, 'bye\n');
  });

  it('ends a program at its time limit with a message', async () => {
    const result = await runs.get('fixture:forever')!;
    assert.equal(result.code, 124);
    assert.match(result.stderr, /forever was stopped: it ran longer than its time limit of 1000 ms/);
  });
});
