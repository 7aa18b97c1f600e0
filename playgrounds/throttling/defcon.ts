/**
 * defcon.ts: planned degradation levels, and a controller that moves between them.
 *
 * The levels are the FOX talk's DEFCON modes (Golang NYC, 2021): DEFCON 5 is normal
 * operation, and each lower level switches features off through feature flags, with no
 * restart, while playback keeps working. The talk does not say which feature goes at which
 * level; the ladder below is the article's illustrative one for a playback API, not FOX's:
 *
 *   5  everything
 *   4  recommendations off
 *   3  personalised rails off (editorial rows for everyone)
 *   2  live metadata lookups and search off (cached metadata only)
 *   1  playback URL and ad decisions; analytics sampled
 *
 * A feature that needs at least level L runs while `on(L)`, like the article's
 * `defcon.On(minLevel)`. At FOX, operators changed the level; the Controller here automates
 * the rule an operator would follow, so the demo can run on its own:
 *
 * - Step down one level when the demand on the service reaches `stepDownAtPct` of its
 *   capacity, at most once per `cooldownMs`, so that the demand measured over the last
 *   window reflects the level just set before the next step is decided.
 * - Step up one level only after the demand has stayed below `restoreBelowPct` for
 *   `holdMs`. The gap between the two thresholds and the hold are the hysteresis: a feature
 *   put back adds its load again, and without the gap the level would flap.
 */

export type Level = 1 | 2 | 3 | 4 | 5;

export const NORMAL: Level = 5;

/** What each level switches off, in the article's illustrative ladder. */
export const LADDER: Record<Level, string> = {
  5: 'everything on',
  4: 'recommendations off',
  3: 'personalised rails off (editorial rows)',
  2: 'live metadata and search off (cached metadata)',
  1: 'playback and ads only; analytics sampled',
};

/** What stepping down to each level switches off; stepping up from it puts the same back. */
export const SWITCHED_OFF: Record<Level, string> = {
  5: '',
  4: 'recommendations',
  3: 'personalised rails',
  2: 'live metadata and search',
  1: 'full analytics',
};

/** The lowest level at which each switchable feature still runs. */
export const MIN_LEVEL = {
  recommendations: 5,
  personalisedRails: 4,
  liveMetadata: 3,
  search: 3,
  fullAnalytics: 2,
} as const;

export interface ControllerSettings {
  /** Step down when demand reaches this percentage of capacity. */
  stepDownAtPct: number;
  /** Step up only while demand stays below this percentage... */
  restoreBelowPct: number;
  /** ...for this long (ms). */
  holdMs: number;
  /** At least this long (ms) between a change and the next step down. */
  cooldownMs: number;
  /** The lowest level the controller may reach. Default 1. */
  floor?: Level;
}

export interface Change {
  at: number;
  from: Level;
  to: Level;
  demandPct: number;
}

export class Controller {
  private current: Level = NORMAL;
  private changedAt = -Infinity;
  private calmSince: number | undefined;
  private readonly floor: Level;

  constructor(
    private readonly settings: ControllerSettings,
    private readonly onChange?: (change: Change) => void,
  ) {
    this.floor = settings.floor ?? 1;
  }

  level(): Level {
    return this.current;
  }

  /** defcon.On(minLevel): whether a feature that needs at least minLevel may run. */
  on(minLevel: number): boolean {
    return this.current >= minLevel;
  }

  /** Sets the level by hand, as an operator would. */
  set(level: Level, now: number, demandPct = NaN): void {
    if (level === this.current) return;
    const from = this.current;
    this.current = level;
    this.changedAt = now;
    this.calmSince = undefined;
    this.onChange?.({ at: now, from, to: level, demandPct });
  }

  /** Called every evaluation period with the demand over the last window, as a percentage of capacity. */
  evaluate(now: number, demandPct: number): void {
    const { stepDownAtPct, restoreBelowPct, holdMs, cooldownMs } = this.settings;
    if (demandPct >= stepDownAtPct) {
      this.calmSince = undefined;
      if (this.current > this.floor && now - this.changedAt >= cooldownMs) this.set((this.current - 1) as Level, now, demandPct);
      return;
    }
    if (demandPct >= restoreBelowPct || this.current === NORMAL) {
      this.calmSince = undefined;
      return;
    }
    this.calmSince ??= now;
    if (now - this.calmSince >= holdMs) this.set((this.current + 1) as Level, now, demandPct);
  }
}
