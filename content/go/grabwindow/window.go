// Package grabwindow counts events per map cell in tumbling event-time
// windows so that redelivery, rewind and replay cannot change the totals.
// It is the sketch in the Go Field Guide article "Event sourcing at Grab";
// Grab's own framework is not public.
//
// Three rules carry the design:
//
//   - State is idempotent: each event is upserted into its window under its
//     event ID, and a window's total is the number of distinct IDs it holds.
//     Applying an event twice, in any order, changes nothing.
//   - Lateness is decided from the log, not from the pod: an event counts if
//     the log accepted it within Lateness of its window's end. A replay
//     reads the same log timestamps, so it makes the same decisions.
//   - Totals are recomputed, never accumulated in memory: when the watermark
//     closes a window, its total is read back from the store and written to
//     the sink, overwriting whatever the sink held.
package grabwindow

import (
	"context"
	"sync"
	"time"
)

// Event is one booking as it arrives from one partition of the log.
type Event struct {
	ID     string    // unique per booking: the idempotency key
	Cell   string    // geohash cell the booking started in
	At     time.Time // event time: when the booking happened
	Logged time.Time // log time: when the log appended it (a replay keeps it)
	Offset int64     // position in the partition
}

// Window identifies one tumbling window of one cell. Start is in Unix
// seconds, so the key does not depend on the time zone an event carried:
// time.Time values compare their Location, and 10:00 in Singapore is not
// == 02:00 UTC even though they are the same instant.
type Window struct {
	Start int64
	Cell  string
}

// Store holds window state outside the pod, so any pod can pick up any
// partition. Upsert must be idempotent.
type Store interface {
	// Upsert records that event id belongs to window w. Recording the
	// same id again changes nothing.
	Upsert(ctx context.Context, w Window, id string) error
	// Count returns how many distinct ids window w holds.
	Count(ctx context.Context, w Window) (int, error)
}

// Sink receives final totals. Put overwrites: the latest total for a
// window replaces any earlier one.
type Sink interface {
	Put(ctx context.Context, w Window, total int) error
}

// Counter counts bookings per cell in tumbling windows for one partition.
type Counter struct {
	Size     time.Duration // window length, e.g. time.Minute
	Lateness time.Duration // how long after a window ends its events still count
	Store    Store
	Sink     Sink

	logTime time.Time        // the latest log time seen
	pending map[Window]int64 // windows not yet flushed -> first offset that touched them
	next    int64            // offset after the last event applied
	Late    int              // events refused because they came too late
}

func (c *Counter) window(e Event) Window {
	return Window{Start: e.At.Truncate(c.Size).Unix(), Cell: e.Cell}
}

func (c *Counter) end(w Window) time.Time {
	return time.Unix(w.Start, 0).Add(c.Size)
}

// Watermark is the event time up to which every window is complete: no
// event that still counts can belong to a window that ends before it.
func (c *Counter) Watermark() time.Time {
	return c.logTime.Add(-c.Lateness)
}

// Apply counts one event. Call it in offset order.
func (c *Counter) Apply(ctx context.Context, e Event) error {
	if e.Logged.After(c.logTime) {
		c.logTime = e.Logged
	}
	c.next = e.Offset + 1
	w := c.window(e)
	if !e.Logged.Before(c.end(w).Add(c.Lateness)) {
		c.Late++ // its window closed before the log had it
		return nil
	}
	if err := c.Store.Upsert(ctx, w, e.ID); err != nil {
		return err // let the pipeline's wait/skip/retry policy decide
	}
	if c.pending == nil {
		c.pending = make(map[Window]int64)
	}
	if _, ok := c.pending[w]; !ok {
		c.pending[w] = e.Offset
	}
	return nil
}

// Flush writes the total of every pending window the watermark has
// closed. Windows still open stay pending.
func (c *Counter) Flush(ctx context.Context) error {
	wm := c.Watermark()
	// Deleting from a map while ranging over it is allowed in Go: a
	// deleted entry that has not been reached is simply not produced.
	for w := range c.pending {
		if c.end(w).After(wm) {
			continue // still open
		}
		total, err := c.Store.Count(ctx, w)
		if err != nil {
			return err
		}
		if err := c.Sink.Put(ctx, w, total); err != nil {
			return err
		}
		delete(c.pending, w)
	}
	return nil
}

// CommitOffset is the offset that is safe to commit to the log: the
// earliest event of any window not yet flushed, or, with none pending,
// the offset after the last event. Restarting from it re-touches every
// unflushed window, so none is left unwritten.
func (c *Counter) CommitOffset() int64 {
	off := c.next
	for _, first := range c.pending {
		off = min(off, first)
	}
	return off
}

// MemStore is an in-memory Store, for tests and as a model of the real
// one: in a database it is a table keyed by (window, cell, event id),
// where Upsert is an insert that overwrites and Count counts a window's
// rows.
type MemStore struct {
	mu   sync.Mutex
	rows map[Window]map[string]struct{}
}

// Upsert implements Store.
func (s *MemStore) Upsert(_ context.Context, w Window, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rows == nil {
		s.rows = make(map[Window]map[string]struct{})
	}
	if s.rows[w] == nil {
		s.rows[w] = make(map[string]struct{})
	}
	s.rows[w][id] = struct{}{}
	return nil
}

// Count implements Store.
func (s *MemStore) Count(_ context.Context, w Window) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rows[w]), nil
}
