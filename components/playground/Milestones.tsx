import type { TraceEvent } from '@/lib/playgrounds/trace-codec';

/**
 * The facts the run established (its milestone events: counts, outcomes, sequences of states).
 * The TypeScript demo and its Go original emit the same ones (a test compares them), so running
 * both shows the port agrees with the real Go program.
 */
export function Milestones({ id, events }: { id: string; events: readonly TraceEvent[] }) {
  const milestones = events.filter((e): e is Extract<TraceEvent, { kind: 'milestone' }> => e.kind === 'milestone');
  if (milestones.length === 0) return null;
  const headingId = `pg-${id}-milestones`;
  return (
    <section className="pg-milestones" aria-labelledby={headingId}>
      <p className="pg-milestones-title" id={headingId}>
        What this run established
      </p>
      <dl>
        {milestones.map((m, i) => (
          <div key={i} className="pg-milestone">
            <dt>{m.name}</dt>
            <dd>{String(m.value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
