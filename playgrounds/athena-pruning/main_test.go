package main

import "testing"

// The model's constants (gzipPPM, parquetMilliBytes, shared with cloudfront.ts) were measured
// as the mean over the samples of seeds 1 to 8; compress/gzip must find them, within 2% for the
// text and 15% (or 60 millibytes) per column, on every seed's sample, those and others.
func TestModelConstantsMatchCompressGzip(t *testing.T) {
	for s := uint32(1); s <= 12; s++ {
		sm := generateSample(&random{state: s}, "2025-11-24", sampleLines)
		ppm, perRow := measure(sm)
		if d := ppm - gzipPPM; d < -gzipPPM/50 || d > gzipPPM/50 {
			t.Errorf("seed %d: compress/gzip keeps %d ppm of the text, the model says %d (more than 2%% apart)", s, ppm, gzipPPM)
		}
		for i, name := range fields {
			model := parquetMilliBytes[name]
			if d := perRow[i] - model; d < -max(60, model*15/100) || d > max(60, model*15/100) {
				t.Errorf("seed %d: column %s is %d millibytes a row, the model says %d", s, name, perRow[i], model)
			}
		}
	}
}

func TestGeneratedLinesHaveTheStandardFields(t *testing.T) {
	sm := generateSample(&random{state: 3}, "2025-11-24", 200)
	for _, line := range sm.lines {
		if len(line) != 33 {
			t.Fatalf("a line has %d fields, want 33", len(line))
		}
		if line[0] != "2025-11-24" || len(line[1]) != 8 || len(line[14]) != 56 {
			t.Fatalf("date, time or request id malformed: %q %q %q", line[0], line[1], line[14])
		}
	}
}

func TestCostRoundsUpToTheMegabyteWithATenMegabyteMinimum(t *testing.T) {
	for _, c := range []struct {
		bytes, billed int64
	}{{0, 10}, {2 << 20, 10}, {10 << 20, 10}, {10<<20 + 1, 11}, {1 << 40, 1 << 20}} {
		if got := billedMB(c.bytes, binaryUnits); got != c.billed {
			t.Errorf("billedMB(%d) = %d, want %d", c.bytes, got, c.billed)
		}
	}
	if got := formatUSD(costMicroUSD(1<<40, binaryUnits)); got != "$5.000000" {
		t.Errorf("a TiB costs %s, want $5.000000", got)
	}
	if got := formatUSD(costMicroUSD(2e6, decimalUnitz)); got != "$0.000050" {
		t.Errorf("2 MB costs %s, want the 10 MB minimum, $0.000050", got)
	}
}
