/**
 * errgroup: a bounded pipeline that fails fast.
 *
 * The pipeline from the errgroup talk (Golang NYC, 2021): a generator sends task numbers
 * on a buffered channel, a pool of workers takes them, and one task fails.
 * Run 1 uses errgroup.WithContext: the first error cancels the signal, and the generator
 * and the workers, which all watch it, stop. Run 2 does the same with a zero-value Group:
 * nothing is cancelled, the other workers finish everything, and wait() still returns the
 * first error. main.go is the same program in Go.
 */
import { Canceled, Group, withContext } from './errgroup';
import { Channel } from './channel';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span } from '../_shared/trace';
import { bold, cyan, dim, green, heading, log, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 42; // the same seed gives the same run
const TASKS = 12; // task numbers the generator sends
const WORKERS = 3; // g.SetLimit(WORKERS + 1): the workers plus the generator
const BUFFER = 2; // capacity of the tasks channel
const FAILING_TASK = 5; // this task fails (0: none does)
const WORK_MS = { min: 60, max: 160 }; // how long one task takes
const SPEED = 1; // 2 runs twice as fast; the output stays the same
// ──────────────────────────────────────────────────────────────────────────────────

// Virtual time: every run is the same, and it still advances at wall-clock pace.
const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);

// Each task's duration, drawn once so that both runs do the same work.
const random = createRandom(SEED);
const workMs = Array.from({ length: TASKS + 1 }, () => random.int(WORK_MS.min, WORK_MS.max));

type Mode = 'WithContext' | 'zero-value Group';

interface Report {
  mode: Mode;
  sent: number;
  completed: number;
  dropped: number; // tasks abandoned mid-work on cancellation
  sawCancel: number; // goroutines that observed the cancellation
  firstErrorAt?: number;
  startedAfterError: number;
  leftInBuffer: number;
  waitMs: number;
  err: unknown;
}

/** A goroutine saw ctx.Done(): say so, then stop like `return ctx.Err()`. */
function cancelObserved(lane: string, what: string, report: Report): never {
  report.sawCancel++;
  log(yellow(`${lane}: cancel observed, ${what}`));
  instant(lane, 'cancel observed', 'warn');
  throw Canceled;
}

/** Sends 1..TASKS, then closes the channel. Only the sender closes. */
async function generator(tasks: Channel<number>, signal: AbortSignal, report: Report): Promise<void> {
  const s = span('generator', 'send tasks');
  try {
    for (let task = 1; task <= TASKS; task++) {
      await tasks.send(task, signal); // select { case tasks <- task: case <-ctx.Done(): }
      report.sent++;
    }
    s.end('ok', `sent ${report.sent}`);
    log(dim(`generator: sent all ${TASKS} tasks, closes the channel`));
  } catch {
    s.end('cancelled', `sent ${report.sent} of ${TASKS}`);
    cancelObserved('generator', `stops after sending ${report.sent} of ${TASKS}`, report);
  } finally {
    tasks.close(); // defer close(tasks)
  }
}

/** Takes tasks until the channel is closed; watches the signal while waiting and while working. */
async function worker(id: number, tasks: Channel<number>, signal: AbortSignal, report: Report): Promise<void> {
  const lane = `worker ${id}`;
  for (;;) {
    let received;
    try {
      received = await tasks.recv(signal); // select { case task, ok := <-tasks: case <-ctx.Done(): }
    } catch {
      cancelObserved(lane, 'stops waiting for tasks', report);
    }
    if (!received.ok) return; // channel closed and drained: done

    const task = received.value;
    const ms = workMs[task] ?? WORK_MS.min;
    if (report.firstErrorAt !== undefined) report.startedAfterError++;
    const s = span(lane, `task ${task}`);
    try {
      await clock.sleep(ms, signal); // the work; it watches ctx.Done() too
    } catch {
      s.end('cancelled');
      report.dropped++;
      cancelObserved(lane, `drops task ${task}`, report);
    }
    if (task === FAILING_TASK) {
      const err = new Error(`worker ${id}: task ${task} failed`);
      s.end('error', err.message);
      report.firstErrorAt ??= clock.now();
      log(red(`${lane}: task ${task} failed, returns an error`));
      instant(lane, 'task failed', 'error');
      throw err;
    }
    s.end('ok');
    report.completed++;
    log(`${lane}: task ${task} done ${dim(`(${ms} ms)`)}`);
  }
}

async function runPipeline(run: number, mode: Mode): Promise<Report> {
  heading(`run ${run}: ${mode === 'WithContext' ? 'errgroup.WithContext' : 'zero-value errgroup.Group'}, SetLimit(${WORKERS + 1})`);
  // A zero-value Group has no context: its workers watch a signal that never aborts.
  const { group: g, signal } =
    mode === 'WithContext' ? withContext() : { group: new Group(), signal: new AbortController().signal };
  g.setLimit(WORKERS + 1);

  const report: Report = { mode, sent: 0, completed: 0, dropped: 0, sawCancel: 0, startedAfterError: 0, leftInBuffer: 0, waitMs: 0, err: undefined };
  const tasks = new Channel<number>(BUFFER);
  const startedAt = clock.now();
  const waitSpan = span('main', `run ${run}: g.Wait()`);

  await g.go(() => generator(tasks, signal, report));
  for (let id = 1; id <= WORKERS; id++) await g.go(() => worker(id, tasks, signal, report));

  report.err = await g.wait();
  report.waitMs = clock.now() - startedAt;
  report.leftInBuffer = tasks.length;
  const message = report.err instanceof Error ? report.err.message : 'no error';
  waitSpan.end(report.err ? 'error' : 'ok', message);
  instant('main', 'wait returned', report.err ? 'error' : 'info');

  log(bold(`wait() returned after ${report.waitMs} ms`));
  log(`first error: ${report.err ? red(message) : green(message)}`);
  // Facts the Go original establishes too (a test compares them); the failing worker's id depends on scheduling.
  milestone(`${mode}: first error`, message.replace(/^worker \d+: /, ''));
  if (mode === 'WithContext') {
    const cause = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
    milestone(`${mode}: context.Cause is the first error`, signal.reason === report.err);
    log(`context.Cause(ctx): ${cyan(cause)}`);
  } else {
    milestone(`${mode}: tasks sent`, report.sent);
    milestone(`${mode}: tasks completed`, report.completed);
    log(`nothing was cancelled: ${report.completed} tasks completed, ${report.startedAfterError} of them started after the error`);
  }
  return report;
}

function printSummary(a: Report, b: Report): void {
  heading('summary');
  const row = (label: string, x: string | number, y: string | number): void =>
    console.log(`  ${pad(label, 32)}${pad(x, 14, 'right')}${pad(y, 20, 'right')}`);
  row('', 'WithContext', 'zero-value Group');
  row('tasks sent', a.sent, b.sent);
  row('tasks completed', a.completed, b.completed);
  row('tasks dropped mid-work', a.dropped, b.dropped);
  row('tasks left in the channel', a.leftInBuffer, b.leftInBuffer);
  row('tasks started after the error', a.startedAfterError, b.startedAfterError);
  row('goroutines that saw the cancel', a.sawCancel, b.sawCancel);
  row('wait() returned after', `${a.waitMs} ms`, `${b.waitMs} ms`);
  const first = (r: Report): string => (r.err instanceof Error ? r.err.message : 'no error');
  console.log(`  ${pad('wait() returned', 32)}${first(a) === first(b) ? `${first(a)} (both runs)` : `${first(a)} / ${first(b)}`}`);
  console.log('');
  console.log(dim('  Both runs report the same first error. Only WithContext turns it into a cancellation,'));
  console.log(dim('  and only for code that watches the signal (ctx.Done() in Go).'));
}

async function main(): Promise<void> {
  console.log(bold('errgroup: a bounded pipeline that fails fast'));
  console.log(dim(`seed ${SEED}: ${TASKS} tasks, ${WORKERS} workers, channel buffer ${BUFFER}, task ${FAILING_TASK || 'none'} fails`));
  const withCtx = await runPipeline(1, 'WithContext');
  const plain = await runPipeline(2, 'zero-value Group');
  printSummary(withCtx, plain);
}

runMain(main);
