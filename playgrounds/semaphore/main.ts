/**
 * semaphore: image resizes against a memory budget.
 *
 * A resize service decodes each image into memory before it scales it, and a weighted
 * semaphore (golang.org/x/sync/semaphore) keeps the decodes in flight under a budget: a job
 * acquires as many MB as its decoded pixels take (width × height × 4 bytes) and releases
 * them when it is done. The jobs replay the FIFO figure of the advanced-concurrency article:
 * A (40 MB) and B (30 MB) hold 70 of 100 MB; C wants 50 and waits at the head of the queue;
 * D (5), E (10) and F (20) would fit in the 30 MB free but queue behind C, and G's
 * TryAcquire fails for the same reason. When A releases its 40 MB, 70 are free: C, D and E
 * take 65, and F waits for 15 more. Run 2 gives C's Acquire a deadline: when it passes, C
 * leaves the head of the queue and the jobs behind it that fit go in at once.
 * main.go is the same program in Go, with the real semaphore.
 */
import { newWeighted, type Weighted } from './semaphore';
import { VirtualClock } from '../_shared/clock';
import { instant, milestone, span, type Span } from '../_shared/trace';
import { bold, dim, green, heading, log, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

interface Job {
  name: string;
  image: string;
  mb: number; // decode cost: width × height × 4 bytes
  arriveMs: number; // when it asks for its units
  resizeMs: number; // how long it holds them
  tryOnly?: boolean; // TryAcquire: skip the job if it cannot start at once
}

// ── Try changing these ────────────────────────────────────────────────────────────
const BUDGET_MB = 100; // semaphore.NewWeighted(BUDGET_MB): decoded pixels in memory at once
const JOBS: Job[] = [
  { name: 'A', image: 'hero-5000x2000.png', mb: 40, arriveMs: 0, resizeMs: 900 },
  { name: 'B', image: 'team-3000x2500.jpg', mb: 30, arriveMs: 0, resizeMs: 1600 },
  { name: 'C', image: 'pano-5000x2500.jpg', mb: 50, arriveMs: 100, resizeMs: 1000 },
  { name: 'D', image: 'avatar-1250x1000.png', mb: 5, arriveMs: 200, resizeMs: 300 },
  { name: 'E', image: 'shoe-2500x1000.jpg', mb: 10, arriveMs: 300, resizeMs: 500 },
  { name: 'F', image: 'cover-2500x2000.jpg', mb: 20, arriveMs: 400, resizeMs: 600 },
  { name: 'G', image: 'badge-1250x1000.png', mb: 5, arriveMs: 500, resizeMs: 100, tryOnly: true },
];
const DEADLINE_JOB = 'C'; // run 2 gives this job's Acquire a deadline...
const DEADLINE_MS = 350; // ...of this long after it arrives: context.WithTimeout(ctx, DEADLINE_MS)
const SPEED = 1; // 2 runs twice as fast; the output stays the same
// ──────────────────────────────────────────────────────────────────────────────────

// Virtual time: every run is the same, and it still advances at wall-clock pace.
const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);

class DeadlineExceeded extends Error {
  constructor() {
    super('context deadline exceeded');
  }
}

type Outcome =
  | { kind: 'done'; waitedMs: number }
  | { kind: 'gave up'; afterMs: number }
  | { kind: 'skipped'; free: number }
  | { kind: 'refused' };

const BUDGET_LANE = `budget (${BUDGET_MB} MB)`;
const laneOf = (job: Job): string => `job ${job.name} (${job.mb} MB)`;
const label = (job: Job): string => `${bold(job.name)} ${dim(pad(job.image, 20))}`;
const names = (jobs: readonly Job[]): string => jobs.map((j) => j.name).join(', ');

/** What one instant of a run did: its events, the jobs it admitted, the queue before it. */
interface Moment {
  events: string[];
  freed: boolean; // a job released its units or left the queue
  arrivals: Array<{ job: Job; free: number; ahead: Job[] }>;
  admitted: Job[];
  queueBefore: number;
  reported: Promise<void>;
}

/**
 * The run's books: the units held and the queue, kept from what the jobs report (the
 * semaphore shows neither), the log lines, and a report of each instant once everything the
 * instant caused has happened: a Release wakes its waiters a moment after it returns.
 */
class Books {
  held = 0;
  readonly queue: Job[] = []; // jobs waiting in Acquire, in the semaphore's order (arrival order)
  private moment: Moment | undefined;
  private budgetSpan: Span | undefined;
  private budgetName = '';

  constructor(
    readonly run: number,
    private readonly start: number,
  ) {
    this.updateBudgetSpan();
  }

  get free(): number {
    return BUDGET_MB - this.held;
  }

  /** Milliseconds since the run started. */
  now(): number {
    return clock.now() - this.start;
  }

  arrive(job: Job): void {
    this.at().arrivals.push({ job, free: this.free, ahead: [...this.queue] });
    this.queue.push(job);
    this.note(`${job.name} arrives, wants ${job.mb} MB`);
  }

  admitted(job: Job, waitedMs: number): void {
    this.leave(job);
    this.held += job.mb;
    this.at().admitted.push(job);
    const how = waitedMs === 0 ? 'acquires' : `admitted after ${waitedMs} ms, takes`;
    log(`${label(job)} ${green(how)} ${job.mb} MB: ${this.free} MB free`);
  }

  released(job: Job): void {
    this.held -= job.mb;
    this.note(`${job.name} releases ${job.mb} MB`);
    this.at().freed = true;
    log(`${label(job)} done, releases ${job.mb} MB: ${this.free} MB free`);
  }

  deadlinePassed(job: Job): void {
    this.note(`${job.name}'s deadline passes`);
    this.at().freed = true;
    log(`${label(job)} ${yellow(`gives up after ${DEADLINE_MS} ms: Acquire returns context deadline exceeded`)}`);
    instant(laneOf(job), 'deadline: Acquire gives up', 'warn');
  }

  tried(job: Job, ok: boolean): void {
    this.note(`${job.name} tries TryAcquire(${job.mb}): ${ok}`);
    if (ok) log(`${label(job)} TryAcquire(${job.mb}) = ${green('true')}`);
    else log(`${label(job)} TryAcquire(${job.mb}) = ${red('false')}: ${this.free} MB free, but ${names(this.queue)} ${this.queue.length === 1 ? 'is' : 'are'} queued; skipped`);
  }

  refused(job: Job): void {
    this.note(`${job.name} is refused`);
    log(`${label(job)} ${red(`refused: needs ${job.mb} MB of a ${BUDGET_MB} MB budget`)} (render's ErrTooLarge)`);
  }

  /** A job whose Acquire failed is no longer queued. */
  leave(job: Job): void {
    const i = this.queue.indexOf(job);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** Resolves once the last instant has been reported. */
  settled(): Promise<void> {
    return this.moment?.reported ?? Promise.resolve();
  }

  end(): void {
    this.budgetSpan?.end('ok');
  }

  private note(event: string): void {
    this.at().events.push(event);
  }

  /** The current instant; the first event of an instant books its report, due when the instant is over. */
  private at(): Moment {
    if (!this.moment) {
      const moment: Moment = { events: [], freed: false, arrivals: [], admitted: [], queueBefore: this.queue.length, reported: Promise.resolve() };
      // A timer for now fires after everything this instant set off, and before the next instant.
      moment.reported = clock.sleep(0).then(() => this.report(moment));
      this.moment = moment;
    }
    return this.moment;
  }

  private report(moment: Moment): void {
    this.moment = undefined;
    for (const { job, free, ahead } of moment.arrivals) {
      if (!this.queue.includes(job)) continue; // it went in at once
      const where = ahead.length === 0 ? 'waits at the head of the queue' : `${job.mb <= free ? 'it fits, but ' : ''}waits behind ${names(ahead)}`;
      log(`${label(job)} wants ${job.mb} MB, ${free} MB free: ${yellow(where)}`);
    }
    const head = this.queue[0];
    const queue = head ? `queue ${names(this.queue)}; ${head.name} needs ${head.mb - this.free} MB more` : 'queue empty';
    if (moment.queueBefore > 0 || this.queue.length > 0) {
      if (moment.freed) log(dim(`  ${this.free} MB free; ${queue}`));
      // Facts the Go original establishes too: the semaphore decides them, not the timing.
      const admitted = moment.admitted.length > 0 ? `${names(moment.admitted)} admitted` : 'none admitted';
      milestone(`run ${this.run}, ${this.now()} ms: ${moment.events.join(' + ')}`, `${admitted}; ${this.free} MB free; ${queue}`);
    }
    this.updateBudgetSpan();
  }

  /** The budget lane: one span per state of the pool, named by what is free and who waits. */
  private updateBudgetSpan(): void {
    const name = this.queue.length > 0 ? `${this.free} MB free, ${names(this.queue)} waiting` : `${this.free} MB free`;
    if (name === this.budgetName) return;
    this.budgetSpan?.end('ok');
    this.budgetSpan = span(BUDGET_LANE, name);
    this.budgetName = name;
  }
}

/** context.WithTimeout for the virtual clock: a signal that aborts after ms, and its cancel. */
function withTimeout(ms: number, onDeadline: () => void): { signal: AbortSignal; cancel: () => void } {
  const ctx = new AbortController();
  const timer = new AbortController();
  clock.sleep(ms, timer.signal).then(
    () => {
      onDeadline();
      ctx.abort(new DeadlineExceeded());
    },
    () => {}, // cancelled: the job got its units first
  );
  return { signal: ctx.signal, cancel: () => timer.abort() };
}

/** One job, as the article's render does it: Acquire its cost, resize, Release. */
async function resize(job: Job, memory: Weighted, books: Books, deadlineMs: number | undefined): Promise<Outcome> {
  await clock.sleep(job.arriveMs);
  const lane = laneOf(job);
  if (job.mb > BUDGET_MB) {
    // Asking for more than the whole budget would wait until the context ends: refuse it.
    books.refused(job);
    instant(lane, 'refused: larger than the budget', 'error');
    return { kind: 'refused' };
  }

  let waitedMs = 0;
  if (job.tryOnly) {
    const ok = memory.tryAcquire(job.mb);
    books.tried(job, ok);
    if (!ok) {
      instant(lane, `TryAcquire(${job.mb}) = false`, 'warn');
      return { kind: 'skipped', free: books.free };
    }
    books.admitted(job, 0);
  } else {
    const ctx = deadlineMs === undefined ? undefined : withTimeout(deadlineMs, () => books.deadlinePassed(job));
    const arrivedAt = clock.now();
    books.arrive(job);
    const waiting = span(lane, `Acquire(${job.mb})`);
    try {
      await memory.acquire(ctx?.signal, job.mb);
    } catch (err) {
      waiting.end('cancelled', err instanceof Error ? err.message : String(err));
      books.leave(job);
      return { kind: 'gave up', afterMs: clock.now() - arrivedAt };
    } finally {
      ctx?.cancel();
    }
    waitedMs = clock.now() - arrivedAt;
    waiting.end('ok', waitedMs === 0 ? 'at once' : `waited ${waitedMs} ms`);
    books.admitted(job, waitedMs);
  }

  const work = span(lane, `resize ${job.image}`);
  await clock.sleep(job.resizeMs);
  memory.release(job.mb); // defer memory.Release(cost)
  work.end('ok');
  books.released(job);
  return { kind: 'done', waitedMs };
}

interface Report {
  outcomes: Map<string, Outcome>;
  finishedMs: number;
}

function describe(outcome: Outcome | undefined): string {
  switch (outcome?.kind) {
    case 'done':
      return `waited ${outcome.waitedMs} ms`;
    case 'gave up':
      return `gave up after ${outcome.afterMs} ms`;
    case 'skipped':
      return 'skipped';
    case 'refused':
      return 'refused';
    default:
      return '?';
  }
}

async function runJobs(run: number, title: string, deadlines: Map<string, number>): Promise<Report> {
  heading(`run ${run}: ${title}`);
  const memory = newWeighted(BUDGET_MB);
  const books = new Books(run, clock.now());
  const runSpan = span('main', `run ${run}: ${title}`);
  const results = await Promise.all(JOBS.map((job) => resize(job, memory, books, deadlines.get(job.name))));
  await books.settled();
  books.end();
  const finishedMs = books.now();
  runSpan.end('ok');

  const outcomes = new Map(JOBS.map((job, i) => [job.name, results[i]!]));
  const line = JOBS.map((job) => `${job.name} ${describe(outcomes.get(job.name))}`).join(', ');
  log(bold(`all jobs finished after ${finishedMs} ms`));
  milestone(`run ${run}: outcomes`, line);
  milestone(`run ${run}: finished after (ms)`, finishedMs);
  return { outcomes, finishedMs };
}

function printSummary(a: Report, b: Report): void {
  heading('summary');
  const row = (cells: Array<[string | number, number, ('left' | 'right')?]>): void =>
    console.log(`  ${cells.map(([text, width, align]) => pad(text, width, align ?? 'left')).join('')}`.trimEnd());
  row([['job', 5], ['image', 22], ['MB', 4, 'right'], ['arrives', 10, 'right'], ['   run 1: FIFO', 24], [`run 2: deadline on ${DEADLINE_JOB}`, 24]]);
  for (const job of JOBS) {
    row([[job.name, 5], [job.image, 22], [job.mb, 4, 'right'], [`${job.arriveMs} ms`, 10, 'right'], [`   ${describe(a.outcomes.get(job.name))}`, 24], [describe(b.outcomes.get(job.name)), 24]]);
  }
  const queued = (r: Report): number =>
    [...r.outcomes.values()].reduce((sum, o) => sum + (o.kind === 'done' ? o.waitedMs : o.kind === 'gave up' ? o.afterMs : 0), 0);
  row([['time spent queued, all jobs', 41], [`   ${queued(a)} ms`, 24], [`${queued(b)} ms`, 24]]);
  row([['all jobs finished after', 41], [`   ${a.finishedMs} ms`, 24], [`${b.finishedMs} ms`, 24]]);
  console.log('');
  console.log(dim('  Waiters go in strictly in arrival order: a job at the head that does not fit holds back'));
  console.log(dim('  the jobs behind it, even those that would fit, and TryAcquire fails while anyone waits.'));
  console.log(dim('  A deadline on the big job\'s Acquire takes it out of the queue, and the waiters behind it'));
  console.log(dim('  that now fit go in at once.'));
}

async function main(): Promise<void> {
  console.log(bold('semaphore: image resizes against a memory budget'));
  console.log(dim(`semaphore.NewWeighted(${BUDGET_MB}); jobs in arrival order: ${JOBS.map((j) => `${j.name} ${j.mb} MB${j.tryOnly ? ' (TryAcquire)' : ''}`).join(', ')}`));
  const fifo = await runJobs(1, 'FIFO, no deadlines', new Map());
  const deadline = await runJobs(2, `the same jobs, a ${DEADLINE_MS} ms deadline on ${DEADLINE_JOB}'s Acquire`, new Map([[DEADLINE_JOB, DEADLINE_MS]]));
  printSummary(fifo, deadline);
}

runMain(main);
