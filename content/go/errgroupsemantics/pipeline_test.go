package errgroupsemantics

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/sync/errgroup"
)

func lines(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("key%d=value%d", i+1, i+1)
	}
	return out
}

// memStore records what was stored; failAt makes the store of that line fail.
type memStore struct {
	mu     sync.Mutex
	lines  []int
	failAt int
	delay  time.Duration
}

var errStore = errors.New("store failed")

func (m *memStore) store(ctx context.Context, rec Record) error {
	if m.delay > 0 {
		select {
		case <-time.After(m.delay):
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	if rec.Line == m.failAt {
		return errStore
	}
	m.mu.Lock()
	m.lines = append(m.lines, rec.Line)
	m.mu.Unlock()
	return nil
}

func TestImportStoresEveryLine(t *testing.T) {
	var m memStore
	if err := Import(context.Background(), lines(50), 4, m.store); err != nil {
		t.Fatal(err)
	}
	if len(m.lines) != 50 {
		t.Fatalf("stored %d lines, want 50", len(m.lines))
	}
}

func TestImportStopsOnTheFirstStoreError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := memStore{failAt: 5, delay: 10 * time.Millisecond}
		start := time.Now()
		err := Import(t.Context(), lines(1000), 3, m.store)
		if !errors.Is(err, errStore) || !strings.Contains(err.Error(), "line 5") {
			t.Fatalf("Import = %v, want the store error for line 5", err)
		}
		if len(m.lines) > 20 {
			t.Fatalf("stored %d lines after the failure; the pipeline did not stop", len(m.lines))
		}
		if took := time.Since(start); took > time.Second {
			t.Fatalf("Import took %v of fake time", took)
		}
	})
}

func TestImportReportsAParseError(t *testing.T) {
	var m memStore
	in := lines(20)
	in[9] = "no equals sign"
	if err := Import(context.Background(), in, 2, m.store); err == nil || !strings.Contains(err.Error(), "line 10") {
		t.Fatalf("Import = %v, want the parse error for line 10", err)
	}
}

// When the caller cancels, no task has failed, and the cause the stages
// return is what Wait reports.
func TestImportReturnsTheCallersCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gone := errors.New("client went away")
		ctx, cancel := context.WithCancelCause(t.Context())
		m := memStore{delay: time.Second}
		done := make(chan error, 1)
		go func() { done <- Import(ctx, lines(100), 3, m.store) }()
		time.Sleep(1500 * time.Millisecond)
		cancel(gone)
		if err := <-done; !errors.Is(err, gone) {
			t.Fatalf("Import = %v, want the caller's cause", err)
		}
	})
}

// 100 lines, one second of fake time each, four at a time, against a 2.5 s
// deadline. The bubble's clock only moves when every goroutine in it is
// blocked, so the test finishes at once and always stores exactly 8 lines.
func TestImportLimitedHonoursTheCallersDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 2500*time.Millisecond)
		defer cancel()
		m := memStore{delay: time.Second} // store sleeps 1 s, or returns early on ctx
		err := ImportLimited(ctx, lines(100), 4, m.store)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("ImportLimited = %v, want context.DeadlineExceeded", err)
		}
		if len(m.lines) != 8 {
			t.Fatalf("stored %d lines in 2.5 s at 4 per second, want 8", len(m.lines))
		}
	})
}

func TestImportLimitedStopsSubmittingAfterAFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := memStore{failAt: 3, delay: 10 * time.Millisecond}
		err := ImportLimited(t.Context(), lines(1000), 4, m.store)
		if !errors.Is(err, errStore) {
			t.Fatalf("ImportLimited = %v, want the store error", err)
		}
		if len(m.lines) > 8 {
			t.Fatalf("stored %d lines after the failure", len(m.lines))
		}
	})
}

// A caller that cancels between tasks: every task that ran succeeded, Wait
// returns nil, and only the final `return stopped` reports the half import.
func TestImportLimitedReportsACancelBetweenTasks(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	stored := 0
	store := func(ctx context.Context, rec Record) error {
		stored++ // SetLimit(1): one task at a time
		if rec.Line == 2 {
			cancel()
		}
		return nil
	}
	err := ImportLimited(ctx, lines(10), 1, store)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("ImportLimited = %v, want context.Canceled", err)
	}
	if stored >= 10 {
		t.Fatalf("stored all %d lines despite the cancel", stored)
	}
}

// LoadAll keeps input order even when the loads finish in reverse.
func TestLoadAllKeepsInputOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ids := []string{"a", "b", "c", "d", "e", "f"}
		load := func(ctx context.Context, id string) (Record, error) {
			time.Sleep(time.Duration('z'-id[0]) * time.Millisecond) // "a" is slowest
			return Record{Name: id}, nil
		}
		got, err := LoadAll(t.Context(), ids, 3, load)
		if err != nil {
			t.Fatal(err)
		}
		for i, rec := range got {
			if rec.Name != ids[i] {
				t.Fatalf("result %d is %q, want %q", i, rec.Name, ids[i])
			}
		}
	})
}

func TestLoadAllReturnsNoPartialResults(t *testing.T) {
	fail := errors.New("not found")
	load := func(ctx context.Context, id string) (Record, error) {
		if id == "c" {
			return Record{}, fail
		}
		return Record{Name: id}, nil
	}
	got, err := LoadAll(context.Background(), []string{"a", "b", "c"}, 2, load)
	if !errors.Is(err, fail) || got != nil {
		t.Fatalf("LoadAll = %v, %v; want nil and the load error", got, err)
	}
}

func TestSafeTurnsAPanicIntoAnError(t *testing.T) {
	var g errgroup.Group
	g.Go(Safe(func() error { panic("task exploded") }))
	g.Go(Safe(func() error { return nil }))
	err := g.Wait()
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "task exploded" || len(pe.Stack) == 0 {
		t.Fatalf("Wait = %v, want a *PanicError with the value and a stack", err)
	}
}

// importPlainSend is Import with the generator's select removed: the bug the
// errgroup article describes. After a store failure every worker returns,
// the generator blocks on a full channel for ever, and so does Wait.
func importPlainSend(ctx context.Context, lines []string, n int, store StoreFunc) error {
	g, ctx := errgroup.WithContext(ctx)
	records := make(chan Record, 3)
	g.Go(func() error {
		defer close(records)
		for i, raw := range lines {
			rec, err := parse(i+1, raw)
			if err != nil {
				return err
			}
			records <- rec // no select: blind to cancellation
		}
		return nil
	})
	for range n {
		g.Go(func() error {
			for {
				select {
				case <-ctx.Done():
					return context.Cause(ctx)
				case rec, ok := <-records:
					if !ok {
						return nil
					}
					if err := store(ctx, rec); err != nil {
						return err
					}
				}
			}
		})
	}
	return g.Wait()
}

// The Go 1.27 goroutine leak profile finds that hang: the generator and the
// goroutine in Wait block on primitives no runnable goroutine can reach.
func TestLeakProfileFindsTheBlindGenerator(t *testing.T) {
	prof := pprof.Lookup("goroutineleak")
	if prof == nil {
		t.Fatal("no goroutineleak profile in this toolchain")
	}
	m := memStore{failAt: 1}
	go importPlainSend(context.Background(), lines(100), 3, m.store)

	deadline := time.Now().Add(5 * time.Second)
	for {
		var buf bytes.Buffer
		if err := prof.WriteTo(&buf, 1); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Contains(out, "importPlainSend.func1") && strings.Contains(out, "errgroup.(*Group).Wait") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("leak profile never showed the blocked generator and Wait:\n%s", out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
