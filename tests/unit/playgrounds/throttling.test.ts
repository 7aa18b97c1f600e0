import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Inf, InfDuration, Limiter, every } from '../../../playgrounds/throttling/rate';
import { Controller, LADDER, MIN_LEVEL, SWITCHED_OFF, type Change, type ControllerSettings } from '../../../playgrounds/throttling/defcon';

describe('rate port (golang.org/x/time/rate v0.15.0): the token bucket', () => {
  it('starts full: burst events at once, then none', () => {
    const lim = new Limiter(10, 3);
    assert.deepEqual([0, 0, 0, 0].map((t) => lim.allow(t)), [true, true, true, false]);
    assert.equal(lim.tokensAt(0), 0);
  });

  it('refills continuously at r tokens per second, not in whole tokens per tick', () => {
    const lim = new Limiter(10, 5);
    for (let i = 0; i < 5; i++) lim.allow(0);
    assert.equal(lim.tokensAt(50), 0.5);
    assert.equal(lim.allow(50), false, 'half a token is not a token');
    assert.equal(lim.allow(100), true, 'one token after 100 ms at 10/s');
    assert.equal(lim.allow(100), false);
  });

  it('never holds more than burst tokens, however long it was idle', () => {
    const lim = new Limiter(1000, 4);
    lim.allow(0);
    assert.equal(lim.tokensAt(60_000), 4);
    assert.deepEqual([1, 2, 3, 4, 5].map(() => lim.allow(60_000)), [true, true, true, true, false]);
  });

  it('allowN takes n tokens or none, and never allows more than burst at once', () => {
    const lim = new Limiter(10, 5);
    assert.equal(lim.allowN(0, 6), false, 'n > burst is never allowed');
    assert.equal(lim.tokensAt(0), 5, 'a refused request takes nothing');
    assert.equal(lim.allowN(0, 4), true);
    assert.equal(lim.allowN(0, 2), false);
    assert.equal(lim.tokensAt(0), 1);
  });

  it('a zero limit allows the initial burst once and never refills; the zero Limiter allows nothing', () => {
    const lim = new Limiter(0, 2);
    assert.deepEqual([0, 1000, 1e6].map((t) => lim.allow(t)), [true, true, false]);
    const zero = new Limiter();
    assert.equal(zero.allow(0), false);
    assert.equal(zero.allow(1e6), false);
  });

  it('Inf allows every event, even with burst 0', () => {
    const lim = new Limiter(Inf, 0);
    for (let i = 0; i < 100; i++) assert.equal(lim.allow(0), true);
    assert.equal(lim.reserveN(0, 50).delayFrom(0), 0);
  });

  it('a time before the last update adds no tokens (the bucket does not run backwards)', () => {
    const lim = new Limiter(10, 1);
    assert.equal(lim.allow(1000), true);
    assert.equal(lim.allow(900), false);
    assert.equal(lim.tokensAt(900), 0);
  });

  it('every(interval) is one event per interval', () => {
    assert.equal(every(100), 10);
    assert.equal(every(0), Inf);
    assert.equal(every(-5), Inf);
  });

  it('reserveN lets the bucket go negative and says how long to wait', () => {
    const lim = new Limiter(10, 1);
    assert.equal(lim.reserveN(0, 1).delayFrom(0), 0);
    const second = lim.reserveN(0, 1);
    assert.equal(second.delayFrom(0), 100);
    assert.equal(second.delayFrom(40), 60);
    assert.equal(lim.reserveN(0, 1).delayFrom(0), 200, 'each reservation queues behind the previous');
    assert.equal(lim.reserveN(0, 2).OK(), false, 'more than burst can never be reserved');
    assert.equal(lim.reserveN(0, 2).delayFrom(0), InfDuration);
  });

  it('cancelAt gives back a reservation\'s tokens, except those reserved after it (values printed by Go)', () => {
    const lim = new Limiter(10, 2);
    lim.allowN(0, 2);
    const a = lim.reserveN(0, 1); // acts at 100 ms
    a.cancelAt(10);
    assert.equal(lim.tokensAt(10), 0.09999999999999998, 'a is undone; only the refill is left');
    const b = lim.reserveN(20, 1);
    const c = lim.reserveN(20, 1); // reserved after b
    assert.deepEqual([b.delayFrom(20), c.delayFrom(20)], [80, 180]);
    b.cancelAt(20);
    assert.equal(lim.tokensAt(20), -1.8, 'c was reserved after b and keeps its claim, so b gives nothing back');
    assert.equal(lim.reserveN(20, 1).delayFrom(20), 280);
  });

  it('setLimitAt and setBurstAt keep the tokens accumulated so far', () => {
    const lim = new Limiter(10, 10);
    lim.allowN(0, 10);
    lim.setLimitAt(500, 100); // 5 tokens by now, at the old rate
    assert.equal(lim.tokensAt(500), 5);
    assert.equal(lim.tokensAt(530), 8);
    lim.setBurstAt(530, 2);
    assert.equal(lim.tokensAt(530), 2, 'a smaller burst caps the tokens at once');
    assert.equal(lim.allowN(530, 2), true);
    assert.equal(lim.tokensAt(530), 0);
    assert.equal(lim.burst(), 2);
    assert.equal(lim.limit(), 100);
  });

  it('matches golang.org/x/time/rate bit for bit: AllowN and TokensAt at irregular times (values printed by Go)', () => {
    // rate.NewLimiter(7.3, 3); after each AllowN(t, 1), TokensAt(t). Generated with Go 1.27.3 and x/time v0.15.0.
    const golden = [
      { at: 0, ok: true, tokens: 2 },
      { at: 0, ok: true, tokens: 1 },
      { at: 0, ok: true, tokens: 0 },
      { at: 0, ok: false, tokens: 0 },
      { at: 37, ok: false, tokens: 0.2701 },
      { at: 137, ok: true, tokens: 9.999999999998899e-5 },
      { at: 138, ok: false, tokens: 0.007399999999999989 },
      { at: 274, ok: true, tokens: 0.00019999999999997797 },
      { at: 275, ok: false, tokens: 0.007499999999999978 },
      { at: 411, ok: true, tokens: 0.00029999999999996696 },
      { at: 999, ok: true, tokens: 2 },
      { at: 1000, ok: true, tokens: 1.0072999999999999 },
      { at: 1001, ok: true, tokens: 0.014599999999999946 },
      { at: 1136.5, ok: true, tokens: 0.003750000000000142 },
      { at: 1273, ok: true, tokens: 0.00020000000000020002 },
      { at: 5000, ok: true, tokens: 2 },
      { at: 5000.25, ok: true, tokens: 1.0018250000000002 },
    ];
    const lim = new Limiter(7.3, 3);
    for (const step of golden) {
      assert.deepEqual({ at: step.at, ok: lim.allow(step.at), tokens: lim.tokensAt(step.at) }, step);
    }
    // rate.NewLimiter(rate.Every(130*time.Millisecond), 2); ReserveN(t, 1).DelayFrom(t), in ms.
    const r = new Limiter(every(130), 2);
    assert.deepEqual(
      [0, 0, 0, 10, 400].map((t) => r.reserveN(t, 1).delayFrom(t)),
      [0, 0, 130, 250, 0],
    );
  });
});

describe('DEFCON controller: planned degradation with hysteresis', () => {
  const settings: ControllerSettings = { stepDownAtPct: 85, restoreBelowPct: 55, holdMs: 500, cooldownMs: 250 };
  const controller = (s: Partial<ControllerSettings> = {}) => {
    const changes: Change[] = [];
    const c = new Controller({ ...settings, ...s }, (change) => changes.push(change));
    return { c, changes };
  };

  it('the ladder sheds features in order, and playback depends on nothing switchable', () => {
    const { c } = controller();
    const features = () => Object.entries(MIN_LEVEL).filter(([, min]) => c.on(min)).map(([name]) => name);
    assert.deepEqual(features(), ['recommendations', 'personalisedRails', 'liveMetadata', 'search', 'fullAnalytics']);
    c.set(4, 0);
    assert.deepEqual(features(), ['personalisedRails', 'liveMetadata', 'search', 'fullAnalytics']);
    c.set(3, 0);
    assert.deepEqual(features(), ['liveMetadata', 'search', 'fullAnalytics']);
    c.set(2, 0);
    assert.deepEqual(features(), ['fullAnalytics']);
    c.set(1, 0);
    assert.deepEqual(features(), []);
    assert.equal(SWITCHED_OFF[4], 'recommendations');
    assert.match(LADDER[1], /playback and ads only/);
  });

  it('steps down one level per evaluation at or above the threshold, and not below the floor', () => {
    const { c, changes } = controller({ floor: 3 });
    c.evaluate(250, 84.9);
    assert.equal(c.level(), 5, 'below the threshold nothing happens');
    c.evaluate(500, 85);
    c.evaluate(750, 120);
    c.evaluate(1000, 120);
    assert.equal(c.level(), 3);
    assert.deepEqual(changes.map((ch) => [ch.at, ch.from, ch.to, ch.demandPct]), [
      [500, 5, 4, 85],
      [750, 4, 3, 120],
    ]);
  });

  it('waits cooldownMs after a change before stepping down again', () => {
    const { c } = controller({ cooldownMs: 500 });
    c.evaluate(250, 100);
    c.evaluate(500, 100);
    assert.equal(c.level(), 4, 'the demand measured so far includes the old level');
    c.evaluate(750, 100);
    assert.equal(c.level(), 3);
  });

  it('restores a level only after demand stays below restoreBelowPct for holdMs', () => {
    const { c } = controller();
    c.set(2, 0);
    c.evaluate(250, 54);
    c.evaluate(500, 54);
    assert.equal(c.level(), 2, 'calm for 250 ms of 500');
    c.evaluate(750, 54);
    assert.equal(c.level(), 3);
    c.evaluate(1000, 40);
    c.evaluate(1250, 40);
    assert.equal(c.level(), 3, 'the hold starts again after each restore');
    c.evaluate(1500, 40);
    assert.equal(c.level(), 4);
  });

  it('between the thresholds the level holds (hysteresis), and a busy evaluation resets the hold', () => {
    const { c } = controller();
    c.set(3, 0);
    for (let t = 250; t <= 2500; t += 250) c.evaluate(t, 70);
    assert.equal(c.level(), 3);
    c.evaluate(2750, 50);
    c.evaluate(3000, 60); // not calm: the hold starts over
    c.evaluate(3250, 50);
    c.evaluate(3500, 50);
    assert.equal(c.level(), 3);
    c.evaluate(3750, 50);
    assert.equal(c.level(), 4);
  });

  it('never goes above normal operation', () => {
    const { c, changes } = controller();
    for (let t = 250; t <= 5000; t += 250) c.evaluate(t, 0);
    assert.equal(c.level(), 5);
    assert.equal(changes.length, 0);
  });
});
