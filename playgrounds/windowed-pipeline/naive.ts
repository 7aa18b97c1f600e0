/**
 * naive.ts: a port of the naive counter in content/go/grabwindow/naive_test.go, the sketch an
 * earlier edition of the "Event sourcing at Grab" article published. Each of its three choices
 * sounds right alone; together they lose data:
 * - deduplicate first: skip any event ID the (external) dedup store has already seen;
 * - count in memory, in a map keyed by the window's start as a time.Time, which compares its
 *   Location too, so one instant stamped in two time zones is two keys;
 * - on flush, overwrite the sink's row with the in-memory count and forget the window.
 * A late event for a flushed window then starts a fresh count that overwrites the stored
 * total, and a crash before a flush leaves dedup markers that make the replay skip everything.
 */
import { truncate, windowKey, type Event, type Sink } from './window';

/** The dedup store: in production an external store with a TTL, shared by every pod. */
export class NaiveSeen {
  private readonly ids = new Set<string>();

  /** true the first time an id is seen. */
  markNew(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    return true;
  }
}

interface NaiveCell {
  start: number; // ms
  zone: string; // part of the key, as a time.Time's Location is
  geohash: string;
  n: number;
}

export class NaiveCounter {
  private readonly counts = new Map<string, NaiveCell>();

  constructor(
    readonly size: number,
    readonly seen: NaiveSeen,
  ) {}

  apply(e: Event): void {
    if (!this.seen.markNew(e.id)) return; // redelivered or replayed: already counted
    const start = truncate(e.at, this.size);
    const zone = e.zone ?? 'UTC';
    const key = `${start}@${zone}/${e.cell}`;
    const cell = this.counts.get(key);
    if (cell) cell.n++;
    else this.counts.set(key, { start, zone, geohash: e.cell, n: 1 });
  }

  /** Writes every window that ended at or before the watermark, and forgets it. */
  flush(watermark: number, out: Sink): void {
    for (const [key, c] of this.counts) {
      if (c.start + this.size > watermark) continue;
      out.put({ start: Math.floor(c.start / 1000), cell: c.geohash }, c.n);
      this.counts.delete(key);
    }
  }

  /** Windows counted in memory and not yet written. */
  held(): string[] {
    return [...this.counts.values()].map((c) => windowKey({ start: Math.floor(c.start / 1000), cell: c.geohash }));
  }
}
