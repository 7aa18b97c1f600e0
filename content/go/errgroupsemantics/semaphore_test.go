package errgroupsemantics

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"golang.org/x/sync/semaphore"
)

// The FIFO figure in the advanced-concurrency article, step by step: a
// semaphore of 100 with A holding 40 and B holding 30, and C (50), D (5),
// E (10) and F (20) queued in that order.
func TestWeightedFigureScenario(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		sem := semaphore.NewWeighted(100)
		if err := sem.Acquire(ctx, 40); err != nil { // A
			t.Fatal(err)
		}
		if err := sem.Acquire(ctx, 30); err != nil { // B
			t.Fatal(err)
		}

		admitted := map[string]*atomic.Bool{"C": {}, "D": {}, "E": {}, "F": {}}
		for _, w := range []struct {
			name string
			n    int64
		}{{"C", 50}, {"D", 5}, {"E", 10}, {"F", 20}} {
			go func() {
				if err := sem.Acquire(ctx, w.n); err == nil {
					admitted[w.name].Store(true)
				}
			}()
			synctest.Wait() // queue them strictly in this order
		}
		check := func(step string, want map[string]bool) {
			t.Helper()
			synctest.Wait()
			for _, name := range []string{"C", "D", "E", "F"} {
				if got := admitted[name].Load(); got != want[name] {
					t.Fatalf("%s: %s admitted = %v, want %v", step, name, got, want[name])
				}
			}
		}

		// 30 free: D and E would fit, but C is at the head and does not.
		check("30 free", map[string]bool{})
		if sem.TryAcquire(5) {
			t.Fatal("TryAcquire(5) succeeded with waiters queued")
		}

		sem.Release(40) // A leaves: 70 free
		check("A released", map[string]bool{"C": true, "D": true, "E": true})
		// C, D and E took 65 of the 70: 5 free, F wants 20, so F needs 15 more.

		sem.Release(5)
		check("5 more released", map[string]bool{"C": true, "D": true, "E": true})
		sem.Release(10)
		check("15 more released", map[string]bool{"C": true, "D": true, "E": true, "F": true})
	})
}

// Since x/sync v0.7.0, Acquire with a context that is already done fails
// even when the units are free.
func TestAcquireWithDoneContextFailsAtOnce(t *testing.T) {
	sem := semaphore.NewWeighted(10)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sem.Acquire(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("Acquire = %v, want context.Canceled", err)
	}
	if !sem.TryAcquire(10) {
		t.Fatal("the failed Acquire took units")
	}
}

// A request for more than the whole capacity never queues: it waits for its
// context and then fails, without holding back smaller requests.
func TestOversizedAcquireWaitsForItsContextOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sem := semaphore.NewWeighted(10)
		ctx, cancel := context.WithCancel(t.Context())
		var err error
		go func() { err = sem.Acquire(ctx, 11) }()
		synctest.Wait()
		if !sem.TryAcquire(10) {
			t.Fatal("an oversized waiter blocks smaller requests")
		}
		sem.Release(10)
		cancel()
		synctest.Wait()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("oversized Acquire = %v, want context.Canceled", err)
		}
	})
}

// x/sync v0.25.0 rejects negative sizes and weights with a panic.
func TestNegativeWeightsPanic(t *testing.T) {
	sem := semaphore.NewWeighted(1)
	for name, f := range map[string]func(){
		"NewWeighted(-1)": func() { semaphore.NewWeighted(-1) },
		"Acquire(-1)":     func() { sem.Acquire(context.Background(), -1) },
		"TryAcquire(-1)":  func() { sem.TryAcquire(-1) },
		"Release(-1)":     func() { sem.Release(-1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		}()
	}
}
