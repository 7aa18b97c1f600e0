package grabwindow

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

const (
	size     = time.Minute
	lateness = time.Minute
)

var t0 = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

// memSink is a Sink that keeps the latest total per window.
type memSink struct {
	mu     sync.Mutex
	totals map[Window]int
}

func (s *memSink) Put(_ context.Context, w Window, total int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.totals == nil {
		s.totals = make(map[Window]int)
	}
	s.totals[w] = total
	return nil
}

func newCounter(st Store, sk Sink) *Counter {
	return &Counter{Size: size, Lateness: lateness, Store: st, Sink: sk}
}

// process applies events in order, flushing every few events as a
// pipeline would on a timer, and once more at the end.
func process(t *testing.T, c *Counter, events []Event) {
	t.Helper()
	ctx := context.Background()
	for i, e := range events {
		if err := c.Apply(ctx, e); err != nil {
			t.Fatal(err)
		}
		if i%7 == 6 {
			if err := c.Flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// stream makes one partition's log: bookings in five cells over half an
// hour, logged in offset order. Most reach the log within seconds of
// happening, some are out of order by up to 50 s, some arrive minutes
// late, and a producer's retries append some events a second time.
func stream(seed uint64, n int) []Event {
	r := rand.New(rand.NewPCG(seed, 42))
	cells := []string{"w21z6", "w21z7", "w21zd", "w21ze", "w21zk"}
	var log []Event
	logged := t0
	for i := 0; len(log) < n; i++ {
		logged = logged.Add(time.Duration(r.IntN(2000)) * time.Millisecond)
		delay := time.Duration(r.IntN(50_000)) * time.Millisecond
		if r.IntN(20) == 0 {
			delay = time.Duration(2+r.IntN(4)) * time.Minute // late
		}
		e := Event{ID: fmt.Sprintf("b%d", i), Cell: cells[r.IntN(len(cells))], At: logged.Add(-delay), Logged: logged}
		log = append(log, e)
		if r.IntN(20) == 0 { // a retry: same booking, appended again a little later
			logged = logged.Add(time.Duration(r.IntN(3000)) * time.Millisecond)
			e.Logged = logged
			log = append(log, e)
		}
	}
	for i := range log {
		log[i].Offset = int64(i)
	}
	return log
}

// oracle computes the totals straight from the definition: a window holds
// the distinct IDs of the events that reached the log before the window's
// end plus the allowed lateness.
func oracle(events []Event) map[Window]int {
	ids := map[Window]map[string]bool{}
	for _, e := range events {
		w := Window{Start: e.At.Truncate(size).Unix(), Cell: e.Cell}
		if e.Logged.Before(time.Unix(w.Start, 0).Add(size + lateness)) {
			if ids[w] == nil {
				ids[w] = map[string]bool{}
			}
			ids[w][e.ID] = true
		}
	}
	out := map[Window]int{}
	for w, set := range ids {
		out[w] = len(set)
	}
	return out
}

// closedBy keeps the windows that end at or before watermark.
func closedBy(totals map[Window]int, watermark time.Time) map[Window]int {
	out := map[Window]int{}
	for w, n := range totals {
		if !time.Unix(w.Start, 0).Add(size).After(watermark) {
			out[w] = n
		}
	}
	return out
}

func TestSinglePassMatchesTheDefinition(t *testing.T) {
	events := stream(1, 2000)
	c := newCounter(&MemStore{}, &memSink{})
	process(t, c, events)
	want := closedBy(oracle(events), c.Watermark())
	got := c.Sink.(*memSink).totals
	if !maps.Equal(got, want) {
		t.Fatalf("sink has %d windows, want %d", len(got), len(want))
	}
	if c.Late == 0 {
		t.Fatal("the stream should contain late events")
	}
}

// A pod processes part of the stream and dies. Its replacement restarts
// from an offset at or before the committed one (a redelivery, or a
// rewind by configuration) and runs to the end, with the store and the
// sink the first pod wrote to. The sink must end exactly as a single
// uninterrupted pass leaves it.
func TestReplayFromAnEarlierOffsetMatchesASinglePass(t *testing.T) {
	events := stream(2, 2000)
	single := newCounter(&MemStore{}, &memSink{})
	process(t, single, events)
	want := single.Sink.(*memSink).totals

	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		crash := 1 + r.IntN(len(events)-1)
		st, sk := &MemStore{}, &memSink{}
		first := newCounter(st, sk)
		process(t, first, events[:crash])
		commit := first.CommitOffset()
		restart := r.Int64N(commit + 1) // anywhere up to the committed offset

		second := newCounter(st, sk) // a new pod: nothing in memory
		process(t, second, events[restart:])
		if !maps.Equal(sk.totals, want) {
			t.Fatalf("crash after %d events, restart at %d (commit %d): totals differ from a single pass",
				crash, restart, commit)
		}
	}
}

// Committing every offset the pod has processed, rather than
// CommitOffset, loses any window that was still open at the crash: the
// restart never sees its events again, so nothing flushes it.
func TestCommittingTooFarLosesOpenWindows(t *testing.T) {
	at := func(min, sec int) time.Time {
		return t0.Add(time.Duration(min)*time.Minute + time.Duration(sec)*time.Second)
	}
	events := []Event{
		{ID: "a", Cell: "w21z6", At: at(0, 10), Logged: at(0, 11)},
		{ID: "b", Cell: "w21z6", At: at(0, 20), Logged: at(0, 21)},
		{ID: "c", Cell: "w21z6", At: at(0, 30), Logged: at(0, 31)},
		{ID: "d", Cell: "w21z7", At: at(5, 0), Logged: at(5, 1)},
	}
	for i := range events {
		events[i].Offset = int64(i)
	}
	for name, restartAt := range map[string]func(c *Counter) int64{
		"CommitOffset":   (*Counter).CommitOffset,
		"last processed": func(c *Counter) int64 { return c.next },
	} {
		st, sk := &MemStore{}, &memSink{}
		first := newCounter(st, sk)
		process(t, first, events[:3]) // the 10:00 window is still open
		process(t, newCounter(st, sk), events[restartAt(first):])
		got := sk.totals[Window{Start: t0.Unix(), Cell: "w21z6"}]
		switch {
		case name == "CommitOffset" && got != 3:
			t.Errorf("restart at CommitOffset: 10:00 total %d, want 3", got)
		case name == "last processed" && got != 0:
			t.Errorf("restart after the last processed event: 10:00 total %d, expected it to be lost", got)
		}
	}
}
