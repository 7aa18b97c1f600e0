// Package gcpacer models how the Go garbage collector picks its heap goal, so
// that the cycle counts in the article "Go memory ballast and GOMEMLIMIT" can be
// computed and checked. The formulas follow runtime/mgcpacer.go in Go 1.27:
// gcControllerState.commit for the GOGC goal, memoryLimitHeapGoal for the
// memory-limit goal and heapGoalInternal for how the two combine.
//
// The model is for steady state: the live heap is the same after every mark,
// and a cycle runs each time the program has allocated the runway between the
// live heap and the goal. It ignores the trigger point (a cycle starts a little
// before the goal so that marking finishes near it), sweep-distance adjustments
// and the GC CPU limiter.
package gcpacer

import "math"

const (
	MiB = 1 << 20
	GiB = 1 << 30
)

// Off is the GOGC value that switches the proportional goal off (GOGC=off,
// debug.SetGCPercent(-1)).
const Off = -1

// Heap is what the pacer knows at the end of a mark phase.
type Heap struct {
	Marked  uint64 // bytes found live by the last mark, a ballast included
	Roots   uint64 // scannable goroutine stacks plus scannable globals
	NonHeap uint64 // runtime memory that holds no heap objects (stacks, metadata)
}

// PercentGoal is the GOGC-based goal of gcControllerState.commit: the live
// heap plus GOGC percent of the live heap and the roots, but at least the heap
// minimum of 4 MiB scaled by GOGC/100. ok is false when GOGC is off.
func PercentGoal(gogc int, h Heap) (goal uint64, ok bool) {
	if gogc < 0 {
		return 0, false
	}
	goal = h.Marked + (h.Marked+h.Roots)*uint64(gogc)/100
	if minimum := uint64(4*MiB) * uint64(gogc) / 100; goal < minimum {
		goal = minimum
	}
	return goal, true
}

// LimitGoal is the goal of memoryLimitHeapGoal for a steady heap: the limit
// minus the memory that is not heap objects, less 3% headroom (at least
// 1 MiB), and never below the live heap.
func LimitGoal(limit uint64, h Heap) uint64 {
	if h.NonHeap >= limit {
		return h.Marked // non-heap memory alone exceeds the limit: collect continuously
	}
	goal := limit - h.NonHeap
	headroom := max(goal/100*3, 1*MiB)
	if goal < headroom || goal-headroom < headroom {
		goal = headroom
	} else {
		goal -= headroom
	}
	return max(goal, h.Marked)
}

// Settings are the two knobs a deployment sets.
type Settings struct {
	GOGC  int    // percent, or Off
	Limit uint64 // GOMEMLIMIT in bytes; 0 means no limit
}

// Goal is the heap goal heapGoalInternal uses: the smaller of the two goals.
func (s Settings) Goal(h Heap) uint64 {
	goal := uint64(math.MaxUint64)
	if g, ok := PercentGoal(s.GOGC, h); ok {
		goal = g
	}
	if s.Limit > 0 {
		goal = min(goal, LimitGoal(s.Limit, h))
	}
	return goal
}

// Service is a steady-state workload.
type Service struct {
	Live      uint64  // live heap of the program itself
	Roots     uint64  // scannable stacks and globals
	NonHeap   uint64  // runtime memory that holds no heap objects
	Ballast   uint64  // untouched, pointer-free ballast; 0 for none
	AllocRate float64 // bytes allocated per second
}

// Result is what a setting does to a Service.
type Result struct {
	Goal            uint64  // heap goal in bytes (the heap's peak, ballast included)
	Runway          uint64  // bytes the program may allocate per cycle
	CyclesPerSecond float64 // +Inf when the runway is zero: back-to-back cycles
	Resident        uint64  // rough peak RSS: goal minus the untouched ballast, plus non-heap memory
}

// Run applies the settings to the service.
func (svc Service) Run(s Settings) Result {
	h := Heap{Marked: svc.Live + svc.Ballast, Roots: svc.Roots, NonHeap: svc.NonHeap}
	goal := s.Goal(h)
	r := Result{Goal: goal, Resident: math.MaxUint64}
	if goal != math.MaxUint64 {
		r.Resident = goal - svc.Ballast + svc.NonHeap
	}
	if goal > h.Marked {
		r.Runway = goal - h.Marked
	}
	if r.Runway == 0 {
		r.CyclesPerSecond = math.Inf(1)
	} else {
		r.CyclesPerSecond = svc.AllocRate / float64(r.Runway)
	}
	return r
}
