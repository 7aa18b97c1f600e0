/**
 * gc-pacer: what a ballast, GOGC and GOMEMLIMIT do to GC frequency and assists.
 *
 * The article's example service (a 200 MiB live heap allocating 2 GiB/s, about Twitch's
 * Visage, in a 15 GiB container) under six settings: the defaults, a 10 GiB ballast, a limit
 * alone, GOGC=off with the limit, a high GOGC with the limit, and a ballast kept under the
 * limit. Scene 1 computes each heap goal with the formulas of runtime/mgcpacer.go, scene 2
 * runs ten seconds of the service (with a refresh storm) and draws every mark phase on the
 * timeline, scene 3 shows where the limit takes over and where it hurts.
 *
 * Everything here is simulated: pacer.ts is the model in content/go/gcpacer (whose tests pin
 * the article's table), plus a trigger-and-assist model from the same runtime source. main.go
 * runs the same model, then the real collector on a scaled-down heap.
 */
import { formatBytes, formatGiB, formatRate, GiB, HeapTimeline, MiB, OFF, perSecond, pacing, percentGoal, run, type Machine, type Service, type Settings } from './pacer';
import { VirtualClock } from '../_shared/clock';
import { instant, milestone, span, type Span } from '../_shared/trace';
import { bold, cyan, dim, green, heading, log, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const LIVE_MIB = 200; // the service's own live heap
const ROOTS_MIB = 0; // scannable stacks and globals (Go 1.18+ counts them in the goal)
const NON_HEAP_MIB = 100; // runtime memory that is not heap objects (stacks, metadata)
const ALLOC_GIB_PER_S = 2; // allocation rate at steady state
const BALLAST_GIB = 10; // Twitch's ballast
const CONTAINER_GIB = 15; // the container's memory limit
const GOMEMLIMIT_GIB = 12; // the soft limit: 80% of the container
const HIGH_GOGC = 2000; // the "ballast replacement" setting
const GOMAXPROCS = 8; // assumed: for the assist model only
const SCAN_MIB_PER_CPU_S = 800; // assumed: scannable heap one CPU marks per second
const SECONDS = 10; // scene 2: seconds of service time
const STORM = { from: 4, to: 6, factor: 2 }; // a refresh storm: allocation doubles from 4 s to 6 s
const PLAYBACK_MS_PER_S = 300; // real milliseconds per simulated second
const SPEED = 1; // 2 runs twice as fast; the output stays the same
// ──────────────────────────────────────────────────────────────────────────────────

const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);

const service: Service = { live: LIVE_MIB * MiB, roots: ROOTS_MIB * MiB, nonHeap: NON_HEAP_MIB * MiB, ballast: 0, allocRate: ALLOC_GIB_PER_S * GiB };
const ballasted: Service = { ...service, ballast: BALLAST_GIB * GiB };
const machine: Machine = { gomaxprocs: GOMAXPROCS, scanRate: SCAN_MIB_PER_CPU_S * MiB };
const limit = GOMEMLIMIT_GIB * GiB;

interface Mode {
  label: string;
  lane: string;
  svc: Service;
  s: Settings;
}

const modes: Mode[] = [
  { label: 'GOGC=100', lane: 'GOGC=100', svc: service, s: { gogc: 100, limit: 0 } },
  { label: `GOGC=100 and a ${BALLAST_GIB} GiB ballast`, lane: `${BALLAST_GIB} GiB ballast`, svc: ballasted, s: { gogc: 100, limit: 0 } },
  { label: `GOGC=100, GOMEMLIMIT=${GOMEMLIMIT_GIB}GiB`, lane: 'limit only', svc: service, s: { gogc: 100, limit } },
  { label: `GOGC=off, GOMEMLIMIT=${GOMEMLIMIT_GIB}GiB`, lane: 'GOGC=off + limit', svc: service, s: { gogc: OFF, limit } },
  { label: `GOGC=${HIGH_GOGC}, GOMEMLIMIT=${GOMEMLIMIT_GIB}GiB`, lane: `GOGC=${HIGH_GOGC} + limit`, svc: service, s: { gogc: HIGH_GOGC, limit } },
  { label: `${BALLAST_GIB} GiB ballast kept, GOMEMLIMIT=${GOMEMLIMIT_GIB}GiB`, lane: 'ballast + limit', svc: ballasted, s: { gogc: 100, limit } },
];

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

// ── scenes ────────────────────────────────────────────────────────────────────────

function sceneGoals(): void {
  heading('scene 1: the heap goal of each setting (runtime/mgcpacer.go)');
  log(dim(`live ${LIVE_MIB} MiB, roots ${ROOTS_MIB} MiB, ${ALLOC_GIB_PER_S} GiB/s; GOGC goal = live + (live + roots) × GOGC/100; limit goal = limit − non-heap − 3%; the smaller wins`));
  for (const m of modes) {
    const r = run(m.svc, m.s);
    const p = pacing(m.svc, m.s, machine);
    const pctGoal = percentGoal(m.s.gogc, { marked: m.svc.live + m.svc.ballast, roots: m.svc.roots, nonHeap: m.svc.nonHeap });
    const which = m.s.limit > 0 && (pctGoal === undefined || r.goal < pctGoal) ? yellow('the limit\'s goal') : 'the GOGC goal';
    log(`${bold(pad(m.label, 40))} goal ${pad(formatBytes(r.goal), 9, 'right')} (${which}), runway ${formatBytes(r.runway)} → ${cyan(formatRate(r.cyclesPerSecond))}`);
    const assists = p.assistBytes > 0 ? red(`trigger clamped at 45/64 of the way: assists mark ${Math.round(p.assistBytes / MiB)} MiB a cycle`) : green('background workers finish in time: no assists');
    log(dim(`  ${pad('', 40)} wants ${Math.round(p.wantedRunway / MiB)} MiB of runway for a 25% mark; `) + assists);
  }
}

async function sceneTimeline(): Promise<Map<string, HeapTimeline>> {
  heading(`scene 2: ${SECONDS} seconds of the service; a refresh storm (×${STORM.factor} allocation) from ${STORM.from} s to ${STORM.to} s`);
  const lines = new Map<string, HeapTimeline>();
  const open = new Map<string, Span>();
  for (const m of modes) lines.set(m.label, new HeapTimeline(m.svc, m.s, machine));
  const lastCycles = new Map<string, number>(modes.map((m) => [m.label, 0]));
  const stepSeconds = 0.005; // the model's time step
  const stepsPerChunk = 4; // one playback sleep per 20 ms of service time
  const totalSteps = Math.round(SECONDS / stepSeconds);
  const base = clock.now();
  log(dim(`cycles per second: ${modes.map((m) => m.lane).join(' | ')}`));
  for (let step = 0; step < totalSteps; step++) {
    const t = step * stepSeconds;
    const storming = t >= STORM.from && t < STORM.to;
    if (step === Math.round(STORM.from / stepSeconds)) {
      log(yellow(`refresh storm: allocation ×${STORM.factor}`));
      instant('traffic', 'refresh storm starts', 'warn');
    }
    if (step === Math.round(STORM.to / stepSeconds)) {
      log(green('storm over'));
      instant('traffic', 'refresh storm ends', 'info');
    }
    const rate = service.allocRate * (storming ? STORM.factor : 1);
    for (const m of modes) {
      const line = lines.get(m.label)!;
      for (const what of line.step(stepSeconds, rate)) {
        if (what === 'start') open.set(m.label, span(m.lane, `GC ${line.cycles + 1}: mark`));
        else {
          const p = pacing(m.svc, m.s, machine, rate);
          open.get(m.label)?.end(p.assistBytes > 0 ? 'error' : 'ok', p.assistBytes > 0 ? `assists marked ${Math.round(p.assistBytes / MiB)} MiB` : 'no assists');
          open.delete(m.label);
        }
      }
    }
    if ((step + 1) % Math.round(1 / stepSeconds) === 0) {
      const second = Math.round((step + 1) * stepSeconds);
      const counts = modes.map((m) => {
        const c = lines.get(m.label)!.cycles;
        const n = c - lastCycles.get(m.label)!;
        lastCycles.set(m.label, c);
        return pad(n, m.lane.length, 'right');
      });
      log(`t=${pad(second, 2, 'right')}s  ${counts.join(' | ')}`);
    }
    if ((step + 1) % stepsPerChunk === 0) await clock.sleep(base + ((step + 1) * stepSeconds * PLAYBACK_MS_PER_S) - clock.now());
  }
  for (const s of open.values()) s.end('ok', 'still marking when the run ended');
  return lines;
}

function sceneLimits(): void {
  heading('scene 3: where the limit takes over, and where it hurts');
  const grown: Service = { ...service, live: 3 * service.live };
  const g = run(grown, { gogc: HIGH_GOGC, limit });
  const pct3 = percentGoal(HIGH_GOGC, { marked: grown.live, roots: grown.roots, nonHeap: grown.nonHeap })!;
  const limitTookOver = g.goal < pct3;
  log(`live heap triples to ${grown.live / MiB} MiB under GOGC=${HIGH_GOGC}: its goal would be ${formatBytes(pct3)}; the limit caps it at ${formatBytes(g.goal)} (${formatRate(g.cyclesPerSecond)})`);
  const tight = Math.round(BALLAST_GIB * 0.96 * 10) / 10;
  const over = run(ballasted, { gogc: 100, limit: (tight * GiB) });
  log(red(`a ${BALLAST_GIB} GiB ballast under GOMEMLIMIT=${tight}GiB: goal ${formatBytes(over.goal)}, runway ${formatBytes(over.runway)} → ${formatRate(over.cyclesPerSecond)}`));
  log(dim('GOGC=off with the limit as the live heap grows toward it (a leak):'));
  for (const liveGiB of [0.2, 4, 8, 10, 11, 11.4]) {
    const r = run({ ...service, live: liveGiB * GiB }, { gogc: OFF, limit });
    const share = perSecond({ ...service, live: liveGiB * GiB }, { gogc: OFF, limit }, machine);
    log(`  live ${pad(liveGiB.toFixed(1), 4, 'right')} GiB: runway ${pad(formatBytes(r.runway), 9, 'right')}, ${pad(formatRate(r.cyclesPerSecond), 18)} GC ${share.gcShare > 0.5 ? red(`wants ${share.gcShare >= 1 ? 'every CPU' : pct(share.gcShare) + ' of CPU'}: past the CPU limiter's 50% cap`) : pct(share.gcShare) + ' of CPU'}`);
  }
  log(dim('  Past the cap the limiter stops assists and lets the heap overshoot the limit: the death spiral.'));
  milestone('GOGC=2000 with 600 MiB live: the limit goal takes over', limitTookOver);
  milestone(`ballast over a ${tight} GiB limit: back-to-back cycles`, over.cyclesPerSecond === Infinity);
}

async function main(): Promise<void> {
  console.log(bold('the GC pacer, simulated: ballast, GOGC and GOMEMLIMIT'));
  console.log(dim(`live heap ${LIVE_MIB} MiB, ${ALLOC_GIB_PER_S} GiB/s, ${NON_HEAP_MIB} MiB non-heap, a ${CONTAINER_GIB} GiB container, GOMEMLIMIT=${GOMEMLIMIT_GIB}GiB;`));
  console.log(dim(`assist model: GOMAXPROCS=${GOMAXPROCS}, ${SCAN_MIB_PER_CPU_S} MiB marked per CPU-second (assumed). A model of runtime/mgcpacer.go, not the runtime.`));

  sceneGoals();
  const lines = await sceneTimeline();
  sceneLimits();

  // Facts of the model, which main.go computes identically; a test compares them.
  for (const m of modes) {
    const r = run(m.svc, m.s);
    const line = lines.get(m.label)!;
    const steady = perSecond(m.svc, m.s, machine);
    milestone(`${m.label}: heap goal MiB`, Math.round(r.goal / MiB));
    milestone(`${m.label}: cycles in ${SECONDS} s`, line.cycles);
    milestone(`${m.label}: assist CPU per mille`, Math.round(steady.assistShare * 1000));
  }

  heading('summary');
  console.log(dim(`  the article's table (${LIVE_MIB} MiB live, ${ALLOC_GIB_PER_S} GiB/s, ${NON_HEAP_MIB} MiB non-heap, a ${CONTAINER_GIB} GiB container), then the assist model and scene 2's run`));
  const row = (a: string, b: string, c: string, d: string, e: string, f: string, g: string): void =>
    console.log(`  ${pad(a, 40)}${pad(b, 10, 'right')}${pad(c, 18, 'right')}${pad(d, 10, 'right')}${pad(e, 8, 'right')}${pad(f, 9, 'right')}${pad(g, 12, 'right')}`);
  row('setting', 'heap goal', 'GC cycles', 'peak RSS', 'GC CPU', 'assists', `${SECONDS} s run`);
  for (const m of modes) {
    const r = run(m.svc, m.s);
    const steady = perSecond(m.svc, m.s, machine);
    const line = lines.get(m.label)!;
    row(m.label, formatBytes(r.goal), formatRate(r.cyclesPerSecond), formatGiB(r.resident), pct(steady.gcShare), pct(steady.assistShare), `${line.cycles} cycles`);
  }
  console.log('');
  console.log(dim('  A limit far above the heap changes nothing: GOGC=100 with GOMEMLIMIT keeps the ten cycles a second'));
  console.log(dim('  the ballast removed. GOGC=off or a high GOGC, with the limit as the guard, is the replacement.'));
  console.log(dim('  All of it is the model in pacer.ts; main.go also runs the real collector on a scaled-down heap.'));
}

runMain(main);
