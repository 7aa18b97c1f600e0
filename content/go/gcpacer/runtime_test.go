package gcpacer

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
)

// The runtime test runs a small workload in fresh child processes (so that no
// run reuses memory another run touched), each with its own GOGC, GOMEMLIMIT
// and ballast, and compares the GC cycle counts the real runtime reports.

const childEnv = "GCPACER_CHILD_BALLAST_MIB"

func TestMain(m *testing.M) {
	if v, ok := os.LookupEnv(childEnv); ok {
		mib, _ := strconv.ParseUint(v, 10, 64)
		json.NewEncoder(os.Stdout).Encode(workload(mib * MiB))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type childResult struct {
	Cycles      uint64 // automatic GC cycles during the churn
	PeakRSS     uint64 // highest VmRSS seen, 0 if unknown
	LimiterUsed bool   // the GC CPU limiter was enabled at some point
}

var sink []byte

// workload keeps 16 MiB live, optionally holds an untouched ballast, and then
// allocates 1 GiB of short-lived 16 KiB objects.
func workload(ballast uint64) childResult {
	const chunk = 16 << 10
	live := make([][]byte, 16*MiB/chunk)
	for i := range live {
		live[i] = make([]byte, chunk)
	}
	var b []byte
	if ballast > 0 {
		b = make([]byte, ballast)
	}
	runtime.GC()
	before := readUint("/gc/cycles/automatic:gc-cycles")
	var peak uint64
	for n := uint64(0); n < 1*GiB; n += chunk {
		x := make([]byte, chunk)
		x[0] = 1 // touch it, as real garbage is
		sink = x
		if n%(32*MiB) == 0 {
			peak = max(peak, vmRSS())
		}
	}
	r := childResult{
		Cycles:      readUint("/gc/cycles/automatic:gc-cycles") - before,
		PeakRSS:     peak,
		LimiterUsed: readUint("/gc/limiter/last-enabled:gc-cycle") > 0,
	}
	runtime.KeepAlive(live)
	runtime.KeepAlive(b)
	return r
}

func readUint(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func vmRSS() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// runChild runs the workload under one setting and logs the count next to the
// model's steady-state prediction (taking 8 MiB of non-heap runtime memory).
func runChild(t *testing.T, gogc, limit string, ballastMiB int) childResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GOGC="+gogc, "GOMEMLIMIT="+limit, fmt.Sprintf("%s=%d", childEnv, ballastMiB))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child GOGC=%s GOMEMLIMIT=%s: %v", gogc, limit, err)
	}
	var r childResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("child output %q: %v", out, err)
	}
	s := Settings{GOGC: Off}
	if gogc != "off" {
		s.GOGC, _ = strconv.Atoi(gogc)
	}
	if limit != "off" {
		mib, _ := strconv.ParseUint(strings.TrimSuffix(limit, "MiB"), 10, 64)
		s.Limit = mib * MiB
	}
	model := Service{Live: 16 * MiB, NonHeap: 8 * MiB, Ballast: uint64(ballastMiB) * MiB, AllocRate: 1 * GiB}.Run(s)
	t.Logf("GOGC=%-4s GOMEMLIMIT=%-6s ballast %3d MiB: %3d cycles (model %5.1f), peak RSS %4d MiB, limiter used %v",
		gogc, limit, ballastMiB, r.Cycles, model.CyclesPerSecond, r.PeakRSS/MiB, r.LimiterUsed)
	return r
}

func TestRuntimeAgreesWithModel(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates about 7 GiB in total across child processes")
	}
	// The runtime's counts come out below the model's wherever the live heap is
	// small: objects allocated while a mark phase runs count as live for that
	// cycle, which raises the next goal. The assertions compare settings with
	// each other, not with the model.
	def := runChild(t, "100", "off", 0)
	ballast := runChild(t, "100", "off", 256)
	limitOnly := runChild(t, "100", "512MiB", 0)
	offLimit := runChild(t, "off", "512MiB", 0)
	highLimit := runChild(t, "1000", "512MiB", 0)
	keptBallast := runChild(t, "100", "512MiB", 256)
	ballastOverLimit := runChild(t, "100", "240MiB", 256)

	if limitOnly.Cycles*2 < def.Cycles {
		t.Errorf("a limit far above the heap cut cycles from %d to %d; it should change nothing", def.Cycles, limitOnly.Cycles)
	}
	for name, r := range map[string]childResult{"ballast": ballast, "GOGC=off with a limit": offLimit, "GOGC=1000 with a limit": highLimit} {
		if r.Cycles*4 > def.Cycles {
			t.Errorf("%s: %d cycles, want at most a quarter of the default's %d", name, r.Cycles, def.Cycles)
		}
	}
	if keptBallast.Cycles < ballast.Cycles {
		t.Errorf("ballast plus limit: %d cycles, fewer than the ballast alone (%d)", keptBallast.Cycles, ballast.Cycles)
	}
	if ballastOverLimit.Cycles < 4*ballast.Cycles || ballastOverLimit.Cycles*2 < def.Cycles {
		t.Errorf("ballast above the limit: %d cycles, want back-to-back collections", ballastOverLimit.Cycles)
	}
	if ballast.PeakRSS > 0 {
		// Resident: 16 MiB live plus up to ~272 MiB of real garbage, not the ballast.
		if ballast.PeakRSS > 256*MiB*8/5 {
			t.Errorf("ballast run peaked at %d MiB RSS: the ballast became resident", ballast.PeakRSS/MiB)
		}
		if ballast.PeakRSS < 128*MiB {
			t.Errorf("ballast run peaked at %d MiB RSS: expected the garbage it allows to be resident", ballast.PeakRSS/MiB)
		}
	}
}
