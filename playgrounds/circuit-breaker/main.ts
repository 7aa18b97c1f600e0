/**
 * circuit-breaker: a dependency that degrades and recovers, behind a circuit breaker.
 *
 * A client calls an ads API every few milliseconds. The API follows a schedule: healthy,
 * degraded, down, recovering. The breaker (gobreaker, or hystrix-go's command layer: see
 * LIBRARY) opens when too many calls fail, rejects calls at once while open, probes when
 * half-open, and closes again once the probes succeed. Every call that fails or is
 * rejected is answered from a stale cache of the last good answer, as FOX's playback API
 * did. main.go is the same program in Go with github.com/sony/gobreaker.
 */
import { CircuitBreaker, ErrOpenState, ErrTooManyRequests, type Counts, type State } from './breaker';
import { ErrCircuitOpen, ErrMaxConcurrency, Hystrix } from './hystrix';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span } from '../_shared/trace';
import { bold, dim, green, heading, log, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 2; // the same seed gives the same run
const LIBRARY = 'gobreaker' as 'gobreaker' | 'hystrix'; // which breaker guards the calls
const DURATION_MS = 6000; // how long the client sends requests
const REQUEST_EVERY_MS = 40; // one request every 40 ms: 25 a second
const REQUEST_TIMEOUT_MS = 150; // a slower answer counts as a failure
const REPORT_EVERY_MS = 500; // one status line every half second

// The ads API over time: from `at` ms on, it fails this often and answers this fast.
const SCHEDULE = [
  { at: 0, health: 'healthy', failureRate: 0.02, latencyMs: [20, 60] },
  { at: 1500, health: 'degraded', failureRate: 0.5, latencyMs: [60, 220] },
  { at: 2300, health: 'down', failureRate: 1, latencyMs: [100, 300] },
  { at: 3800, health: 'recovering', failureRate: 0.05, latencyMs: [30, 90] },
] as const;

// gobreaker.Settings
const BREAKER = {
  name: 'ads-api',
  maxRequests: 3, // probes let through while half-open
  interval: 1000, // while closed, the counts are cleared every second
  timeout: 700, // how long the breaker stays open before probing
  // trip when at least 6 requests were counted and half of them failed
  readyToTrip: (c: Counts) => c.requests >= 6 && c.totalFailures / c.requests >= 0.5,
};

// hystrix.CommandConfig, used when LIBRARY is 'hystrix'
const HYSTRIX = {
  timeout: REQUEST_TIMEOUT_MS,
  maxConcurrentRequests: 10,
  requestVolumeThreshold: 10,
  sleepWindow: 700,
  errorPercentThreshold: 50,
};

const SPEED = 1; // 2 runs twice as fast; the output stays the same
// ──────────────────────────────────────────────────────────────────────────────────

// Virtual time: every run is the same, and it still advances at wall-clock pace.
const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);
const random = createRandom(SEED);

type Phase = (typeof SCHEDULE)[number];

function phaseAt(t: number): Phase {
  return SCHEDULE.filter((p) => p.at <= t).pop() ?? SCHEDULE[0];
}

let version = 0;

/** The ads API: answers or fails after a while, as the schedule says. Stops when signal aborts. */
async function callAdsApi(signal: AbortSignal): Promise<string> {
  const phase = phaseAt(clock.now());
  const latency = random.int(phase.latencyMs[0], phase.latencyMs[1]);
  const fails = random.chance(phase.failureRate);
  await clock.sleep(latency, signal);
  if (fails) throw new Error('503 Service Unavailable');
  return `ad slate v${++version}`;
}

/** context.WithTimeout: runs fn with a signal that aborts after ms. */
async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctx = new AbortController();
  const timer = new AbortController();
  clock.sleep(ms, timer.signal).then(
    () => ctx.abort(new Error(`timeout after ${ms} ms`)),
    () => {}, // fn finished first
  );
  try {
    return await fn(ctx.signal);
  } finally {
    timer.abort();
  }
}

let state: State = 'closed';
const stateChanges: string[] = [];
const colourOf = (s: State): ((text: string) => string) => (s === 'closed' ? green : s === 'open' ? red : yellow);

function onStateChange(name: string, from: State, to: State): void {
  state = to;
  stateChanges.push(to);
  log(bold(`state: ${from} -> ${colourOf(to)(to)}`) + dim(` (${name})`));
  instant('breaker', `breaker ${to}`, to === 'open' ? 'error' : to === 'half-open' ? 'warn' : 'info');
}

const breaker = new CircuitBreaker({ ...BREAKER, now: () => clock.now(), onStateChange });
const hystrix = new Hystrix({ now: () => clock.now(), sleep: (ms, signal) => clock.sleep(ms, signal), onStateChange });
hystrix.configureCommand(BREAKER.name, HYSTRIX);

/** One call to the ads API through the chosen breaker. */
function guardedCall(): Promise<string> {
  if (LIBRARY === 'hystrix') return hystrix.do(BREAKER.name, callAdsApi); // hystrix enforces the timeout
  return breaker.execute(() => withTimeout(REQUEST_TIMEOUT_MS, callAdsApi));
}

/** Errors that mean the breaker refused the call without trying it. */
function isRejection(err: unknown): boolean {
  return err === ErrOpenState || err === ErrTooManyRequests || err === ErrCircuitOpen || err === ErrMaxConcurrency;
}

interface Tally {
  served: number;
  fallback: number; // the call failed; answered from the stale cache
  rejected: number; // the breaker refused the call; answered from the stale cache
  errors: number; // failed or rejected with nothing cached
}
const zeroTally = (): Tally => ({ served: 0, fallback: 0, rejected: 0, errors: 0 });

const total = zeroTally();
let window = zeroTally();
const rejectedBy = new Map<string, number>();
let cache: { value: string; storedAt: number } | undefined;
let oldestStaleMs = 0;

async function handleRequest(n: number): Promise<void> {
  const s = span('requests', `request ${n}`);
  try {
    const value = await guardedCall();
    cache = { value, storedAt: clock.now() };
    total.served++;
    window.served++;
    s.end('ok', value);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const rejected = isRejection(err);
    if (!cache) {
      total.errors++;
      window.errors++;
      s.end('error', reason);
      return;
    }
    const age = clock.now() - cache.storedAt;
    oldestStaleMs = Math.max(oldestStaleMs, age);
    if (rejected) {
      total.rejected++;
      window.rejected++;
      rejectedBy.set(reason, (rejectedBy.get(reason) ?? 0) + 1);
    } else {
      total.fallback++;
      window.fallback++;
    }
    s.end(rejected ? 'rejected' : 'fallback', `${reason}; stale ${cache.value}, ${age} ms old`);
  }
}

function printWindow(): void {
  const w = window;
  window = zeroTally();
  const parts = [
    `served ${pad(w.served, 2, 'right')}`,
    `failed->stale ${pad(w.fallback, 2, 'right')}`,
    `rejected->stale ${pad(w.rejected, 2, 'right')}`,
  ];
  if (w.errors > 0) parts.push(red(`errors ${w.errors}`));
  log(`${pad(colourOf(state)(state), 10)} ${dim(pad(phaseAt(clock.now() - 1).health, 11))} ${parts.join('  ')}`);
}

/** Says when the ads API changes, as the schedule goes. */
async function announceSchedule(): Promise<void> {
  for (const phase of SCHEDULE) {
    await clock.sleep(phase.at - clock.now());
    const [min, max] = phase.latencyMs;
    log(dim(`ads API: ${phase.health} (fails ${Math.round(phase.failureRate * 100)}%, answers in ${min}-${max} ms)`));
    instant('ads API', phase.health, phase.failureRate >= 0.5 ? 'warn' : 'info');
  }
}

async function reportEvery(ms: number): Promise<void> {
  while (clock.now() < DURATION_MS) {
    await clock.sleep(ms);
    printWindow();
  }
}

async function main(): Promise<void> {
  console.log(bold(`circuit breaker (${LIBRARY}): the ads API degrades and recovers`));
  console.log(
    dim(`seed ${SEED}: a request every ${REQUEST_EVERY_MS} ms for ${DURATION_MS / 1000} s, timeout ${REQUEST_TIMEOUT_MS} ms; failed and rejected calls get the stale cache`),
  );
  heading(`every ${REPORT_EVERY_MS} ms: the breaker's state, the ads API's health, what the requests got`);

  const background = [announceSchedule(), reportEvery(REPORT_EVERY_MS)];
  const requests: Promise<void>[] = [];
  for (let n = 1; clock.now() < DURATION_MS; n++) {
    requests.push(handleRequest(n));
    await clock.sleep(REQUEST_EVERY_MS);
  }
  await Promise.all([...background, ...requests]);

  // Facts the Go original (gobreaker) establishes too; a test compares them.
  milestone('breaker states', ['closed', ...stateChanges].join(' -> '));
  milestone('errors with nothing cached', total.errors);

  heading('summary');
  const requestCount = total.served + total.fallback + total.rejected + total.errors;
  const rejections = [...rejectedBy].map(([reason, count]) => `${count} ${reason}`).join(', ');
  console.log(`  requests   ${pad(requestCount, 4, 'right')}`);
  console.log(`  served     ${pad(green(total.served), 4, 'right')}  fresh answers from the ads API`);
  console.log(`  fallback   ${pad(yellow(total.fallback), 4, 'right')}  calls that failed, answered from the stale cache`);
  console.log(`  rejected   ${pad(yellow(total.rejected), 4, 'right')}  calls the breaker refused at once, answered from the stale cache${rejections ? dim(` (${rejections})`) : ''}`);
  console.log(`  errors     ${pad(total.errors === 0 ? green(0) : red(total.errors), 4, 'right')}  failures with nothing cached to fall back on`);
  console.log(`  oldest stale answer: ${oldestStaleMs} ms; breaker states: closed -> ${stateChanges.join(' -> ')}`);
}

runMain(main);
