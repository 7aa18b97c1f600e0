import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CircuitError,
  DefaultErrorPercentThreshold,
  DefaultMaxConcurrent,
  DefaultSleepWindow,
  DefaultTimeout,
  DefaultVolumeThreshold,
  ErrCircuitOpen,
  ErrMaxConcurrency,
  ErrTimeout,
  FallbackError,
  Hystrix,
  type CommandConfig,
} from '../../../playgrounds/circuit-breaker/hystrix';
import { deferred, manualClock, settle } from './helpers';

/** A Hystrix on a hand-moved clock: timeouts fire only when the test advances time. */
function setup(config?: CommandConfig) {
  const clock = manualClock(0);
  const timers: Array<{ at: number; fire: () => void }> = [];
  const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = { at: clock.now() + ms, fire: resolve };
      timers.push(timer);
      signal.addEventListener('abort', () => {
        timers.splice(timers.indexOf(timer), 1);
        reject(signal.reason);
      });
    });
  const advance = async (ms: number): Promise<void> => {
    clock.advance(ms);
    for (const timer of timers.filter((t) => t.at <= clock.now())) {
      timers.splice(timers.indexOf(timer), 1);
      timer.fire();
    }
    await settle();
  };
  const transitions: string[] = [];
  const h = new Hystrix({ now: clock.now, sleep, onStateChange: (_, from, to) => transitions.push(`${from}->${to}`) });
  if (config) h.configureCommand('cmd', config);
  return { h, clock, advance, transitions, pendingTimers: () => timers.length };
}

const boom = new Error('boom');
const succeed = async (): Promise<string> => 'ok';
const fail = async (): Promise<never> => {
  throw boom;
};

/** The error do() rejects with, or undefined. */
async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('hystrix port: settings and errors', () => {
  it('has hystrix-go\'s defaults and error messages', () => {
    assert.deepEqual([DefaultTimeout, DefaultMaxConcurrent, DefaultVolumeThreshold, DefaultSleepWindow, DefaultErrorPercentThreshold], [1000, 10, 20, 5000, 50]);
    assert.equal(ErrCircuitOpen.message, 'hystrix: circuit open');
    assert.equal(ErrMaxConcurrency.message, 'hystrix: max concurrency');
    assert.equal(ErrTimeout.message, 'hystrix: timeout');
    assert.ok(ErrTimeout instanceof CircuitError);
  });

  it('uses the default of 10 concurrent requests for an unconfigured command', async () => {
    const { h } = setup();
    const gate = deferred<string>();
    const running = Array.from({ length: 10 }, () => h.do('unconfigured', () => gate.promise));
    assert.equal(await errorOf(h.do('unconfigured', succeed)), ErrMaxConcurrency);
    gate.resolve('done');
    for (const r of await Promise.all(running)) assert.equal(r, 'done');
  });
});

describe('hystrix port: do, fallback and go', () => {
  it('resolves to run\'s value', async () => {
    const { h } = setup({ timeout: 100 });
    assert.equal(await h.do('cmd', succeed), 'ok');
  });

  it('hands run\'s error to the fallback, whose value becomes the result', async () => {
    const { h } = setup({ timeout: 100 });
    let seen: unknown;
    const value = await h.do('cmd', fail, (err) => {
      seen = err;
      return 'stale';
    });
    assert.equal(value, 'stale');
    assert.equal(seen, boom);
  });

  it('rejects with run\'s error when there is no fallback', async () => {
    const { h } = setup({ timeout: 100 });
    assert.equal(await errorOf(h.do('cmd', fail)), boom);
  });

  it('rejects with a FallbackError when the fallback fails too', async () => {
    const { h } = setup({ timeout: 100 });
    const err = await errorOf(
      h.do('cmd', fail, () => {
        throw new Error('cache empty');
      }),
    );
    assert.ok(err instanceof FallbackError);
    assert.equal((err as Error).message, "fallback failed with 'cache empty'. run error was 'boom'");
    assert.equal((err as FallbackError).runError, boom);
  });

  it('go resolves to the error the channel would carry, or undefined', async () => {
    const { h } = setup({ timeout: 100 });
    assert.equal(await h.go('cmd', succeed), undefined);
    assert.equal(await h.go('cmd', fail), boom);
  });
});

describe('hystrix port: timeout and concurrency', () => {
  it('rejects with ErrTimeout after the timeout and aborts run\'s signal', async () => {
    const { h, advance } = setup({ timeout: 100 });
    let runSignal: AbortSignal | undefined;
    const result = errorOf(
      h.do('cmd', (signal) => {
        runSignal = signal;
        return new Promise(() => {}); // never answers
      }),
    );
    await advance(99);
    assert.equal(runSignal?.aborted, false);
    await advance(1);
    assert.equal(await result, ErrTimeout);
    assert.equal(runSignal?.aborted, true);
    assert.equal(runSignal?.reason, ErrTimeout);
  });

  it('stops the timeout once run has answered', async () => {
    const { h, pendingTimers } = setup({ timeout: 100 });
    await h.do('cmd', succeed);
    await settle();
    assert.equal(pendingTimers(), 0);
  });

  it('rejects calls over maxConcurrentRequests at once, and frees the slot at the timeout', async () => {
    const { h, advance } = setup({ timeout: 100, maxConcurrentRequests: 2 });
    const hang = (): Promise<string> => new Promise(() => {});
    const a = errorOf(h.do('cmd', hang));
    const b = errorOf(h.do('cmd', hang));
    let ran = false;
    const c = await errorOf(
      h.do('cmd', async () => {
        ran = true;
        return 'x';
      }),
    );
    assert.equal(c, ErrMaxConcurrency);
    assert.equal(ran, false);
    await advance(100);
    assert.equal(await a, ErrTimeout);
    assert.equal(await b, ErrTimeout);
    assert.equal(await h.do('cmd', succeed), 'ok', 'the slots are free again');
  });
});

describe('hystrix port: the circuit', () => {
  const config = { timeout: 100, requestVolumeThreshold: 4, errorPercentThreshold: 50, sleepWindow: 1000 };

  it('stays closed below the request volume threshold, whatever the error rate', async () => {
    const { h } = setup(config);
    for (let i = 0; i < 3; i++) await errorOf(h.do('cmd', fail));
    assert.equal(h.getCircuit('cmd').isOpen, false);
    assert.equal(h.getCircuit('cmd').errorPercent, 100);
  });

  it('opens once the volume is reached and the error percentage reaches the threshold', async () => {
    const { h, transitions } = setup(config);
    await h.do('cmd', succeed);
    await h.do('cmd', succeed);
    await errorOf(h.do('cmd', fail));
    assert.equal(h.getCircuit('cmd').isOpen, false, '33% of 3 requests');
    await errorOf(h.do('cmd', fail));
    assert.equal(h.getCircuit('cmd').isOpen, true, '50% of 4 requests');
    assert.deepEqual(transitions, ['closed->open']);

    let ran = false;
    let fallbackErr: unknown;
    const value = await h.do(
      'cmd',
      async () => {
        ran = true;
        return 'fresh';
      },
      (err) => {
        fallbackErr = err;
        return 'stale';
      },
    );
    assert.equal(ran, false, 'an open circuit does not call run');
    assert.equal(value, 'stale');
    assert.equal(fallbackErr, ErrCircuitOpen);
  });

  it('rounds the error percentage like hystrix-go (int(x + 0.5))', async () => {
    const { h } = setup({ ...config, requestVolumeThreshold: 3, errorPercentThreshold: 67 });
    await h.do('cmd', succeed);
    await errorOf(h.do('cmd', fail));
    await errorOf(h.do('cmd', fail)); // 66.7% rounds to 67
    assert.equal(h.getCircuit('cmd').errorPercent, 67);
    assert.equal(h.getCircuit('cmd').isOpen, true);
  });

  it('after the sleep window lets one probe through; its success closes the circuit and clears the window', async () => {
    const { h, clock, transitions } = setup(config);
    for (let i = 0; i < 4; i++) await errorOf(h.do('cmd', fail));
    clock.advance(1000);
    assert.equal(await errorOf(h.do('cmd', succeed)), ErrCircuitOpen, 'not before the window has passed');
    clock.advance(1);
    const probe = deferred<string>();
    const probing = h.do('cmd', () => probe.promise);
    assert.equal(await errorOf(h.do('cmd', succeed)), ErrCircuitOpen, 'only one probe at a time');
    probe.resolve('recovered');
    assert.equal(await probing, 'recovered');
    assert.equal(h.getCircuit('cmd').state, 'closed');
    assert.equal(h.getCircuit('cmd').requests, 0, 'closing resets the metrics');
    assert.deepEqual(transitions, ['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('keeps the circuit open for another sleep window when the probe fails', async () => {
    const { h, clock } = setup(config);
    for (let i = 0; i < 4; i++) await errorOf(h.do('cmd', fail));
    clock.advance(1001);
    assert.equal(await errorOf(h.do('cmd', fail)), boom, 'the probe ran and failed');
    assert.equal(await errorOf(h.do('cmd', succeed)), ErrCircuitOpen);
    clock.advance(1001);
    assert.equal(await h.do('cmd', succeed), 'ok');
    assert.equal(h.getCircuit('cmd').isOpen, false);
  });

  it('counts timeouts and rejections as errors', async () => {
    const { h, advance } = setup({ ...config, maxConcurrentRequests: 1 });
    const hanging = errorOf(h.do('cmd', () => new Promise<string>(() => {})));
    assert.equal(await errorOf(h.do('cmd', succeed)), ErrMaxConcurrency);
    await advance(100);
    assert.equal(await hanging, ErrTimeout);
    assert.equal(h.getCircuit('cmd').requests, 2);
    assert.equal(h.getCircuit('cmd').errorPercent, 100);
  });

  it('forgets outcomes older than the 10-second rolling window', async () => {
    const { h, clock } = setup(config);
    for (let i = 0; i < 3; i++) await errorOf(h.do('cmd', fail));
    assert.equal(h.getCircuit('cmd').requests, 3);
    clock.advance(9_999);
    assert.equal(h.getCircuit('cmd').requests, 3, 'still inside the window');
    clock.advance(1);
    assert.equal(h.getCircuit('cmd').requests, 0, 'the bucket of second 0 has left the window');
    await errorOf(h.do('cmd', fail));
    assert.equal(h.getCircuit('cmd').isOpen, false, 'one failure in the window is below the volume threshold');
  });
});
