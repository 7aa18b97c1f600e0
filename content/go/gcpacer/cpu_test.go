package gcpacer

import (
	"runtime"
	"testing"
)

var cpuSink []byte

func TestGCCPU(t *testing.T) {
	before, ok := ReadGCCPU()
	if !ok {
		t.Fatal("metrics missing")
	}
	if _, _, _, ok := before.Since(before); ok {
		t.Error("a reading compared with itself should report no data, not 0/0")
	}
	for range 4 << 10 {
		cpuSink = make([]byte, 64<<10)
	}
	runtime.GC() // make sure a cycle ends, which refreshes the CPU figures
	after, _ := ReadGCCPU()
	gc, assist, cycles, ok := after.Since(before)
	if !ok || cycles == 0 {
		t.Fatalf("no cycles between readings (ok=%v cycles=%d)", ok, cycles)
	}
	if gc <= 0 || gc > 1 || assist < 0 || assist > gc {
		t.Errorf("GC share %.3f, assist share %.3f: out of range", gc, assist)
	}
}
