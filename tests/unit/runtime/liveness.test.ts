import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { watchLiveness, type LivenessTimers } from '../../../lib/runtime/liveness';

/** One interval timer, ticked by hand. */
function fakeTimers() {
  let callback: (() => void) | undefined;
  const timers: LivenessTimers = {
    setInterval: (fn) => {
      callback = fn;
      return 1;
    },
    clearInterval: () => {
      callback = undefined;
    },
  };
  return { timers, tick: () => callback?.(), running: () => callback !== undefined };
}

describe('sandbox liveness', () => {
  test('a frame that never answers is declared silent after the given number of missed pings, once', () => {
    const clock = fakeTimers();
    let pings = 0;
    let silent = 0;
    watchLiveness({ intervalMs: 500, misses: 3, ping: () => pings++, onSilent: () => silent++, timers: clock.timers });
    for (let i = 0; i < 3; i++) clock.tick();
    assert.equal(pings, 3);
    assert.equal(silent, 0, 'three unanswered pings are not yet too many');
    clock.tick();
    assert.equal(silent, 1);
    assert.equal(clock.running(), false, 'it stops itself');
    clock.tick();
    assert.equal(silent, 1);
  });

  test('any message resets the count: a slow but living frame is never declared silent', () => {
    const clock = fakeTimers();
    let silent = 0;
    const liveness = watchLiveness({ intervalMs: 500, misses: 2, ping: () => {}, onSilent: () => silent++, timers: clock.timers });
    for (let i = 0; i < 20; i++) {
      clock.tick();
      clock.tick();
      liveness.heard();
    }
    assert.equal(silent, 0);
    clock.tick();
    clock.tick();
    clock.tick();
    assert.equal(silent, 1);
  });

  test('stop ends the pings', () => {
    const clock = fakeTimers();
    let pings = 0;
    const liveness = watchLiveness({ intervalMs: 500, misses: 2, ping: () => pings++, onSilent: () => assert.fail('stopped'), timers: clock.timers });
    clock.tick();
    liveness.stop();
    assert.equal(clock.running(), false);
    assert.equal(pings, 1);
  });
});
