// commit-wait: why a Spanner leader waits out its clock uncertainty before it replies.
//
// The Go program that main.ts mirrors. Three Paxos groups, one table each, whose leaders run
// on machines with different TrueTime errors. In each pair, transaction T1 commits on one
// group; as soon as its client has the OK, T2 commits on another group, and a reader reads at
// spanner.ReadTimestamp(s2). External consistency says s1 < s2, so the reader must see T1.
//
// The program talks to a small interface, database, with two implementations: spannerDB (in
// spanner.go), written against the real cloud.google.com/go/spanner client (ReadWriteTransaction
// returns the commit timestamp, spanner.CommitTimestamp stores it, ReadTimestamp reads at one),
// and simDB, which this program runs: the TrueTime model of the Spanner paper (OSDI 2012, §3 and
// §4.2.1), in integer microseconds of simulated true time and drawn from the same seeded
// mulberry32 source as main.ts, so that every decision is the same in both. No real clock
// decides anything; time.Sleep only paces the output.
//
// To run it: go run ./playgrounds/commit-wait (from the repository root).
package main

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these.
const (
	seed               = 4          // the same seed gives the same clocks and the same pairs
	commitWait         = true       // false: the leader replies as soon as Paxos has a majority
	pairs              = 16         // T1-then-T2 pairs
	pairEveryUs        = 2_000_000  // true time between pairs: 16 pairs span one 30 s poll cycle
	epsilonAfterPollUs = 1000       // ε just after a poll of the time masters (paper: about 1 ms)
	assumedDriftUsPerS = 200        // the drift the daemon assumes between polls (paper: 200 µs/s)
	pollEveryUs        = 30_000_000 // how often the daemon polls the time masters (paper: 30 s)
	paxosMinUs         = 1000       // a Paxos round to a majority, within one region
	paxosMaxUs         = 4000       //
	thinkMinUs         = 0          // from T1's OK to T2's commit request
	thinkMaxUs         = 1000       //
	slowMotion         = 10         // real time per simulated time while a pair runs
	horizonUs          = pairs*pairEveryUs + 1_000_000
)

var groups = []struct{ leader, table string }{
	{"A", "Friends"},
	{"B", "Photos"},
	{"C", "Albums"},
}

// database is what the demo asks of Spanner.
type database interface {
	// commit runs a read-write transaction that writes table/key and returns its commit
	// timestamp, once the client has the OK.
	commit(ctx context.Context, table, key string) (time.Time, error)
	// seesWrite reports whether a read at timestamp ts sees the write to table/key.
	seesWrite(ctx context.Context, ts time.Time, table, key string) (bool, error)
}

// spannerDB, in spanner.go, is database on a real Spanner database, with the real client:
//
//	func (d spannerDB) commit(ctx context.Context, table, key string) (time.Time, error) {
//		// ReadWriteTransaction returns after commit wait, with the commit timestamp s.
//		return d.client.ReadWriteTransaction(ctx, func(ctx context.Context, txn *spanner.ReadWriteTransaction) error {
//			return txn.BufferWrite([]*spanner.Mutation{
//				spanner.InsertOrUpdate(table, []string{"Key", "UpdatedAt"}, []any{key, spanner.CommitTimestamp}),
//			})
//		})
//	}
//
//	func (d spannerDB) seesWrite(ctx context.Context, ts time.Time, table, key string) (bool, error) {
//		ro := d.client.Single().WithTimestampBound(spanner.ReadTimestamp(ts))
//		_, err := ro.ReadRow(ctx, table, spanner.Key{key}, []string{"UpdatedAt"})
//		...
//
// This program does not use it: it runs offline, and the WebAssembly build that runs it in the
// page leaves spanner.go out (the client would make it 60 MB).

// random is mulberry32, the same sequence as _shared/random.ts.
type random struct{ state uint32 }

func (r *random) next() float64 {
	r.state += 0x6d2b79f5
	t := r.state
	t = (t ^ (t >> 15)) * (t | 1)
	t ^= t + (t^(t>>7))*(t|61)
	return float64(t^(t>>14)) / 4294967296
}

func (r *random) intn(min, max int64) int64 { return min + int64(r.next()*float64(max-min+1)) }

// trueTimeClock is one leader's clock: what TT.now() on that machine reports at each true time.
type trueTimeClock struct {
	name          string
	phaseUs       int64   // how long before true time 0 the last poll happened
	driftUsPerS   int64   // the clock's real drift, within the assumed bound
	offsetsAtPoll []int64 // the clock's real error right after each poll, within ε after a poll
}

// drawClock draws one leader's clock, in the same order as drawClock in truetime.ts.
func drawClock(name string, rng *random) *trueTimeClock {
	c := &trueTimeClock{name: name}
	c.phaseUs = rng.intn(0, pollEveryUs-1)
	c.driftUsPerS = rng.intn(-assumedDriftUsPerS/2, assumedDriftUsPerS/2)
	polls := (c.phaseUs+horizonUs)/pollEveryUs + 1
	for range polls {
		c.offsetsAtPoll = append(c.offsetsAtPoll, rng.intn(-epsilonAfterPollUs/2, epsilonAfterPollUs/2))
	}
	return c
}

func (c *trueTimeClock) pollIndex(t int64) int64 { return (t + c.phaseUs) / pollEveryUs }
func (c *trueTimeClock) sincePoll(t int64) int64 { return t + c.phaseUs - c.pollIndex(t)*pollEveryUs }

// epsilon is ε at true time t: the poll's uncertainty plus the assumed drift since the poll.
func (c *trueTimeClock) epsilon(t int64) int64 {
	return epsilonAfterPollUs + assumedDriftUsPerS*c.sincePoll(t)/1e6
}

// offset is the clock's real error at true time t, which the machine cannot know.
func (c *trueTimeClock) offset(t int64) int64 {
	return c.offsetsAtPoll[c.pollIndex(t)] + c.driftUsPerS*c.sincePoll(t)/1e6
}

// now is TT.now() at true time t.
func (c *trueTimeClock) now(t int64) (earliest, latest int64) {
	reading, e := t+c.offset(t), c.epsilon(t)
	return reading - e, reading + e
}

// after is TT.after(s) at true time t.
func (c *trueTimeClock) after(s, t int64) bool {
	earliest, _ := c.now(t)
	return earliest > s
}

// firstAfter is the first true time, from `from` on, at which TT.after(s) holds. Between two
// polls earliest grows by at most 1 µs per µs (plus 2 µs of rounding), so the search may jump
// ahead by s - earliest - 2 without passing the answer; it never jumps past a poll.
func (c *trueTimeClock) firstAfter(s, from int64) int64 {
	t := from
	for {
		earliest, _ := c.now(t)
		if earliest > s {
			return t
		}
		nextPoll := (c.pollIndex(t)+1)*pollEveryUs - c.phaseUs
		t += max(1, min(s-earliest-2, nextPoll-t))
	}
}

// commitRecord is what happened to one commit at its leader, in true time (µs).
type commitRecord struct {
	leader, table, key string
	arriveUs, s        int64
	epsilonUs          int64
	paxosEndUs         int64
	waitEndUs          int64 // when TT.after(s) became true
	replyUs            int64
}

// leader is a Paxos leader: it picks monotonically increasing timestamps from its TrueTime.
type leader struct {
	clock  *trueTimeClock
	table  string
	lastTs int64
}

func (l *leader) commit(key string, arriveUs, paxosUs int64, wait bool) commitRecord {
	_, latest := l.clock.now(arriveUs)
	s := max(latest, l.lastTs+1)
	l.lastTs = s
	r := commitRecord{
		leader: l.clock.name, table: l.table, key: key,
		arriveUs: arriveUs, s: s, epsilonUs: l.clock.epsilon(arriveUs),
		paxosEndUs: arriveUs + paxosUs,
		waitEndUs:  l.clock.firstAfter(s, arriveUs),
	}
	r.replyUs = r.paxosEndUs
	if wait {
		r.replyUs = max(r.paxosEndUs, r.waitEndUs)
	}
	return r
}

// epoch is true time 0 as a time.Time, for the database interface.
var epoch = time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)

// simDB is database in simulation: one Paxos group per table, a true-time cursor and the
// versions each commit wrote.
type simDB struct {
	now      int64
	leaders  map[string]*leader
	versions map[string]int64
	rng      *random
	wait     bool
	last     commitRecord
}

func (d *simDB) commit(_ context.Context, table, key string) (time.Time, error) {
	l, ok := d.leaders[table]
	if !ok {
		return time.Time{}, fmt.Errorf("no Paxos group holds table %s", table)
	}
	d.last = l.commit(key, d.now, d.rng.intn(paxosMinUs, paxosMaxUs), d.wait)
	d.versions[table+"/"+key] = d.last.s
	d.now = d.last.replyUs
	return epoch.Add(time.Duration(d.last.s) * time.Microsecond), nil
}

func (d *simDB) seesWrite(_ context.Context, ts time.Time, table, key string) (bool, error) {
	s, ok := d.versions[table+"/"+key]
	return ok && epoch.Add(time.Duration(s)*time.Microsecond).Compare(ts) <= 0, nil
}

type pair struct {
	n          int
	t1, t2     commitRecord
	readSeesT1 bool
}

func (p pair) violated() bool { return !(p.t1.s < p.t2.s) }

type run struct {
	clocks []*trueTimeClock
	pairs  []pair
}

// simulate runs every pair against simDB, from a fresh random source seeded with seed.
func simulate(ctx context.Context, wait bool) run {
	rng := &random{state: seed}
	var r run
	sim := &simDB{leaders: map[string]*leader{}, versions: map[string]int64{}, rng: rng, wait: wait}
	for _, g := range groups {
		c := drawClock(g.leader, rng)
		r.clocks = append(r.clocks, c)
		sim.leaders[g.table] = &leader{clock: c, table: g.table, lastTs: math.MinInt64 + 1}
	}
	var db database = sim
	for n := 1; n <= pairs; n++ {
		sim.now = max(sim.now, int64(n-1)*pairEveryUs+rng.intn(0, pairEveryUs/4))
		g1 := rng.intn(0, int64(len(groups))-1)
		g2 := (g1 + rng.intn(1, int64(len(groups))-1)) % int64(len(groups))
		key := fmt.Sprintf("user%d", n)
		if _, err := db.commit(ctx, groups[g1].table, key); err != nil { // returns once the client has its OK
			panic(err)
		}
		t1 := sim.last
		sim.now += rng.intn(thinkMinUs, thinkMaxUs)
		s2, err := db.commit(ctx, groups[g2].table, key) // starts after T1's OK, in real time
		if err != nil {
			panic(err)
		}
		sees, err := db.seesWrite(ctx, s2, t1.table, key) // a read at spanner.ReadTimestamp(s2)
		if err != nil {
			panic(err)
		}
		r.pairs = append(r.pairs, pair{n: n, t1: t1, t2: sim.last, readSeesT1: sees})
	}
	return r
}

var trueTimeUs int64

// logf prints a line stamped with the simulation's true time, in seconds to the millisecond.
func logf(format string, args ...any) {
	msNow := (trueTimeUs + 500) / 1000 // rounded, as formatElapsed in _shared/clock.ts
	fmt.Printf("+%d.%03ds %s\n", msNow/1000, msNow%1000, fmt.Sprintf(format, args...))
}

// ms formats microseconds as milliseconds: 1234 -> "1.234".
func ms(us int64) string {
	sign := ""
	if us < 0 {
		sign, us = "-", -us
	}
	return fmt.Sprintf("%s%d.%03d", sign, us/1000, us%1000)
}

func lane(r commitRecord) string { return "leader " + r.leader + " · " + r.table }

// animate replays one pair's events, paced in real time, as spans on the leaders' lanes.
func animate(p pair, wait bool) {
	type event struct {
		at  int64
		run func()
	}
	var events []event
	on := func(at int64, run func()) { events = append(events, event{at, run}) }
	var pairSpan *gfgtrace.Span
	on(p.t1.arriveUs, func() { pairSpan = gfgtrace.Begin("client", fmt.Sprintf("pair %d", p.n)) })
	for i, r := range []commitRecord{p.t1, p.t2} {
		name := fmt.Sprintf("T%d", i+1)
		var paxos, waitSpan *gfgtrace.Span
		on(r.arriveUs, func() {
			paxos = gfgtrace.Begin(lane(r), name+" Paxos")
			if wait {
				waitSpan = gfgtrace.Begin(lane(r), name+" commit wait")
			} else {
				gfgtrace.Instant(lane(r), name+": no commit wait", gfgtrace.Warn)
			}
		})
		on(r.paxosEndUs, func() { paxos.EndDetail(gfgtrace.OK, "majority after "+ms(r.paxosEndUs-r.arriveUs)+" ms") })
		if wait {
			on(r.waitEndUs, func() {
				waitSpan.EndDetail(gfgtrace.OK, fmt.Sprintf("TT.after(s) after %s ms, 2ε = %s ms", ms(r.waitEndUs-r.arriveUs), ms(2*r.epsilonUs)))
			})
		}
		on(r.replyUs, func() { gfgtrace.Instant("client", name+" OK", gfgtrace.Info) })
	}
	on(p.t2.replyUs, func() {
		status, level, what := gfgtrace.OK, gfgtrace.Info, "read at s2 sees T1"
		if !p.readSeesT1 {
			level, what = gfgtrace.Err, "read at s2 misses T1"
		}
		if p.violated() {
			status = gfgtrace.Error
		}
		pairSpan.End(status)
		gfgtrace.Instant("reader", what, level)
	})
	sort.SliceStable(events, func(a, b int) bool { return events[a].at < events[b].at })
	last := events[0].at
	for _, e := range events {
		time.Sleep(time.Duration(e.at-last) * time.Microsecond * slowMotion)
		last = e.at
		trueTimeUs = e.at
		e.run()
	}
}

func describe(p pair, wait bool) string {
	star := ""
	if !wait {
		star = "*"
	}
	verdict := "ok"
	if p.violated() {
		verdict = "INVERSION: a read at s2 sees T2, not T1"
	}
	gap := p.t2.s - p.t1.s
	sign := ""
	if gap >= 0 {
		sign = "+"
	}
	return fmt.Sprintf("pair %2d  T1 %-10s ε %s  OK after %6s%s | T2 %-10s ε %s | s2-s1 %7s  %s",
		p.n, p.t1.table+"@"+p.t1.leader, ms(p.t1.epsilonUs), ms(p.t1.replyUs-p.t1.arriveUs), star,
		p.t2.table+"@"+p.t2.leader, ms(p.t2.epsilonUs), sign+ms(gap), verdict)
}

type waitStats struct {
	commits, atLeast2Eps                  int
	meanWaitUs, minWaitUs, maxWaitUs      int64
	minEpsUs, maxEpsUs, meanBeyondPaxosUs int64
}

func statsOf(r run) waitStats {
	st := waitStats{minWaitUs: math.MaxInt64, minEpsUs: math.MaxInt64, maxWaitUs: math.MinInt64, maxEpsUs: math.MinInt64}
	var sumWait, sumBeyond int64
	for _, p := range r.pairs {
		for _, c := range []commitRecord{p.t1, p.t2} {
			w := c.waitEndUs - c.arriveUs
			st.commits++
			if w >= 2*c.epsilonUs {
				st.atLeast2Eps++
			}
			sumWait += w
			sumBeyond += max(0, c.waitEndUs-c.paxosEndUs)
			st.minWaitUs, st.maxWaitUs = min(st.minWaitUs, w), max(st.maxWaitUs, w)
			st.minEpsUs, st.maxEpsUs = min(st.minEpsUs, c.epsilonUs), max(st.maxEpsUs, c.epsilonUs)
		}
	}
	// Math.round in main.ts: half up.
	st.meanWaitUs = int64(math.Floor(float64(sumWait)/float64(st.commits) + 0.5))
	st.meanBeyondPaxosUs = int64(math.Floor(float64(sumBeyond)/float64(st.commits) + 0.5))
	return st
}

func main() {
	ctx := context.Background()
	fmt.Println("commit wait: TrueTime intervals, commit timestamps and external consistency")
	fmt.Printf("seed %d: %d pairs, %d s apart; in each, T2 starts after T1's client heard OK, on another Paxos group\n", seed, pairs, pairEveryUs/1_000_000)

	withWait, withoutWait := simulate(ctx, true), simulate(ctx, false)
	shown := withoutWait
	if commitWait {
		shown = withWait
	}

	fmt.Println("\n1. three leaders, three clocks: TT.now() = [clock - ε, clock + ε]")
	fmt.Printf("  %-8s%-9s%12s%12s%13s%13s\n", "leader", "group", "last poll", "ε now", "real error", "real drift")
	for i, c := range shown.clocks {
		since := c.sincePoll(0)
		fmt.Printf("  %-8s%-9s%12s%12s%13s%13s\n", c.name, groups[i].table,
			fmt.Sprintf("%d.%d s ago", since/1e6, since/1e5%10), ms(c.epsilon(0))+" ms", ms(c.offset(0))+" ms",
			fmt.Sprintf("%d µs/s", c.driftUsPerS))
	}
	fmt.Printf("  ε = %s ms after a poll + %d µs/s since it; polls every %d s; the real error always stays inside ±ε\n",
		strings.TrimSuffix(ms(epsilonAfterPollUs), ".000"), assumedDriftUsPerS, pollEveryUs/1_000_000)

	fmt.Printf("\n2. T1 commits, its client hears OK, then T2 commits elsewhere (COMMIT_WAIT = %v)\n", commitWait)
	fmt.Println("  s = max(TT.now().latest, last s + 1) at the leader; then a reader reads at spanner.ReadTimestamp(s2)")
	if commitWait {
		fmt.Println("  times in ms; ε when s was picked")
	} else {
		fmt.Println("  times in ms; ε when s was picked; * OK right after Paxos, no commit wait")
	}
	explained := false
	for _, p := range shown.pairs {
		trueTimeUs = p.t1.arriveUs
		animate(p, commitWait)
		logf("%s", describe(p, commitWait))
		if p.violated() && !explained {
			explained = true
			w := withWait.pairs[p.n-1].t1
			logf("  why: s1 = clock + ε on leader %s (ε %s ms); %s ms later leader %s (ε %s ms) still had latest < s1. "+
				"Commit wait would have held T1's OK for %s ms, until s1 had passed on every clock.",
				p.t1.leader, ms(p.t1.epsilonUs), ms(p.t2.arriveUs-p.t1.arriveUs), p.t2.leader, ms(p.t2.epsilonUs), ms(w.replyUs-w.arriveUs))
		}
	}

	st := statsOf(withWait)
	if commitWait {
		fmt.Println("\n3. how long commit wait lasts: from picking s until TT.after(s)")
	} else {
		fmt.Println("\n3. how long commit wait lasts: from picking s until TT.after(s) (in the run with commit wait)")
	}
	logf("%d of %d commits waited at least 2ε (ε taken when s was picked)", st.atLeast2Eps, st.commits)
	logf("wait: min %s ms, mean %s ms, max %s ms; ε at the commits: %s ms to %s ms",
		ms(st.minWaitUs), ms(st.meanWaitUs), ms(st.maxWaitUs), ms(st.minEpsUs), ms(st.maxEpsUs))
	logf("the part of the wait that outlasted the Paxos round: mean %s ms per commit", ms(st.meanBeyondPaxosUs))

	count := func(r run) int {
		n := 0
		for _, p := range r.pairs {
			if p.violated() {
				n++
			}
		}
		return n
	}
	violationsWith, violationsWithout := count(withWait), count(withoutWait)
	// Facts the TypeScript demo establishes too; a test compares them.
	gfgtrace.Milestone("violations with commit wait", violationsWith)
	gfgtrace.Milestone("violations without commit wait", violationsWithout)
	gfgtrace.Milestone("commit waits of at least 2ε", fmt.Sprintf("%d of %d", st.atLeast2Eps, st.commits))
	gfgtrace.Milestone("mean commit wait (µs)", st.meanWaitUs)

	fmt.Println("\nsummary")
	fmt.Printf("  with commit wait      %d of %d pairs broke s1 < s2\n", violationsWith, pairs)
	fmt.Printf("  without commit wait   %d of %d pairs broke it: a read at s2 saw T2 but not T1, though T1 finished first\n", violationsWithout, pairs)
	fmt.Printf("  commit wait lasted    %s ms to %s ms, mean %s ms: at least 2ε, on the leader's own clock\n", ms(st.minWaitUs), ms(st.maxWaitUs), ms(st.meanWaitUs))
	fmt.Printf("  ε at the commits      %s ms to %s ms: the sawtooth of %s ms + %d µs/s since the last poll\n",
		ms(st.minEpsUs), ms(st.maxEpsUs), strings.TrimSuffix(ms(epsilonAfterPollUs), ".000"), assumedDriftUsPerS)
	fmt.Printf("  latency it adds       %s ms per commit on average: the rest of the wait ran alongside the Paxos round\n", ms(st.meanBeyondPaxosUs))
}
