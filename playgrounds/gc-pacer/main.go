// gc-pacer: what a ballast, GOGC and GOMEMLIMIT do to GC frequency and assists.
//
// The Go program that main.ts mirrors, in two parts that it keeps apart:
//
//  1. SIMULATED. The same pacer model as pacer.ts (itself content/go/gcpacer's formulas
//     from runtime/mgcpacer.go, plus commit's runway and trigger()'s bounds for the assists),
//     on the article's example service: the same scenes, the same numbers and the same
//     milestones as the TypeScript demo.
//  2. REAL. The real collector on a scaled-down heap: 16 MiB live, 1 GiB of short-lived
//     16 KiB allocations, under debug.SetGCPercent, debug.SetMemoryLimit and a 256 MiB
//     ballast, counting cycles with runtime/metrics (/gc/cycles/automatic:gc-cycles). Real
//     counts vary with the machine and the Go version, so they are printed next to the
//     model's prediction, not used as milestones.
//
// To run it: go mod init example.com/pacer && go run .
package main

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"time"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these (keep them equal to main.ts for the milestones to agree).
const (
	liveMiB        = 200
	rootsMiB       = 0
	nonHeapMiB     = 100
	allocGiBPerS   = 2
	ballastGiB     = 10
	containerGiB   = 15
	gomemlimitGiB  = 12
	highGOGC       = 2000
	gomaxprocs     = 8   // assumed: for the assist model only
	scanMiBPerCPUS = 800 // assumed: scannable heap one CPU marks per second
	seconds        = 10
	stormFrom      = 4.0
	stormTo        = 6.0
	stormFactor    = 2.0
	playbackMsPerS = 300
	realChurnMiB   = 512 // the real part: bytes allocated per setting
	realLiveMiB    = 16
	realBallastMiB = 256
	realLimitMiB   = 512
	realHighGOGC   = 1000
)

var start = time.Now()

func logf(format string, args ...any) {
	fmt.Printf("+%.3fs %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
}

// ── the model: pacer.ts in Go (float64 throughout, as JavaScript numbers) ─────────

const (
	kib = 1024.0
	mib = 1024 * kib
	gib = 1024 * mib

	off                = -1
	gcGoalUtilization  = 0.25 // gcGoalUtilization = gcBackgroundUtilization
	heapMinimum        = 4 * mib
	triggerRatioDen    = 64
	minTriggerRatioNum = 45
	maxTriggerRatioNum = 61
)

var inf = math.Inf(1)

type heap struct{ marked, roots, nonHeap float64 }

// percentGoal (commit): ok is false when GOGC is off.
func percentGoal(gogc int, h heap) (float64, bool) {
	if gogc < 0 {
		return 0, false
	}
	goal := h.marked + math.Floor((h.marked+h.roots)*float64(gogc)/100)
	if minimum := math.Floor(heapMinimum * float64(gogc) / 100); goal < minimum {
		goal = minimum
	}
	return goal, true
}

// limitGoal (memoryLimitHeapGoal, steady state).
func limitGoal(limit float64, h heap) float64 {
	if h.nonHeap >= limit {
		return h.marked
	}
	goal := limit - h.nonHeap
	headroom := math.Max(math.Floor(goal/100)*3, 1*mib)
	if goal < headroom || goal-headroom < headroom {
		goal = headroom
	} else {
		goal -= headroom
	}
	return math.Max(goal, h.marked)
}

type settings struct {
	gogc  int
	limit float64 // 0: no limit
}

// heapGoal (heapGoalInternal): the smaller goal.
func heapGoal(s settings, h heap) float64 {
	goal := inf
	if g, ok := percentGoal(s.gogc, h); ok {
		goal = g
	}
	if s.limit > 0 {
		goal = math.Min(goal, limitGoal(s.limit, h))
	}
	return goal
}

type service struct{ live, roots, nonHeap, ballast, allocRate float64 }

type result struct{ goal, runway, cyclesPerSecond, resident float64 }

func run(svc service, s settings) result {
	h := heap{marked: svc.live + svc.ballast, roots: svc.roots, nonHeap: svc.nonHeap}
	goal := heapGoal(s, h)
	r := result{goal: goal, resident: inf}
	if goal != inf {
		r.resident = goal - svc.ballast + svc.nonHeap
	}
	if goal > h.marked {
		r.runway = goal - h.marked
	}
	if r.runway == 0 {
		r.cyclesPerSecond = inf
	} else {
		r.cyclesPerSecond = svc.allocRate / r.runway
	}
	return r
}

type machine struct {
	gomaxprocs int
	scanRate   float64
}

type pacingResult struct {
	scanWork, wantedRunway, trigger            float64
	lowerBoundWon                              bool
	markSeconds, assistBytes, gcCPU, assistCPU float64
}

// trigger: goal − runway, within [marked + 45/64 of the way, max(marked + 61/64, goal − 4 MiB)].
func trigger(goal, marked, wantedRunway float64) (float64, bool) {
	if marked >= goal {
		return goal, true
	}
	way := math.Floor((goal - marked) / triggerRatioDen)
	lower := way*minTriggerRatioNum + marked
	upper := way*maxTriggerRatioNum + marked
	if goal > heapMinimum && goal-heapMinimum > upper {
		upper = goal - heapMinimum
	}
	upper = math.Max(upper, lower)
	t := goal - wantedRunway
	if wantedRunway > goal {
		t = lower
	}
	t = math.Max(t, lower)
	t = math.Min(t, upper)
	return t, goal-wantedRunway < lower
}

func pacing(svc service, s settings, m machine, allocRate float64) pacingResult {
	marked := svc.live + svc.ballast
	goal := heapGoal(s, heap{marked: marked, roots: svc.roots, nonHeap: svc.nonHeap})
	scanWork := svc.live + svc.roots
	background := gcGoalUtilization * float64(m.gomaxprocs) * m.scanRate
	wanted := (allocRate * scanWork) / background
	t, lowerWon := trigger(goal, marked, wanted)
	markSeconds := (goal - t) / allocRate
	assist := math.Max(0, scanWork-background*markSeconds)
	return pacingResult{scanWork: scanWork, wantedRunway: wanted, trigger: t, lowerBoundWon: lowerWon, markSeconds: markSeconds,
		assistBytes: assist, gcCPU: scanWork / m.scanRate, assistCPU: assist / m.scanRate}
}

type steadyState struct{ cycles, gcShare, assistShare, markingShare float64 }

func perSecond(svc service, s settings, m machine) steadyState {
	r := run(svc, s)
	if r.cyclesPerSecond == inf {
		return steadyState{inf, 1, 1 - gcGoalUtilization, 1}
	}
	p := pacing(svc, s, m, svc.allocRate)
	return steadyState{
		cycles:       r.cyclesPerSecond,
		gcShare:      math.Min(1, r.cyclesPerSecond*p.gcCPU/float64(m.gomaxprocs)),
		assistShare:  math.Min(1, r.cyclesPerSecond*p.assistCPU/float64(m.gomaxprocs)),
		markingShare: math.Min(1, r.cyclesPerSecond*p.markSeconds),
	}
}

// heapTimeline: the heap grows at the allocation rate; at the trigger a mark starts; at the
// goal the cycle ends and the heap drops back to the marked heap.
type heapTimeline struct {
	svc                        service
	s                          settings
	m                          machine
	heap, goal, marked, peak   float64
	marking                    bool
	cycles                     int
	gcCPU, assistCPU, markSecs float64
}

func newHeapTimeline(svc service, s settings, m machine) *heapTimeline {
	marked := svc.live + svc.ballast
	goal := heapGoal(s, heap{marked: marked, roots: svc.roots, nonHeap: svc.nonHeap})
	return &heapTimeline{svc: svc, s: s, m: m, heap: marked, goal: goal, marked: marked, peak: marked}
}

func (l *heapTimeline) step(dt, allocRate float64) []string {
	var out []string
	p := pacing(l.svc, l.s, l.m, allocRate)
	l.heap += allocRate * dt
	if !l.marking && l.heap >= p.trigger {
		l.marking = true
		out = append(out, "start")
	}
	if l.marking {
		l.markSecs += dt
	}
	if l.heap >= l.goal {
		l.peak = math.Max(l.peak, l.goal)
		l.cycles++
		l.gcCPU += p.gcCPU
		l.assistCPU += p.assistCPU
		l.heap = l.marked + (l.heap - l.goal) // swept; what was allocated past the goal stays
		l.marking = false
		out = append(out, "end")
	} else {
		l.peak = math.Max(l.peak, l.heap)
	}
	return out
}

func formatBytes(b float64) string {
	if b == inf {
		return "unbounded"
	}
	if b < gib {
		return fmt.Sprintf("%d MiB", int(math.Round(b/mib)))
	}
	return fmt.Sprintf("%.1f GiB", b/gib)
}

func formatGiB(b float64) string {
	if b == inf {
		return "unbounded"
	}
	return fmt.Sprintf("%.1f GiB", b/gib)
}

func formatRate(perSec float64) string {
	switch {
	case perSec == inf:
		return "back to back"
	case perSec == 0:
		return "none"
	case perSec >= 10:
		return fmt.Sprintf("%d per second", int(math.Round(perSec)))
	case perSec >= 1:
		return fmt.Sprintf("%.1f per second", perSec)
	}
	return fmt.Sprintf("one every %.1f s", 1/perSec)
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", x*100) }

// ── the scenes ───────────────────────────────────────────────────────────────────

type mode struct {
	label, lane string
	svc         service
	s           settings
}

var (
	svc       = service{live: liveMiB * mib, roots: rootsMiB * mib, nonHeap: nonHeapMiB * mib, allocRate: allocGiBPerS * gib}
	ballasted = service{live: svc.live, roots: svc.roots, nonHeap: svc.nonHeap, ballast: ballastGiB * gib, allocRate: svc.allocRate}
	mach      = machine{gomaxprocs: gomaxprocs, scanRate: scanMiBPerCPUS * mib}
	limit     = gomemlimitGiB * gib
	modes     = []mode{
		{"GOGC=100", "GOGC=100", svc, settings{100, 0}},
		{fmt.Sprintf("GOGC=100 and a %d GiB ballast", ballastGiB), fmt.Sprintf("%d GiB ballast", ballastGiB), ballasted, settings{100, 0}},
		{fmt.Sprintf("GOGC=100, GOMEMLIMIT=%dGiB", gomemlimitGiB), "limit only", svc, settings{100, limit}},
		{fmt.Sprintf("GOGC=off, GOMEMLIMIT=%dGiB", gomemlimitGiB), "GOGC=off + limit", svc, settings{off, limit}},
		{fmt.Sprintf("GOGC=%d, GOMEMLIMIT=%dGiB", highGOGC, gomemlimitGiB), fmt.Sprintf("GOGC=%d + limit", highGOGC), svc, settings{highGOGC, limit}},
		{fmt.Sprintf("%d GiB ballast kept, GOMEMLIMIT=%dGiB", ballastGiB, gomemlimitGiB), "ballast + limit", ballasted, settings{100, limit}},
	}
)

func sceneGoals() {
	fmt.Println("\nscene 1: the heap goal of each setting (runtime/mgcpacer.go)")
	logf("live %d MiB, roots %d MiB, %d GiB/s; GOGC goal = live + (live + roots) × GOGC/100; limit goal = limit − non-heap − 3%%; the smaller wins", liveMiB, rootsMiB, allocGiBPerS)
	for _, m := range modes {
		r := run(m.svc, m.s)
		p := pacing(m.svc, m.s, mach, m.svc.allocRate)
		pg, ok := percentGoal(m.s.gogc, heap{marked: m.svc.live + m.svc.ballast, roots: m.svc.roots, nonHeap: m.svc.nonHeap})
		which := "the GOGC goal"
		if m.s.limit > 0 && (!ok || r.goal < pg) {
			which = "the limit's goal"
		}
		logf("%-40s goal %9s (%s), runway %s → %s", m.label, formatBytes(r.goal), which, formatBytes(r.runway), formatRate(r.cyclesPerSecond))
		assists := "background workers finish in time: no assists"
		if p.assistBytes > 0 {
			assists = fmt.Sprintf("trigger clamped at 45/64 of the way: assists mark %d MiB a cycle", int(math.Round(p.assistBytes/mib)))
		}
		logf("  %-40s wants %d MiB of runway for a 25%% mark; %s", "", int(math.Round(p.wantedRunway/mib)), assists)
	}
}

func sceneTimeline() map[string]*heapTimeline {
	fmt.Printf("\nscene 2: %d seconds of the service; a refresh storm (×%g allocation) from %g s to %g s\n", seconds, stormFactor, stormFrom, stormTo)
	lines := map[string]*heapTimeline{}
	open := map[string]*gfgtrace.Span{}
	last := map[string]int{}
	var lanes []string
	for _, m := range modes {
		lines[m.label] = newHeapTimeline(m.svc, m.s, mach)
		lanes = append(lanes, m.lane)
	}
	const stepSeconds = 0.005
	const stepsPerChunk = 4
	totalSteps := int(math.Round(seconds / stepSeconds))
	base := time.Now()
	logf("cycles per second: %s", strings.Join(lanes, " | "))
	for step := 0; step < totalSteps; step++ {
		t := float64(step) * stepSeconds
		storming := t >= stormFrom && t < stormTo
		if step == int(math.Round(stormFrom/stepSeconds)) {
			logf("refresh storm: allocation ×%g", stormFactor)
			gfgtrace.Instant("traffic", "refresh storm starts", gfgtrace.Warn)
		}
		if step == int(math.Round(stormTo/stepSeconds)) {
			logf("storm over")
			gfgtrace.Instant("traffic", "refresh storm ends", gfgtrace.Info)
		}
		rate := svc.allocRate
		if storming {
			rate *= stormFactor
		}
		for _, m := range modes {
			line := lines[m.label]
			for _, what := range line.step(stepSeconds, rate) {
				if what == "start" {
					open[m.label] = gfgtrace.Begin(m.lane, fmt.Sprintf("GC %d: mark", line.cycles+1))
					continue
				}
				if sp := open[m.label]; sp != nil {
					if p := pacing(m.svc, m.s, mach, rate); p.assistBytes > 0 {
						sp.EndDetail(gfgtrace.Error, fmt.Sprintf("assists marked %d MiB", int(math.Round(p.assistBytes/mib))))
					} else {
						sp.EndDetail(gfgtrace.OK, "no assists")
					}
					delete(open, m.label)
				}
			}
		}
		if (step+1)%int(math.Round(1/stepSeconds)) == 0 {
			second := int(math.Round(float64(step+1) * stepSeconds))
			var counts []string
			for _, m := range modes {
				c := lines[m.label].cycles
				counts = append(counts, fmt.Sprintf("%*d", len(m.lane), c-last[m.label]))
				last[m.label] = c
			}
			logf("t=%2ds  %s", second, strings.Join(counts, " | "))
		}
		if (step+1)%stepsPerChunk == 0 {
			time.Sleep(time.Until(base.Add(time.Duration(float64(step+1) * stepSeconds * playbackMsPerS * float64(time.Millisecond)))))
		}
	}
	for _, sp := range open {
		sp.EndDetail(gfgtrace.OK, "still marking when the run ended")
	}
	return lines
}

func sceneLimits() {
	fmt.Println("\nscene 3: where the limit takes over, and where it hurts")
	grown := svc
	grown.live = 3 * svc.live
	g := run(grown, settings{highGOGC, limit})
	pg, _ := percentGoal(highGOGC, heap{marked: grown.live, roots: grown.roots, nonHeap: grown.nonHeap})
	limitTookOver := g.goal < pg
	logf("live heap triples to %d MiB under GOGC=%d: its goal would be %s; the limit caps it at %s (%s)",
		int(grown.live/mib), highGOGC, formatBytes(pg), formatBytes(g.goal), formatRate(g.cyclesPerSecond))
	tight := math.Round(ballastGiB*0.96*10) / 10
	over := run(ballasted, settings{100, tight * gib})
	logf("a %d GiB ballast under GOMEMLIMIT=%gGiB: goal %s, runway %s → %s", ballastGiB, tight, formatBytes(over.goal), formatBytes(over.runway), formatRate(over.cyclesPerSecond))
	logf("GOGC=off with the limit as the live heap grows toward it (a leak):")
	for _, liveGiB := range []float64{0.2, 4, 8, 10, 11, 11.4} {
		leaky := svc
		leaky.live = liveGiB * gib
		r := run(leaky, settings{off, limit})
		share := perSecond(leaky, settings{off, limit}, mach)
		gc := pct(share.gcShare) + " of CPU"
		if share.gcShare > 0.5 {
			want := pct(share.gcShare) + " of CPU"
			if share.gcShare >= 1 {
				want = "every CPU"
			}
			gc = "wants " + want + ": past the CPU limiter's 50% cap"
		}
		logf("  live %4.1f GiB: runway %9s, %-18s GC %s", liveGiB, formatBytes(r.runway), formatRate(r.cyclesPerSecond), gc)
	}
	logf("  Past the cap the limiter stops assists and lets the heap overshoot the limit: the death spiral.")
	gfgtrace.Milestone("GOGC=2000 with 600 MiB live: the limit goal takes over", limitTookOver)
	gfgtrace.Milestone(fmt.Sprintf("ballast over a %g GiB limit: back-to-back cycles", tight), over.cyclesPerSecond == inf)
}

// ── the real collector ───────────────────────────────────────────────────────────

var sink []byte

func automaticCycles() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/automatic:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// realRun allocates realChurnMiB of 16 KiB objects over a realLiveMiB live heap under one
// setting and returns the automatic GC cycles it caused.
func realRun(gogc int, limitMiB, ballastMiB int) uint64 {
	const chunk = 16 << 10
	live := make([][]byte, realLiveMiB<<20/chunk)
	for i := range live {
		live[i] = make([]byte, chunk)
	}
	var ballast []byte
	if ballastMiB > 0 {
		ballast = make([]byte, ballastMiB<<20) // pointer-free, never touched
	}
	prevGOGC := debug.SetGCPercent(gogc)
	prevLimit := debug.SetMemoryLimit(math.MaxInt64)
	if limitMiB > 0 {
		debug.SetMemoryLimit(int64(limitMiB) << 20)
	}
	runtime.GC()
	before := automaticCycles()
	for n := 0; n < realChurnMiB<<20; n += chunk {
		x := make([]byte, chunk)
		x[0] = 1
		sink = x
	}
	cycles := automaticCycles() - before
	runtime.KeepAlive(live)
	runtime.KeepAlive(ballast)
	debug.SetGCPercent(prevGOGC)
	debug.SetMemoryLimit(prevLimit)
	sink = nil
	runtime.GC()
	debug.FreeOSMemory()
	return cycles
}

func realCollector() {
	fmt.Printf("\nreal collector: %d MiB live, %d MiB of short-lived allocation per setting (counts vary by machine and run)\n", realLiveMiB, realChurnMiB)
	type realMode struct {
		label                string
		gogc, limit, ballast int
	}
	runs := []realMode{
		{"GOGC=100", 100, 0, 0},
		{fmt.Sprintf("GOGC=100 and a %d MiB ballast", realBallastMiB), 100, 0, realBallastMiB},
		{fmt.Sprintf("GOGC=100, GOMEMLIMIT=%dMiB", realLimitMiB), 100, realLimitMiB, 0},
		{fmt.Sprintf("GOGC=off, GOMEMLIMIT=%dMiB", realLimitMiB), off, realLimitMiB, 0},
		{fmt.Sprintf("GOGC=%d, GOMEMLIMIT=%dMiB", realHighGOGC, realLimitMiB), realHighGOGC, realLimitMiB, 0},
		{fmt.Sprintf("%d MiB ballast kept, GOMEMLIMIT=%dMiB", realBallastMiB, realLimitMiB), 100, realLimitMiB, realBallastMiB},
	}
	counts := make([]uint64, len(runs))
	for i, r := range runs {
		counts[i] = realRun(r.gogc, r.limit, r.ballast)
		model := run(service{live: realLiveMiB * mib, nonHeap: 8 * mib, ballast: float64(r.ballast) * mib, allocRate: realChurnMiB * mib},
			settings{r.gogc, float64(r.limit) * mib})
		logf("%-42s %4d cycles   (model: %5.1f)", r.label, counts[i], model.cyclesPerSecond)
	}
	// The orderings the gcpacer runtime test asserts, checked here and printed, not compared.
	limitChangesLittle := counts[2]*2 >= counts[0]
	fewer := counts[1]*4 <= counts[0] && counts[3]*4 <= counts[0] && counts[4]*4 <= counts[0]
	logf("the limit alone cuts cycles by less than half: %v; ballast, GOGC=off + limit and GOGC=%d + limit each need at most a quarter of the default's: %v", limitChangesLittle, realHighGOGC, fewer)
	logf("(real counts run below the model's for small heaps: objects allocated during a mark survive that cycle)")
}

func main() {
	fmt.Println("the GC pacer, simulated: ballast, GOGC and GOMEMLIMIT")
	fmt.Printf("live heap %d MiB, %d GiB/s, %d MiB non-heap, a %d GiB container, GOMEMLIMIT=%dGiB;\n", liveMiB, allocGiBPerS, nonHeapMiB, containerGiB, gomemlimitGiB)
	fmt.Printf("assist model: GOMAXPROCS=%d, %d MiB marked per CPU-second (assumed). A model of runtime/mgcpacer.go, not the runtime.\n", gomaxprocs, scanMiBPerCPUS)

	sceneGoals()
	lines := sceneTimeline()
	sceneLimits()

	// Facts of the model, which main.ts computes identically; a test compares them.
	for _, m := range modes {
		r := run(m.svc, m.s)
		steady := perSecond(m.svc, m.s, mach)
		gfgtrace.Milestone(m.label+": heap goal MiB", int(math.Round(r.goal/mib)))
		gfgtrace.Milestone(fmt.Sprintf("%s: cycles in %d s", m.label, seconds), lines[m.label].cycles)
		gfgtrace.Milestone(m.label+": assist CPU per mille", int(math.Round(steady.assistShare*1000)))
	}

	fmt.Println("\nsummary")
	fmt.Printf("  the article's table (%d MiB live, %d GiB/s, %d MiB non-heap, a %d GiB container), then the assist model and scene 2's run\n", liveMiB, allocGiBPerS, nonHeapMiB, containerGiB)
	row := func(a, b, c, d, e, f, g string) {
		fmt.Printf("  %-40s%10s%18s%10s%8s%9s%12s\n", a, b, c, d, e, f, g)
	}
	row("setting", "heap goal", "GC cycles", "peak RSS", "GC CPU", "assists", fmt.Sprintf("%d s run", seconds))
	for _, m := range modes {
		r := run(m.svc, m.s)
		steady := perSecond(m.svc, m.s, mach)
		row(m.label, formatBytes(r.goal), formatRate(r.cyclesPerSecond), formatGiB(r.resident), pct(steady.gcShare), pct(steady.assistShare), fmt.Sprintf("%d cycles", lines[m.label].cycles))
	}
	fmt.Println()
	fmt.Println("  A limit far above the heap changes nothing: GOGC=100 with GOMEMLIMIT keeps the ten cycles a second")
	fmt.Println("  the ballast removed. GOGC=off or a high GOGC, with the limit as the guard, is the replacement.")

	realCollector()
	fmt.Println("\n  Everything above the real-collector section is the model. The real section's counts come from")
	fmt.Println("  runtime/metrics on this machine and are printed, not compared with the demo.")
}
