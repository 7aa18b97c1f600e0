import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Group } from '../../../playgrounds/singleflight/singleflight';
import { deferred, isSettled, settle } from './helpers';

describe('singleflight port: do', () => {
  it('runs fn once for concurrent callers of a key, and every caller gets its result, shared', async () => {
    const g = new Group<string>();
    let calls = 0;
    const gate = deferred<string>();
    const fn = (): Promise<string> => {
      calls++;
      return gate.promise;
    };
    const results = [g.do('k', fn), g.do('k', fn), g.do('k', fn)];
    gate.resolve('value');
    for (const r of await Promise.all(results)) assert.deepEqual(r, { val: 'value', err: undefined, shared: true });
    assert.equal(calls, 1);
  });

  it('reports shared=false to a caller that was alone', async () => {
    const g = new Group<number>();
    assert.deepEqual(await g.do('k', async () => 42), { val: 42, err: undefined, shared: false });
  });

  it('shares errors too, and never rejects', async () => {
    const g = new Group<string>();
    const boom = new Error('origin down');
    const gate = deferred<string>();
    const results = [g.do('k', () => gate.promise), g.do('k', () => gate.promise)];
    gate.reject(boom);
    for (const r of await Promise.all(results)) {
      assert.equal(r.err, boom);
      assert.equal(r.val, undefined);
      assert.equal(r.shared, true);
    }
  });

  it('turns a synchronous throw into err', async () => {
    const g = new Group();
    const boom = new Error('sync');
    const r = await g.do('k', () => {
      throw boom;
    });
    assert.equal(r.err, boom);
  });

  it('runs fn again once the earlier call has completed', async () => {
    const g = new Group<number>();
    let calls = 0;
    await g.do('k', async () => ++calls);
    const second = await g.do('k', async () => ++calls);
    assert.equal(calls, 2);
    assert.equal(second.val, 2);
    assert.equal(second.shared, false);
  });

  it('keeps keys apart', async () => {
    const g = new Group<string>();
    let calls = 0;
    const a = deferred<string>();
    const b = deferred<string>();
    const ra = g.do('a', () => (calls++, a.promise));
    const rb = g.do('b', () => (calls++, b.promise));
    a.resolve('A');
    b.resolve('B');
    assert.equal((await ra).val, 'A');
    assert.equal((await rb).val, 'B');
    assert.equal(calls, 2);
  });
});

describe('singleflight port: forget', () => {
  it('makes the next caller start a fresh call while the old one finishes for its own callers', async () => {
    const g = new Group<string>();
    const first = deferred<string>();
    const second = deferred<string>();
    let calls = 0;
    const a = g.do('k', () => (calls++, first.promise));
    const b = g.do('k', () => (calls++, first.promise));
    g.forget('k');
    const c = g.do('k', () => (calls++, second.promise));
    assert.equal(calls, 2, 'after forget, a new execution starts');

    first.resolve('old');
    assert.deepEqual(await a, { val: 'old', err: undefined, shared: true });
    assert.deepEqual(await b, { val: 'old', err: undefined, shared: true });
    assert.equal(await isSettled(c), false);

    // The old call's end must not have removed the new one: this caller joins it.
    const d = g.do('k', () => (calls++, Promise.resolve('third')));
    assert.equal(calls, 2);
    second.resolve('new');
    assert.deepEqual(await c, { val: 'new', err: undefined, shared: true });
    assert.deepEqual(await d, { val: 'new', err: undefined, shared: true });
  });

  it('is harmless for a key with no call', async () => {
    const g = new Group<number>();
    g.forget('nothing');
    assert.equal((await g.do('nothing', async () => 1)).val, 1);
  });
});

describe('singleflight port: doChan', () => {
  it('delivers the same result as do', async () => {
    const g = new Group<string>();
    const gate = deferred<string>();
    const viaDo = g.do('k', () => gate.promise);
    const viaChan = g.doChan('k', () => Promise.resolve('unused'));
    gate.resolve('v');
    assert.deepEqual(await viaChan, await viaDo);
    assert.deepEqual(await viaChan, { val: 'v', err: undefined, shared: true });
  });

  it('lets a caller give up on a slow leader, whose call goes on and counts the caller as shared', async () => {
    const g = new Group<string>();
    const gate = deferred<string>();
    let calls = 0;
    const leader = g.do('k', () => (calls++, gate.promise));
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5));
    const raced = await Promise.race([g.doChan('k', () => (calls++, gate.promise)), timeout]);
    assert.equal(raced, 'timeout');
    assert.equal(await isSettled(leader), false, 'the leader is still waiting');
    gate.resolve('late');
    assert.deepEqual(await leader, { val: 'late', err: undefined, shared: true });
    assert.equal(calls, 1);
    await settle();
  });
});
