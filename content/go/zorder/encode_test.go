package zorder

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestOrderedInt64(t *testing.T) {
	vals := []int64{math.MinInt64, -1 << 40, -2, -1, 0, 1, 2, 1 << 40, math.MaxInt64}
	for i := 1; i < len(vals); i++ {
		if OrderedInt64(vals[i-1]) >= OrderedInt64(vals[i]) {
			t.Errorf("OrderedInt64(%d) >= OrderedInt64(%d)", vals[i-1], vals[i])
		}
	}
	if OrderedInt64(math.MinInt64) != 0 || OrderedInt64(math.MaxInt64) != math.MaxUint64 {
		t.Error("OrderedInt64 should map the extremes to 0 and all ones")
	}
}

func TestOrderedFloat64(t *testing.T) {
	vals := []float64{math.Inf(-1), -math.MaxFloat64, -2, -1, -1e-300, math.Copysign(0, -1), 0, 1e-300, 1, 2, math.MaxFloat64, math.Inf(1)}
	for i := 1; i < len(vals); i++ {
		if OrderedFloat64(vals[i-1]) >= OrderedFloat64(vals[i]) {
			t.Errorf("OrderedFloat64(%g) >= OrderedFloat64(%g)", vals[i-1], vals[i])
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	fs := make([]float64, 10_000)
	for i := range fs {
		fs[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20))
	}
	slices.Sort(fs)
	for i := 1; i < len(fs); i++ {
		if fs[i-1] < fs[i] && OrderedFloat64(fs[i-1]) >= OrderedFloat64(fs[i]) {
			t.Fatalf("order broken between %g and %g", fs[i-1], fs[i])
		}
	}
}

func TestQuantize(t *testing.T) {
	if Quantize(-90, -90, 90, 21) != 0 || Quantize(90, -90, 90, 21) != 1<<21-1 {
		t.Error("Quantize should map the range ends to the first and last cell")
	}
	if Quantize(-100, -90, 90, 21) != 0 || Quantize(100, -90, 90, 21) != 1<<21-1 || Quantize(math.NaN(), -90, 90, 21) != 0 {
		t.Error("Quantize should clamp")
	}
	prev := uint64(0)
	for v := -90.0; v <= 90; v += 0.001 {
		q := Quantize(v, -90, 90, 21)
		if q < prev {
			t.Fatalf("Quantize not monotonic at %g", v)
		}
		prev = q
	}
}
