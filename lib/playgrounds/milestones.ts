/**
 * Milestones: the facts a demo's run establishes (a count, an outcome), emitted as trace events by
 * the TypeScript demo (playgrounds/_shared/trace.ts `milestone`) and by its Go original
 * (playgrounds/_shared/gfgtrace `Milestone`). The two programs must agree on every one.
 * Pure: the runs themselves happen in the test.
 */
import { extractTraces, type MilestoneValue } from './trace-codec';

export interface Milestone {
  name: string;
  value: MilestoneValue;
}

/** The milestones in a program's raw output, in order. */
export function milestonesOf(output: string): Milestone[] {
  return extractTraces(output).flatMap((event) => (event.kind === 'milestone' ? [{ name: event.name, value: event.value }] : []));
}

/** What differs between two runs' milestones, one line per difference; empty when they agree. */
export function milestoneDifferences(a: Milestone[], b: Milestone[], labels: [string, string] = ['TypeScript', 'Go']): string[] {
  const differences: string[] = [];
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    if (x && y && x.name === y.name && x.value === y.value) continue;
    const show = (m: Milestone | undefined) => (m ? `${m.name} = ${JSON.stringify(m.value)}` : 'nothing');
    differences.push(`milestone ${i + 1}: ${labels[0]} has ${show(x)}, ${labels[1]} has ${show(y)}`);
  }
  return differences;
}
