/**
 * api-gateway: what a month of requests costs on HTTP and REST APIs, and which requests a
 * token bucket turns into 429s.
 *
 * First the bill: three months of traffic priced at the tiered us-east-1 prices, with HTTP APIs
 * metered per 512 KB (pricing.ts). Then three seconds of traffic against API Gateway's
 * throttles, each a token bucket (rate.ts, a port of golang.org/x/time/rate): the account's
 * 10,000 requests per second with a burst of 5,000, shared by every API in the Region, and a
 * route limit of 50 per second (burst 100) on POST /reports. A report job bursts on its route; an
 * importer on another API surges, and the account bucket runs dry for everyone, including a
 * storefront that never changed its pace. main.go is the same program in Go, with the real
 * golang.org/x/time/rate.
 */
import { Limiter } from './rate';
import { bill, formatDollars, httpUnits, type Traffic } from './pricing';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span } from '../_shared/trace';
import { bold, dim, green, heading, log, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 3; // the same seed gives the same arrivals
const ACCOUNT_RPS = 10_000; // account level, per Region: the default steady rate...
const ACCOUNT_BURST = 5_000; // ...and bucket size (2,500 and 1,250 in some newer Regions)
const ROUTE_LIMITS: Record<string, { rps: number; burst: number }> = {
  'shop POST /reports': { rps: 50, burst: 100 }, // aws apigatewayv2 update-stage --route-settings ...
};
const CLIENTS = [
  { name: 'storefront', api: 'shop', route: 'GET /products', schedule: [{ fromMs: 0, toMs: 3000, rps: 4_000 }] },
  { name: 'report job', api: 'shop', route: 'POST /reports', schedule: [{ fromMs: 500, toMs: 1000, rps: 400 }] },
  { name: 'importer', api: 'imports', route: 'POST /items', schedule: [{ fromMs: 1500, toMs: 2750, rps: 12_000 }] },
];
const DURATION_MS = 3000;
const WINDOW_MS = 250; // one line and one span per lane per window

const MONTH: Traffic[] = [
  { name: '1 billion small requests', classes: [{ requests: 1_000_000_000, requestBytes: 2_000 }] },
  { name: '1,000 rps for 30 days, 4 KB', classes: [{ requests: 1_000 * 86_400 * 30, requestBytes: 4_096 }] },
  { name: 'uploads of 1.8 MB', classes: [{ requests: 10_000_000, requestBytes: 1_800_000 }] },
];
// ──────────────────────────────────────────────────────────────────────────────────

const clock = new VirtualClock();
setLogClock(clock);
const random = createRandom(SEED);

type Outcome = 'ok' | 'route' | 'account';
interface Tally {
  ok: number;
  route: number;
  account: number;
}
const zero = (): Tally => ({ ok: 0, route: 0, account: 0 });

interface Request {
  t: number; // ns since the start
  client: number;
  seq: number;
}

/** The requests of one millisecond, in arrival order. Draws: per client, the odd request, then each one's nanosecond. */
function arrivals(ms: number): Request[] {
  const batch: Request[] = [];
  CLIENTS.forEach((c, client) => {
    const rps = c.schedule.filter((s) => ms >= s.fromMs && ms < s.toMs).reduce((sum, s) => sum + s.rps, 0);
    if (rps === 0) return;
    let count = Math.floor(rps / 1000);
    if (rps % 1000 > 0 && random.int(0, 999) < rps % 1000) count++;
    for (let seq = 0; seq < count; seq++) batch.push({ t: ms * 1_000_000 + random.int(0, 999_999), client, seq });
  });
  return batch.sort((a, b) => a.t - b.t || a.client - b.client || a.seq - b.seq);
}

// The throttles, checked in the order API Gateway applies them: route (method) limits first, then the account's.
const account = new Limiter(ACCOUNT_RPS, ACCOUNT_BURST);
const routes = new Map(Object.entries(ROUTE_LIMITS).map(([key, l]) => [key, new Limiter(l.rps, l.burst)]));

function decide(r: Request): Outcome {
  const c = CLIENTS[r.client]!;
  const route = routes.get(`${c.api} ${c.route}`);
  if (route && !route.allowN(r.t, 1)) return 'route';
  if (!account.allowN(r.t, 1)) return 'account';
  return 'ok';
}

const laneOf = (c: (typeof CLIENTS)[number]): string => `${c.name} · ${c.route}${c.api === 'shop' ? '' : ` (${c.api} API)`}`;

function describeTally(name: string, t: Tally): string {
  const rejected = t.route + t.account;
  const text = `${name} ${pad(t.ok, 4, 'right')} ok ${rejected ? pad(`${rejected}×429`, 9) : pad('', 9)}`;
  return rejected ? (t.account ? red(text) : yellow(text)) : text;
}

async function throttleScene(): Promise<Tally[]> {
  const totals = CLIENTS.map(zero);
  let accountDry = false;
  for (let start = 0; start < DURATION_MS; start += WINDOW_MS) {
    const window = CLIENTS.map(zero);
    const spans = CLIENTS.map((c) => span(laneOf(c), `${(start / 1000).toFixed(2)}-${((start + WINDOW_MS) / 1000).toFixed(2)} s`));
    for (let ms = start; ms < start + WINDOW_MS; ms++) {
      for (const r of arrivals(ms)) {
        const outcome = decide(r);
        window[r.client]![outcome]++;
        totals[r.client]![outcome]++;
      }
    }
    await clock.sleep(WINDOW_MS);
    CLIENTS.forEach((c, i) => {
      const w = window[i]!;
      const rejected = w.route + w.account;
      spans[i]!.end(rejected ? 'rejected' : 'ok', `${w.ok} ok, ${w.route} × 429 (route), ${w.account} × 429 (account)`);
    });
    const dry = window.some((w) => w.account > 0);
    if (dry !== accountDry) instant('account bucket', dry ? 'empty: 429s for every API' : 'refilling', dry ? 'error' : 'info');
    accountDry = dry;
    const tokens = Math.floor(account.tokensAt((start + WINDOW_MS) * 1_000_000));
    log(`${CLIENTS.map((c, i) => describeTally(c.name, window[i]!)).join('| ')}| account tokens ${pad(tokens, 4, 'right')}`);
  }
  return totals;
}

async function main(): Promise<void> {
  console.log(bold('api-gateway: a month of requests on HTTP and REST APIs, and a token bucket under a burst'));

  heading('1. a month of requests, HTTP API vs REST API (us-east-1)');
  console.log(dim(`  ${pad('traffic', 30)}${pad('requests', 11, 'right')}${pad('HTTP units', 12, 'right')}${pad('HTTP API', 12, 'right')}${pad('REST API', 12, 'right')}`));
  const bills = MONTH.map((m) => ({ traffic: m, bill: bill(m) }));
  for (const { traffic, bill: b } of bills) {
    const cheaper = b.rest < b.http ? yellow('  REST is cheaper') : '';
    const m = (n: number): string => `${thousandsOf(Math.floor(n / 1_000_000))} M`;
    console.log(`  ${pad(traffic.name, 30)}${pad(m(b.requests), 11, 'right')}${pad(m(b.httpUnits), 12, 'right')}${pad(green(formatDollars(b.http)), 12, 'right')}${pad(formatDollars(b.rest), 12, 'right')}${cheaper}`);
  }
  console.log(dim(`  HTTP: $1.00 per million to 300 M, $0.90 after; a request counts once per 512 KB (1.8 MB = ${httpUnits(1_800_000)}).`));
  console.log(dim('  REST: $3.50 per million to 333 M, $2.80 to 1 B, $2.38 to 20 B, $1.51 after.'));

  heading(`2. throttling: account ${thousandsOf(ACCOUNT_RPS)} rps (burst ${thousandsOf(ACCOUNT_BURST)}), ${Object.entries(ROUTE_LIMITS).map(([k, l]) => `${k.split(' ').slice(1).join(' ')} ${l.rps} rps (burst ${l.burst})`).join(', ')}`);
  for (const c of CLIENTS) console.log(dim(`  ${pad(c.name, 11)} ${pad(`${c.route} on the ${c.api} API`, 32)} ${c.schedule.map((s) => `${thousandsOf(s.rps)} rps from ${s.fromMs / 1000} to ${s.toMs / 1000} s`).join(', ')}`));
  const totals = await throttleScene();

  // Facts the Go original establishes too; a test compares them.
  for (const { traffic, bill: b } of bills) {
    milestone(`${traffic.name}: HTTP API`, formatDollars(b.http));
    milestone(`${traffic.name}: REST API`, formatDollars(b.rest));
  }
  CLIENTS.forEach((c, i) => {
    milestone(`${c.name}: ok`, totals[i]!.ok);
    milestone(`${c.name}: 429 (route)`, totals[i]!.route);
    milestone(`${c.name}: 429 (account)`, totals[i]!.account);
  });

  heading('summary');
  const [shopRead, reports, importer] = totals as [Tally, Tally, Tally];
  const [small, steady, uploads] = bills as [(typeof bills)[number], (typeof bills)[number], (typeof bills)[number]];
  const line = (label: string, text: string): void => console.log(`  ${pad(label, 17)}${text}`);
  line('monthly bill', `${steady.traffic.name}: HTTP ${green(formatDollars(steady.bill.http))}, REST ${formatDollars(steady.bill.rest)}; ${small.traffic.name}: ${formatDollars(small.bill.http)} vs ${formatDollars(small.bill.rest)}`);
  line('512 KB metering', `${uploads.traffic.name} count ${httpUnits(1_800_000)} times each: HTTP ${formatDollars(uploads.bill.http)}, REST ${formatDollars(uploads.bill.rest)}`);
  const reportsSent = reports.ok + reports.route + reports.account;
  line('route level', `${reports.route} of ${reportsSent} POST /reports got 429 from the route's bucket; no other route was touched by it`);
  const accountTotal = shopRead.account + reports.account + importer.account;
  line('account level', `${red(thousandsOf(accountTotal))} requests got 429 from the shared account bucket, ${red(thousandsOf(shopRead.account))} of them the storefront's, which never changed its pace`);
  line('per client', 'HTTP APIs have no per-client limit: keeping the importer from starving the storefront needs REST usage plans, a WAF rate rule or a limiter of your own');
}

function thousandsOf(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

runMain(main);
