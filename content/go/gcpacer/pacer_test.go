package gcpacer

import (
	"math"
	"testing"
)

func TestPercentGoalMatchesGCGuideExample(t *testing.T) {
	// The GC guide: 8 MiB live heap, 1 MiB of stacks and 1 MiB of globals.
	h := Heap{Marked: 8 * MiB, Roots: 2 * MiB}
	for _, tc := range []struct {
		gogc int
		want uint64
	}{{100, 18 * MiB}, {50, 13 * MiB}, {200, 28 * MiB}} {
		if got, _ := PercentGoal(tc.gogc, h); got != tc.want {
			t.Errorf("GOGC=%d: goal %d MiB, want %d MiB", tc.gogc, got/MiB, tc.want/MiB)
		}
	}
	if _, ok := PercentGoal(Off, h); ok {
		t.Error("GOGC=off has a proportional goal")
	}
	if got, _ := PercentGoal(100, Heap{Marked: 1 * MiB}); got != 4*MiB {
		t.Errorf("small heap: goal %d, want the 4 MiB heap minimum", got)
	}
}

func TestLimitGoal(t *testing.T) {
	// 1 GiB limit, 24 MiB of non-heap memory: (1000 MiB) minus 3% headroom.
	if got, want := LimitGoal(1*GiB, Heap{Marked: 10 * MiB, NonHeap: 24 * MiB}), uint64(1000*MiB-1000*MiB/100*3); got != want {
		t.Errorf("goal %d, want %d", got, want)
	}
	// A live heap above the limit goal: the goal is the live heap (back-to-back cycles).
	if got := LimitGoal(1*GiB, Heap{Marked: 2 * GiB}); got != 2*GiB {
		t.Errorf("goal %d, want the live heap", got)
	}
}

// The article's worked example: a service with a 200 MiB live heap, 100 MiB of
// other runtime memory, allocating 2 GiB/s, in a container limited to 15 GiB
// with GOMEMLIMIT=12GiB (80%).
func TestArticleTable(t *testing.T) {
	svc := Service{Live: 200 * MiB, NonHeap: 100 * MiB, AllocRate: 2 * GiB}
	ballasted := svc
	ballasted.Ballast = 10 * GiB
	limit := uint64(12 * GiB)

	for _, tc := range []struct {
		name         string
		svc          Service
		s            Settings
		goalMiB      float64 // heap goal
		cyclesPerSec float64
		residentMiB  float64 // rough peak RSS
	}{
		{"GOGC=100", svc, Settings{GOGC: 100}, 400, 10.24, 500},
		{"GOGC=100, 10 GiB ballast", ballasted, Settings{GOGC: 100}, 20880, 0.196, 10740},
		{"GOGC=100, GOMEMLIMIT=12GiB", svc, Settings{GOGC: 100, Limit: limit}, 400, 10.24, 500},
		{"GOGC=off, GOMEMLIMIT=12GiB", svc, Settings{GOGC: Off, Limit: limit}, 11822.4, 0.176, 11922.4},
		{"GOGC=2000, GOMEMLIMIT=12GiB", svc, Settings{GOGC: 2000, Limit: limit}, 4200, 0.512, 4300},
		{"GOGC=100, ballast kept, GOMEMLIMIT=12GiB", ballasted, Settings{GOGC: 100, Limit: limit}, 11822.4, 1.482, 1682.4},
	} {
		r := tc.svc.Run(tc.s)
		if !near(float64(r.Goal)/MiB, tc.goalMiB, 0.05) || !near(r.CyclesPerSecond, tc.cyclesPerSec, 0.0005) || !near(float64(r.Resident)/MiB, tc.residentMiB, 0.05) {
			t.Errorf("%s: goal %.1f MiB, %.3f cycles/s, resident %.1f MiB; want %.1f, %.3f, %.1f",
				tc.name, float64(r.Goal)/MiB, r.CyclesPerSecond, float64(r.Resident)/MiB, tc.goalMiB, tc.cyclesPerSec, tc.residentMiB)
		}
	}

	// A ballast larger than the limit leaves no runway at all.
	if r := ballasted.Run(Settings{GOGC: 100, Limit: 96 * GiB / 10}); !math.IsInf(r.CyclesPerSecond, 1) {
		t.Errorf("10 GiB ballast under a 9.6 GiB limit: %.3f cycles/s, want back-to-back cycles", r.CyclesPerSecond)
	}

	// With GOGC=2000 the limit takes over once the live heap triples.
	grown := svc
	grown.Live = 600 * MiB
	if pct, _ := PercentGoal(2000, Heap{Marked: grown.Live}); pct != 12600*MiB {
		t.Errorf("GOGC=2000 goal at 600 MiB live: %d MiB", pct/MiB)
	}
	if r := grown.Run(Settings{GOGC: 2000, Limit: limit}); r.Goal != LimitGoal(limit, Heap{Marked: grown.Live, NonHeap: grown.NonHeap}) {
		t.Errorf("GOGC=2000 at 600 MiB live: goal %d MiB, want the limit goal", r.Goal/MiB)
	}
}

// The "why not raise GOGC" arithmetic: GOGC=4400 against a 10 GiB ballast when
// a 450 MiB live heap doubles.
func TestGOGCVersusBallastWhenLiveHeapDoubles(t *testing.T) {
	for _, tc := range []struct {
		live, ballast uint64
		gogc          int
		wantMiB       uint64
	}{
		{450 * MiB, 0, 4400, 20250},
		{900 * MiB, 0, 4400, 40500},
		{450 * MiB, 10 * GiB, 100, 21380},
		{900 * MiB, 10 * GiB, 100, 22280},
	} {
		got, _ := PercentGoal(tc.gogc, Heap{Marked: tc.live + tc.ballast})
		if got != tc.wantMiB*MiB {
			t.Errorf("live %d MiB, ballast %d MiB, GOGC=%d: goal %d MiB, want %d", tc.live/MiB, tc.ballast/MiB, tc.gogc, got/MiB, tc.wantMiB)
		}
	}
}

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }
