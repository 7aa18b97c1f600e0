package gcpacer

import "runtime/metrics"

// GCCPU is one reading of the runtime's CPU accounting (Go 1.20 and later).
// The runtime refreshes these figures when a GC cycle ends, so they only move
// between readings that have a cycle in between.
type GCCPU struct {
	Total  float64 // CPU-seconds available: GOMAXPROCS times wall-clock time
	GC     float64 // CPU-seconds spent on GC work of all kinds
	Assist float64 // the part of GC spent in mark assists on application goroutines
	Cycles uint64  // completed GC cycles
}

var cpuSampleNames = []string{
	"/cpu/classes/total:cpu-seconds",
	"/cpu/classes/gc/total:cpu-seconds",
	"/cpu/classes/gc/mark/assist:cpu-seconds",
	"/gc/cycles/total:gc-cycles",
}

// ReadGCCPU reads the four metrics. ok is false on a Go version without them.
func ReadGCCPU() (r GCCPU, ok bool) {
	samples := make([]metrics.Sample, len(cpuSampleNames))
	for i, name := range cpuSampleNames {
		samples[i].Name = name
	}
	metrics.Read(samples)
	for _, s := range samples {
		if s.Value.Kind() == metrics.KindBad {
			return GCCPU{}, false
		}
	}
	return GCCPU{
		Total:  samples[0].Value.Float64(),
		GC:     samples[1].Value.Float64(),
		Assist: samples[2].Value.Float64(),
		Cycles: samples[3].Value.Uint64(),
	}, true
}

// Since returns the GC's and the assists' shares of CPU time between an
// earlier reading and r. ok is false if no accounting happened in between
// (no GC cycle ended), when a share would be 0/0.
func (r GCCPU) Since(earlier GCCPU) (gcShare, assistShare float64, cycles uint64, ok bool) {
	total := r.Total - earlier.Total
	if total <= 0 {
		return 0, 0, 0, false
	}
	return (r.GC - earlier.GC) / total, (r.Assist - earlier.Assist) / total, r.Cycles - earlier.Cycles, true
}
