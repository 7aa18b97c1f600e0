import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  TRACE_OSC,
  TRACE_START,
  createTraceStream,
  decodeTracePayload,
  encodeTrace,
  extractTraces,
  stripTrace,
  type TraceEvent,
} from '../../../lib/playgrounds/trace-codec';
import * as playgroundTrace from '../../../playgrounds/_shared/trace';

const begin: TraceEvent = { t: 1.5, kind: 'begin', lane: 'worker 1', id: 's1', name: 'task 3' };
const end: TraceEvent = { t: 9, kind: 'end', lane: 'worker 1', id: 's1', status: 'cancelled', detail: 'ctx done' };
const mark: TraceEvent = { t: 9, kind: 'instant', lane: 'worker 1', name: 'cancel observed', level: 'warn' };
const fact: TraceEvent = { t: 10, kind: 'milestone', lane: '', name: 'tasks completed', value: 11 };

/** Captures what the program side writes to stdout while fn runs with GFG_TRACE set as given. */
function captureStdout(trace: string | undefined, fn: () => void): string {
  const original = process.stdout.write;
  const previous = process.env.GFG_TRACE;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  if (trace === undefined) delete process.env.GFG_TRACE;
  else process.env.GFG_TRACE = trace;
  try {
    fn();
  } finally {
    process.stdout.write = original;
    if (previous === undefined) delete process.env.GFG_TRACE;
    else process.env.GFG_TRACE = previous;
  }
  return out;
}

describe('trace codec', () => {
  it('encodes an event as ESC ] 7337 ; JSON BEL and decodes it back', () => {
    const encoded = encodeTrace(begin);
    assert.equal(encoded, `\x1b]7337;${JSON.stringify(begin)}\x07`);
    assert.deepEqual(decodeTracePayload(JSON.stringify(begin)), begin);
    assert.deepEqual(extractTraces(encodeTrace(begin) + encodeTrace(end) + encodeTrace(mark)), [begin, end, mark]);
  });

  it('rejects payloads that are not trace events', () => {
    for (const payload of ['not json', '{}', '{"t":1,"kind":"end","lane":"x","id":"a","status":"weird"}', '{"t":"1","kind":"instant","lane":"x","name":"n"}']) {
      assert.equal(decodeTracePayload(payload), undefined, payload);
    }
  });

  it('strips the sequences and keeps the text and its colours', () => {
    const text = `\x1b[32mhello\x1b[39m ${encodeTrace(begin)}world\n${encodeTrace(end)}`;
    assert.equal(stripTrace(text), '\x1b[32mhello\x1b[39m world\n');
  });

  it('drops an invalid sequence instead of showing it', () => {
    assert.equal(stripTrace(`a${TRACE_START}garbage\x07b`), 'ab');
  });

  it('accepts the ST terminator (ESC \\) too', () => {
    const text = `x${TRACE_START}${JSON.stringify(mark)}\x1b\\y`;
    assert.equal(stripTrace(text), 'xy');
    assert.deepEqual(extractTraces(text), [mark]);
  });

  it('handles a sequence split across chunks at every possible point', () => {
    const whole = `before \x1b[1mbold\x1b[22m ${encodeTrace(begin)} middle ${encodeTrace(mark)} after`;
    for (let cut = 0; cut <= whole.length; cut++) {
      const stream = createTraceStream();
      const a = stream.push(whole.slice(0, cut));
      const b = stream.push(whole.slice(cut));
      const c = stream.flush();
      assert.equal(a.text + b.text + c.text, 'before \x1b[1mbold\x1b[22m  middle  after', `cut at ${cut}`);
      assert.deepEqual([...a.events, ...b.events], [begin, mark], `cut at ${cut}`);
    }
  });

  it('holds back only what could start a sequence, and gives back a lone ESC at the end', () => {
    const stream = createTraceStream();
    assert.equal(stream.push('abc\x1b]73').text, 'abc');
    assert.equal(stream.push('x').text, '\x1b]73x', 'not a trace sequence after all');
    assert.equal(stream.push('end\x1b').text, 'end');
    assert.equal(stream.flush().text, '\x1b');
  });

  it('drops an unfinished trace sequence at the end of the output', () => {
    const stream = createTraceStream();
    assert.equal(stream.push(`ok${TRACE_START}{"t":1`).text, 'ok');
    assert.equal(stream.flush().text, '');
  });
});

describe('trace codec and playgrounds/_shared/trace.ts agree', () => {
  it('use the same OSC number and encoding', () => {
    assert.equal(playgroundTrace.TRACE_OSC, TRACE_OSC);
    for (const event of [begin, end, mark, fact]) assert.equal(playgroundTrace.encodeTrace(event), encodeTrace(event));
  });

  it('spans and instants written by a program decode into matching events', () => {
    const out = captureStdout('1', () => {
      const s = playgroundTrace.span('lane A', 'request 1');
      playgroundTrace.instant('lane A', 'breaker open', 'error');
      s.end('fallback', 'stale cache');
      s.end('ok'); // a second end is ignored
    });
    assert.equal(stripTrace(out), '');
    const events = extractTraces(out);
    assert.equal(events.length, 3);
    const [b, i, e] = events as [TraceEvent, TraceEvent, TraceEvent];
    assert.equal(b.kind, 'begin');
    assert.equal(e.kind, 'end');
    assert.equal(i.kind, 'instant');
    if (b.kind !== 'begin' || e.kind !== 'end' || i.kind !== 'instant') return;
    assert.equal(b.id, e.id);
    assert.deepEqual([b.lane, b.name], ['lane A', 'request 1']);
    assert.deepEqual([e.status, e.detail], ['fallback', 'stale cache']);
    assert.deepEqual([i.name, i.level], ['breaker open', 'error']);
    assert.ok(b.t <= i.t && i.t <= e.t && b.t >= 0);
  });

  it('writes nothing unless GFG_TRACE=1', () => {
    const out = captureStdout(undefined, () => {
      playgroundTrace.span('lane', 'x').end();
      playgroundTrace.instant('lane', 'y');
    });
    assert.equal(out, '');
  });
});
