/**
 * Trace events -> swimlanes for the playground's timeline.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTimeline, formatMs, tickStep } from '../../../components/playground/timeline-model';

describe('the timeline model', () => {
  test('pairs spans by lane and id, keeps lanes in order of first appearance, and places instants', () => {
    const model = buildTimeline([
      { t: 0, kind: 'begin', lane: 'main', id: 's1', name: 'g.Wait()' },
      { t: 1, kind: 'begin', lane: 'worker 1', id: 's2', name: 'task 1' },
      { t: 2, kind: 'begin', lane: 'worker 2', id: 's2', name: 'task 2' }, // same id on another lane: another span
      { t: 50, kind: 'end', lane: 'worker 1', id: 's2', status: 'error', detail: 'boom' },
      { t: 51, kind: 'instant', lane: 'worker 2', name: 'cancel observed', level: 'warn' },
      { t: 52, kind: 'end', lane: 'worker 2', id: 's2', status: 'cancelled' },
      { t: 60, kind: 'instant', lane: 'main', name: 'wait returned' },
    ]);
    assert.deepEqual(
      model.lanes.map((l) => l.name),
      ['main', 'worker 1', 'worker 2'],
    );
    assert.equal(model.end, 60);
    assert.equal(model.spanCount, 3);
    assert.equal(model.instantCount, 2);
    const [main, w1, w2] = model.lanes;
    assert.deepEqual(main!.spans[0], { id: 's1', name: 'g.Wait()', start: 0 }); // still open: no end, no status
    assert.deepEqual(w1!.spans[0], { id: 's2', name: 'task 1', start: 1, end: 50, status: 'error', detail: 'boom' });
    assert.equal(w2!.spans[0]!.status, 'cancelled');
    assert.deepEqual(w2!.instants[0], { t: 51, name: 'cancel observed', level: 'warn' });
    assert.equal(main!.instants[0]!.level, 'info');
  });

  test('an end without a begin is ignored, and an empty trace has a non-zero axis', () => {
    const model = buildTimeline([{ t: 5, kind: 'end', lane: 'x', id: 'nope', status: 'ok' }]);
    assert.equal(model.lanes.length, 0);
    assert.equal(buildTimeline([]).end, 1);
  });

  test('axis ticks are round, a handful per axis', () => {
    assert.equal(tickStep(840), 200);
    assert.equal(tickStep(6050), 2000);
    assert.equal(tickStep(60), 10);
    for (const end of [37, 999, 1234, 9_999, 61_000]) {
      const n = end / tickStep(end);
      assert.ok(n >= 2 && n <= 7, `${end}: ${n} ticks`);
    }
    assert.equal(formatMs(200), '200 ms');
    assert.equal(formatMs(2000), '2 s');
  });
});
