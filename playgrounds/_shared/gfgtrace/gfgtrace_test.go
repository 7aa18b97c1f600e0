package gfgtrace

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// capture runs f with tracing on and returns the decoded events it wrote.
func capture(t *testing.T, f func()) []map[string]any {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved, savedEnabled := out, enabled
	out, enabled = w, true
	f()
	out, enabled = saved, savedEnabled
	w.Close()
	data := make([]byte, 1<<16)
	n, _ := r.Read(data)
	var events []map[string]any
	for _, seq := range strings.Split(string(data[:n]), "\x07") {
		if seq == "" {
			continue
		}
		payload, ok := strings.CutPrefix(seq, "\x1b]7337;")
		if !ok {
			t.Fatalf("not an OSC 7337 sequence: %q", seq)
		}
		var e map[string]any
		if err := json.Unmarshal([]byte(payload), &e); err != nil {
			t.Fatal(err)
		}
		events = append(events, e)
	}
	return events
}

func TestEventsHaveTheFieldsTheDecoderChecks(t *testing.T) {
	events := capture(t, func() {
		s := Begin("lane A", "request 1")
		Instant("lane A", "breaker open", Err)
		s.EndDetail(Fallback, "stale cache")
		s.End(OK) // ignored
		Milestone("zero counts", 0)
		Milestone("flag", false)
		Milestone("name", "paris")
	})
	if len(events) != 6 {
		t.Fatalf("got %d events, want 6: %v", len(events), events)
	}
	want := []map[string]any{
		{"kind": "begin", "lane": "lane A", "id": events[0]["id"], "name": "request 1"},
		{"kind": "instant", "lane": "lane A", "name": "breaker open", "level": "error"},
		{"kind": "end", "lane": "lane A", "id": events[0]["id"], "status": "fallback", "detail": "stale cache"},
		{"kind": "milestone", "lane": "", "name": "zero counts", "value": float64(0)},
		{"kind": "milestone", "lane": "", "name": "flag", "value": false},
		{"kind": "milestone", "lane": "", "name": "name", "value": "paris"},
	}
	for i, e := range events {
		if _, ok := e["t"].(float64); !ok {
			t.Errorf("event %d has no numeric t: %v", i, e)
		}
		delete(e, "t")
		got, _ := json.Marshal(e)
		exp, _ := json.Marshal(want[i])
		if string(got) != string(exp) {
			t.Errorf("event %d = %s, want %s", i, got, exp)
		}
	}
}

func TestNothingIsWrittenUnlessTracing(t *testing.T) {
	r, w, _ := os.Pipe()
	saved, savedEnabled := out, enabled
	out, enabled = w, false
	Begin("lane", "x").End(OK)
	Instant("lane", "y", Info)
	Milestone("z", 1)
	out, enabled = saved, savedEnabled
	w.Close()
	data := make([]byte, 16)
	if n, _ := r.Read(data); n != 0 {
		t.Fatalf("wrote %q with tracing off", data[:n])
	}
}

// The hand-written encoder writes what encoding/json (without HTML escaping) wrote before it.
func TestEncodingMatchesEncodingJSON(t *testing.T) {
	jsonOf := func(v any) string {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "a -> b & <c>", "tab\tnew\nline\rcr", "\x00\x01\x1f\x7f", "héllo, 世界 🚀", "bad \xff utf-8 \xc3"} {
		if got, want := string(appendString(nil, s)), jsonOf(s); got != want {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
	for _, f := range []float64{0, 1, -1, 0.1, 12.5, 1234567.8, 1e-7, 2.5e-9, 1e21, 3e25, -4e-8, 123456789012345680000} {
		if got, want := string(appendNumber(nil, f)), jsonOf(f); got != want {
			t.Errorf("appendNumber(%v) = %s, want %s", f, got, want)
		}
	}
}
