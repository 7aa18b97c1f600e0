/**
 * throttling: token buckets at the edge and planned degradation levels, on game day.
 *
 * Viewers' apps call a playback API through an edge (API Gateway style) that keeps a token
 * bucket per client and one per route: a request finds a token in both or gets 429 Too Many
 * Requests. Behind the edge, the service has a fixed capacity (work units a second); what it
 * cannot do in time it refuses with 503. At kick-off the traffic ramps up, and a buggy app
 * build starts retrying in a tight loop. A DEFCON controller watches the demand and steps the
 * service down the article's illustrative ladder (not FOX's), switching features off in
 * order, then puts them back as the traffic falls, with hysteresis so the level does not flap.
 * main.go is the same program in Go, with golang.org/x/time/rate and net/http handlers.
 */
import { Limiter } from './rate';
import { Controller, LADDER, MIN_LEVEL, NORMAL, SWITCHED_OFF, type Change, type Level } from './defcon';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span, type Span } from '../_shared/trace';
import { bold, cyan, dim, green, heading, log, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 11; // the same seed gives the same run
const DURATION_MS = 6000; // the game, squeezed into six seconds
const KICKOFF_MS = 1000;

// Requests per second from the viewers' apps: linear between these points.
const TRAFFIC = [
  { at: 0, rps: 400 }, // pre-game
  { at: KICKOFF_MS, rps: 400 }, // kick-off: everyone tunes in at once
  { at: 1600, rps: 2400 },
  { at: 2800, rps: 2200 },
  { at: 3600, rps: 700 }, // a blowout: viewers drift away
  { at: DURATION_MS, rps: 500 },
];
const VIEWERS = 20000; // distinct client IDs; a viewer sends well under one request a second

// A buggy app build that retries in a tight loop: each of these clients sends a request every 20 ms.
const STORM = { clients: 3, everyMs: 20, fromMs: 1800, toMs: 2800 };

// The edge: a token bucket per client, and one per route (rate per second, burst).
const PER_CLIENT = { rps: 5, burst: 10 }; // rate.NewLimiter(5, 10) for each client ID
// share: percent of the viewers' requests; cost: work units in full, and when degraded.
const ROUTES = [
  { path: '/playback', share: 20, rps: 1000, burst: 200, cost: 6, degradedCost: 6 },
  { path: '/ads', share: 15, rps: 700, burst: 150, cost: 4, degradedCost: 4 },
  { path: '/metadata', share: 25, rps: 900, burst: 200, cost: 4, degradedCost: 1 },
  { path: '/rails', share: 15, rps: 600, burst: 150, cost: 6, degradedCost: 1 },
  { path: '/recommendations', share: 10, rps: 200, burst: 50, cost: 8, degradedCost: 0 },
  { path: '/search', share: 5, rps: 80, burst: 20, cost: 6, degradedCost: 0 },
  { path: '/analytics', share: 10, rps: 400, burst: 100, cost: 2, degradedCost: 0 },
] as const;
const ANALYTICS_SAMPLE = 10; // at DEFCON 1, keep one analytics event in 10

// The service: work units it can do per second, handed out per 100 ms slot; the rest get 503.
const CAPACITY = 8000;
const DEFCON = {
  stepDownAtPct: 85, // demand at which the level steps down
  restoreBelowPct: 55, // demand must stay below this... (80 leaves too small a gap: watch the level flap)
  holdMs: 500, // ...for this long before a level is restored
  cooldownMs: 250, // at least this long between a change and the next step down
  floor: 1 as Level, // set to 5 to switch DEFCON off and watch the 503s
};
const WINDOW_MS = 250; // demand is measured over the last quarter second
const EVALUATE_EVERY_MS = 250;
const REPORT_EVERY_MS = 500;
const SPEED = 1; // 2 runs twice as fast; the output stays the same
// ──────────────────────────────────────────────────────────────────────────────────

const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);
const random = createRandom(SEED);

type Path = (typeof ROUTES)[number]['path'];
type Outcome = 'served' | 'degraded' | 'client429' | 'route429' | 'overloaded';

interface Request {
  at: number; // ms
  client: string;
  path: Path;
}

interface Response {
  status: 200 | 429 | 503;
  /** What was left out: "cached metadata", "search off", ...; empty when served in full. */
  degraded: string;
  /** For a 429: which bucket was empty. */
  throttledBy?: 'client' | 'route';
}

/** Requests per second at time t, linear between the TRAFFIC points. */
function rpsAt(t: number): number {
  for (let i = 1; i < TRAFFIC.length; i++) {
    const a = TRAFFIC[i - 1]!;
    const b = TRAFFIC[i]!;
    if (t < b.at) return a.rps + ((b.rps - a.rps) * (t - a.at)) / (b.at - a.at);
  }
  return TRAFFIC[TRAFFIC.length - 1]!.rps;
}

/** The requests that arrive in millisecond t: the viewers' (seeded), then the retry storm's. */
function arrivalsAt(t: number): Request[] {
  const expected = rpsAt(t) / 1000;
  const whole = Math.floor(expected);
  const count = whole + (random.next() < expected - whole ? 1 : 0);
  const requests: Request[] = [];
  for (let i = 0; i < count; i++) {
    const x = random.next() * 100;
    let cumulative = 0;
    let path: Path = ROUTES[ROUTES.length - 1]!.path;
    for (const route of ROUTES) {
      cumulative += route.share;
      if (x < cumulative) {
        path = route.path;
        break;
      }
    }
    requests.push({ at: t, client: `viewer-${random.int(1, VIEWERS)}`, path });
  }
  if (t >= STORM.fromMs && t < STORM.toMs && (t - STORM.fromMs) % STORM.everyMs === 0) {
    for (let c = 1; c <= STORM.clients; c++) requests.push({ at: t, client: `tv-app-7.2-${c}`, path: '/playback' });
  }
  return requests;
}

// ── the edge: API Gateway style throttling, per client and per route ──────────────

const clientBuckets = new Map<string, Limiter>();
const routeBuckets = new Map<Path, Limiter>(ROUTES.map((r) => [r.path, new Limiter(r.rps, r.burst)]));

function bucketFor(client: string): Limiter {
  let limiter = clientBuckets.get(client);
  if (!limiter) {
    limiter = new Limiter(PER_CLIENT.rps, PER_CLIENT.burst);
    clientBuckets.set(client, limiter);
  }
  return limiter;
}

/** The client's bucket first, then the route's: a request needs a token from both. */
function edge(req: Request): Response {
  if (!bucketFor(req.client).allow(req.at)) return { status: 429, degraded: '', throttledBy: 'client' };
  if (!routeBuckets.get(req.path)!.allow(req.at)) return { status: 429, degraded: '', throttledBy: 'route' };
  return service(req);
}

// ── the service: DEFCON-switched features and a fixed capacity ─────────────────────

let levelSpan: Span = span('DEFCON', 'DEFCON 5');
let levelStartedAt = 0;
const changes: Change[] = [];

function onChange(change: Change): void {
  changes.push(change);
  const down = change.to < change.from;
  const why = down
    ? `demand ${Math.round(change.demandPct)}% >= ${DEFCON.stepDownAtPct}%`
    : `demand below ${DEFCON.restoreBelowPct}% for ${DEFCON.holdMs} ms`;
  const what = down ? `${SWITCHED_OFF[change.to]} off` : `${SWITCHED_OFF[change.from]} back on`;
  log(bold(`DEFCON ${change.from} -> ${levelColour(change.to)(String(change.to))}: ${what}`) + dim(` (${why})`));
  levelSpan.end(change.from === NORMAL ? 'ok' : 'fallback', `${change.at - levelStartedAt} ms`);
  levelStartedAt = change.at;
  levelSpan = span('DEFCON', `DEFCON ${change.to}`);
  instant('DEFCON', `DEFCON ${change.from} -> ${change.to}`, down ? 'warn' : 'info');
}

const defcon = new Controller(DEFCON, onChange);
const demandByMs = new Array<number>(DURATION_MS).fill(0); // work units asked for, per ms
let slotUsed = 0; // work units done in the current 100 ms slot
let analyticsSeen = 0;

const cost = (path: Path, degraded: boolean): number => {
  const route = ROUTES.find((r) => r.path === path)!;
  return degraded ? route.degradedCost : route.cost;
};

/** What each route does at the current level: the full answer, or a degraded one (and why). */
function plan(path: Path): string {
  switch (path) {
    case '/metadata':
      return defcon.on(MIN_LEVEL.liveMetadata) ? '' : 'cached metadata';
    case '/rails':
      return defcon.on(MIN_LEVEL.personalisedRails) ? '' : 'editorial rails';
    case '/recommendations':
      return defcon.on(MIN_LEVEL.recommendations) ? '' : 'recommendations off';
    case '/search':
      return defcon.on(MIN_LEVEL.search) ? '' : 'search off';
    case '/analytics':
      if (defcon.on(MIN_LEVEL.fullAnalytics)) return '';
      analyticsSeen++;
      return analyticsSeen % ANALYTICS_SAMPLE === 0 ? '' : 'analytics sampled out';
    default:
      return ''; // playback and ads depend on nothing switchable
  }
}

function service(req: Request): Response {
  const degraded = plan(req.path);
  const units = cost(req.path, degraded !== '');
  demandByMs[req.at]! += units;
  if (slotUsed + units > CAPACITY / 10) return { status: 503, degraded: '' }; // shed: over capacity this slot
  slotUsed += units;
  return { status: 200, degraded };
}

/** Demand over the last WINDOW_MS, as a percentage of capacity. */
function demandPct(now: number): number {
  let units = 0;
  for (let t = Math.max(0, now - WINDOW_MS); t < now; t++) units += demandByMs[t]!;
  return (units * 100000) / (CAPACITY * WINDOW_MS);
}

// ── bookkeeping and output ─────────────────────────────────────────────────────────

type Tally = Record<Outcome, number>;
const zeroTally = (): Tally => ({ served: 0, degraded: 0, client429: 0, route429: 0, overloaded: 0 });
const byLevel = new Map<Level, Tally & { ms: number }>();
const byRoute = new Map<Path, Tally>(ROUTES.map((r) => [r.path, zeroTally()]));
const storm = zeroTally();
let window = zeroTally();
const total = zeroTally();

function outcomeOf(res: Response): Outcome {
  if (res.status === 429) return res.throttledBy === 'client' ? 'client429' : 'route429';
  if (res.status === 503) return 'overloaded';
  return res.degraded ? 'degraded' : 'served';
}

function levelTally(level: Level): Tally & { ms: number } {
  let tally = byLevel.get(level);
  if (!tally) {
    tally = { ...zeroTally(), ms: 0 };
    byLevel.set(level, tally);
  }
  return tally;
}

function record(req: Request, res: Response): void {
  const outcome = outcomeOf(res);
  total[outcome]++;
  window[outcome]++;
  levelTally(defcon.level())[outcome]++;
  byRoute.get(req.path)![outcome]++;
  if (req.client.startsWith('tv-app')) storm[outcome]++;
}

function levelColour(level: Level): (text: string) => string {
  return level === 5 ? green : level >= 3 ? yellow : red;
}

const routeSpans = new Map<Path, { span: Span; tally: Tally }>();

function openRouteSpans(): void {
  for (const r of ROUTES) routeSpans.set(r.path, { span: span(r.path, 'requests'), tally: zeroTally() });
}

function closeRouteSpans(): void {
  for (const [, { span: s, tally }] of routeSpans) {
    const parts = [`${tally.served} served`];
    if (tally.degraded) parts.push(`${tally.degraded} degraded`);
    if (tally.client429 + tally.route429) parts.push(`${tally.client429 + tally.route429} throttled (429)`);
    if (tally.overloaded) parts.push(`${tally.overloaded} overloaded (503)`);
    s.end(tally.overloaded ? 'error' : tally.client429 + tally.route429 ? 'rejected' : tally.degraded ? 'fallback' : 'ok', parts.join(', '));
  }
}

function report(now: number): void {
  const w = window;
  window = zeroTally();
  const requests = w.served + w.degraded + w.client429 + w.route429 + w.overloaded;
  const level = defcon.level();
  log(
    `${levelColour(level)(`DEFCON ${level}`)} ${dim(pad(`${Math.round(rpsAt(now - 1))} rps`, 9, 'right'))}` +
      `  demand ${pad(`${Math.round(demandPct(now))}%`, 4, 'right')}` +
      `  requests ${pad(requests, 4, 'right')}  served ${pad(green(w.served), 4, 'right')}` +
      `  degraded ${pad(w.degraded ? yellow(w.degraded) : 0, 4, 'right')}` +
      `  429 ${pad(w.client429 + w.route429 ? yellow(w.client429 + w.route429) : 0, 4, 'right')}` +
      `  503 ${pad(w.overloaded ? red(w.overloaded) : 0, 3, 'right')}`,
  );
}

async function main(): Promise<void> {
  console.log(bold('throttling and DEFCON levels: game day at the edge'));
  console.log(
    dim(
      `seed ${SEED}: ${TRAFFIC[0]!.rps} rps before kick-off at +${KICKOFF_MS / 1000}s, up to ${Math.max(...TRAFFIC.map((p) => p.rps))} rps; ` +
        `buckets ${PER_CLIENT.rps}/s burst ${PER_CLIENT.burst} per client, per route as set; capacity ${CAPACITY} units/s`,
    ),
  );
  console.log(dim(`the DEFCON ladder is the article's illustrative one, not FOX's: ${[4, 3, 2, 1].map((l) => `${l} ${LADDER[l as Level]}`).join('; ')}`));
  heading(`every ${REPORT_EVERY_MS} ms: the level, the traffic, the demand on the service, what the requests got`);

  openRouteSpans();
  let stormSpan: Span | undefined;
  for (let t = 0; t < DURATION_MS; t++) {
    if (t % 10 === 0) await clock.sleep(t - clock.now()); // unfold at wall-clock pace, 10 ms at a time
    if (t % 100 === 0) slotUsed = 0;
    if (t > 0 && t % REPORT_EVERY_MS === 0) {
      report(t);
      closeRouteSpans();
      openRouteSpans();
    }
    if (t > 0 && t % EVALUATE_EVERY_MS === 0) defcon.evaluate(t, demandPct(t));
    if (t === KICKOFF_MS) {
      log(cyan('kick-off: the viewers tune in'));
      instant('traffic', 'kick-off', 'warn');
    }
    if (t === STORM.fromMs) {
      log(cyan(`retry storm: ${STORM.clients} TVs on app build 7.2 retry /playback every ${STORM.everyMs} ms`));
      stormSpan = span('retry storm', `${STORM.clients} clients`);
    }
    if (t === STORM.toMs) {
      stormSpan?.end('rejected', `${storm.served} served, ${storm.client429} throttled (429) by their client buckets`);
      log(cyan(`retry storm over: ${storm.client429} of its ${storm.served + storm.client429 + storm.route429 + storm.overloaded} requests throttled by their client buckets`));
    }
    for (const req of arrivalsAt(t)) {
      const res = edge(req);
      record(req, res);
      const r = routeSpans.get(req.path)!;
      r.tally[outcomeOf(res)]++;
    }
    levelTally(defcon.level()).ms++;
  }
  await clock.sleep(DURATION_MS - clock.now());
  report(DURATION_MS);
  closeRouteSpans();
  levelSpan.end(defcon.level() === NORMAL ? 'ok' : 'fallback', `${DURATION_MS - levelStartedAt} ms`);

  const levels = [NORMAL, ...changes.map((c) => c.to)].join(' -> ');
  const requests = total.served + total.degraded + total.client429 + total.route429 + total.overloaded;
  // Facts the Go original (golang.org/x/time/rate) establishes too; a test compares them.
  milestone('requests', requests);
  milestone('429 from client buckets', total.client429);
  milestone('429 from route buckets', total.route429);
  milestone('served in full', total.served);
  milestone('degraded', total.degraded);
  milestone('503 over capacity', total.overloaded);
  milestone('DEFCON levels', levels);
  milestone('ms at each level', [...byLevel].map(([l, t]) => `${l}: ${t.ms}`).join(', '));

  heading('summary');
  const row = (cells: (string | number)[]): void =>
    console.log('  ' + cells.map((c, i) => pad(c, i === 0 ? 10 : [8, 10, 9, 10, 7, 7][i - 1]!, i === 0 ? 'left' : 'right')).join(''));
  row(['', 'time', 'requests', 'served', 'degraded', '429', '503']);
  for (const level of [5, 4, 3, 2, 1] as Level[]) {
    const t = byLevel.get(level);
    if (!t) continue;
    row([`DEFCON ${level}`, `${t.ms} ms`, t.served + t.degraded + t.client429 + t.route429 + t.overloaded, t.served, t.degraded, t.client429 + t.route429, t.overloaded]);
  }
  row(['total', `${DURATION_MS} ms`, requests, green(total.served), yellow(total.degraded), yellow(total.client429 + total.route429), total.overloaded ? red(total.overloaded) : 0]);
  const throttledRoutes = [...byRoute].filter(([, t]) => t.route429 > 0).map(([p, t]) => `${p} ${t.route429}`);
  console.log(`  429        ${total.client429} by client buckets (the retry storm: ${storm.client429} of ${storm.served + storm.client429 + storm.route429 + storm.overloaded}), ${total.route429} by route buckets (${throttledRoutes.join(', ') || 'none'})`);
  const playback = byRoute.get('/playback')!;
  console.log(`  /playback  ${playback.served} answered, ${playback.client429 + playback.route429} throttled (429), ${playback.overloaded} refused over capacity (503)`);
  console.log(`  levels     ${levels}`);
  console.log(dim('  429s came from the edge\'s buckets; degraded answers from the DEFCON level; 503s where demand passed capacity.'));
}

runMain(main);
