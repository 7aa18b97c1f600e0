import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { milestoneDifferences, milestonesOf } from '../../../lib/playgrounds/milestones';
import { encodeTrace } from '../../../lib/playgrounds/trace-codec';

describe('milestones', () => {
  const out =
    'text ' +
    encodeTrace({ t: 1, kind: 'milestone', lane: '', name: 'calls', value: 40 }) +
    encodeTrace({ t: 2, kind: 'instant', lane: 'a', name: 'x' }) +
    encodeTrace({ t: 3, kind: 'milestone', lane: '', name: 'shared', value: true });

  it('are read from a raw output in order, other events left out', () => {
    assert.deepEqual(milestonesOf(out), [
      { name: 'calls', value: 40 },
      { name: 'shared', value: true },
    ]);
  });

  it('differences name the milestone, both values, and a missing one', () => {
    const a = milestonesOf(out);
    assert.deepEqual(milestoneDifferences(a, a), []);
    assert.deepEqual(milestoneDifferences(a, [{ name: 'calls', value: 39 }]), [
      'milestone 1: TypeScript has calls = 40, Go has calls = 39',
      'milestone 2: TypeScript has shared = true, Go has nothing',
    ]);
    assert.deepEqual(milestoneDifferences(a, [{ name: 'calls', value: '40' }, { name: 'shared', value: true }]), ['milestone 1: TypeScript has calls = 40, Go has calls = "40"']);
  });
});
