/**
 * The trace channel between a running playground and the page's timeline.
 *
 * A program writes each event to stdout as a private OSC escape sequence:
 *   ESC ] 7337 ; <JSON event> BEL
 * (playgrounds/_shared/trace.ts is the encoder on the program's side.) The page registers
 * an OSC handler for 7337 in xterm (`terminal.parser.registerOscHandler(TRACE_OSC, ...)`,
 * which hands over the JSON part: pass it to decodeTracePayload), so the events never
 * reach the screen; `npm run play` and anything else that prints the output strips them
 * with stripTrace or createTraceStream.
 *
 * Pure: no Node or DOM APIs, so the browser and the CLI share it.
 */

export const TRACE_OSC = 7337;
export const TRACE_START = `\x1b]${TRACE_OSC};`;
export const TRACE_END = '\x07';
/** ST, the other OSC terminator (ESC \), accepted when decoding. */
const STRING_TERMINATOR = '\x1b\\';

export type SpanStatus = 'ok' | 'error' | 'cancelled' | 'rejected' | 'fallback';
export type InstantLevel = 'info' | 'warn' | 'error';

/** t: milliseconds since the program started. A span's begin and end share lane and id. */
export type TraceEvent =
  | { t: number; kind: 'begin'; lane: string; id: string; name: string }
  | { t: number; kind: 'end'; lane: string; id: string; status: SpanStatus; detail?: string }
  | { t: number; kind: 'instant'; lane: string; name: string; level?: InstantLevel }
  /** A fact the demo establishes (a count, an outcome): the Go original emits the same ones, and a test compares them. */
  | { t: number; kind: 'milestone'; lane: string; name: string; value: MilestoneValue };

export type MilestoneValue = string | number | boolean;

const STATUSES: readonly string[] = ['ok', 'error', 'cancelled', 'rejected', 'fallback'];
const LEVELS: readonly string[] = ['info', 'warn', 'error'];

export function encodeTrace(event: TraceEvent): string {
  return TRACE_START + JSON.stringify(event) + TRACE_END;
}

export function isTraceEvent(value: unknown): value is TraceEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  if (typeof e.t !== 'number' || !Number.isFinite(e.t) || typeof e.lane !== 'string') return false;
  switch (e.kind) {
    case 'begin':
      return typeof e.id === 'string' && typeof e.name === 'string';
    case 'end':
      return typeof e.id === 'string' && STATUSES.includes(e.status as string) && (e.detail === undefined || typeof e.detail === 'string');
    case 'instant':
      return typeof e.name === 'string' && (e.level === undefined || LEVELS.includes(e.level as string));
    case 'milestone':
      return typeof e.name === 'string' && ['string', 'number', 'boolean'].includes(typeof e.value);
    default:
      return false;
  }
}

/** The JSON part of one sequence (what an xterm OSC handler receives); undefined if it is not a valid event. */
export function decodeTracePayload(payload: string): TraceEvent | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    return isTraceEvent(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface TraceChunk {
  /** The output with the trace sequences taken out. */
  text: string;
  events: TraceEvent[];
}

export interface TraceStream {
  /** Feeds a chunk of output. A sequence split across chunks is held until its end arrives. */
  push(chunk: string): TraceChunk;
  /** At the end of the output: returns what was held back (an unfinished trace sequence is dropped). */
  flush(): TraceChunk;
}

/** A sequence that never ends is given up after this many characters and shown as text. */
const MAX_PENDING = 1 << 20;

/** Splits a stream of output into text and trace events. */
export function createTraceStream(): TraceStream {
  let pending = '';

  function push(chunk: string): TraceChunk {
    const data = pending + chunk;
    pending = '';
    const events: TraceEvent[] = [];
    let text = '';
    let pos = 0;
    for (;;) {
      const begin = data.indexOf(TRACE_START, pos);
      if (begin === -1) {
        // Hold back a tail that could be the start of a sequence cut in two.
        const keep = partialStartLength(data, pos);
        text += data.slice(pos, data.length - keep);
        pending = data.slice(data.length - keep);
        break;
      }
      text += data.slice(pos, begin);
      const payloadStart = begin + TRACE_START.length;
      const bel = data.indexOf(TRACE_END, payloadStart);
      const st = data.indexOf(STRING_TERMINATOR, payloadStart);
      const end = bel === -1 ? st : st === -1 ? bel : Math.min(bel, st);
      if (end === -1) {
        if (data.length - begin > MAX_PENDING) text += data.slice(begin);
        else pending = data.slice(begin);
        break;
      }
      const event = decodeTracePayload(data.slice(payloadStart, end));
      if (event) events.push(event);
      pos = end + (end === bel ? TRACE_END.length : STRING_TERMINATOR.length);
    }
    return { text, events };
  }

  function flush(): TraceChunk {
    const rest = pending;
    pending = '';
    return { text: rest.startsWith(TRACE_START) ? '' : rest, events: [] };
  }

  return { push, flush };
}

/** How many characters at the end of data (from pos on) are a proper prefix of TRACE_START. */
function partialStartLength(data: string, pos: number): number {
  const max = Math.min(TRACE_START.length - 1, data.length - pos);
  for (let n = max; n > 0; n--) {
    if (TRACE_START.startsWith(data.slice(data.length - n))) return n;
  }
  return 0;
}

/** Removes every trace sequence from a complete text. */
export function stripTrace(text: string): string {
  const stream = createTraceStream();
  return stream.push(text).text + stream.flush().text;
}

/** The trace events in a complete text. */
export function extractTraces(text: string): TraceEvent[] {
  return createTraceStream().push(text).events;
}
