/**
 * Trace events for the playground's timeline: a span per task or request on its lane,
 * and instant events such as "cancel observed".
 *
 * Each event goes to stdout as one private OSC escape sequence, ESC ] 7337 ; <json> BEL,
 * and only when GFG_TRACE=1 (the browser runtimes set it). The terminal never shows it:
 * the page catches it with an OSC handler and `npm run play` strips it.
 * This file keeps its own tiny encoder because playground code cannot import from lib/;
 * lib/playgrounds/trace-codec.ts is the decoder, and a test checks that the two agree.
 */
import { elapsedMs } from './clock';

export type SpanStatus = 'ok' | 'error' | 'cancelled' | 'rejected' | 'fallback';
export type InstantLevel = 'info' | 'warn' | 'error';

export type TraceEvent =
  | { t: number; kind: 'begin'; lane: string; id: string; name: string }
  | { t: number; kind: 'end'; lane: string; id: string; status: SpanStatus; detail?: string }
  | { t: number; kind: 'instant'; lane: string; name: string; level?: InstantLevel }
  | { t: number; kind: 'milestone'; lane: string; name: string; value: string | number | boolean };

export const TRACE_OSC = 7337;

export function encodeTrace(event: TraceEvent): string {
  return `\x1b]${TRACE_OSC};${JSON.stringify(event)}\x07`;
}

function tracing(): boolean {
  return typeof process !== 'undefined' && process.env?.GFG_TRACE === '1';
}

function emit(event: TraceEvent): void {
  if (tracing()) process.stdout.write(encodeTrace(event));
}

/** Milliseconds since program start, to a tenth of a millisecond. */
function now(): number {
  return Math.round(elapsedMs() * 10) / 10;
}

export interface Span {
  readonly id: string;
  /** Ends the span; later calls are ignored. */
  end(status?: SpanStatus, detail?: string): void;
}

let spanCount = 0;

export function span(lane: string, name: string): Span {
  const id = `s${++spanCount}`;
  let ended = false;
  emit({ t: now(), kind: 'begin', lane, id, name });
  return {
    id,
    end(status: SpanStatus = 'ok', detail?: string) {
      if (ended) return;
      ended = true;
      emit(detail === undefined ? { t: now(), kind: 'end', lane, id, status } : { t: now(), kind: 'end', lane, id, status, detail });
    },
  };
}

export function instant(lane: string, name: string, level: InstantLevel = 'info'): void {
  emit({ t: now(), kind: 'instant', lane, name, level });
}

/**
 * A fact the run establishes ("origin calls with singleflight" = 15). The Go original emits the same
 * milestones through playgrounds/_shared/gfgtrace, and a test checks that the two programs agree.
 */
export function milestone(name: string, value: string | number | boolean, lane = ''): void {
  emit({ t: now(), kind: 'milestone', lane, name, value });
}
