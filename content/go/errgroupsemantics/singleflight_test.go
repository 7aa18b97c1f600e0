package errgroupsemantics

import (
	"errors"
	"testing"
	"testing/synctest"

	"golang.org/x/sync/singleflight"
)

// Callers that join an in-flight call get its result, error included, and
// shared is true for the leader as well once anyone has joined.
func TestSingleflightSharesErrorsAndTheSharedFlag(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g singleflight.Group
		release := make(chan struct{})
		fail := errors.New("db down")
		calls := 0

		type result struct {
			err    error
			shared bool
		}
		results := make(chan result, 4)
		for range 4 {
			go func() {
				_, err, shared := g.Do("sku-42", func() (any, error) {
					calls++
					<-release
					return nil, fail
				})
				results <- result{err, shared}
			}()
			synctest.Wait()
		}
		close(release)
		for range 4 {
			r := <-results
			if r.err != fail || !r.shared {
				t.Fatalf("got (%v, shared=%v), want (db down, shared=true)", r.err, r.shared)
			}
		}
		if calls != 1 {
			t.Fatalf("%d calls, want 1", calls)
		}
	})
}

// Every caller receives the very same value: a pointer result is shared
// memory, and a caller that mutates it changes what the others see.
func TestSingleflightResultsAreTheSameValue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		type info struct{ Tags []string }
		var g singleflight.Group
		release := make(chan struct{})
		got := make(chan *info, 2)
		for range 2 {
			go func() {
				v, _, _ := g.Do("k", func() (any, error) {
					<-release
					return &info{Tags: []string{"a"}}, nil
				})
				got <- v.(*info)
			}()
			synctest.Wait()
		}
		close(release)
		a, b := <-got, <-got
		if a != b {
			t.Fatal("the two callers received different pointers")
		}
	})
}

// After Forget, a new caller starts its own call while the old one runs on
// for the callers already waiting on it.
func TestSingleflightForget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g singleflight.Group
		release := make(chan struct{})
		calls := 0
		fn := func() (any, error) { calls++; <-release; return calls, nil }
		done := make(chan struct{}, 2)
		go func() { g.Do("k", fn); done <- struct{}{} }()
		synctest.Wait()
		g.Forget("k")
		go func() { g.Do("k", fn); done <- struct{}{} }()
		synctest.Wait()
		if calls != 2 {
			t.Fatalf("%d calls after Forget, want 2", calls)
		}
		close(release)
		<-done
		<-done
	})
}
