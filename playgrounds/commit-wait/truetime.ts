/**
 * truetime.ts: an exact small model of TrueTime, leader timestamps and commit wait, rule by
 * rule as the Spanner paper describes them (Corbett et al., "Spanner: Google's Globally-
 * Distributed Database", OSDI 2012). Times are integer microseconds of true (absolute) time,
 * so the model gives the same answers in TypeScript and in main.go.
 *
 * - §3, TrueTime: TT.now() returns an interval [earliest, latest] guaranteed to contain the
 *   absolute time; ε is half its width. TT.after(t) is true once t has definitely passed,
 *   TT.before(t) while t has definitely not arrived.
 * - §3, where ε comes from: each machine's daemon polls the time masters every 30 s and,
 *   between polls, assumes its clock drifts at a pessimistic 200 µs/s. ε is the poll's own
 *   uncertainty (about 1 ms: the communication delay to the masters) plus that drift times the
 *   time since the poll, a sawtooth from about 1 ms to about 7 ms. The clock's real error is
 *   always inside ±ε: it starts inside the poll's uncertainty and drifts no faster than assumed.
 * - §4.1.2, leaders: a Paxos leader assigns timestamps that increase monotonically, even
 *   across the transactions of one group.
 * - §4.2.1, commit: the leader picks the commit timestamp s no less than TT.now().latest when
 *   the commit arrives (and larger than any timestamp it assigned before), replicates through
 *   Paxos, and does commit wait: no client sees the write until TT.after(s) is true. "The expected
 *   wait is at least 2ε̄"; the wait overlaps the Paxos round, so the reply goes out when both are done.
 */

/** One leader's clock: what TT.now() on that machine reports at each true time. */
export interface ClockParams {
  /** The leader's name, e.g. 'A'. */
  name: string;
  /** ε right after a poll of the time masters (µs): the poll's own uncertainty. */
  baseUs: number;
  /** The drift the daemon assumes between polls (µs of error per second). */
  assumedDriftUsPerS: number;
  /** Time between polls (µs). */
  syncEveryUs: number;
  /** How long before true time 0 the last poll happened (µs), 0 ≤ phaseUs < syncEveryUs. */
  phaseUs: number;
  /** The clock's real drift (µs per second); |driftUsPerS| ≤ assumedDriftUsPerS. */
  driftUsPerS: number;
  /** The clock's real error right after each poll (µs), |offset| ≤ baseUs; [0] is the poll at -phaseUs. */
  offsetsAtSyncUs: number[];
}

export interface Interval {
  earliest: number;
  latest: number;
}

/** Integer division that truncates toward zero, as Go's / on int64 does. */
function quo(a: number, b: number): number {
  return Math.trunc(a / b);
}

export class TrueTimeClock {
  readonly name: string;

  constructor(readonly params: ClockParams) {
    this.name = params.name;
    const p = params;
    if (p.phaseUs < 0 || p.phaseUs >= p.syncEveryUs) throw new Error(`clock ${p.name}: phase must be in [0, syncEvery)`);
    if (Math.abs(p.driftUsPerS) > p.assumedDriftUsPerS) throw new Error(`clock ${p.name}: real drift exceeds the assumed drift`);
    for (const o of p.offsetsAtSyncUs) if (Math.abs(o) > p.baseUs) throw new Error(`clock ${p.name}: offset ${o} µs exceeds ε after a poll`);
  }

  /** Which poll (index into offsetsAtSyncUs) governs true time t. */
  syncIndex(t: number): number {
    const k = Math.floor((t + this.params.phaseUs) / this.params.syncEveryUs);
    if (k < 0 || k >= this.params.offsetsAtSyncUs.length) throw new Error(`clock ${this.name}: time ${t} µs is outside the modelled polls`);
    return k;
  }

  /** Microseconds since the last poll, at true time t. */
  sinceSync(t: number): number {
    return t + this.params.phaseUs - this.syncIndex(t) * this.params.syncEveryUs;
  }

  /** ε at true time t: the poll's uncertainty plus the assumed drift since the poll. */
  epsilon(t: number): number {
    return this.params.baseUs + quo(this.params.assumedDriftUsPerS * this.sinceSync(t), 1_000_000);
  }

  /** The clock's real error at true time t (what the machine cannot know). */
  offset(t: number): number {
    return this.params.offsetsAtSyncUs[this.syncIndex(t)]! + quo(this.params.driftUsPerS * this.sinceSync(t), 1_000_000);
  }

  /** What the local clock reads at true time t. */
  reading(t: number): number {
    return t + this.offset(t);
  }

  /** TT.now() at true time t. */
  now(t: number): Interval {
    const c = this.reading(t);
    const e = this.epsilon(t);
    return { earliest: c - e, latest: c + e };
  }

  /** TT.after(s) at true time t: s has definitely passed. */
  after(s: number, t: number): boolean {
    return this.now(t).earliest > s;
  }

  /** TT.before(s) at true time t: s has definitely not arrived. */
  before(s: number, t: number): boolean {
    return this.now(t).latest < s;
  }

  /**
   * The first true time, from `from` on, at which TT.after(s) holds. Between two polls
   * `earliest` grows by at most 1 µs per µs (plus 2 µs of rounding), so the search may jump
   * ahead by s - earliest - 2 without passing the answer; it never jumps past a poll, where
   * ε drops and `earliest` can leap forward.
   */
  firstAfter(s: number, from: number): number {
    let t = from;
    for (;;) {
      const earliest = this.now(t).earliest;
      if (earliest > s) return t;
      const nextPoll = (this.syncIndex(t) + 1) * this.params.syncEveryUs - this.params.phaseUs;
      t += Math.max(1, Math.min(s - earliest - 2, nextPoll - t));
    }
  }
}

/** What happened to one commit at its leader, in true time (µs). */
export interface CommitRecord {
  leader: string;
  table: string;
  key: string;
  /** The commit request reached the leader, which picked s at once. */
  arriveUs: number;
  /** The commit timestamp. */
  s: number;
  /** ε when s was picked. */
  epsilonUs: number;
  /** The Paxos round to a majority finished. */
  paxosEndUs: number;
  /** TT.after(s) became true: commit wait is over (computed even when commit wait is off). */
  waitEndUs: number;
  /** The leader replied OK to the client. */
  replyUs: number;
  /** A poll of the time masters happened during the wait, which can shorten it. */
  polledDuringWait: boolean;
}

/** A Paxos leader: picks monotonically increasing commit timestamps from its TrueTime. */
export class Leader {
  private lastTs = Number.MIN_SAFE_INTEGER;

  constructor(
    readonly clock: TrueTimeClock,
    readonly table: string,
  ) {}

  get name(): string {
    return this.clock.name;
  }

  /**
   * Commits a write that arrives at true time arriveUs and whose Paxos round takes paxosUs.
   * With commitWait the reply waits for TT.after(s) too; without it, for Paxos only.
   */
  commit(key: string, arriveUs: number, paxosUs: number, commitWait: boolean): CommitRecord {
    const tt = this.clock.now(arriveUs);
    const s = Math.max(tt.latest, this.lastTs + 1);
    this.lastTs = s;
    const paxosEndUs = arriveUs + paxosUs;
    const waitEndUs = this.clock.firstAfter(s, arriveUs);
    const replyUs = commitWait ? Math.max(paxosEndUs, waitEndUs) : paxosEndUs;
    return {
      leader: this.name,
      table: this.table,
      key,
      arriveUs,
      s,
      epsilonUs: this.clock.epsilon(arriveUs),
      paxosEndUs,
      waitEndUs,
      replyUs,
      polledDuringWait: this.clock.syncIndex(waitEndUs) !== this.clock.syncIndex(arriveUs),
    };
  }
}

/** The random source the simulation draws from (_shared/random's Random has it). */
export interface IntSource {
  int(min: number, max: number): number;
}

export interface ClockSettings {
  baseUs: number;
  assumedDriftUsPerS: number;
  syncEveryUs: number;
  /** The simulation runs from true time 0 to this (µs); polls are modelled that far. */
  horizonUs: number;
}

/**
 * Draws one leader's clock: when it last polled, how fast it really drifts (within half the
 * assumed bound), and its error after each poll (within half the poll's uncertainty).
 * The draws, in this order, are the same in main.go.
 */
export function drawClock(name: string, settings: ClockSettings, random: IntSource): TrueTimeClock {
  const phaseUs = random.int(0, settings.syncEveryUs - 1);
  const half = quo(settings.assumedDriftUsPerS, 2);
  const driftUsPerS = random.int(-half, half);
  const polls = Math.floor((phaseUs + settings.horizonUs) / settings.syncEveryUs) + 1;
  const offsetsAtSyncUs: number[] = [];
  const halfBase = quo(settings.baseUs, 2);
  for (let i = 0; i < polls; i++) offsetsAtSyncUs.push(random.int(-halfBase, halfBase));
  return new TrueTimeClock({ name, ...settings, phaseUs, driftUsPerS, offsetsAtSyncUs });
}

/**
 * A Spanner database in simulation: one Paxos group (and leader) per table, a true-time
 * cursor, and the versions each commit wrote. commit() is what client.ReadWriteTransaction
 * returns (the commit timestamp, after the reply); readAt() is a read with
 * spanner.ReadTimestamp(ts): it sees a write if its timestamp is at or below ts.
 */
export class SimSpanner {
  /** True time now (µs). */
  now = 0;
  private readonly leaders = new Map<string, Leader>();
  private readonly versions = new Map<string, number>();

  constructor(
    leaders: Leader[],
    private readonly paxosUs: () => number,
    readonly commitWait: boolean,
  ) {
    for (const leader of leaders) this.leaders.set(leader.table, leader);
  }

  leaderOf(table: string): Leader {
    const leader = this.leaders.get(table);
    if (!leader) throw new Error(`no Paxos group holds table ${table}`);
    return leader;
  }

  /** Moves true time forward (never back). */
  advanceTo(t: number): void {
    this.now = Math.max(this.now, t);
  }

  /** A read-write transaction that writes table/key; returns when the client has its OK. */
  commit(table: string, key: string): CommitRecord {
    const record = this.leaderOf(table).commit(key, this.now, this.paxosUs(), this.commitWait);
    this.versions.set(`${table}/${key}`, record.s);
    this.now = record.replyUs;
    return record;
  }

  /** A read at timestamp ts: does it see the write to table/key? */
  readAt(ts: number, table: string, key: string): boolean {
    const s = this.versions.get(`${table}/${key}`);
    return s !== undefined && s <= ts;
  }
}

/** 1234 -> "1.234 ms"; -56 -> "-0.056 ms". */
export function formatMs(us: number): string {
  const sign = us < 0 ? '-' : '';
  const a = Math.abs(us);
  return `${sign}${Math.floor(a / 1000)}.${String(a % 1000).padStart(3, '0')} ms`;
}
