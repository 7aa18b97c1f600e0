import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { delayFrom, every, Inf, InfDuration, Limiter } from '../../../playgrounds/api-gateway/rate';
import { bill, formatDollars, HTTP_TIERS, httpUnits, REST_TIERS, tieredCost } from '../../../playgrounds/api-gateway/pricing';

// Times in nanoseconds, as in x/time/rate's rate_test.go: t0 and steps of d = 100 ms.
const d = 100_000_000;
const t0 = 5_000_000_000;
const t = (n: number): number => t0 + n * d;
const [t1, t2, t3, t4, t5, t9] = [t(1), t(2), t(3), t(4), t(5), t(9)];

/** rate_test.go's run(): TokensAt, then AllowN, step by step. */
function run(lim: Limiter, steps: Array<[time: number, tokens: number, n: number, ok: boolean]>): void {
  steps.forEach(([at, toks, n, ok], i) => {
    assert.equal(lim.tokensAt(at), toks, `step ${i}: tokensAt`);
    assert.equal(lim.allowN(at, n), ok, `step ${i}: allowN(${n})`);
  });
}

/** rate_test.go's runReserve(): ReserveN and when it may act. */
function reserve(lim: Limiter, at: number, n: number, act: number | undefined, ok: boolean): void {
  const r = lim.reserveN(at, n);
  assert.equal(r.ok, ok, `reserveN(${n}) ok`);
  if (ok) assert.equal(r.timeToAct, act, `reserveN(${n}) acts at`);
}

describe('rate port: the cases of x/time/rate\'s rate_test.go', () => {
  it('Every (close enough, as the Go test compares it)', () => {
    const closeEnough = (a: number, b: number): boolean => Math.abs(a / b) - 1 < 1e-9;
    assert.equal(every(0), Inf);
    assert.equal(every(-1), Inf);
    for (const [interval, limit] of [[1, 1e9], [1_000, 1e6], [1_000_000, 1e3], [100_000_000, 10], [2_000_000_000, 0.5], [2_500_000_000, 0.4], [10_000_000_000, 0.1]] as const) {
      assert.ok(closeEnough(every(interval), limit), `every(${interval}) = ${every(interval)}, want ${limit}`);
    }
  });

  it('LimiterBurst1: one token, refilled every 100 ms; n > burst always fails', () => {
    run(new Limiter(10, 1), [
      [t0, 1, 1, true], [t0, 0, 1, false], [t0, 0, 1, false],
      [t1, 1, 1, true], [t1, 0, 1, false], [t1, 0, 1, false],
      [t2, 1, 2, false], [t2, 1, 1, true], [t2, 0, 1, false],
    ]);
  });

  it('LimiterBurst3', () => {
    run(new Limiter(10, 3), [
      [t0, 3, 2, true], [t0, 1, 2, false], [t0, 1, 1, true], [t0, 0, 1, false],
      [t1, 1, 4, false], [t2, 2, 1, true], [t3, 2, 1, true], [t4, 2, 1, true],
      [t4, 1, 1, true], [t4, 0, 1, false], [t4, 0, 1, false], [t9, 3, 3, true], [t9, 0, 0, true],
    ]);
  });

  it('LimiterJumpBackwards: a time before the last one counts as no time passed', () => {
    run(new Limiter(10, 3), [
      [t1, 3, 1, true], [t0, 2, 1, true], [t0, 1, 1, true], [t0, 0, 1, false], [t0, 0, 1, false],
      [t1, 1, 1, true], [t1, 0, 1, false], [t1, 0, 1, false], [t2, 1, 1, true], [t2, 0, 1, false], [t2, 0, 1, false],
    ]);
  });

  it('noTruncationErrors: a limit of 1/1.3 per second still allows its first request', () => {
    assert.equal(new Limiter(0.7692307692307693, 1).allowN(t0, 1), true);
  });

  it('SimpleReserve: reservations queue up behind each other', () => {
    const lim = new Limiter(10, 2);
    reserve(lim, t0, 2, t0, true);
    reserve(lim, t0, 2, t2, true);
    reserve(lim, t3, 2, t4, true);
  });

  it('Mix: reservations and AllowN share the bucket, which can go negative', () => {
    const lim = new Limiter(10, 2);
    reserve(lim, t0, 3, undefined, false);
    reserve(lim, t0, 2, t0, true);
    run(lim, [[t1, 1, 2, false]]);
    reserve(lim, t1, 2, t2, true);
    run(lim, [[t1, -1, 1, false]]);
    run(lim, [[t3, 1, 1, true]]);
  });

  it('ReserveJumpBack, and a refused reservation changes nothing', () => {
    const lim = new Limiter(10, 2);
    reserve(lim, t1, 2, t1, true);
    reserve(lim, t0, 1, t1, true);
    reserve(lim, t2, 2, t3, true);
    reserve(lim, t0, 3, undefined, false);
    reserve(lim, t2, 1, t4, true);
    reserve(lim, t2, 1, t5, true);
  });

  it('ReserveSetLimit and ReserveSetBurst', () => {
    const a = new Limiter(5, 2);
    reserve(a, t0, 2, t0, true);
    reserve(a, t0, 2, t4, true);
    a.setLimitAt(t2, 10);
    reserve(a, t2, 1, t4, true);
    const b = new Limiter(5, 2);
    reserve(b, t0, 2, t0, true);
    reserve(b, t0, 2, t4, true);
    b.setBurstAt(t3, 4);
    reserve(b, t0, 4, t9, true);
    assert.equal(b.burst(), 4);
    assert.equal(a.limit(), 10);
  });

  it('ZeroLimit and TinyLimit: the bucket starts full, then never refills', () => {
    for (const limit of [0, 1e-10]) {
      const lim = new Limiter(limit, 1);
      assert.equal(lim.allowN(t0, 1), true);
      assert.equal(lim.allowN(t1, 1), false);
    }
  });

  it('Inf allows everything; delayFrom says how long a reservation waits', () => {
    const lim = new Limiter(Inf, 0);
    assert.equal(lim.allowN(t0, 1000), true);
    const r = new Limiter(10, 1).reserveN(t0, 1);
    assert.equal(delayFrom(r, t0), 0);
    const limiter = new Limiter(10, 1);
    limiter.allowN(t0, 1);
    assert.equal(delayFrom(limiter.reserveN(t0, 1), t0), d);
    assert.equal(delayFrom(new Limiter(10, 1).reserveN(t0, 2), t0), InfDuration);
  });
});

describe('API Gateway throttles as token buckets', () => {
  it('the account bucket takes 5,000 requests at once, then 10,000 a second', () => {
    const account = new Limiter(10_000, 5_000);
    let ok = 0;
    for (let i = 0; i < 8_000; i++) if (account.allowN(t0, 1)) ok++;
    assert.equal(ok, 5_000, 'a burst beyond the bucket gets 429s');
    let later = 0;
    for (let i = 0; i < 2_000; i++) if (account.allowN(t0 + 100_000_000, 1)) later++;
    assert.equal(later, 1_000, '100 ms later, 1,000 tokens have come back');
  });

  it('a route limit (50 rps, burst 100) refuses its own burst, and a refused request takes no account token', () => {
    const account = new Limiter(10_000, 5_000);
    const route = new Limiter(50, 100);
    let ok = 0;
    let routeRejected = 0;
    for (let i = 0; i < 300; i++) {
      const at = t0 + i * 1_000_000; // 300 requests in 300 ms
      if (!route.allowN(at, 1)) routeRejected++;
      else if (account.allowN(at, 1)) ok++;
    }
    assert.equal(ok, 114, 'the burst of 100, plus 50 a second for 0.3 s');
    assert.equal(routeRejected, 186);
    assert.ok(Math.abs(account.tokensAt(t0 + 299_000_000) - 5_000) < 1e-9, 'the account bucket is as good as full again');
  });
});

describe('API Gateway prices (us-east-1)', () => {
  it('the article\'s table: REST and HTTP for 10 M, 100 M, 300 M and 1 billion requests', () => {
    const cost = (n: number) => [formatDollars(tieredCost(n, REST_TIERS)), formatDollars(tieredCost(n, HTTP_TIERS))];
    assert.deepEqual(cost(10_000_000), ['$35.00', '$10.00']);
    assert.deepEqual(cost(100_000_000), ['$350.00', '$100.00']);
    assert.deepEqual(cost(300_000_000), ['$1,050.00', '$300.00']);
    assert.deepEqual(cost(1_000_000_000), ['$3,033.10', '$930.00'], '333 M at $3.50 + 667 M at $2.80; 300 M at $1.00 + 700 M at $0.90');
  });

  it('the worked case: 1,000 rps for a 30-day month, about $2,363 on HTTP and $6,822 on REST', () => {
    const b = bill({ name: 'steady', classes: [{ requests: 2_592_000_000, requestBytes: 4096 }] });
    assert.equal(formatDollars(b.http), '$2,362.80');
    assert.equal(formatDollars(b.rest), '$6,822.06');
  });

  it('1,000 requests an hour: $0.72 on HTTP and $2.52 on REST', () => {
    assert.equal(formatDollars(tieredCost(720_000, HTTP_TIERS)), '$0.72');
    assert.equal(formatDollars(tieredCost(720_000, REST_TIERS)), '$2.52');
  });

  it('the fourth REST tier starts above 20 billion requests', () => {
    const at20B = tieredCost(20_000_000_000, REST_TIERS);
    assert.equal(tieredCost(20_001_000_000, REST_TIERS) - at20B, 1_000_000 * 151, '1 M more requests at $1.51');
    assert.equal(formatDollars(tieredCost(20_001_000_000, REST_TIERS) - at20B), '$1.51');
  });

  it('HTTP APIs meter per 512 KB: 513 KB counts twice, 1.6 MB four times', () => {
    assert.equal(httpUnits(0), 1);
    assert.equal(httpUnits(512 * 1024), 1);
    assert.equal(httpUnits(513 * 1024), 2);
    assert.equal(httpUnits(1_600_000), 4);
    assert.equal(httpUnits(1_800_000), 4);
  });

  it('the self-check: 10 M uploads of 1.8 MB cost $40 on HTTP and $35 on REST', () => {
    const b = bill({ name: 'uploads', classes: [{ requests: 10_000_000, requestBytes: 1_800_000 }] });
    assert.equal(b.httpUnits, 40_000_000);
    assert.equal(formatDollars(b.http), '$40.00');
    assert.equal(formatDollars(b.rest), '$35.00');
  });

  it('formats dollars rounded to the cent, half up', () => {
    assert.equal(formatDollars(0), '$0.00');
    assert.equal(formatDollars(500_000), '$0.01');
    assert.equal(formatDollars(499_999), '$0.00');
    assert.equal(formatDollars(123_456_789_000_000), '$1,234,567.89');
  });
});
