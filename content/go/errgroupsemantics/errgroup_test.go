package errgroupsemantics

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"golang.org/x/sync/errgroup"
)

// SetLimit panics only when a limit is already installed and tokens are held.
func TestSetLimitPanicsWhenLimitedTasksAreActive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g errgroup.Group
		g.SetLimit(2)
		release := make(chan struct{})
		g.Go(func() error { <-release; return nil })

		func() {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("SetLimit(3) with one limited task active did not panic")
				}
				if want := "errgroup: modify limit while 1 goroutines in the group are still active"; fmt.Sprint(r) != want {
					t.Fatalf("panic = %q, want %q", r, want)
				}
			}()
			g.SetLimit(3)
		}()

		close(release)
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
	})
}

// SetLimit(n) on a group that had no limit, while its goroutines run, does
// not panic: it installs an empty token channel, every running goroutine then
// blocks in done() receiving a token it never sent, and Wait never returns.
func TestSetLimitOnUnlimitedGroupWithActiveTasksDeadlocksWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g errgroup.Group
		release := make(chan struct{})
		for range 2 {
			g.Go(func() error { <-release; return nil })
		}

		g.SetLimit(4) // no panic: len(g.sem) of a nil channel is 0
		close(release)

		waited := make(chan error, 1)
		go func() { waited <- g.Wait() }()
		synctest.Wait() // every goroutine in the bubble is now durably blocked
		select {
		case err := <-waited:
			t.Fatalf("Wait returned %v; want it stuck", err)
		default:
		}

		// Unstick the test so the bubble can end: each Go sends a token that
		// one stuck done() receives. The two new tasks wait on hold until the
		// limit is removed, so their own done() finds no channel to read.
		hold := make(chan struct{})
		for range 2 {
			g.Go(func() error { <-hold; return nil })
		}
		synctest.Wait()
		g.SetLimit(-1)
		close(hold)
		if err := <-waited; err != nil {
			t.Fatal(err)
		}
	})
}

// SetLimit(-1) removes a limit even while limited goroutines are active.
func TestNegativeLimitSilentlyRemovesTheLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g errgroup.Group
		g.SetLimit(1)
		release := make(chan struct{})
		g.Go(func() error { <-release; return nil })
		if g.TryGo(func() error { return nil }) {
			t.Fatal("TryGo started a second task under SetLimit(1)")
		}

		g.SetLimit(-1) // no panic
		for range 10 {
			if !g.TryGo(func() error { <-release; return nil }) {
				t.Fatal("TryGo refused a task after SetLimit(-1)")
			}
		}
		close(release)
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
	})
}

// There is no queue: with the limit reached, Go blocks the goroutine that
// calls it until a running task returns.
func TestGoBlocksTheCallerAtTheLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g errgroup.Group
		g.SetLimit(1)
		release := make(chan struct{})
		g.Go(func() error { <-release; return nil })

		submitted := false
		go func() {
			g.Go(func() error { return nil })
			submitted = true
		}()
		synctest.Wait()
		if submitted {
			t.Fatal("Go returned while the group was at its limit")
		}
		close(release)
		synctest.Wait()
		if !submitted {
			t.Fatal("Go still blocked after a slot freed")
		}
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
	})
}

// SetLimit(0): TryGo always refuses and Go would block for ever.
func TestZeroLimitAdmitsNothing(t *testing.T) {
	var g errgroup.Group
	g.SetLimit(0)
	if g.TryGo(func() error { return nil }) {
		t.Fatal("TryGo started a task under SetLimit(0)")
	}
}

// A failure cancels the context but does not stop Go from starting tasks.
func TestGoKeepsStartingTasksAfterAFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g, ctx := errgroup.WithContext(t.Context())
		g.SetLimit(4)
		boom := errors.New("boom")
		var started atomic.Int32
		g.Go(func() error { return boom })
		synctest.Wait()
		if !errors.Is(context.Cause(ctx), boom) {
			t.Fatalf("Cause = %v, want boom", context.Cause(ctx))
		}
		for range 9 {
			g.Go(func() error { started.Add(1); return nil })
		}
		if err := g.Wait(); !errors.Is(err, boom) {
			t.Fatalf("Wait = %v, want boom", err)
		}
		if n := started.Load(); n != 9 {
			t.Fatalf("%d of 9 tasks submitted after the failure ran; want all 9", n)
		}
	})
}

// What context.Cause reports for the group's context, in the three cases
// the errgroup article lists.
func TestCauseOfTheGroupContext(t *testing.T) {
	t.Run("Wait returned nil", func(t *testing.T) {
		g, ctx := errgroup.WithContext(context.Background())
		g.Go(func() error { return nil })
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		if got := context.Cause(ctx); got != context.Canceled {
			t.Fatalf("Cause = %v, want context.Canceled", got)
		}
	})
	t.Run("a task failed", func(t *testing.T) {
		boom := errors.New("boom")
		g, ctx := errgroup.WithContext(context.Background())
		g.Go(func() error { return boom })
		g.Wait()
		if got := context.Cause(ctx); got != boom {
			t.Fatalf("Cause = %v, want boom", got)
		}
		if got := ctx.Err(); got != context.Canceled {
			t.Fatalf("Err = %v, want context.Canceled", got)
		}
	})
	t.Run("the parent was cancelled first", func(t *testing.T) {
		gone := errors.New("client went away")
		parent, cancel := context.WithCancelCause(context.Background())
		g, ctx := errgroup.WithContext(parent)
		cancel(gone)
		g.Go(func() error { <-ctx.Done(); return context.Cause(ctx) })
		if err := g.Wait(); err != gone {
			t.Fatalf("Wait = %v, want the parent's cause", err)
		}
	})
}

// On a group with no limit, TryGo always starts the function.
func TestTryGoWithoutALimitAlwaysStarts(t *testing.T) {
	var g errgroup.Group
	for range 100 {
		if !g.TryGo(func() error { return nil }) {
			t.Fatal("TryGo refused a task on a group with no limit")
		}
	}
	g.Wait()
}

// A panic in a task is not turned into an error, and a recover around Wait
// does not catch it: the process dies from the task's goroutine. The test
// runs itself in a child process to watch that happen.
func TestPanicInTaskCrashesDespiteRecoverAroundWait(t *testing.T) {
	if os.Getenv("ERRGROUPSEMANTICS_CHILD") == "panic" {
		func() {
			defer func() {
				if r := recover(); r != nil {
					fmt.Println("recovered around Wait:", r)
					os.Exit(0)
				}
			}()
			var g errgroup.Group
			g.Go(func() error { panic("task exploded") })
			g.Wait()
		}()
		fmt.Println("Wait returned")
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPanicInTaskCrashesDespiteRecoverAroundWait$")
	cmd.Env = append(os.Environ(), "ERRGROUPSEMANTICS_CHILD=panic")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("child exited cleanly; output:\n%s", out)
	}
	if !strings.Contains(string(out), "panic: task exploded") || strings.Contains(string(out), "recovered around Wait") {
		t.Fatalf("unexpected child output:\n%s", out)
	}
}
