/**
 * window.ts: a port of content/go/grabwindow/window.go, the Go Field Guide's tested sketch of a
 * windowed count that survives redelivery, rewind and replay ("Event sourcing at Grab"; Grab's
 * own framework is not public). It counts bookings per map cell in tumbling event-time windows.
 *
 * Three rules carry the design:
 * - State is idempotent: each event is upserted into its window under its event ID, and a
 *   window's total is the number of distinct IDs it holds. Applying an event twice, in any
 *   order, changes nothing.
 * - Lateness is decided from the log, not from the pod: an event counts if the log accepted it
 *   within `lateness` of its window's end. A replay reads the same log timestamps (Kafka's
 *   LogAppendTime), so it makes the same decisions.
 * - Totals are recomputed, never accumulated in memory: when the watermark closes a window,
 *   its total is read back from the store and written to the sink, overwriting what it held.
 * And the pod commits no further than the earliest event of any window not yet flushed, so a
 * restart re-touches every unflushed window.
 *
 * Go to TypeScript: times are milliseconds since the Unix epoch. A window's start is in Unix
 * seconds, as in Go, so the key does not depend on the time zone an event carried. Store and
 * Sink are synchronous here (Go's return errors, for the pipeline's wait/skip/retry policy).
 */

/** One booking as it arrives from one partition of the log. */
export interface Event {
  id: string; // unique per booking: the idempotency key
  cell: string; // geohash cell the booking started in
  at: number; // event time: when the booking happened
  logged: number; // log time: when the log appended it (a replay keeps it)
  offset: number; // position in the partition
  /** The time zone `at` was stamped in (Go: the time.Time's Location). Only the naive version looks at it. */
  zone?: string;
}

/** One tumbling window of one cell: its start in Unix seconds, and the cell. */
export interface Window {
  start: number;
  cell: string;
}

/** A Window as a map key ("1796378400/w21z6"): Go compares the struct's fields. */
export const windowKey = (w: Window): string => `${w.start}/${w.cell}`;

export function parseWindowKey(key: string): Window {
  const [start, cell] = key.split('/');
  return { start: Number(start), cell: cell! };
}

/** Milliseconds from Go's zero time (January 1, year 1, UTC) to the Unix epoch. */
const GO_ZERO_TO_UNIX_MS = 62_135_596_800_000;

/**
 * Go's t.Truncate(d): rounds down to a multiple of d since the zero time (not since 1970), on
 * the absolute instant, whatever the time zone.
 */
export function truncate(t: number, d: number): number {
  if (d <= 0) return t;
  const since = t + GO_ZERO_TO_UNIX_MS;
  return t - (((since % d) + d) % d);
}

/** Holds window state outside the pod, so any pod can pick up any partition. Upsert must be idempotent. */
export interface Store {
  /** Records that event id belongs to window w. Recording the same id again changes nothing. */
  upsert(w: Window, id: string): void;
  /** How many distinct ids window w holds. */
  count(w: Window): number;
}

/** Receives final totals. put overwrites: the latest total for a window replaces any earlier one. */
export interface Sink {
  put(w: Window, total: number): void;
}

/** Counts bookings per cell in tumbling windows for one partition. */
export class Counter {
  private logTime = -Infinity; // the latest log time seen (Go: the zero time)
  private pending = new Map<string, number>(); // windows not yet flushed -> first offset that touched them
  private next = 0; // offset after the last event applied
  /** Events refused because they came too late. */
  late = 0;

  constructor(
    readonly size: number, // window length, e.g. one minute
    readonly lateness: number, // how long after a window ends its events still count
    readonly store: Store,
    readonly sink: Sink,
    /** The demo's window into flushes (for the timeline); the Go code has none. */
    private readonly onFlush?: (w: Window, total: number) => void,
  ) {}

  window(e: Event): Window {
    return { start: Math.floor(truncate(e.at, this.size) / 1000), cell: e.cell };
  }

  end(w: Window): number {
    return w.start * 1000 + this.size;
  }

  /** The event time up to which every window is complete: no event that still counts can belong to a window that ends before it. */
  watermark(): number {
    return this.logTime - this.lateness;
  }

  /** Counts one event. Call it in offset order. */
  apply(e: Event): void {
    if (e.logged > this.logTime) this.logTime = e.logged;
    this.next = e.offset + 1;
    const w = this.window(e);
    if (!(e.logged < this.end(w) + this.lateness)) {
      this.late++; // its window closed before the log had it
      return;
    }
    this.store.upsert(w, e.id);
    const key = windowKey(w);
    if (!this.pending.has(key)) this.pending.set(key, e.offset);
  }

  /** Writes the total of every pending window the watermark has closed. Windows still open stay pending. */
  flush(): void {
    const wm = this.watermark();
    // Deleting from a Map while iterating it is allowed, as it is for a Go map.
    for (const key of this.pending.keys()) {
      const w = parseWindowKey(key);
      if (this.end(w) > wm) continue; // still open
      const total = this.store.count(w);
      this.sink.put(w, total);
      this.onFlush?.(w, total);
      this.pending.delete(key);
    }
  }

  /**
   * The offset that is safe to commit to the log: the earliest event of any window not yet
   * flushed, or, with none pending, the offset after the last event. Restarting from it
   * re-touches every unflushed window, so none is left unwritten.
   */
  commitOffset(): number {
    let off = this.next;
    for (const first of this.pending.values()) off = Math.min(off, first);
    return off;
  }

  /** The offset after the last event applied (what a pod that commits too far would commit). */
  lastProcessed(): number {
    return this.next;
  }

  /** Windows applied but not yet flushed. */
  pendingWindows(): Window[] {
    return [...this.pending.keys()].map(parseWindowKey);
  }
}

/**
 * An in-memory Store, and a model of the real one: in a database it is a table keyed by
 * (window, cell, event id), where upsert is an insert that overwrites and count counts a
 * window's rows.
 */
export class MemStore implements Store {
  private readonly rows = new Map<string, Set<string>>();

  upsert(w: Window, id: string): void {
    const key = windowKey(w);
    let ids = this.rows.get(key);
    if (!ids) this.rows.set(key, (ids = new Set()));
    ids.add(id);
  }

  count(w: Window): number {
    return this.rows.get(windowKey(w))?.size ?? 0;
  }
}

/** A Sink that keeps the latest total per window (the tests' memSink). */
export class MemSink implements Sink {
  readonly totals = new Map<string, number>();
  /** Every put in order: the history a dashboard reading the sink would have seen. */
  readonly puts: Array<{ key: string; total: number; before: number | undefined }> = [];

  put(w: Window, total: number): void {
    const key = windowKey(w);
    this.puts.push({ key, total, before: this.totals.get(key) });
    this.totals.set(key, total);
  }
}
