// scheduler: the Go scheduler's queues, simulated, and then the real runtime's metrics.
//
// The Go program that main.ts mirrors. No Go program can look inside the real runtime's
// run queues, so this one does two things and says which is which:
//
//  1. SIMULATED. The same model of runtime/proc.go (Go 1.27.3) as scheduler.ts, written
//     again in Go: the same seed, the same mulberry32 random numbers and the same rules, so
//     it prints the same events and the same milestones as the TypeScript demo. Each rule
//     names the proc.go function it comes from: runqput, runqputslow, runqget,
//     globrunqgetbatch, runqgrab, runqsteal, stealWork, findRunnable, schedule, execute,
//     wakep, startm, stopm, handoffp, retake, entersyscall, exitsyscall, goschedImpl.
//  2. REAL. A workload shaped like the model's (a burst of goroutines, a quarter of them in a
//     blocking system call) on the real scheduler, with its runtime/metrics readings:
//     /sched/goroutines:goroutines, /sched/latencies:seconds, /sched/threads/total:threads,
//     /sched/goroutines-created:goroutines and /sched/goroutines/runnable:goroutines (all in
//     runtime/metrics/description.go of Go 1.27.3). These vary from run to run and machine
//     to machine, so they are printed, not milestones.
//
// To run it: go mod init example.com/sched && go run . (Go 1.26 or later for the
// /sched/goroutines/ and /sched/threads/ metrics; syscall.Nanosleep needs Linux or a BSD).
package main

import (
	"fmt"
	"math"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"syscall"
	"time"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these (keep them equal to main.ts for the milestones to agree).
const (
	seed              = 1
	gomaxprocs        = 4   // Ps in the model
	burst             = 300 // scene 1: goroutines main starts in one tick; more than 257 overflows P0's ring
	spawnPerTick      = 1   // scene 2: goroutines main starts per tick...
	spawnTicks        = 150 // ...for this many ticks
	workMinMs         = 1   // CPU work of one worker, workMinMs to workMaxMs
	workMaxMs         = 5
	syscallChance     = 0.25 // how often a worker blocks in a system call halfway through
	syscallMinMs      = 1
	syscallMaxMs      = 4
	pairs             = 2  // scene 1: ping-pong pairs
	rounds            = 30 // round trips per pair
	schedtraceEveryMs = 50
	msPerTick         = 6 // playback: real milliseconds per simulated millisecond
)

var start = time.Now()

func logf(format string, args ...any) {
	fmt.Printf("+%.3fs %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
}

// random is mulberry32, the same sequence as _shared/random.ts.
type random struct{ state uint32 }

func (r *random) next() float64 {
	r.state += 0x6d2b79f5
	t := r.state
	t = (t ^ (t >> 15)) * (t | 1)
	t ^= t + (t^(t>>7))*(t|61)
	return float64(t^(t>>14)) / 4294967296
}

func (r *random) intn(min, max int) int { return min + int(r.next()*float64(max-min+1)) }

func (r *random) chance(p float64) bool { return r.next() < p }

// ── the model: scheduler.ts in Go ────────────────────────────────────────────────

const (
	runqSize             = 256    // runq [256]guintptr in runtime2.go's p struct
	tickUs               = 1000   // one model tick
	forcePreemptUs       = 10_000 // forcePreemptNS
	syscallRetakeGraceUs = 10_000 // retake: leave a syscall's P alone for up to 10 ms if nothing is queued
	stealTries           = 4      // stealWork
)

type stepKind int

const (
	stepCPU stepKind = iota
	stepSyscall
	stepSend
	stepRecv
	stepSpawn
	stepWait
	stepDone
)

type step struct {
	kind    stepKind
	ms      int
	ch      *channel
	count   int
	name    string
	program func(i int) []step
}

type gStatus int

const (
	gRunnable gStatus = iota
	gRunning
	gSyscall
	gWaiting
	gDead
)

type goroutine struct {
	id          int
	name        string
	steps       []step
	pc          int
	left        int
	status      gStatus
	lastP       int
	psSeen      map[int]bool
	inWaitGroup bool
}

type channel struct {
	name         string
	recvq, sendq *goroutine
}

type sysmonTick struct{ schedtick, schedwhen, syscalltick, syscallwhen int }

type proc struct {
	id                 int
	idle               bool
	m                  *machine
	runq               [runqSize]*goroutine
	runqhead, runqtail int
	runnext            *goroutine
	schedtick          int
	syscalltick        int
	sysmontick         sysmonTick
}

type mState int

const (
	mRunning mState = iota
	mSyscall
	mScheduling
	mIdle
)

type machine struct {
	id             int
	p, nextp, oldp *proc
	curg           *goroutine
	spinning       bool
	state          mState
	schedules      int
}

const (
	keptP    = "kept its P"
	oldP     = "took its old P back"
	idleP    = "took an idle P"
	globalQ  = "went to the global queue"
	srcLocal = "local"
)

type stats struct {
	goroutinesCreated, overflows, overflowMoved, fairnessChecks, fairnessWithLocalWork int
	globalBatches, steals, stolen, runnextSteals, runnextBackoffs, spinningLimited     int
	preemptions, syscalls, handoffs, executes, inheritedSlices, schedules, threads     int
	maxGlobal, migrated, finishedAtMs                                                  int
	exits                                                                              map[string]int
}

type scheduler struct {
	allp                                []*proc
	allm                                []*machine
	allg                                []*goroutine
	globalq                             []*goroutine
	pidle                               []*proc    // sched.pidle: pidleput pushes on the head
	midle                               []*machine // sched.midle: mput pushes on the head
	nmspinning                          int
	needspin                            int
	runQueue                            []*machine // Ms that must run schedule()
	waitGroup                           int
	mainG                               *goroutine
	mainWait                            bool
	now                                 int // µs
	done                                bool
	sysmonNext, sysmonIdle, sysmonDelay int
	coprimes                            []int
	st                                  stats
	rng                                 *random
	on                                  func(e event)
}

// event is what the model reports to the driver (the same kinds as SchedEvent in scheduler.ts).
type event struct {
	kind      string
	m, from   *machine
	to        *machine
	p, victim *proc
	g         *goroutine
	spinning  bool
	inherit   bool
	source    string
	why       string
	moved     int
	localWork int
	count     int
	runnext   bool
	backoff   bool
	outcome   string
}

func newScheduler(procs int, rng *random, on func(event)) *scheduler {
	s := &scheduler{rng: rng, on: on, sysmonNext: 20, sysmonDelay: 20}
	s.st.exits = map[string]int{keptP: 0, oldP: 0, idleP: 0, globalQ: 0}
	for id := 0; id < procs; id++ {
		s.allp = append(s.allp, &proc{id: id, idle: true})
	}
	// procresize: P0 goes to the current M, the others onto the idle list from the highest id down.
	for id := procs - 1; id >= 1; id-- {
		s.pidleput(s.allp[id])
	}
	for i := 1; i <= procs; i++ {
		if gcd(i, procs) == 1 {
			s.coprimes = append(s.coprimes, i)
		}
	}
	return s
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func (s *scheduler) npidle() int       { return len(s.pidle) }
func (s *scheduler) globalLength() int { return len(s.globalq) }
func (s *scheduler) runqsize(pp *proc) int {
	return pp.runqtail - pp.runqhead
}

func (s *scheduler) newG(name string, steps []step, inWaitGroup bool) *goroutine {
	g := &goroutine{id: len(s.allg) + 1, name: name, steps: steps, lastP: -1, psSeen: map[int]bool{}, inWaitGroup: inWaitGroup}
	s.allg = append(s.allg, g)
	s.st.goroutinesCreated++
	s.loadStep(g)
	return g
}

func (s *scheduler) loadStep(g *goroutine) {
	g.left = 0
	if g.pc < len(g.steps) && (g.steps[g.pc].kind == stepCPU || g.steps[g.pc].kind == stepSyscall) {
		g.left = g.steps[g.pc].ms
	}
}

// start: M0 runs main on P0 (rt0_go → newproc(main) → mstart → schedule).
func (s *scheduler) start(mainSteps []step) {
	m0 := s.newm()
	p0 := s.allp[0]
	s.acquirep(m0, p0)
	s.mainG = s.newG("main", mainSteps, false)
	s.runqput(p0, s.mainG, true)
	s.runQueue = append(s.runQueue, m0)
	s.runSchedulers()
}

// runqput: next puts gp in runnext and kicks the old runnext to the tail of the ring; a
// full ring sends half of itself plus gp to the global queue (runqputslow).
func (s *scheduler) runqput(pp *proc, gp *goroutine, next bool) {
	if next {
		oldnext := pp.runnext
		pp.runnext = gp
		if oldnext == nil {
			return
		}
		gp = oldnext
	}
	h, t := pp.runqhead, pp.runqtail
	if t-h < runqSize {
		pp.runq[t%runqSize] = gp
		pp.runqtail = t + 1
		return
	}
	s.runqputslow(pp, gp, h, t)
}

// runqputslow: the older half of a full ring (128) plus gp go to the global queue in one batch.
func (s *scheduler) runqputslow(pp *proc, gp *goroutine, h, t int) {
	n := (t - h) / 2
	if n != runqSize/2 {
		panic("runqputslow: queue is not full")
	}
	batch := make([]*goroutine, 0, n+1)
	for i := 0; i < n; i++ {
		batch = append(batch, pp.runq[(h+i)%runqSize])
	}
	pp.runqhead = h + n
	batch = append(batch, gp)
	for _, g := range batch {
		s.globrunqput(g)
	}
	s.st.overflows++
	s.st.overflowMoved += len(batch)
	s.on(event{kind: "overflow", p: pp, moved: len(batch)})
}

func (s *scheduler) runqputbatch(pp *proc, q []*goroutine) {
	for len(q) > 0 && pp.runqtail-pp.runqhead < runqSize {
		pp.runq[pp.runqtail%runqSize] = q[0]
		q = q[1:]
		pp.runqtail++
	}
}

// runqget: runnext first (it inherits the time slice), then the head of the ring.
func (s *scheduler) runqget(pp *proc) (*goroutine, bool) {
	if next := pp.runnext; next != nil {
		pp.runnext = nil
		return next, true
	}
	if pp.runqtail == pp.runqhead {
		return nil, false
	}
	gp := pp.runq[pp.runqhead%runqSize]
	pp.runq[pp.runqhead%runqSize] = nil
	pp.runqhead++
	return gp, false
}

func (s *scheduler) runqempty(pp *proc) bool {
	return pp.runqhead == pp.runqtail && pp.runnext == nil
}

func (s *scheduler) globrunqput(gp *goroutine) {
	s.globalq = append(s.globalq, gp)
	s.st.maxGlobal = max(s.st.maxGlobal, s.globalLength())
}

func (s *scheduler) globrunqget() *goroutine {
	if len(s.globalq) == 0 {
		return nil
	}
	g := s.globalq[0]
	s.globalq = s.globalq[1:]
	return g
}

// globrunqgetbatch: n = min(n, size, size/gomaxprocs+1); the first runs, the rest go to the ring.
func (s *scheduler) globrunqgetbatch(n int) (*goroutine, []*goroutine) {
	size := s.globalLength()
	if size == 0 {
		return nil, nil
	}
	n = min(n, size, size/len(s.allp)+1)
	gp := s.globrunqget()
	n--
	var q []*goroutine
	for ; n > 0; n-- {
		q = append(q, s.globrunqget())
	}
	return gp, q
}

// runqgrab: half of the victim's ring, rounded up; with an empty ring, on the last pass only,
// its runnext, after the 3 µs back-off when the victim is running and its goroutine is not in
// a system call. An owner in schedule() right now (curg nil) runs its runnext in that window.
func (s *scheduler) runqgrab(victim *proc, stealRunNextG bool, thief *proc) (batch []*goroutine, runnext, backoff bool) {
	h, t := victim.runqhead, victim.runqtail
	n := t - h
	n = n - n/2
	if n == 0 {
		if stealRunNextG && victim.runnext != nil {
			next := victim.runnext
			if !victim.idle && victim.m != nil {
				if gp := victim.m.curg; gp == nil || gp.status != gSyscall {
					backoff = true // usleep(3), or osyield() where timers are coarse
					if gp == nil {
						s.st.runnextBackoffs++
						s.on(event{kind: "runnext backoff", p: thief, victim: victim})
						return nil, false, true
					}
				}
			}
			victim.runnext = nil
			return []*goroutine{next}, true, backoff
		}
		return nil, false, false
	}
	for i := 0; i < n; i++ {
		batch = append(batch, victim.runq[(h+i)%runqSize])
		victim.runq[(h+i)%runqSize] = nil
	}
	victim.runqhead = h + n
	return batch, false, false
}

// runqsteal: grabs into pp's ring and returns the last goroutine grabbed, to run now.
func (s *scheduler) runqsteal(pp, p2 *proc, stealRunNextG bool) *goroutine {
	batch, runnext, backoff := s.runqgrab(p2, stealRunNextG, pp)
	if len(batch) == 0 {
		return nil
	}
	gp := batch[len(batch)-1]
	for _, g := range batch[:len(batch)-1] {
		pp.runq[pp.runqtail%runqSize] = g
		pp.runqtail++
	}
	s.st.steals++
	s.st.stolen += len(batch)
	if runnext {
		s.st.runnextSteals++
	}
	s.on(event{kind: "steal", p: pp, victim: p2, count: len(batch), runnext: runnext, backoff: backoff})
	return gp
}

func (s *scheduler) pidleput(pp *proc) {
	if !s.runqempty(pp) {
		panic("pidleput: P has non-empty run queue")
	}
	pp.idle = true
	pp.m = nil
	s.pidle = append([]*proc{pp}, s.pidle...)
}

func (s *scheduler) pidleget() *proc {
	if len(s.pidle) == 0 {
		return nil
	}
	pp := s.pidle[0]
	s.pidle = s.pidle[1:]
	pp.idle = false
	return pp
}

// pidlegetSpinning: an idle P, or needspinning = 1.
func (s *scheduler) pidlegetSpinning() *proc {
	pp := s.pidleget()
	if pp == nil {
		s.needspin = 1
	}
	return pp
}

func (s *scheduler) acquirep(mp *machine, pp *proc) {
	mp.p = pp
	pp.m = mp
	pp.idle = false
}

func (s *scheduler) releasep(mp *machine) *proc {
	pp := mp.p
	mp.p = nil
	pp.m = nil
	return pp
}

func (s *scheduler) newm() *machine {
	mp := &machine{id: len(s.allm), state: mIdle}
	s.allm = append(s.allm, mp)
	s.st.threads++
	s.on(event{kind: "newm", m: mp})
	return mp
}

// startm: an idle M (mget) or a new one (newm) will run pp.
func (s *scheduler) startm(pp *proc, spinning bool) *machine {
	if pp == nil {
		if pp = s.pidleget(); pp == nil {
			return nil
		}
	}
	var nmp *machine
	if len(s.midle) > 0 {
		nmp = s.midle[0]
		s.midle = s.midle[1:]
	} else {
		nmp = s.newm()
	}
	nmp.spinning = spinning
	nmp.nextp = pp
	pp.idle = false
	nmp.state = mScheduling
	s.on(event{kind: "startm", m: nmp, p: pp, spinning: spinning})
	s.runQueue = append(s.runQueue, nmp)
	return nmp
}

// stopm: the M goes on the idle list until startm hands it a P.
func (s *scheduler) stopm(mp *machine) {
	if mp.p != nil || mp.spinning {
		panic("stopm holding p or spinning")
	}
	mp.state = mIdle
	mp.curg = nil
	s.midle = append([]*machine{mp}, s.midle...)
	s.on(event{kind: "stopm", m: mp})
}

// wakep: start one spinning M if there is an idle P and no M is spinning already.
func (s *scheduler) wakep() {
	if s.nmspinning != 0 {
		return
	}
	s.nmspinning = 1
	pp := s.pidlegetSpinning()
	if pp == nil {
		s.nmspinning--
		return
	}
	s.startm(pp, true)
}

func (s *scheduler) becomeSpinning(mp *machine) {
	mp.spinning = true
	s.nmspinning++
	s.needspin = 0
}

func (s *scheduler) resetspinning(mp *machine) {
	mp.spinning = false
	s.nmspinning--
	if s.nmspinning < 0 {
		panic("findRunnable: negative nmspinning")
	}
	s.wakep()
}

// handoffp: a P taken from a system call gets a new M if there is work for it.
func (s *scheduler) handoffp(pp *proc, from *machine) {
	started := func(spinning bool) {
		s.on(event{kind: "handoffp", p: pp, from: from, to: s.startm(pp, spinning)})
	}
	if !s.runqempty(pp) || s.globalLength() > 0 {
		started(false)
		return
	}
	if s.nmspinning+s.npidle() == 0 {
		s.nmspinning = 1
		s.needspin = 0
		started(true)
		return
	}
	if s.npidle() == len(s.allp)-1 { // the last running P: someone must poll the network
		started(false)
		return
	}
	s.pidleput(pp)
	s.on(event{kind: "handoffp", p: pp, from: from})
}

func (s *scheduler) runSchedulers() {
	for len(s.runQueue) > 0 && !s.done {
		mp := s.runQueue[0]
		s.runQueue = s.runQueue[1:]
		if mp.nextp != nil {
			s.acquirep(mp, mp.nextp)
			mp.nextp = nil
		}
		s.schedule(mp)
	}
}

// schedule: on g0, findRunnable, then execute.
func (s *scheduler) schedule(mp *machine) {
	mp.state = mScheduling
	mp.curg = nil
	mp.schedules++
	s.st.schedules++
	s.on(event{kind: "schedule", m: mp})
	if mp.spinning && mp.p != nil && !s.runqempty(mp.p) {
		panic("schedule: spinning with local work")
	}
	gp, inherit, source := s.findRunnable(mp)
	if gp == nil {
		return
	}
	if mp.spinning {
		s.resetspinning(mp)
	}
	s.execute(mp, gp, inherit, source)
}

// findRunnable: the 61st-tick global check, runnext and the ring, the global queue, stealing
// (if the spinning limit allows), then drop the P and sleep.
func (s *scheduler) findRunnable(mp *machine) (*goroutine, bool, string) {
	for {
		pp := mp.p
		if pp.schedtick%61 == 0 && s.globalLength() > 0 {
			gp := s.globrunqget()
			localWork := s.runqsize(pp)
			if pp.runnext != nil {
				localWork++
			}
			s.st.fairnessChecks++
			if localWork > 0 {
				s.st.fairnessWithLocalWork++
			}
			s.on(event{kind: "fairness", p: pp, g: gp, localWork: localWork})
			return gp, false, "global (61st tick)"
		}
		if gp, inherit := s.runqget(pp); gp != nil {
			if inherit {
				return gp, true, "runnext"
			}
			return gp, false, srcLocal
		}
		if s.globalLength() > 0 {
			gp, q := s.globrunqgetbatch(runqSize / 2)
			s.runqputbatch(pp, q)
			s.st.globalBatches++
			return gp, false, "global"
		}
		if mp.spinning || 2*s.nmspinning < len(s.allp)-s.npidle() {
			if !mp.spinning {
				s.becomeSpinning(mp)
			}
			if gp := s.stealWork(pp); gp != nil {
				return gp, false, "stolen"
			}
		} else {
			s.st.spinningLimited++
			s.on(event{kind: "spinning limit", m: mp})
		}
		if s.globalLength() > 0 {
			gp, q := s.globrunqgetbatch(runqSize / 2)
			s.runqputbatch(pp, q)
			s.st.globalBatches++
			return gp, false, "global"
		}
		if !mp.spinning && s.needspin == 1 {
			s.becomeSpinning(mp)
			continue
		}
		s.pidleput(s.releasep(mp))
		if mp.spinning {
			mp.spinning = false
			s.nmspinning--
			if s.globalLength() > 0 {
				if pp2 := s.pidlegetSpinning(); pp2 != nil {
					gp, q := s.globrunqgetbatch(runqSize / 2)
					s.runqputbatch(pp2, q)
					s.acquirep(mp, pp2)
					s.becomeSpinning(mp)
					s.st.globalBatches++
					return gp, false, "global"
				}
			}
			if pp2 := s.checkRunqsNoP(); pp2 != nil {
				s.acquirep(mp, pp2)
				s.becomeSpinning(mp)
				continue
			}
		}
		s.stopm(mp)
		return nil, false, ""
	}
}

func (s *scheduler) checkRunqsNoP() *proc {
	for _, p2 := range s.allp {
		if !p2.idle && !s.runqempty(p2) {
			return s.pidlegetSpinning()
		}
	}
	return nil
}

// stealWork: four passes over the other Ps in a random order; runnext only on the last.
func (s *scheduler) stealWork(pp *proc) *goroutine {
	for i := 0; i < stealTries; i++ {
		stealRunNextG := i == stealTries-1
		r := int(uint32(s.rng.next() * 4294967296)) // cheaprand()
		count := len(s.allp)
		pos := r % count
		inc := s.coprimes[(r/count)%len(s.coprimes)]
		for k := 0; k < count; k, pos = k+1, (pos+inc)%count {
			p2 := s.allp[pos]
			if p2 == pp || p2.idle {
				continue
			}
			if gp := s.runqsteal(pp, p2, stealRunNextG); gp != nil {
				return gp
			}
		}
	}
	return nil
}

// execute: a new time slice (schedtick++) unless the goroutine inherits the current one.
func (s *scheduler) execute(mp *machine, gp *goroutine, inherit bool, source string) {
	pp := mp.p
	mp.curg = gp
	gp.status = gRunning
	mp.state = mRunning
	if !inherit {
		pp.schedtick++
	} else {
		s.st.inheritedSlices++
	}
	s.st.executes++
	s.noteRunOn(gp, pp)
	s.on(event{kind: "execute", m: mp, p: pp, g: gp, inherit: inherit, source: source})
	s.runInstant(mp)
}

func (s *scheduler) noteRunOn(gp *goroutine, pp *proc) {
	if gp.lastP >= 0 && gp.lastP != pp.id && len(gp.psSeen) == 1 {
		s.st.migrated++
	}
	gp.lastP = pp.id
	gp.psSeen[pp.id] = true
}

func (s *scheduler) advance(gp *goroutine) {
	gp.pc++
	s.loadStep(gp)
}

// runInstant runs the instantaneous steps at gp's pc until a cpu step, a block or the end.
func (s *scheduler) runInstant(mp *machine) {
	for {
		gp, pp := mp.curg, mp.p
		if gp.pc >= len(gp.steps) || gp.steps[gp.pc].kind == stepDone {
			s.goexit(mp, gp)
			return
		}
		st := gp.steps[gp.pc]
		switch st.kind {
		case stepCPU:
			if gp.left > 0 {
				return
			}
		case stepSpawn:
			for i := 0; i < st.count; i++ {
				s.newproc(pp, s.newG(st.name, st.program(i), true))
			}
		case stepWait:
			if s.waitGroup > 0 {
				s.advance(gp)
				s.mainWait = true
				s.park(mp, gp)
				return
			}
		case stepSend:
			if r := st.ch.recvq; r != nil {
				st.ch.recvq = nil
				s.goready(pp, r)
			} else {
				st.ch.sendq = gp
				s.advance(gp)
				s.park(mp, gp)
				return
			}
		case stepRecv:
			if snd := st.ch.sendq; snd != nil {
				st.ch.sendq = nil
				s.goready(pp, snd)
			} else {
				st.ch.recvq = gp
				s.advance(gp)
				s.park(mp, gp)
				return
			}
		case stepSyscall:
			s.entersyscall(mp, gp)
			return
		}
		s.advance(gp)
	}
}

// newproc: the new goroutine goes to runnext of the current P; wakep may start a spinning M.
func (s *scheduler) newproc(pp *proc, newg *goroutine) {
	if newg.inWaitGroup {
		s.waitGroup++
	}
	s.runqput(pp, newg, true)
	s.wakep()
}

// goready (ready): the woken goroutine goes to runnext of the waker's P.
func (s *scheduler) goready(pp *proc, gp *goroutine) {
	gp.status = gRunnable
	s.runqput(pp, gp, true)
	s.wakep()
}

// park: gopark → mcall(park_m) → schedule on g0.
func (s *scheduler) park(mp *machine, gp *goroutine) {
	gp.status = gWaiting
	s.on(event{kind: "stop", m: mp, p: mp.p, g: gp, why: "park"})
	mp.curg = nil
	s.schedule(mp)
}

// goexit: goexit0; wg.Done may wake main into runnext of this P.
func (s *scheduler) goexit(mp *machine, gp *goroutine) {
	gp.status = gDead
	s.on(event{kind: "stop", m: mp, p: mp.p, g: gp, why: "exit"})
	mp.curg = nil
	if gp == s.mainG {
		s.done = true
		s.st.finishedAtMs = s.now / 1000
		return
	}
	if gp.inWaitGroup {
		s.waitGroup--
		if s.waitGroup == 0 && s.mainWait {
			s.mainWait = false
			s.goready(mp.p, s.mainG)
		}
	}
	s.schedule(mp)
}

// entersyscall: the goroutine and its M block in the kernel; the P stays with them.
func (s *scheduler) entersyscall(mp *machine, gp *goroutine) {
	gp.status = gSyscall
	mp.state = mSyscall
	mp.oldp = mp.p
	s.st.syscalls++
	s.on(event{kind: "entersyscall", m: mp, p: mp.p, g: gp})
}

// exitsyscall: keep the P, else take the old P back from a thread that is itself in a
// system call (exitsyscallTryGetP), else an idle P; else exitsyscallNoP: the global queue.
func (s *scheduler) exitsyscall(mp *machine, gp *goroutine) {
	s.advance(gp)
	oldp := mp.oldp
	mp.oldp = nil
	var outcome string
	pp := mp.p
	if pp != nil {
		pp.syscalltick++
		outcome = keptP
	} else {
		switch {
		case oldp != nil && !oldp.idle && oldp.m != nil && oldp.m.curg != nil && oldp.m.curg.status == gSyscall && oldp.m.p == oldp:
			thread := oldp.m
			s.on(event{kind: "stop", m: thread, p: oldp, g: thread.curg, why: "lost P"})
			thread.p = nil
			oldp.m = nil
			oldp.syscalltick++
			pp = oldp
			outcome = oldP
		case s.npidle() > 0:
			pp = s.pidleget()
			outcome = idleP
		default:
			outcome = globalQ
		}
		if pp != nil {
			s.acquirep(mp, pp)
		}
	}
	s.st.exits[outcome]++
	s.on(event{kind: "exitsyscall", m: mp, g: gp, outcome: outcome, p: pp})
	if pp == nil {
		gp.status = gRunnable
		mp.curg = nil
		s.globrunqput(gp)
		s.stopm(mp)
		return
	}
	gp.status = gRunning
	mp.state = mRunning
	if outcome != keptP {
		s.noteRunOn(gp, pp)
		s.on(event{kind: "execute", m: mp, p: pp, g: gp, inherit: true, source: "after syscall"})
	}
	s.runInstant(mp)
}

// gopreempt: goschedImpl(preempted): to the global queue, not back to its P.
func (s *scheduler) gopreempt(mp *machine, gp *goroutine) {
	gp.status = gRunnable
	s.st.preemptions++
	s.on(event{kind: "stop", m: mp, p: mp.p, g: gp, why: "preempted"})
	mp.curg = nil
	s.globrunqput(gp)
	s.wakep()
	s.schedule(mp)
}

// tick: sysmon's wake-ups, 1 ms of work on every running M, then scheduling.
func (s *scheduler) tick() {
	if s.done {
		return
	}
	end := s.now + tickUs
	preempted := map[*goroutine]bool{}
	for s.sysmonNext < end {
		s.now = s.sysmonNext
		n := s.retake(s.now, preempted)
		s.runSchedulers()
		if n != 0 {
			s.sysmonIdle = 0
		} else {
			s.sysmonIdle++
		}
		if s.sysmonIdle == 0 {
			s.sysmonDelay = 20
		} else if s.sysmonIdle > 50 {
			s.sysmonDelay *= 2
		}
		if s.sysmonDelay > 10_000 {
			s.sysmonDelay = 10_000
		}
		s.sysmonNext = s.now + s.sysmonDelay
	}
	s.now = end
	for i := 0; i < len(s.allm); i++ {
		if s.done {
			return
		}
		mp := s.allm[i]
		gp := mp.curg
		if gp == nil {
			continue
		}
		switch {
		case mp.state == mRunning && gp.status == gRunning:
			gp.left--
			if gp.left <= 0 {
				s.advance(gp)
				if preempted[gp] {
					s.gopreempt(mp, gp)
				} else {
					s.runInstant(mp)
				}
			} else if preempted[gp] {
				s.gopreempt(mp, gp)
			}
		case mp.state == mSyscall && gp.status == gSyscall:
			gp.left--
			if gp.left <= 0 {
				s.exitsyscall(mp, gp)
			}
		}
	}
	s.runSchedulers()
}

// retake (sysmon): preempt a 10 ms old time slice; take the P of a goroutine that has been in
// a system call since sysmon's last look, unless nothing is queued, idle Ps or spinning Ms
// can take new work, and the call is younger than 10 ms.
func (s *scheduler) retake(now int, preempted map[*goroutine]bool) int {
	n := 0
	for _, pp := range s.allp {
		if pp.idle {
			continue
		}
		pd := &pp.sysmontick
		sysretake := false
		if pd.schedtick != pp.schedtick {
			pd.schedtick = pp.schedtick
			pd.schedwhen = now
		} else if pd.schedwhen+forcePreemptUs <= now {
			if mp := pp.m; mp != nil && mp.curg != nil && mp.curg.status == gRunning && !preempted[mp.curg] {
				preempted[mp.curg] = true
				s.on(event{kind: "preempt", p: pp, g: mp.curg})
			}
			sysretake = true
		}
		mp := pp.m
		if mp == nil || mp.curg == nil || mp.curg.status != gSyscall || mp.p != pp {
			continue
		}
		if !sysretake && pd.syscalltick != pp.syscalltick {
			pd.syscalltick = pp.syscalltick
			pd.syscallwhen = now
			continue
		}
		if s.runqempty(pp) && s.nmspinning+s.npidle() > 0 && pd.syscallwhen+syscallRetakeGraceUs > now {
			continue
		}
		s.on(event{kind: "stop", m: mp, p: pp, g: mp.curg, why: "lost P"})
		mp.p = nil
		pp.m = nil
		pp.syscalltick++
		n++
		s.st.handoffs++
		s.handoffp(pp, mp)
	}
	return n
}

// schedtrace: a line in GODEBUG=schedtrace's format (Go 1.25 and later), from the model.
func (s *scheduler) schedtrace() string {
	var queues, ticks strings.Builder
	for i, pp := range s.allp {
		if i > 0 {
			queues.WriteString(" ")
		}
		fmt.Fprint(&queues, s.runqsize(pp))
		fmt.Fprintf(&ticks, "%d ", pp.schedtick)
	}
	return fmt.Sprintf("SCHED %dms: gomaxprocs=%d idleprocs=%d threads=%d spinningthreads=%d needspinning=%d idlethreads=%d runqueue=%d [ %s ] schedticks=[ %s]",
		s.now/1000, len(s.allp), s.npidle(), len(s.allm)+1, s.nmspinning, s.needspin, len(s.midle), s.globalLength(), queues.String(), ticks.String())
}

// ── the demo: programs, scenes and the timeline ──────────────────────────────────

var rng = &random{state: seed}

func workerProgram(int) []step {
	work := rng.intn(workMinMs, workMaxMs)
	if !rng.chance(syscallChance) {
		return []step{{kind: stepCPU, ms: work}, {kind: stepDone}}
	}
	before := max(1, work/2)
	steps := []step{{kind: stepCPU, ms: before}, {kind: stepSyscall, ms: rng.intn(syscallMinMs, syscallMaxMs)}}
	if work-before > 0 {
		steps = append(steps, step{kind: stepCPU, ms: work - before})
	}
	return append(steps, step{kind: stepDone})
}

type scene struct {
	title, key            string
	pairs, perTick, ticks int
}

func mainProgram(sc scene) []step {
	type pair struct{ ping, pong *channel }
	chans := make([]pair, sc.pairs)
	for k := range chans {
		chans[k] = pair{&channel{name: fmt.Sprintf("ping%d", k)}, &channel{name: fmt.Sprintf("pong%d", k)}}
	}
	pairProgram := func(i int) []step {
		c := chans[i/2]
		var steps []step
		for r := 0; r < rounds; r++ {
			if i%2 == 0 {
				steps = append(steps, step{kind: stepCPU, ms: 1}, step{kind: stepSend, ch: c.ping}, step{kind: stepRecv, ch: c.pong})
			} else {
				steps = append(steps, step{kind: stepRecv, ch: c.ping}, step{kind: stepCPU, ms: 1}, step{kind: stepSend, ch: c.pong})
			}
		}
		return append(steps, step{kind: stepDone})
	}
	var steps []step
	if sc.pairs > 0 {
		steps = append(steps, step{kind: stepSpawn, count: 2 * sc.pairs, name: "pingpong", program: pairProgram})
	}
	for t := 0; t < sc.ticks; t++ {
		steps = append(steps, step{kind: stepSpawn, count: sc.perTick, name: "worker", program: workerProgram}, step{kind: stepCPU, ms: 1})
	}
	return append(steps, step{kind: stepWait}, step{kind: stepDone})
}

func gName(g *goroutine) string {
	switch g.name {
	case "main":
		return fmt.Sprintf("G%d main", g.id)
	case "pingpong":
		return fmt.Sprintf("G%d ping-pong", g.id)
	}
	return fmt.Sprintf("G%d", g.id)
}

type driver struct {
	pSpans, mSpans map[int]*gfgtrace.Span
	shown          map[string]int
}

func (d *driver) end(spans map[int]*gfgtrace.Span, id int, status gfgtrace.Status, detail string) {
	if sp, ok := spans[id]; ok {
		if detail == "" {
			sp.End(status)
		} else {
			sp.EndDetail(status, detail)
		}
		delete(spans, id)
	}
}

func (d *driver) begin(spans map[int]*gfgtrace.Span, id int, lane, name string) {
	d.end(spans, id, gfgtrace.OK, "")
	spans[id] = gfgtrace.Begin(lane, name)
}

func (d *driver) logSome(kind string, limit int, format string, args ...any) {
	d.shown[kind]++
	switch n := d.shown[kind]; {
	case n <= limit:
		logf(format, args...)
	case n == limit+1:
		logf("  (more %s are counted in the summary, not printed)", kind)
	}
}

func (d *driver) onEvent(e event) {
	switch e.kind {
	case "newm":
		d.logSome("new threads", 6, "newm: thread M%d created", e.m.id)
	case "startm":
		spin := ""
		if e.spinning {
			spin = " and spins: it will look for work to steal"
		}
		d.logSome("startm", 4, "startm: M%d gets P%d%s", e.m.id, e.p.id, spin)
	case "stopm":
		d.end(d.mSpans, e.m.id, gfgtrace.OK, "found nothing: stopm, the thread sleeps")
	case "schedule":
		d.end(d.mSpans, e.m.id, gfgtrace.OK, "")
		d.begin(d.mSpans, e.m.id, fmt.Sprintf("M%d", e.m.id), "g0: schedule()")
	case "execute":
		slice := "inherits the time slice"
		if !e.inherit {
			slice = fmt.Sprintf("new time slice, schedtick %d", e.p.schedtick)
		}
		d.end(d.mSpans, e.m.id, gfgtrace.OK, "gogo → "+gName(e.g))
		d.begin(d.mSpans, e.m.id, fmt.Sprintf("M%d", e.m.id), fmt.Sprintf("%s on P%d", gName(e.g), e.p.id))
		d.begin(d.pSpans, e.p.id, fmt.Sprintf("P%d", e.p.id), fmt.Sprintf("%s (%s; %s)", gName(e.g), e.source, slice))
	case "stop":
		detail := map[string]string{"park": "parked: waits on a channel", "exit": "done", "preempted": "preempted: to the global queue", "lost P": "sysmon took the P"}[e.why]
		status := gfgtrace.OK
		switch e.why {
		case "preempted":
			status = gfgtrace.Rejected
		case "lost P":
			status = gfgtrace.Cancelled
		}
		if e.p != nil {
			d.end(d.pSpans, e.p.id, status, gName(e.g)+" "+detail)
		}
		if e.why != "lost P" {
			d.end(d.mSpans, e.m.id, status, detail)
		}
	case "overflow":
		logf("P%d: ring full (256) → runqputslow moves %d goroutines (half the ring + the new one) to the global queue", e.p.id, e.moved)
		gfgtrace.Instant("global queue", fmt.Sprintf("runqputslow: +%d", e.moved), gfgtrace.Warn)
	case "fairness":
		note := " (its own queues are empty)"
		if e.localWork > 0 {
			note = fmt.Sprintf(" (skipping %d queued locally)", e.localWork)
		}
		d.logSome("61st-tick checks", 4, "P%d: schedtick %d %% 61 == 0 → takes %s from the global queue first%s", e.p.id, e.p.schedtick, gName(e.g), note)
		gfgtrace.Instant(fmt.Sprintf("P%d", e.p.id), "schedtick % 61 == 0: global queue first", gfgtrace.Info)
	case "steal":
		if e.runnext {
			how := ", whose goroutine is in a system call: no back-off"
			if e.backoff {
				how = " after the 3 µs back-off"
			}
			d.logSome("runnext steals", 3, "P%d steals runnext (the ring was empty, last steal pass) from P%d%s", e.p.id, e.victim.id, how)
		} else {
			d.logSome("steals", 5, "P%d steals %d from P%d (runqgrab: half of the ring, rounded up)", e.p.id, e.count, e.victim.id)
		}
		name := fmt.Sprintf("stole %d from P%d", e.count, e.victim.id)
		if e.runnext {
			name += " (runnext)"
		}
		gfgtrace.Instant(fmt.Sprintf("P%d", e.p.id), name, gfgtrace.Info)
	case "runnext backoff":
		d.logSome("runnext back-offs", 2, "P%d backs off 3 µs from P%d's runnext: its M is in schedule() and runs it itself", e.p.id, e.victim.id)
	case "spinning limit":
		d.logSome("spinning limits", 2, "M%d: 2 × nmspinning ≥ busy Ps → it may not spin; it drops its P and sleeps", e.m.id)
	case "preempt":
		d.logSome("preemptions", 4, "sysmon: %s on P%d has held one time slice for 10 ms → preempted, to the global queue", gName(e.g), e.p.id)
		gfgtrace.Instant("sysmon", "preempt "+gName(e.g), gfgtrace.Warn)
	case "entersyscall":
		d.end(d.pSpans, e.p.id, gfgtrace.OK, gName(e.g)+" enters a system call")
		d.begin(d.pSpans, e.p.id, fmt.Sprintf("P%d", e.p.id), gName(e.g)+" in syscall (P held)")
		d.end(d.mSpans, e.m.id, gfgtrace.OK, "entersyscall")
		d.begin(d.mSpans, e.m.id, fmt.Sprintf("M%d", e.m.id), "syscall: "+gName(e.g))
	case "handoffp":
		to := fmt.Sprintf("P%d has no work: idle", e.p.id)
		if e.to != nil {
			to = fmt.Sprintf("M%d runs P%d's queue", e.to.id, e.p.id)
		}
		d.logSome("handoffs", 4, "sysmon: M%d's system call outlasted a sysmon tick → takes P%d, handoffp → %s", e.from.id, e.p.id, to)
		gfgtrace.Instant("sysmon", fmt.Sprintf("handoffp P%d", e.p.id), gfgtrace.Info)
	case "exitsyscall":
		status := gfgtrace.OK
		if e.outcome == globalQ {
			status = gfgtrace.Rejected
		}
		d.end(d.mSpans, e.m.id, status, "exitsyscall: "+e.outcome)
		if e.outcome == keptP && e.p != nil {
			d.end(d.pSpans, e.p.id, gfgtrace.OK, "exitsyscall: kept its P")
			d.begin(d.pSpans, e.p.id, fmt.Sprintf("P%d", e.p.id), gName(e.g)+" (after syscall)")
			d.begin(d.mSpans, e.m.id, fmt.Sprintf("M%d", e.m.id), fmt.Sprintf("%s on P%d", gName(e.g), e.p.id))
		}
		where := ""
		if e.p != nil {
			where = fmt.Sprintf(" (P%d)", e.p.id)
		}
		d.logSome("exitsyscall: "+e.outcome, 1, "exitsyscall: %s on M%d %s%s", gName(e.g), e.m.id, e.outcome, where)
	}
}

func exitSummary(e map[string]int) string {
	return fmt.Sprintf("kept P %d, old P %d, idle P %d, global queue %d", e[keptP], e[oldP], e[idleP], e[globalQ])
}

func runScene(sc scene) stats {
	fmt.Printf("\n%s\n", sc.title)
	d := &driver{pSpans: map[int]*gfgtrace.Span{}, mSpans: map[int]*gfgtrace.Span{}, shown: map[string]int{}}
	s := newScheduler(gomaxprocs, rng, d.onEvent)
	base := time.Now()
	for _, p := range s.allp {
		gfgtrace.Instant(fmt.Sprintf("P%d", p.id), fmt.Sprintf("procresize: P%d", p.id), gfgtrace.Info) // the P lanes first, then the Ms
	}
	s.start(mainProgram(sc))
	logf("%s", s.schedtrace())
	nextTrace := schedtraceEveryMs
	for !s.done {
		time.Sleep(time.Until(base.Add(time.Duration((s.now/1000+1)*msPerTick) * time.Millisecond)))
		s.tick()
		if s.now/1000 >= nextTrace && !s.done {
			logf("%s", s.schedtrace())
			nextTrace += schedtraceEveryMs
		}
		if s.now > 100_000_000 {
			panic("the model did not finish")
		}
	}
	for id := range d.pSpans {
		d.end(d.pSpans, id, gfgtrace.OK, "")
	}
	for id := range d.mSpans {
		d.end(d.mSpans, id, gfgtrace.OK, "")
	}
	st := s.st
	logf("main: wg.Wait() returns; main exits at %d simulated ms", st.finishedAtMs)

	// Facts of the model, which main.ts computes identically; a test compares them.
	k := sc.key
	gfgtrace.Milestone(k+": goroutines created", st.goroutinesCreated)
	gfgtrace.Milestone(k+": overflow batches (runqputslow)", st.overflows)
	gfgtrace.Milestone(k+": goroutines moved by runqputslow", st.overflowMoved)
	gfgtrace.Milestone(k+": 61st-tick checks that took a goroutine", st.fairnessChecks)
	gfgtrace.Milestone(k+": steals (runqsteal)", st.steals)
	gfgtrace.Milestone(k+": goroutines stolen", st.stolen)
	gfgtrace.Milestone(k+": runnext steals", st.runnextSteals)
	gfgtrace.Milestone(k+": preemptions", st.preemptions)
	gfgtrace.Milestone(k+": Ps handed off from system calls", st.handoffs)
	gfgtrace.Milestone(k+": exitsyscall outcomes", exitSummary(st.exits))
	gfgtrace.Milestone(k+": threads (Ms)", st.threads)
	gfgtrace.Milestone(k+": finished at ms", st.finishedAtMs)
	return st
}

// ── the real runtime ─────────────────────────────────────────────────────────────

// upperBound returns the upper edge of the histogram bucket that holds quantile q.
func upperBound(h *metrics.Float64Histogram, q float64) float64 {
	var total uint64
	for _, c := range h.Counts {
		total += c
	}
	var seen uint64
	for i, c := range h.Counts {
		seen += c
		if total > 0 && float64(seen) >= q*float64(total) {
			if edge := h.Buckets[i+1]; !math.IsInf(edge, 1) {
				return edge
			}
			return h.Buckets[i]
		}
	}
	return 0
}

func readMetrics(names ...string) []metrics.Sample {
	samples := make([]metrics.Sample, len(names))
	for i, n := range names {
		samples[i].Name = n
	}
	metrics.Read(samples)
	return samples
}

func uint64Of(s metrics.Sample) string {
	if s.Value.Kind() != metrics.KindUint64 {
		return "not supported"
	}
	return fmt.Sprint(s.Value.Uint64())
}

// realRuntime runs a burst like scene 1 on the real scheduler: `burst` goroutines that each
// spin on the CPU for 1-5 ms, a quarter of them halfway through a real blocking system call
// (nanosleep), and reads the scheduler's metrics while they run and after.
func realRuntime() {
	fmt.Println("\nreal runtime: the same kind of burst on the real scheduler (these numbers vary by run)")
	prev := runtime.GOMAXPROCS(gomaxprocs)
	defer runtime.GOMAXPROCS(prev)
	before := readMetrics("/sched/latencies:seconds")[0].Value.Float64Histogram()
	r := &random{state: seed}
	var wg sync.WaitGroup
	began := time.Now()
	for range burst {
		work := time.Duration(r.intn(workMinMs, workMaxMs)) * time.Millisecond
		sys := time.Duration(0)
		if r.chance(syscallChance) {
			sys = time.Duration(r.intn(syscallMinMs, syscallMaxMs)) * time.Millisecond
		}
		wg.Go(func() {
			spin(work / 2)
			if sys > 0 {
				ts := syscall.NsecToTimespec(sys.Nanoseconds())
				_ = syscall.Nanosleep(&ts, nil) // a blocking system call: entersyscall ... exitsyscall
			}
			spin(work - work/2)
		})
	}
	during := readMetrics("/sched/goroutines:goroutines", "/sched/goroutines/runnable:goroutines", "/sched/threads/total:threads")
	wg.Wait()
	took := time.Since(began)
	after := readMetrics("/sched/latencies:seconds", "/sched/goroutines:goroutines", "/sched/threads/total:threads",
		"/sched/goroutines-created:goroutines", "/sched/gomaxprocs:threads")
	logf("just after the burst started: /sched/goroutines:goroutines=%s, /sched/goroutines/runnable:goroutines=%s, /sched/threads/total:threads=%s",
		uint64Of(during[0]), uint64Of(during[1]), uint64Of(during[2]))
	logf("after wg.Wait (%v): /sched/goroutines:goroutines=%s, /sched/threads/total:threads=%s, /sched/goroutines-created:goroutines=%s, /sched/gomaxprocs:threads=%s",
		took.Round(time.Millisecond), uint64Of(after[1]), uint64Of(after[2]), uint64Of(after[3]), uint64Of(after[4]))
	if after[0].Value.Kind() == metrics.KindFloat64Histogram {
		// The histogram counts from program start: subtract the reading taken before the burst.
		h := after[0].Value.Float64Histogram()
		delta := &metrics.Float64Histogram{Buckets: h.Buckets, Counts: make([]uint64, len(h.Counts))}
		for i := range h.Counts {
			delta.Counts[i] = h.Counts[i]
			if i < len(before.Counts) {
				delta.Counts[i] -= before.Counts[i]
			}
		}
		var parts []string
		for _, q := range []float64{0.5, 0.9, 0.99} {
			parts = append(parts, fmt.Sprintf("p%g <= %v", q*100, time.Duration(upperBound(delta, q)*float64(time.Second)).Round(time.Microsecond)))
		}
		logf("/sched/latencies:seconds, time runnable before running, during the burst: %s", strings.Join(parts, ", "))
	}
}

// spin keeps the CPU busy for d without blocking.
func spin(d time.Duration) {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); {
	}
}

func main() {
	fmt.Println("the Go scheduler, simulated: run queues, runnext, stealing, system calls")
	fmt.Printf("seed %d: GOMAXPROCS=%d; workers need %d-%d ms of CPU, %d%% block in a %d-%d ms system call.\n",
		seed, gomaxprocs, workMinMs, workMaxMs, int(math.Round(syscallChance*100)), syscallMinMs, syscallMaxMs)
	fmt.Println("Simulated: the model of runtime/proc.go (Go 1.27.3) that scheduler.ts is, written in Go; not the runtime.")

	b := runScene(scene{title: fmt.Sprintf("scene 1: a burst: main starts %d ping-pong goroutines and %d workers in one tick", pairs*2, burst), key: "burst", pairs: pairs, perTick: burst, ticks: 1})
	t := runScene(scene{title: fmt.Sprintf("scene 2: a trickle: main starts %d worker(s) per tick for %d ticks", spawnPerTick, spawnTicks), key: "trickle", perTick: spawnPerTick, ticks: spawnTicks})

	fmt.Println("\nsummary")
	row := func(label string, a, b any, note string) { fmt.Printf("  %-38s%8v%9v  %s\n", label, a, b, note) }
	row(fmt.Sprintf("simulated, GOMAXPROCS=%d", gomaxprocs), "burst", "trickle", "")
	row("goroutines / main returned at ms", b.goroutinesCreated, t.goroutinesCreated, fmt.Sprintf("%d ms and %d ms", b.finishedAtMs, t.finishedAtMs))
	row("overflow batches (runqputslow)", b.overflows, t.overflows, fmt.Sprintf("%d goroutines to the global queue in the burst", b.overflowMoved))
	row("61st-tick global checks", b.fairnessChecks, t.fairnessChecks, "a P takes one from the global queue before its own")
	row("global batches (globrunqgetbatch)", b.globalBatches, t.globalBatches, "an empty ring refills with its fair share")
	row("steals (runqsteal)", b.steals, t.steals, fmt.Sprintf("goroutines stolen: %d and %d", b.stolen, t.stolen))
	row("  of them from runnext", b.runnextSteals, t.runnextSteals, "only with the victim's ring empty, after the 3 µs back-off")
	row("Ms refused spinning by the limit", b.spinningLimited, t.spinningLimited, "model Ms spin one at a time, so the limit seldom binds")
	row("preemptions (10 ms slice)", b.preemptions, t.preemptions, "to the global queue, not back to their P")
	row("blocking system calls", b.syscalls, t.syscalls, fmt.Sprintf("Ps handed off by sysmon: %d and %d", b.handoffs, t.handoffs))
	row("  exitsyscall kept its P", b.exits[keptP], t.exits[keptP], "sysmon had not taken it")
	row("  ...went to the global queue", b.exits[globalQ], t.exits[globalQ], "no P anywhere: the M sleeps")
	row("executions that inherited the slice", b.inheritedSlices, t.inheritedSlices, fmt.Sprintf("of %d and %d: runnext (newproc, channel wake-ups)", b.executes, t.executes))
	row("goroutines that ran on >1 P", b.migrated, t.migrated, "preempted, stolen after a run, or moved by a system call")
	row("threads (Ms)", b.threads, t.threads, "plus sysmon's, in schedtrace's threads=")
	row("scheduling rounds on g0", b.schedules, t.schedules, "mcall or gosched → g0 → schedule() → execute → gogo")

	realRuntime()
	fmt.Println("\n  Everything above the real-runtime section is the model. The real section's numbers come")
	fmt.Println("  from runtime/metrics on this machine and are printed, not compared with the demo.")
}
