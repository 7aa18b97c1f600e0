/**
 * trace-regions: tasks, regions and logs from runtime/trace, and a flight recorder.
 *
 * Twelve checkouts run the article's annotated handler: a "checkout" task per request, a log
 * with the cart ID, a "loadCart" region, one "priceItem" region per item on its own
 * goroutine, and a "charge" region with a child "payment" task. Before checkouts 3 and 9 the
 * price cache goes stale, and (the worked example's bug) the goroutine that refreshes it holds the
 * cache's lock across the 300 ms call to the pricing service, so every priceItem behind it
 * waits. A flight recorder runs alongside trace.Start; the first checkout slower than SLOW_MS
 * snapshots its window. Then the trace is grouped as `go tool trace` groups it: tasks by type
 * with a latency histogram, regions by type, logs by category, and the slowest task's regions.
 * main.go is the same program with the real runtime/trace, read back with golang.org/x/exp/trace.
 */
import { FlightRecorder, Tracer, type Context, type TraceEvent } from './runtimetrace';
import { analyse, countsLine, duration, latencyHistogram, logsByCategory, regionStats, taskStats, type Analysis, type TaskInfo } from './analysis';
import { Mutex, RWMutex, WaitGroup } from './sync';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span, type Span } from '../_shared/trace';
import { bold, cyan, dim, green, heading, log, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 5; // the same seed gives the same carts
const CHECKOUTS = 12;
const ARRIVE_EVERY_MS = 150; // one checkout request every 150 ms
const STALE_BEFORE = [3, 9]; // the price cache's minute runs out just before these checkouts
// How the price cache refreshes when its minute runs out:
// 'lock-across-io'    the worked example's bug: the refresher holds the lock across the pricing call
// 'no-lock-during-io' the article's fix: copy under the lock, I/O without it; every reader that
//                     finds the cache stale calls the pricing service, and waits for its own call
// 'serve-stale'       one background refresh; everyone gets the old prices meanwhile
const CACHE = 'lock-across-io' as 'lock-across-io' | 'no-lock-during-io' | 'serve-stale';
const FETCH_ALL_MS = 300; // the pricing service's answer time
const SLOW_MS = 250; // a checkout slower than this triggers the flight recorder's snapshot
const FLIGHT = { minAgeMs: 2000, maxBytes: 64 << 20 }; // trace.FlightRecorderConfig{MinAge, MaxBytes}
const TRACE_BYTES_PER_S = 10e6; // modelled: about 10 MB of trace a second for a busy service
const LATENCY_BUCKETS_MS = [100, 200, 300]; // the tasks page's histogram
const SPEED = 1; // 2 runs twice as fast; the output stays the same
// ──────────────────────────────────────────────────────────────────────────────────

const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);
const random = createRandom(SEED);
const tracer = new Tracer(clock);

interface Cart {
  n: number;
  id: number;
  items: number[]; // ms each item's pricing takes after the cache lookup
  loadMs: number;
  chargeMs: number;
  declined: boolean;
}

// The carts, drawn up front in a fixed order so that every run (and main.go) gets the same ones.
const carts: Cart[] = Array.from({ length: CHECKOUTS }, (_, i) => {
  const id = random.int(1000, 9999);
  const count = random.int(2, 4);
  const loadMs = random.int(10, 30);
  const chargeMs = random.int(20, 40);
  const declined = random.next() < 0.2;
  const items = Array.from({ length: count }, () => random.int(2, 5));
  return { n: i + 1, id, items, loadMs, chargeMs, declined };
});

// ── the price cache, from the article's worked example ─────────────────────────────

class PriceCache {
  private readonly mu = new Mutex(); // the bug: one lock, held across FetchAll
  private readonly rw = new RWMutex(); // the other two
  private stale = false;
  private refreshing = false;
  refreshes = 0;
  /** The background refresh, in 'serve-stale' mode. */
  background: Promise<void> = Promise.resolve();

  expire(): void {
    this.stale = true;
  }

  async get(ctx: Context): Promise<void> {
    if (CACHE === 'lock-across-io') return this.getLockedAcrossIO(ctx);
    if (CACHE === 'no-lock-during-io') return this.getNoLockDuringIO(ctx);
    return this.getServeStale(ctx);
  }

  // c.mu.Lock(); defer c.mu.Unlock(): held until return, across the network call
  private async getLockedAcrossIO(ctx: Context): Promise<void> {
    await this.mu.lock();
    try {
      if (this.stale) await this.fetchAll(ctx);
      this.stale = false;
    } finally {
      this.mu.unlock();
    }
  }

  // copy under the lock, do the I/O without it, lock again only to store
  private async getNoLockDuringIO(ctx: Context): Promise<void> {
    await this.rw.rLock();
    const fresh = !this.stale;
    this.rw.rUnlock();
    if (fresh) return;
    await this.fetchAll(ctx); // no lock held during I/O; several goroutines may refresh at once
    await this.rw.lock();
    this.stale = false;
    this.rw.unlock();
  }

  // the first reader to find the cache stale starts one refresh in the background; all return the old prices
  private async getServeStale(ctx: Context): Promise<void> {
    await this.rw.lock();
    const start = this.stale && !this.refreshing;
    if (start) this.refreshing = true;
    this.rw.unlock();
    if (!start) return;
    // go c.refresh(context.WithoutCancel(ctx)): the region still belongs to this checkout's task
    this.background = tracer.go(ctx, async (bctx) => {
      await this.fetchAll(bctx);
      await this.rw.lock();
      this.stale = false;
      this.refreshing = false;
      this.rw.unlock();
    });
  }

  private async fetchAll(ctx: Context): Promise<void> {
    this.refreshes++;
    tracer.log(ctx, 'price-cache', 'refresh');
    log(yellow(`g${ctx.g}: price cache is stale, calls the pricing service${CACHE === 'lock-across-io' ? ' while holding the lock' : CACHE === 'serve-stale' ? ' in the background' : ''}`));
    await tracer.withRegion(ctx, 'fetchAll', () => clock.sleep(FETCH_ALL_MS));
  }
}

const cache = new PriceCache();

// ── the annotated handler ──────────────────────────────────────────────────────────

async function charge(ctx: Context, cart: Cart): Promise<void> {
  const { ctx: pctx, task } = tracer.newTask(ctx, 'payment'); // a child task of the checkout
  await clock.sleep(cart.chargeMs);
  tracer.log(pctx, 'payment', cart.declined ? 'declined' : 'approved');
  task.end();
}

/** HandleCheckout, as in the article. */
async function handleCheckout(parent: Context, cart: Cart): Promise<number> {
  const { ctx, task } = tracer.newTask(parent, 'checkout');
  try {
    tracer.log(ctx, 'cart', String(cart.id)); // the instance goes in a log, not in the task's name
    await tracer.withRegion(ctx, 'loadCart', () => clock.sleep(cart.loadMs));

    // Pricing fans out; each goroutine's region still belongs to the checkout task.
    const wg = new WaitGroup();
    for (const ms of cart.items) {
      wg.go(() =>
        tracer.go(ctx, async (gctx) => {
          const region = tracer.startRegion(gctx, 'priceItem');
          await cache.get(gctx);
          await clock.sleep(ms);
          region.end();
        }),
      );
    }
    await wg.wait();

    const region = tracer.startRegion(ctx, 'charge');
    await charge(ctx, cart);
    region.end();
  } finally {
    task.end();
  }
  return task.id;
}

// ── the timeline: each task on its lane, regions inside, logs as instants ──────────

const laneOfTask = new Map<number, string>();
const openTaskSpans = new Map<number, Span>();
const openRegionSpans = new Map<string, Span[]>();

function drawOnTimeline(e: TraceEvent): void {
  const lane = (task: number): string => laneOfTask.get(task) ?? 'background';
  switch (e.kind) {
    case 'taskBegin':
      laneOfTask.set(e.task, laneOfTask.get(e.parent) ?? `task ${e.task} ${e.type}`);
      openTaskSpans.set(e.task, span(lane(e.task), `task ${e.task} ${e.type}`));
      break;
    case 'taskEnd':
      openTaskSpans.get(e.task)?.end('ok');
      break;
    case 'regionBegin': {
      const key = `${e.g}/${e.type}`;
      openRegionSpans.set(key, [...(openRegionSpans.get(key) ?? []), span(lane(e.task), `${e.type} (g${e.g})`)]);
      break;
    }
    case 'regionEnd':
      openRegionSpans.get(`${e.g}/${e.type}`)?.pop()?.end('ok');
      break;
    case 'log':
      instant(lane(e.task), `${e.category}: ${e.message}`, e.message === 'declined' ? 'warn' : 'info');
      break;
  }
}

// ── reading the trace back ─────────────────────────────────────────────────────────

const ms = (x: number | undefined): string => (x === undefined ? '?' : `${Math.round(x)} ms`);

function printSlowest(a: Analysis): TaskInfo | undefined {
  const checkouts = [...a.tasks.values()].filter((t) => t.type === 'checkout' && duration(t) !== undefined);
  const slowest = checkouts.reduce<TaskInfo | undefined>((s, t) => (!s || duration(t)! > duration(s)! ? t : s), undefined);
  if (!slowest) return undefined;
  const cart = slowest.logs.find((l) => l.category === 'cart')?.message;
  heading(`the slowest checkout: task ${slowest.id}, cart ${cart}, ${ms(duration(slowest))}, on goroutines ${[...slowest.goroutines].map((g) => `g${g}`).join(' ')}`);
  const t0 = slowest.start!;
  interface Row {
    label: string;
    type: string;
    g: number;
    start?: number;
    end?: number;
    depth: number;
  }
  const rows: Row[] = [
    ...slowest.regions.map((r) => ({ ...r, label: `${'  '.repeat(r.depth)}${r.type}` })),
    ...[...a.tasks.values()].filter((t) => t.parent === slowest.id).map((t) => ({ label: `task ${t.id} ${t.type}`, type: t.type, g: [...t.goroutines][0]!, start: t.start, end: t.end, depth: 0 })),
  ];
  rows.sort((x, y) => (x.start ?? 0) - (y.start ?? 0) || x.g - y.g || x.depth - y.depth);
  const fetched = new Set(slowest.regions.filter((r) => r.type === 'fetchAll').map((r) => r.g));
  for (const r of rows) {
    const d = duration(r) ?? 0;
    const bar = '█'.repeat(Math.max(1, Math.round(d / 15)));
    const waited = r.type === 'priceItem' && d >= FETCH_ALL_MS * 0.5 && !fetched.has(r.g) ? dim(' waited for the lock') : '';
    console.log(`  ${pad(`g${r.g}`, 5)}${pad(r.label, 18)}${pad(`+${Math.round((r.start ?? t0) - t0)}`, 6, 'right')} ${pad(ms(d), 7, 'right')}  ${d >= 100 ? red(bar) : green(bar)}${waited}`);
  }
  return slowest;
}

function printTables(a: Analysis): void {
  const row = (cells: (string | number)[], widths: number[]): void =>
    console.log('  ' + cells.map((c, i) => pad(c, widths[i]!, i === 0 ? 'left' : 'right')).join(''));
  const w = [14, 7, 10, 9];
  console.log(dim('  User-defined tasks (latency histogram in ms)'));
  const buckets = LATENCY_BUCKETS_MS.map((b, i) => (i === 0 ? `<${b}` : `${LATENCY_BUCKETS_MS[i - 1]}-${b}`));
  const hw = [...w, ...buckets.map((b) => Math.max(6, b.length + 2)), 7];
  row(['task type', 'count', 'total', 'max', ...buckets, `≥${LATENCY_BUCKETS_MS.at(-1)}`], hw);
  for (const s of taskStats(a)) {
    const hist = latencyHistogram(a, s.type, LATENCY_BUCKETS_MS);
    row([s.type || '(unknown)', s.count, ms(s.total), ms(s.max), ...hist.map((n, i) => (n && i > 0 && s.type === 'checkout' ? yellow(n) : n))], hw);
  }
  console.log(dim('  User-defined regions'));
  row(['region type', 'count', 'total', 'max'], w);
  for (const s of regionStats(a)) row([s.type, s.count, ms(s.total), ms(s.max)], w);
  console.log(dim('  Logs by category'));
  for (const [category, messages] of logsByCategory(a)) {
    const n = [...messages.values()].reduce((x, y) => x + y, 0);
    const detail = category === 'cart' ? `${messages.size} different carts` : [...messages].map(([m, c]) => `${m} ${c}`).join(', ');
    console.log(`  ${pad(category, w[0]!)}${pad(n, w[1]!, 'right')}  ${dim(detail)}`);
  }
}

async function main(): Promise<void> {
  console.log(bold('runtime/trace: tasks, regions and logs, and a flight recorder'));
  console.log(
    dim(
      `seed ${SEED}: ${CHECKOUTS} checkouts, one every ${ARRIVE_EVERY_MS} ms; the price cache goes stale before checkouts ${STALE_BEFORE.join(' and ')}; ` +
        `cache mode ${CACHE}`,
    ),
  );
  tracer.observe(drawOnTimeline);
  const events = tracer.start(); // trace.Start(&buf)
  const fr = new FlightRecorder(tracer, FLIGHT, { bytesPerSecond: TRACE_BYTES_PER_S });
  fr.start();

  heading('the checkouts, under trace.Start and a flight recorder');
  let snapshot: TraceEvent[] | undefined;
  let snapshotOf: number | undefined;
  let concurrentWriteFailed = false;
  let snapshotDone: Promise<void> = Promise.resolve();

  /** The article's whenSlow middleware: one snapshot, after the first slow request. */
  const whenSlow = (cart: Cart, tookMs: number, taskId: number): void => {
    if (tookMs <= SLOW_MS || snapshot || snapshotOf !== undefined) return;
    snapshotOf = taskId;
    log(red(`checkout ${cart.n} took ${tookMs} ms > ${SLOW_MS} ms: flight recorder snapshot`));
    instant(`task ${taskId} checkout`, 'flight recorder snapshot', 'error');
    const s = span('flight recorder', 'WriteTo');
    snapshotDone = fr
      .writeTo(async (window) => {
        snapshot = window;
        await clock.sleep(5); // writing the file takes a moment...
      })
      .then((n) => s.end('ok', `${n} events`));
    // ...and a second WriteTo meanwhile fails: use the first one's snapshot.
    fr.writeTo(() => {}).catch((err: Error) => {
      concurrentWriteFailed = true;
      log(dim(`a second WriteTo meanwhile: ${err.message}`));
    });
  };

  const running: Promise<void>[] = [];
  const bg = tracer.background();
  for (const cart of carts) {
    if (STALE_BEFORE.includes(cart.n)) {
      cache.expire();
      log(cyan('the price cache\'s minute runs out'));
    }
    running.push(
      tracer.go(bg, async (ctx) => {
        const began = clock.now();
        log(`checkout ${cart.n}: cart ${cart.id}, ${cart.items.length} items`);
        const taskId = await handleCheckout(ctx, cart);
        const took = clock.now() - began;
        log(`checkout ${cart.n} (task ${taskId}) done in ${took > SLOW_MS ? red(`${took} ms`) : `${took} ms`}${cart.declined ? yellow(', payment declined') : ''}`);
        whenSlow(cart, took, taskId);
      }),
    );
    await clock.sleep(ARRIVE_EVERY_MS);
  }
  await Promise.all(running);
  await cache.background;
  await snapshotDone;
  const kept = fr.kept();
  tracer.stop();
  fr.stop();

  const full = analyse(events);
  const slowest = printSlowest(full);

  heading(`the flight recorder's snapshot (MinAge ${FLIGHT.minAgeMs} ms, MaxBytes ${FLIGHT.maxBytes >> 20} MiB, at a modelled ${TRACE_BYTES_PER_S / 1e6} MB/s)`);
  const snap = analyse(snapshot ?? []);
  const inSnapshot = snapshotOf !== undefined ? snap.tasks.get(snapshotOf) : undefined;
  const holdsSlow = !!inSnapshot && inSnapshot.type === 'checkout' && duration(inSnapshot)! > SLOW_MS && inSnapshot.regions.every((r) => duration(r) !== undefined);
  if (snapshot) {
    const listed = [...snap.tasks.values()].filter((t) => t.type !== 'payment');
    const note = (t: TaskInfo): string => (!t.type ? ' (began before the window)' : t.end === undefined ? ' (still running)' : '');
    console.log(`  ${snapshot.length} events; checkout tasks in it (task IDs): ${listed.map((t) => `${t.id}${note(t)}`).join(', ')}`);
    console.log(`  task ${snapshotOf}, the slow checkout: ${holdsSlow ? green(`all there, ${ms(duration(inSnapshot!))}, ${inSnapshot!.regions.length} regions`) : red('not all there: its start fell out of the window')}`);
  } else console.log('  no checkout was slow enough: no snapshot');
  console.log(dim(`  generations kept at the end: ${kept.map((g) => `${g.gen} (${(g.size / 1e6).toFixed(1)} MB)`).join(', ')}`));

  const tasks = taskStats(full);
  const regions = regionStats(full);
  const logs = [...logsByCategory(full)].map(([category, m]) => ({ type: category, count: [...m.values()].reduce((x, y) => x + y, 0) }));
  // Facts the Go original establishes too, from its real trace; a test compares them.
  milestone('tasks by type', countsLine(tasks));
  milestone('regions by type', countsLine(regions));
  milestone('logs by category', countsLine(logs));
  milestone('child tasks of a checkout', [...full.tasks.values()].filter((t) => t.type === 'payment' && full.tasks.get(t.parent)?.type === 'checkout').length);
  milestone('flight recorder snapshots', snapshot ? 1 : 0);
  milestone('a second WriteTo during the first fails', concurrentWriteFailed);
  milestone('the snapshot holds the slow checkout', holdsSlow);

  heading('summary');
  printTables(full);
  console.log(
    `  slowest checkout: task ${slowest?.id} (${ms(slowest ? duration(slowest) : undefined)}); price cache refreshes: ${cache.refreshes}` +
      dim(CACHE === 'lock-across-io' ? '; the priceItem regions behind the lock waited for it' : CACHE === 'no-lock-during-io' ? '; each stale reader waited for its own call' : '; nobody waited for the refresh'),
  );
}

runMain(main);
