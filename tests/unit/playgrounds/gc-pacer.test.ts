/**
 * The GC pacer model (playgrounds/gc-pacer/pacer.ts): the formulas of runtime/mgcpacer.go as
 * content/go/gcpacer/pacer.go states them (the same numbers its pacer_test.go pins), the
 * trigger and assist rules, the article's table, and the demo end to end.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  formatBytes, formatGiB, formatRate, GiB, HeapTimeline, heapGoal, limitGoal, MiB, OFF, pacing, percentGoal, perSecond, run, trigger,
  type Machine, type Service, type Settings,
} from '../../../playgrounds/gc-pacer/pacer';
import { plain } from './helpers';

const near = (got: number, want: number, tol: number, what: string): void => assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want}`);

// The article's example service: 200 MiB live, 100 MiB non-heap, 2 GiB/s, GOMEMLIMIT=12GiB.
const svc: Service = { live: 200 * MiB, roots: 0, nonHeap: 100 * MiB, ballast: 0, allocRate: 2 * GiB };
const ballasted: Service = { ...svc, ballast: 10 * GiB };
const limit = 12 * GiB;
const machine: Machine = { gomaxprocs: 8, scanRate: 800 * MiB };

const table: Array<{ label: string; svc: Service; s: Settings; goalMiB: number; cycles: number; residentMiB: number }> = [
  { label: 'GOGC=100', svc, s: { gogc: 100, limit: 0 }, goalMiB: 400, cycles: 10.24, residentMiB: 500 },
  { label: 'GOGC=100 and a 10 GiB ballast', svc: ballasted, s: { gogc: 100, limit: 0 }, goalMiB: 20880, cycles: 0.196, residentMiB: 10740 },
  { label: 'GOGC=100, GOMEMLIMIT=12GiB', svc, s: { gogc: 100, limit }, goalMiB: 400, cycles: 10.24, residentMiB: 500 },
  { label: 'GOGC=off, GOMEMLIMIT=12GiB', svc, s: { gogc: OFF, limit }, goalMiB: 11822.4, cycles: 0.176, residentMiB: 11922.4 },
  { label: 'GOGC=2000, GOMEMLIMIT=12GiB', svc, s: { gogc: 2000, limit }, goalMiB: 4200, cycles: 0.512, residentMiB: 4300 },
  { label: '10 GiB ballast kept, GOMEMLIMIT=12GiB', svc: ballasted, s: { gogc: 100, limit }, goalMiB: 11822.4, cycles: 1.482, residentMiB: 1682.4 },
];

describe('gc-pacer model: the heap goal (the formulas of content/go/gcpacer)', () => {
  it('matches the GC guide\'s worked example: 8 MiB live plus 2 MiB of roots', () => {
    const h = { marked: 8 * MiB, roots: 2 * MiB, nonHeap: 0 };
    assert.equal(percentGoal(100, h), 18 * MiB);
    assert.equal(percentGoal(50, h), 13 * MiB);
    assert.equal(percentGoal(200, h), 28 * MiB);
    assert.equal(percentGoal(OFF, h), undefined, 'GOGC=off has no proportional goal');
    assert.equal(percentGoal(100, { marked: 1 * MiB, roots: 0, nonHeap: 0 }), 4 * MiB, 'the 4 MiB heap minimum');
  });

  it('turns the memory limit into a goal: limit − non-heap − 3%, never below the live heap', () => {
    assert.equal(limitGoal(1 * GiB, { marked: 10 * MiB, roots: 0, nonHeap: 24 * MiB }), 1000 * MiB - Math.floor((1000 * MiB) / 100) * 3);
    assert.equal(limitGoal(1 * GiB, { marked: 2 * GiB, roots: 0, nonHeap: 0 }), 2 * GiB);
  });

  it('uses the smaller goal: a limit only ever makes the GC run earlier', () => {
    const h = { marked: 200 * MiB, roots: 0, nonHeap: 100 * MiB };
    assert.equal(heapGoal({ gogc: 100, limit }, h), heapGoal({ gogc: 100, limit: 0 }, h), 'a limit far above the heap changes nothing');
    assert.equal(heapGoal({ gogc: OFF, limit: 0 }, h), Infinity);
    assert.ok(heapGoal({ gogc: 100, limit: 300 * MiB }, h) < 400 * MiB);
  });

  it('pins the article\'s table: the numbers of pacer_test.go\'s TestArticleTable', () => {
    for (const row of table) {
      const r = run(row.svc, row.s);
      near(r.goal / MiB, row.goalMiB, 0.05, `${row.label}: goal`);
      near(r.cyclesPerSecond, row.cycles, 0.0005, `${row.label}: cycles per second`);
      near(r.resident / MiB, row.residentMiB, 0.05, `${row.label}: resident`);
    }
  });

  it('formats each row exactly as the article\'s table "What each combination does to the example service" prints it', () => {
    const mdx = fs.readFileSync(path.join(process.cwd(), 'content/articles/go-memory-ballast-and-gomemlimit.mdx'), 'utf8');
    const section = mdx.slice(mdx.indexOf('### What each combination does to the example service'));
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Setting') && !l.startsWith('|---'))
      .slice(0, table.length)
      .map((l) => l.split('|').slice(1, -1).map((c) => c.trim().replaceAll('`', '')));
    assert.equal(rows.length, table.length);
    for (const [i, row] of table.entries()) {
      const r = run(row.svc, row.s);
      assert.deepEqual([row.label, formatBytes(r.goal), formatRate(r.cyclesPerSecond), formatGiB(r.resident)], rows[i], `row ${i + 1}`);
    }
  });

  it('a ballast larger than the limit leaves no runway: back-to-back cycles', () => {
    assert.equal(run(ballasted, { gogc: 100, limit: 9.6 * GiB }).cyclesPerSecond, Infinity);
  });

  it('with GOGC=2000 the limit takes over once the live heap triples', () => {
    const grown = { ...svc, live: 600 * MiB };
    assert.equal(percentGoal(2000, { marked: grown.live, roots: 0, nonHeap: 0 }), 12600 * MiB);
    assert.equal(run(grown, { gogc: 2000, limit }).goal, limitGoal(limit, { marked: grown.live, roots: 0, nonHeap: grown.nonHeap }));
  });

  it('the "why not raise GOGC" arithmetic: GOGC=4400 doubles with the live heap, a ballast barely moves', () => {
    const goalMiB = (live: number, ballast: number, gogc: number): number => percentGoal(gogc, { marked: (live + ballast) * MiB, roots: 0, nonHeap: 0 })! / MiB;
    assert.deepEqual([goalMiB(450, 0, 4400), goalMiB(900, 0, 4400)], [20250, 40500]);
    assert.deepEqual([goalMiB(450, 10240, 100), goalMiB(900, 10240, 100)], [21380, 22280]);
  });
});

describe('gc-pacer model: trigger and assists (commit\'s runway, trigger()\'s bounds)', () => {
  it('starts the cycle at goal − runway when the runway fits between 45/64 and the upper bound', () => {
    const marked = 1000 * MiB;
    const goal = 2000 * MiB;
    assert.deepEqual(trigger(goal, marked, 100 * MiB), { trigger: goal - 100 * MiB, lowerBoundWon: false });
  });

  it('never triggers before 45/64 of the way from the marked heap to the goal', () => {
    const marked = 200 * MiB;
    const goal = 400 * MiB;
    const { trigger: t, lowerBoundWon } = trigger(goal, marked, 256 * MiB);
    assert.equal(t, Math.floor((200 * MiB) / 64) * 45 + marked);
    assert.ok(lowerBoundWon);
  });

  it('never triggers later than max(61/64 of the way, goal − 4 MiB)', () => {
    assert.equal(trigger(400 * MiB, 200 * MiB, 1 * MiB).trigger, 400 * MiB - 4 * MiB, 'goal − 4 MiB is later than 61/64 here');
    const small = trigger(8 * MiB, 4 * MiB, 1);
    assert.equal(small.trigger, Math.floor((4 * MiB) / 64) * 61 + 4 * MiB);
  });

  it('with GOGC=100 the runway is too short for a 25% mark, so allocating goroutines assist', () => {
    const p = pacing(svc, { gogc: 100, limit: 0 }, machine);
    assert.equal(p.wantedRunway, 256 * MiB, '2 GiB/s × 200 MiB / (0.25 × 8 × 800 MiB/s)');
    assert.ok(p.lowerBoundWon);
    assert.ok(p.assistBytes > 100 * MiB);
    const steady = perSecond(svc, { gogc: 100, limit: 0 }, machine);
    assert.ok(steady.gcShare > 0.3, 'more than 30% of CPU in GC, as Twitch measured');
  });

  it('a ballast, GOGC=off with a limit and a high GOGC with a limit all remove the assists; the limit alone does not', () => {
    const assists = (service: Service, s: Settings): number => perSecond(service, s, machine).assistShare;
    const base = assists(svc, { gogc: 100, limit: 0 });
    assert.equal(assists(ballasted, { gogc: 100, limit: 0 }), 0);
    assert.equal(assists(svc, { gogc: OFF, limit }), 0);
    assert.equal(assists(svc, { gogc: 2000, limit }), 0);
    assert.equal(assists(svc, { gogc: 100, limit }), base);
    assert.ok(base > 0);
  });

  it('the pointer-free ballast adds no scan work: every cycle marks only the live heap', () => {
    assert.equal(pacing(ballasted, { gogc: 100, limit: 0 }, machine).scanWork, 200 * MiB);
  });
});

describe('gc-pacer model: the heap over time', () => {
  it('at 2 GiB/s over 10 s, GOGC=100 runs 102 cycles and the ballast 1, and the heap peaks at the goal', () => {
    const count = (service: Service, s: Settings): HeapTimeline => {
      const line = new HeapTimeline(service, s, machine);
      for (let i = 0; i < 2000; i++) line.step(0.005, service.allocRate);
      return line;
    };
    const plainGC = count(svc, { gogc: 100, limit: 0 });
    assert.equal(plainGC.cycles, 102);
    assert.equal(plainGC.peak, 400 * MiB);
    assert.equal(count(ballasted, { gogc: 100, limit: 0 }).cycles, 1);
    assert.equal(count(svc, { gogc: 100, limit }).cycles, 102, 'the limit alone: the same sawtooth');
  });

  it('a mark starts at the trigger and ends at the goal', () => {
    const line = new HeapTimeline(svc, { gogc: 100, limit: 0 }, machine);
    const events: string[] = [];
    for (let i = 0; i < 20 && line.cycles === 0; i++) events.push(...line.step(0.005, svc.allocRate));
    assert.deepEqual(events, ['start', 'end']);
    assert.ok(line.heap >= svc.live && line.heap < svc.live + 0.005 * svc.allocRate, 'swept back to the live heap, plus the step\'s overshoot');
  });
});

describe('gc-pacer demo', () => {
  it('runs, prints the article\'s table under summary, and says it is simulated', () => {
    const repo = process.cwd();
    const tsx = pathToFileURL(path.join(repo, 'node_modules/tsx/dist/loader.mjs')).href;
    const result = spawnSync(process.execPath, ['--import', tsx, 'scripts/play.ts', 'gc-pacer'], { cwd: repo, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const text = plain(result.stdout);
    assert.ok(text.split('\n').length < 150);
    assert.match(text, /^summary$/m);
    assert.match(text, /GOGC=100, GOMEMLIMIT=12GiB\s+400 MiB\s+10 per second\s+0\.5 GiB/);
    assert.match(text, /GOGC=off, GOMEMLIMIT=12GiB\s+11\.5 GiB\s+one every 5\.7 s\s+11\.6 GiB/);
    assert.match(text, /a 10 GiB ballast under GOMEMLIMIT=9\.6GiB: .* back to back/);
    assert.match(text, /A model of runtime\/mgcpacer\.go, not the runtime/);
  });
});
