import type { TraceEvent } from '@/lib/playgrounds/trace-codec';
import { buildTimeline, formatMs, tickStep, type SpanView } from './timeline-model';

const STATUS_LABELS: Record<NonNullable<SpanView['status']> | 'open', string> = {
  ok: 'ok',
  error: 'error',
  cancelled: 'cancelled',
  rejected: 'rejected',
  fallback: 'fallback',
  open: 'running',
};

/**
 * The swimlane timeline under the terminal, in the spirit of `go tool trace`: one lane per
 * goroutine-like lane name, a bar per span coloured by how it ended, a tick per instant event.
 * Each lane is an SVG stretched to the width (preserveAspectRatio="none"), so it needs no
 * measuring. The drawing is hidden from assistive technology; a table carries the same events.
 */
export function Timeline({ id, events }: { id: string; events: readonly TraceEvent[] }) {
  if (events.length === 0) return null;
  const model = buildTimeline(events);
  const pct = (t: number) => `${((t / model.end) * 100).toFixed(3)}%`;
  const step = tickStep(model.end);
  const ticks: number[] = [];
  for (let t = 0; t <= model.end; t += step) ticks.push(t);
  const rows = model.lanes.flatMap((lane) => [
    ...lane.spans.map((span) => ({ lane: lane.name, t: span.start, what: span.name, end: span.end, outcome: span.status ? `${STATUS_LABELS[span.status]}${span.detail ? `: ${span.detail}` : ''}` : STATUS_LABELS.open })),
    ...lane.instants.map((instant) => ({ lane: lane.name, t: instant.t, what: instant.name, end: undefined, outcome: instant.level === 'info' ? 'event' : `event (${instant.level})` })),
  ]);
  rows.sort((a, b) => a.t - b.t);
  const shownRows = rows.slice(0, 300);
  const captionId = `pg-${id}-timeline-caption`;

  return (
    <figure className="pg-timeline" aria-labelledby={captionId}>
      <figcaption id={captionId} className="pg-timeline-caption">
        Timeline <span className="muted">· {model.spanCount} spans and {model.instantCount} events on {model.lanes.length} lanes, over {formatMs(model.end)}</span>
      </figcaption>
      <div className="pg-timeline-chart" aria-hidden="true">
        {model.lanes.map((lane) => (
          <div className="pg-lane" key={lane.name}>
            <span className="pg-lane-name" title={lane.name}>
              {lane.name}
            </span>
            <svg className="pg-lane-track" viewBox="0 0 1000 10" preserveAspectRatio="none" focusable="false">
              {lane.spans.map((span) => {
                const x = (span.start / model.end) * 1000;
                const w = Math.max((((span.end ?? model.end) - span.start) / model.end) * 1000, 3);
                return (
                  <rect key={span.id} x={x} y={1} width={w} height={8} className={`pg-span pg-span-${span.status ?? 'open'}${w < 6 ? ' pg-span-thin' : ''}`}>
                    <title>{`${lane.name}: ${span.name}, ${formatMs(span.start)} – ${span.end === undefined ? 'running' : formatMs(span.end)}, ${span.status ? STATUS_LABELS[span.status] : 'running'}${span.detail ? ` (${span.detail})` : ''}`}</title>
                  </rect>
                );
              })}
              {lane.instants.map((instant, i) => {
                const x = (instant.t / model.end) * 1000;
                return (
                  <line key={i} x1={x} x2={x} y1={0} y2={10} className={`pg-instant pg-instant-${instant.level}`}>
                    <title>{`${lane.name}: ${instant.name} at ${formatMs(instant.t)}`}</title>
                  </line>
                );
              })}
            </svg>
          </div>
        ))}
        <div className="pg-axis">
          <span className="pg-lane-name" />
          <div className="pg-axis-ticks">
            {ticks.map((t) => (
              <span key={t} className="pg-tick" style={{ left: pct(t) }}>
                {formatMs(t)}
              </span>
            ))}
          </div>
        </div>
      </div>
        <ul className="pg-legend" aria-hidden="true">
          {(['ok', 'error', 'cancelled', 'rejected', 'fallback', 'open'] as const).map((status) => (
            <li key={status}>
              <span className={`pg-swatch pg-span-${status}`} /> {STATUS_LABELS[status]}
            </li>
          ))}
          <li>
            <span className="pg-swatch pg-swatch-instant" /> event
          </li>
        </ul>
      <table className="visually-hidden">
        <caption>Timeline events in time order</caption>
        <thead>
          <tr>
            <th scope="col">Lane</th>
            <th scope="col">What</th>
            <th scope="col">Start</th>
            <th scope="col">End</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {shownRows.map((row, i) => (
            <tr key={i}>
              <td>{row.lane}</td>
              <td>{row.what}</td>
              <td>{formatMs(row.t)}</td>
              <td>{row.end === undefined ? '' : formatMs(row.end)}</td>
              <td>{row.outcome}</td>
            </tr>
          ))}
          {rows.length > shownRows.length && (
            <tr>
              <td colSpan={5}>and {rows.length - shownRows.length} more events</td>
            </tr>
          )}
        </tbody>
      </table>
    </figure>
  );
}
