import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeMainThread, type TraceEvent } from '../../../lib/perf/main-thread';

const PID = 7;
const MAIN = 1;
const OTHER = 2;
const meta = (tid: number, name: string): TraceEvent => ({ name: 'thread_name', ph: 'M', ts: 0, pid: PID, tid, args: { name } });
const x = (name: string, ts: number, durMs: number, tid = MAIN, url?: string): TraceEvent => ({ name, ph: 'X', ts, dur: durMs * 1000, pid: PID, tid, ...(url && { args: { data: { url } } }) });

describe('main-thread analysis of a trace', () => {
  const events: TraceEvent[] = [
    meta(MAIN, 'CrRendererMain'),
    meta(OTHER, 'Compositor'),
    // a 150 ms task: 100 ms evaluating react-dom.js (20 ms of which is GC inside it), 30 ms layout, 20 ms untracked
    x('RunTask', 0, 150),
    x('EvaluateScript', 1_000, 100, MAIN, 'http://x/react-dom.js'),
    x('MinorGC', 50_000, 20),
    x('Layout', 110_000, 30),
    // a short task: counted in all task time, not as a long task
    x('RunTask', 200_000, 30),
    x('ParseHTML', 200_000, 30),
    // a 60 ms task of HTML parsing
    x('RunTask', 300_000, 60),
    x('ParseHTML', 300_000, 60),
    // another thread's long task is not the page's
    x('RunTask', 0, 500, OTHER),
  ];
  const report = analyzeMainThread(events, (url) => url.split('/').pop()!);

  test('long tasks and blocking time are counted on the renderer main thread only', () => {
    assert.equal(report.longTasks, 2);
    assert.equal(report.longTaskMs, 210);
    assert.equal(report.blockingMs, 100 + 10);
    assert.equal(report.taskMs, 240);
  });

  test('each long task is split among its causes by self time, innermost cause wins', () => {
    const by = Object.fromEntries(report.causes.map((c) => [c.cause, c]));
    assert.equal(by['script: react-dom.js']!.longTaskMs, 80);
    assert.equal(by['garbage collection']!.longTaskMs, 20);
    assert.equal(by['layout']!.longTaskMs, 30);
    assert.equal(by['other']!.longTaskMs, 20);
    assert.equal(by['HTML parsing']!.longTaskMs, 60, 'the short task’s parsing is not in a long task');
    // blocking time of the first task (100 ms) shared by time: script 80/150 of it
    assert.ok(Math.abs(by['script: react-dom.js']!.blockingMs - (100 * 80) / 150) < 1e-9);
    assert.ok(Math.abs(by['HTML parsing']!.blockingMs - 10) < 1e-9);
    const shared = report.causes.reduce((sum, c) => sum + c.blockingMs, 0);
    assert.ok(Math.abs(shared - report.blockingMs) < 1e-9, 'blocking time is shared out exactly');
    assert.equal(report.causes[0]!.cause, 'script: react-dom.js', 'sorted by blocking time');
  });

  test('a trace with no renderer main thread gives an empty report', () => {
    assert.deepEqual(analyzeMainThread([x('RunTask', 0, 100)]).causes, []);
  });
});
