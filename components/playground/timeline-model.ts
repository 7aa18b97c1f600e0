/**
 * Trace events -> swimlanes: one lane per lane name (in order of first appearance), spans
 * paired by id, instants as markers. Pure, so it is unit-tested and shared by the SVG and its
 * text alternative.
 */
import type { InstantLevel, SpanStatus, TraceEvent } from '@/lib/playgrounds/trace-codec';

export interface SpanView {
  id: string;
  name: string;
  start: number;
  /** undefined while the span is still open. */
  end?: number;
  status?: SpanStatus;
  detail?: string;
}

export interface InstantView {
  t: number;
  name: string;
  level: InstantLevel;
}

export interface LaneView {
  name: string;
  spans: SpanView[];
  instants: InstantView[];
}

export interface TimelineModel {
  lanes: LaneView[];
  /** The time axis runs from 0 to end (ms), at least 1. */
  end: number;
  spanCount: number;
  instantCount: number;
}

export function buildTimeline(events: readonly TraceEvent[]): TimelineModel {
  const lanes = new Map<string, LaneView>();
  const open = new Map<string, SpanView>();
  let end = 1;
  let spanCount = 0;
  let instantCount = 0;
  const lane = (name: string): LaneView => {
    let l = lanes.get(name);
    if (!l) lanes.set(name, (l = { name, spans: [], instants: [] }));
    return l;
  };
  for (const event of events) {
    end = Math.max(end, event.t);
    switch (event.kind) {
      case 'begin': {
        const span: SpanView = { id: event.id, name: event.name, start: event.t };
        lane(event.lane).spans.push(span);
        open.set(`${event.lane}\0${event.id}`, span);
        spanCount++;
        break;
      }
      case 'end': {
        const key = `${event.lane}\0${event.id}`;
        const span = open.get(key);
        if (!span) break;
        open.delete(key);
        span.end = Math.max(span.start, event.t);
        span.status = event.status;
        if (event.detail !== undefined) span.detail = event.detail;
        break;
      }
      case 'instant':
        lane(event.lane).instants.push({ t: event.t, name: event.name, level: event.level ?? 'info' });
        instantCount++;
        break;
    }
  }
  return { lanes: [...lanes.values()], end, spanCount, instantCount };
}

/** Round tick spacing for an axis of `end` ms: about 5 to 10 ticks. */
export function tickStep(end: number): number {
  const raw = end / 6;
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 2)} s` : `${Math.round(ms)} ms`;
}
