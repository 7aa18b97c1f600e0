package grabwindow

import (
	"context"
	"testing"
	"time"
)

// The naive version is the sketch this guide first published: deduplicate
// first, count in memory in a map keyed by time.Time, and on flush
// overwrite the sink's row with the in-memory count and forget it.
// Each of its three choices is reasonable alone; together they lose data.

type naiveSeen map[string]bool

func (s naiveSeen) MarkNew(id string) bool {
	if s[id] {
		return false
	}
	s[id] = true
	return true
}

type naiveCell struct {
	start   time.Time
	geohash string
}

type naiveCounter struct {
	Size   time.Duration
	Seen   naiveSeen // in production, an external store with a TTL
	counts map[naiveCell]int
}

func (d *naiveCounter) Apply(e Event) {
	if !d.Seen.MarkNew(e.ID) {
		return // redelivered or replayed: already counted
	}
	if d.counts == nil {
		d.counts = make(map[naiveCell]int)
	}
	d.counts[naiveCell{e.At.Truncate(d.Size), e.Cell}]++
}

// Flush writes every window that ended at or before the watermark and
// forgets it.
func (d *naiveCounter) Flush(watermark time.Time, out Sink) {
	for c, n := range d.counts {
		if c.start.Add(d.Size).After(watermark) {
			continue
		}
		out.Put(context.Background(), Window{Start: c.start.Unix(), Cell: c.geohash}, n)
		delete(d.counts, c)
	}
}

func at(min, sec int) time.Time {
	return t0.Add(time.Duration(min)*time.Minute + time.Duration(sec)*time.Second)
}

func bookings(ats ...time.Time) []Event {
	var out []Event
	for i, a := range ats {
		out = append(out, Event{ID: string(rune('a' + i)), Cell: "w21z6", At: a, Logged: a.Add(time.Second), Offset: int64(i)})
	}
	return out
}

var ten = Window{Start: t0.Unix(), Cell: "w21z6"} // the 10:00 window

// An out-of-order booking for a window that was already flushed starts a
// fresh count of 1, and the next flush writes 1 over the stored 5.
func TestNaiveLateEventOverwritesTheTotal(t *testing.T) {
	events := bookings(at(0, 10), at(0, 20), at(0, 30), at(0, 40), at(0, 50),
		at(1, 5),  // a booking in the next minute moves the watermark on
		at(0, 58)) // and then one from 10:00:58 arrives, logged at 10:00:59
	events[6].Logged = at(1, 7)

	naive, sink := &naiveCounter{Size: time.Minute, Seen: naiveSeen{}}, &memSink{}
	var watermark time.Time // the naive pipeline's: the latest event time seen
	for _, e := range events {
		naive.Apply(e)
		watermark = later(watermark, e.At)
		naive.Flush(watermark, sink)
	}
	if got := sink.totals[ten]; got != 1 {
		t.Fatalf("naive 10:00 total %d, want the lost-data value 1", got)
	}

	c := newCounter(&MemStore{}, &memSink{})
	process(t, c, append(events, Event{ID: "z", Cell: "w21z7", At: at(3, 0), Logged: at(3, 0), Offset: 7}))
	if got := c.Sink.(*memSink).totals[ten]; got != 6 {
		t.Fatalf("10:00 total %d, want 6", got)
	}
}

// The pod dies after counting five bookings but before flushing them.
// The dedup markers are already in the external store, so when the
// replacement pod rewinds and replays, it skips all five: the window is
// never written.
func TestNaiveReplayAfterACrashSkipsEverything(t *testing.T) {
	events := bookings(at(0, 10), at(0, 20), at(0, 30), at(0, 40), at(0, 50), at(3, 0))
	seen, sink := naiveSeen{}, &memSink{}
	first := &naiveCounter{Size: time.Minute, Seen: seen}
	for _, e := range events[:5] {
		first.Apply(e)
	}
	second := &naiveCounter{Size: time.Minute, Seen: seen} // in-memory counts are gone
	for _, e := range events {
		second.Apply(e)
		second.Flush(e.At.Add(-time.Minute), sink)
	}
	if got, ok := sink.totals[ten]; ok {
		t.Fatalf("naive 10:00 total %d, expected the window to be lost", got)
	}

	st, sk := &MemStore{}, &memSink{}
	process(t, newCounter(st, sk), events[:5])
	process(t, newCounter(st, sk), events) // rewind to offset 0
	if got := sk.totals[ten]; got != 5 {
		t.Fatalf("10:00 total %d, want 5", got)
	}
}

// Three bookings in the same minute, stamped in Singapore (UTC+8),
// Jakarta (UTC+7) and UTC. As time.Time map keys they are three windows;
// the sink, keyed by the instant, keeps whichever was written last.
func TestNaiveTimeZonesSplitAWindow(t *testing.T) {
	sgt := time.FixedZone("SGT", 8*3600)
	wib := time.FixedZone("WIB", 7*3600)
	events := bookings(at(0, 10).In(sgt), at(0, 20).In(wib), at(0, 30), at(2, 30))

	naive, sink := &naiveCounter{Size: time.Minute, Seen: naiveSeen{}}, &memSink{}
	for _, e := range events {
		naive.Apply(e)
	}
	naive.Flush(at(2, 0), sink)
	if got := sink.totals[ten]; got != 1 {
		t.Fatalf("naive 10:00 total %d, want the lost-data value 1", got)
	}

	c := newCounter(&MemStore{}, &memSink{})
	process(t, c, events)
	if got := c.Sink.(*memSink).totals[ten]; got != 3 {
		t.Fatalf("10:00 total %d, want 3", got)
	}
}

// Over the random stream of the replay test, the naive version gets
// windows wrong in a single pass, before any replay: every booking that
// arrives after its window was flushed starts a new count that then
// overwrites the stored one.
func TestNaiveLosesCountsOnTheRandomStream(t *testing.T) {
	events := stream(2, 2000)
	c := newCounter(&MemStore{}, &memSink{})
	process(t, c, events)
	want := c.Sink.(*memSink).totals

	// Give the naive version the same watermark, a minute behind the log,
	// so that only its own design is on trial.
	naive, sink := &naiveCounter{Size: time.Minute, Seen: naiveSeen{}}, &memSink{}
	var logTime time.Time
	for _, e := range events {
		naive.Apply(e)
		logTime = later(logTime, e.Logged)
		naive.Flush(logTime.Add(-lateness), sink)
	}
	wrong, total, naiveTotal := 0, 0, 0
	for w, n := range want {
		got := sink.totals[w]
		if got != n {
			wrong++
		}
		total += n
		naiveTotal += got
	}
	if wrong == 0 {
		t.Fatal("expected the naive version to get some windows wrong")
	}
	t.Logf("naive: %d of %d windows wrong; they hold %d bookings, not %d", wrong, len(want), naiveTotal, total)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
