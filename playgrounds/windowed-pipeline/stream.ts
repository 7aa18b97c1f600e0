/**
 * stream.ts: the seeded log of content/go/grabwindow's tests (window_test.go: stream, oracle,
 * closedBy), ported call for call so that seed 2 and 2,000 events give the stream the article's
 * numbers come from ("67 of 165 windows wrong ... 1,159 bookings instead of 1,766").
 *
 * One partition's log: bookings in five cells over about half an hour, logged in offset order.
 * Most reach the log within seconds of happening, some are out of order by up to 50 s, one in
 * twenty arrives minutes late, and a producer's retries append one in twenty a second time.
 */
import { PCG, Rand } from './pcg';
import { truncate, windowKey, type Event } from './window';

/** 2026-12-04 10:00:00 UTC, the tests' t0. */
export const T0 = Date.UTC(2026, 11, 4, 10, 0, 0);

export const CELLS = ['w21z6', 'w21z7', 'w21zd', 'w21ze', 'w21zk'];

const MINUTE = 60_000;

export function stream(seed: number, n: number): Event[] {
  const r = new Rand(new PCG(seed, 42));
  const log: Event[] = [];
  let logged = T0;
  for (let i = 0; log.length < n; i++) {
    logged += r.intN(2000);
    let delay = r.intN(50_000);
    if (r.intN(20) === 0) delay = (2 + r.intN(4)) * MINUTE; // late
    const e: Event = { id: `b${i}`, cell: CELLS[r.intN(CELLS.length)]!, at: logged - delay, logged, offset: 0 };
    log.push(e);
    if (r.intN(20) === 0) {
      // a retry: same booking, appended again a little later
      logged += r.intN(3000);
      log.push({ ...e, logged });
    }
  }
  log.forEach((e, i) => (e.offset = i));
  return log;
}

/**
 * The totals straight from the definition: a window holds the distinct IDs of the events that
 * reached the log before the window's end plus the allowed lateness.
 */
export function oracle(events: readonly Event[], size: number, lateness: number): Map<string, number> {
  const ids = new Map<string, Set<string>>();
  for (const e of events) {
    const start = truncate(e.at, size);
    if (e.logged < start + size + lateness) {
      const key = windowKey({ start: start / 1000, cell: e.cell });
      let set = ids.get(key);
      if (!set) ids.set(key, (set = new Set()));
      set.add(e.id);
    }
  }
  return new Map([...ids].map(([key, set]) => [key, set.size]));
}

/** The windows that end at or before the watermark. */
export function closedBy(totals: ReadonlyMap<string, number>, watermark: number, size: number): Map<string, number> {
  return new Map([...totals].filter(([key]) => Number(key.split('/')[0]) * 1000 + size <= watermark));
}
