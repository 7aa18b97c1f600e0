/**
 * singleflight: a thundering herd against a slow origin.
 *
 * Many concurrent requests ask for a few hot keys (cities' weather) from a slow origin
 * (a database). Without singleflight every request is an origin call; with it, the
 * requests for one key that overlap share a single call. Then two details of the API:
 * forget(key), which makes later callers start a fresh call, and doChan with a timeout,
 * where a caller gives up while the leader's call goes on. main.go is the same program in Go.
 */
import { Group, type Result } from './singleflight';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span } from '../_shared/trace';
import { bold, cyan, dim, green, heading, log, pad, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 7; // the same seed gives the same run
const CITIES = ['paris', 'tokyo', 'lima', 'oslo']; // the hot keys
const REQUESTS = 40; // requests in the herd
const ARRIVAL_WINDOW_MS = 300; // they arrive spread over this long
const ORIGIN_MS = 60; // one origin call takes this long
const SLOW_ORIGIN_MS = 200; // ...and this long in the forget and doChan scenes
const FORGET_AFTER_MS = 40; // when forget("paris") is called
const GIVE_UP_AFTER_MS = 50; // the impatient caller's timeout
const SPEED = 1; // 2 runs twice as fast; the output stays the same
// ──────────────────────────────────────────────────────────────────────────────────

// Virtual time: every run is the same, and it still advances at wall-clock pace.
const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);
const random = createRandom(SEED);

/** The slow origin. Counts its calls and how many run at once. */
class Origin {
  calls = 0;
  active = 0;
  peak = 0;
  readonly callsByKey = new Map<string, number>();

  async fetch(city: string, ms: number): Promise<string> {
    const n = ++this.calls;
    this.callsByKey.set(city, (this.callsByKey.get(city) ?? 0) + 1);
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    const s = span('origin', `${city} #${n}`);
    await clock.sleep(ms);
    this.active--;
    s.end('ok');
    return `${city} ${random.int(-5, 30)}°C (origin call #${n})`;
  }
}

interface Request {
  id: number;
  city: string;
  at: number;
}

// The herd: the same requests, at the same times, for both runs.
const herd: Request[] = Array.from({ length: REQUESTS }, (_, i) => ({
  id: i + 1,
  city: random.pick(CITIES),
  at: random.int(0, ARRIVAL_WINDOW_MS),
})).sort((a, b) => a.at - b.at || a.id - b.id);

interface HerdReport {
  origin: Origin;
  meanWaitMs: number;
  shared: number;
  sharedByKey: Map<string, number>;
}

/** Sends the herd; each request calls fetch(request) and reports whether its result was shared. */
async function sendHerd(origin: Origin, fetch: (r: Request) => Promise<boolean>): Promise<HerdReport> {
  const start = clock.now();
  let totalWait = 0;
  let shared = 0;
  const sharedByKey = new Map<string, number>();
  await Promise.all(
    herd.map(async (r) => {
      await clock.sleep(start + r.at - clock.now());
      const s = span(r.city, `request ${r.id}`);
      const sentAt = clock.now();
      const wasShared = await fetch(r);
      totalWait += clock.now() - sentAt;
      if (wasShared) {
        shared++;
        sharedByKey.set(r.city, (sharedByKey.get(r.city) ?? 0) + 1);
      }
      s.end('ok', wasShared ? 'shared' : undefined);
    }),
  );
  return { origin, meanWaitMs: Math.round(totalWait / herd.length), shared, sharedByKey };
}

async function herdWithoutSingleflight(): Promise<HerdReport> {
  heading(`1. ${REQUESTS} requests for ${CITIES.length} cities, each one calls the origin`);
  const origin = new Origin();
  const report = await sendHerd(origin, async (r) => {
    await origin.fetch(r.city, ORIGIN_MS);
    return false;
  });
  log(`origin calls without singleflight: ${bold(origin.calls)}`);
  return report;
}

async function herdWithSingleflight(): Promise<HerdReport> {
  heading(`2. the same requests through singleflight.Group.Do`);
  const origin = new Origin();
  const group = new Group<string>();
  // Print every request for one city: the one with the fewest requests, to keep it short.
  const requestsFor = (city: string): number => herd.filter((r) => r.city === city).length;
  const shown = CITIES.reduce((a, b) => (requestsFor(b) < requestsFor(a) ? b : a));
  const report = await sendHerd(origin, async (r) => {
    const callsBefore = origin.calls;
    const pending = group.do(r.city, () => origin.fetch(r.city, ORIGIN_MS));
    const led = origin.calls > callsBefore; // fn starts at once when this caller leads
    const { val, shared } = await pending;
    if (r.city === shown) {
      const role = led ? yellow('led  ') : cyan('joined');
      log(`request ${pad(r.id, 2, 'right')} ${r.city}: ${role} ${dim(`sent ${pad(`+${r.at}`, 4, 'right')} ms`)} -> ${val}, shared=${shared}`);
    }
    return shared;
  });
  log(`origin calls with singleflight: ${bold(origin.calls)}`);
  log(`results shared: ${report.shared} of ${REQUESTS}`);
  return report;
}

function printHerdTable(without: HerdReport, withSf: HerdReport): void {
  console.log('');
  console.log(dim(`  ${pad('', 18)}${pad('origin calls', 22, 'right')}`));
  console.log(dim(`  ${pad('city', 8)}${pad('requests', 10, 'right')}${pad('without', 11, 'right')}${pad('with sf', 11, 'right')}${pad('shared results', 17, 'right')}`));
  for (const city of CITIES) {
    const requests = herd.filter((r) => r.city === city).length;
    console.log(
      `  ${pad(city, 8)}${pad(requests, 10, 'right')}${pad(without.origin.callsByKey.get(city) ?? 0, 11, 'right')}` +
        `${pad(green(withSf.origin.callsByKey.get(city) ?? 0), 11, 'right')}${pad(withSf.sharedByKey.get(city) ?? 0, 17, 'right')}`,
    );
  }
  log(`peak concurrent origin calls: ${without.origin.peak} without, ${withSf.origin.peak} with`);
  log(`mean wait: ${without.meanWaitMs} ms without, ${withSf.meanWaitMs} ms with`);
}

/** Forget: callers after forget(key) start a fresh call; the old one still answers its own callers. */
async function forgetScene(): Promise<number> {
  heading(`3. forget("paris") while a ${SLOW_ORIGIN_MS} ms call is in flight`);
  const origin = new Origin();
  const group = new Group<string>();
  const caller = async (name: string, at: number, note = ''): Promise<void> => {
    await clock.sleep(at);
    const lane = `caller ${name}`;
    const s = span(lane, 'do("paris")');
    const callsBefore = origin.calls;
    const pending = group.do('paris', () => origin.fetch('paris', SLOW_ORIGIN_MS));
    if (origin.calls > callsBefore) log(`caller ${name}: do("paris") starts origin call #${origin.calls}`);
    else log(`caller ${name}: do("paris") joins the call in flight${note}`);
    const { val, shared } = await pending;
    log(`caller ${name}: got "${val}", shared=${shared}`);
    s.end('ok', `shared=${shared}`);
  };
  const forget = async (): Promise<void> => {
    await clock.sleep(FORGET_AFTER_MS);
    group.forget('paris');
    log(yellow('forget("paris"): later callers will not join call #1'));
    instant('caller A', 'forget("paris")', 'warn');
  };
  await Promise.all([
    caller('A', 0),
    caller('B', FORGET_AFTER_MS / 2),
    forget(),
    caller('C', FORGET_AFTER_MS + 20),
    // D comes after call #1 has finished and while call #2 is in flight: call #1's end
    // must not have removed call #2 from the group.
    caller('D', SLOW_ORIGIN_MS + 20, dim(' (call #2: the end of call #1 did not remove it)')),
  ]);
  log(`origin calls in this scene: ${bold(origin.calls)} for 4 callers`);
  return origin.calls;
}

class DeadlineExceeded extends Error {
  constructor() {
    super('context deadline exceeded');
  }
}

/** A promise that rejects with signal.reason when the signal aborts: `<-ctx.Done()`. */
function done(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

/** doChan: a caller gives up after a timeout, while the leader's call goes on. */
async function doChanScene(): Promise<{ gaveUpAfter: number; leaderShared: boolean }> {
  heading(`4. doChan with a ${GIVE_UP_AFTER_MS} ms timeout, against a ${SLOW_ORIGIN_MS} ms call`);
  const origin = new Origin();
  const group = new Group<string>();
  const start = clock.now();
  let gaveUpAfter = -1;
  let leaderShared = false;

  const leader = async (): Promise<void> => {
    const s = span('leader', 'do("tokyo")');
    log(`leader: do("tokyo") starts origin call #1`);
    const { val, shared } = await group.do('tokyo', () => origin.fetch('tokyo', SLOW_ORIGIN_MS));
    leaderShared = shared;
    log(`leader: got "${val}" after ${clock.now() - start} ms, shared=${shared}`);
    s.end('ok', `shared=${shared}`);
  };

  const impatient = async (): Promise<void> => {
    await clock.sleep(10);
    const s = span('impatient caller', 'doChan("tokyo")');
    // ctx, cancel := context.WithTimeout(ctx, GIVE_UP_AFTER_MS)
    const ctx = new AbortController();
    void clock.sleep(GIVE_UP_AFTER_MS).then(() => ctx.abort(new DeadlineExceeded()));
    log(`impatient caller: doChan("tokyo") joins, will wait at most ${GIVE_UP_AFTER_MS} ms`);
    const waitedFrom = clock.now();
    try {
      // select { case r := <-ch: ... case <-ctx.Done(): ... }
      const r: Result<string> = await Promise.race([group.doChan('tokyo', () => origin.fetch('tokyo', SLOW_ORIGIN_MS)), done(ctx.signal)]);
      log(`impatient caller: got "${r.val}"`);
      s.end('ok');
    } catch (err) {
      gaveUpAfter = clock.now() - waitedFrom;
      const reason = err instanceof Error ? err.message : String(err);
      log(yellow(`impatient caller: gave up after ${gaveUpAfter} ms: ${reason}; the leader's call goes on`));
      instant('impatient caller', 'gave up', 'warn');
      s.end('cancelled', reason);
    }
  };

  await Promise.all([leader(), impatient()]);
  return { gaveUpAfter, leaderShared };
}

async function main(): Promise<void> {
  console.log(bold('singleflight: a thundering herd against a slow origin'));
  console.log(dim(`seed ${SEED}: ${REQUESTS} requests for ${CITIES.join(', ')} over ${ARRIVAL_WINDOW_MS} ms; one origin call takes ${ORIGIN_MS} ms`));
  const without = await herdWithoutSingleflight();
  const withSf = await herdWithSingleflight();
  printHerdTable(without, withSf);
  const forgetCalls = await forgetScene();
  const chan = await doChanScene();

  // Facts the Go original establishes too (a test compares them). The count with singleflight
  // depends on arrival timing at the edges of each 60 ms call, so it is printed, not compared.
  milestone('origin calls without singleflight', without.origin.calls);
  milestone('forget: origin calls for 4 callers', forgetCalls);
  milestone('doChan: the impatient caller gave up', chan.gaveUpAfter >= 0);
  milestone('doChan: the leader result was shared', chan.leaderShared);

  heading('summary');
  console.log(`  origin calls        ${without.origin.calls} without singleflight, ${green(withSf.origin.calls)} with it`);
  console.log(`  shared results      ${withSf.shared} of ${REQUESTS} requests got a result that others got too`);
  console.log(`  peak origin load    ${without.origin.peak} calls at once without, ${withSf.origin.peak} with`);
  console.log(`  forget              ${forgetCalls} origin calls for 4 callers: after forget, a fresh call`);
  console.log(`  doChan + timeout    the caller gave up after ${chan.gaveUpAfter} ms; the leader finished, shared=${chan.leaderShared}`);
}

runMain(main);
