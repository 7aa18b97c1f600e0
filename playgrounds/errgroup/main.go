// errgroup: a bounded pipeline that fails fast.
//
// The Go program that main.ts mirrors. A generator sends task numbers on a buffered
// channel, a pool of workers takes them, and one task fails. Run 1 uses
// errgroup.WithContext: the first error cancels ctx, and the generator and the workers,
// which all watch ctx.Done(), stop. Run 2 uses a zero-value errgroup.Group: nothing is
// cancelled, and Wait still returns the first error.
//
// To run it: go mod init example.com/pipeline && go get golang.org/x/sync && go run .
// (Go 1.22 or later: each loop iteration has its own id.)
package main

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these.
const (
	seed        = 42 // the same seed gives the same task durations as main.ts
	tasks       = 12 // task numbers the generator sends
	workers     = 3  // g.SetLimit(workers + 1): the workers plus the generator
	buffer      = 2  // capacity of the tasks channel
	failingTask = 5  // this task fails (0: none does)
	workMinMs   = 60 // how long one task takes, between workMinMs and workMaxMs
	workMaxMs   = 160
)

var start = time.Now()

func logf(format string, args ...any) {
	fmt.Printf("+%.3fs %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
}

// random is mulberry32, the same sequence as _shared/random.ts.
type random struct{ state uint32 }

func (r *random) next() float64 {
	r.state += 0x6d2b79f5
	t := r.state
	t = (t ^ (t >> 15)) * (t | 1)
	t ^= t + (t^(t>>7))*(t|61)
	return float64(t^(t>>14)) / 4294967296
}

func (r *random) intn(min, max int) int { return min + int(r.next()*float64(max-min+1)) }

// workMs[task] is each task's duration, drawn once so that both runs do the same work.
var workMs = func() []time.Duration {
	r := &random{state: seed}
	d := make([]time.Duration, tasks+1)
	for i := range d {
		d[i] = time.Duration(r.intn(workMinMs, workMaxMs)) * time.Millisecond
	}
	return d
}()

type report struct {
	sent, completed, dropped, sawCancel, startedAfterError atomic.Int32
	failed                                                 atomic.Bool
	leftInChannel                                          int
	waited                                                 time.Duration
	err                                                    error
}

func main() {
	fmt.Println("errgroup: a bounded pipeline that fails fast")
	fmt.Printf("seed %d: %d tasks, %d workers, channel buffer %d, task %d fails\n", seed, tasks, workers, buffer, failingTask)
	a := runPipeline(1, true)
	b := runPipeline(2, false)

	fmt.Println("\nsummary")
	row := func(label string, x, y any) { fmt.Printf("  %-32s%14v%20v\n", label, x, y) }
	row("", "WithContext", "zero-value Group")
	row("tasks sent", a.sent.Load(), b.sent.Load())
	row("tasks completed", a.completed.Load(), b.completed.Load())
	row("tasks dropped mid-work", a.dropped.Load(), b.dropped.Load())
	row("tasks left in the channel", a.leftInChannel, b.leftInChannel)
	row("tasks started after the error", a.startedAfterError.Load(), b.startedAfterError.Load())
	row("goroutines that saw the cancel", a.sawCancel.Load(), b.sawCancel.Load())
	row("wait() returned after", fmt.Sprintf("%d ms", a.waited.Milliseconds()), fmt.Sprintf("%d ms", b.waited.Milliseconds()))
	fmt.Printf("  %-32s%v / %v\n", "wait() returned", a.err, b.err)
}

func runPipeline(run int, withContext bool) *report {
	ctx := context.Background()
	var g *errgroup.Group
	if withContext {
		fmt.Printf("\nrun %d: errgroup.WithContext, SetLimit(%d)\n", run, workers+1)
		g, ctx = errgroup.WithContext(ctx)
	} else {
		fmt.Printf("\nrun %d: zero-value errgroup.Group, SetLimit(%d)\n", run, workers+1)
		g = new(errgroup.Group) // cancels nothing; ctx stays Background, which is never done
	}
	g.SetLimit(workers + 1)

	r := &report{}
	tasksCh := make(chan int, buffer)
	began := time.Now()

	wait := gfgtrace.Begin("main", fmt.Sprintf("run %d: g.Wait()", run))
	g.Go(func() error { return generator(ctx, tasksCh, r) })
	for id := 1; id <= workers; id++ {
		g.Go(func() error { return worker(ctx, id, tasksCh, r) })
	}

	r.err = g.Wait()
	r.waited = time.Since(began)
	if r.err != nil {
		wait.EndDetail(gfgtrace.Error, r.err.Error())
		gfgtrace.Instant("main", "wait returned", gfgtrace.Err)
	} else {
		wait.EndDetail(gfgtrace.OK, "no error")
		gfgtrace.Instant("main", "wait returned", gfgtrace.Info)
	}
	r.leftInChannel = len(tasksCh)
	logf("wait() returned after %d ms", r.waited.Milliseconds())
	logf("first error: %v", r.err)
	// Facts the TypeScript demo establishes too (a test compares them); the failing worker's id depends on scheduling.
	mode := map[bool]string{true: "WithContext", false: "zero-value Group"}[withContext]
	_, failure, _ := strings.Cut(fmt.Sprint(r.err), ": ")
	gfgtrace.Milestone(mode+": first error", failure)
	if withContext {
		gfgtrace.Milestone(mode+": context.Cause is the first error", context.Cause(ctx) == r.err)
		logf("context.Cause(ctx): %v", context.Cause(ctx))
	} else {
		gfgtrace.Milestone(mode+": tasks sent", int(r.sent.Load()))
		gfgtrace.Milestone(mode+": tasks completed", int(r.completed.Load()))
		logf("nothing was cancelled: %d tasks completed, %d of them started after the error", r.completed.Load(), r.startedAfterError.Load())
	}
	return r
}

// generator sends 1..tasks, then closes the channel: only the sender closes.
func generator(ctx context.Context, tasksCh chan<- int, r *report) error {
	defer close(tasksCh)
	s := gfgtrace.Begin("generator", "send tasks")
	for task := 1; task <= tasks; task++ {
		select {
		case tasksCh <- task:
			r.sent.Add(1)
		case <-ctx.Done():
			r.sawCancel.Add(1)
			s.EndDetail(gfgtrace.Cancelled, fmt.Sprintf("sent %d of %d", r.sent.Load(), tasks))
			gfgtrace.Instant("generator", "cancel observed", gfgtrace.Warn)
			logf("generator: cancel observed, stops after sending %d of %d", r.sent.Load(), tasks)
			return ctx.Err()
		}
	}
	s.EndDetail(gfgtrace.OK, fmt.Sprintf("sent %d", r.sent.Load()))
	logf("generator: sent all %d tasks, closes the channel", tasks)
	return nil
}

// worker takes tasks until the channel is closed, watching ctx while waiting and while working.
func worker(ctx context.Context, id int, tasksCh <-chan int, r *report) error {
	lane := fmt.Sprintf("worker %d", id)
	for {
		select {
		case <-ctx.Done():
			r.sawCancel.Add(1)
			gfgtrace.Instant(lane, "cancel observed", gfgtrace.Warn)
			logf("worker %d: cancel observed, stops waiting for tasks", id)
			return ctx.Err()
		case task, ok := <-tasksCh:
			if !ok {
				return nil // channel closed and drained: done
			}
			if r.failed.Load() {
				r.startedAfterError.Add(1)
			}
			s := gfgtrace.Begin(lane, fmt.Sprintf("task %d", task))
			select {
			case <-time.After(workMs[task]): // the work; it watches ctx.Done() too
			case <-ctx.Done():
				s.End(gfgtrace.Cancelled)
				gfgtrace.Instant(lane, "cancel observed", gfgtrace.Warn)
				r.dropped.Add(1)
				r.sawCancel.Add(1)
				logf("worker %d: cancel observed, drops task %d", id, task)
				return ctx.Err()
			}
			if task == failingTask {
				s.EndDetail(gfgtrace.Error, fmt.Sprintf("worker %d: task %d failed", id, task))
				gfgtrace.Instant(lane, "task failed", gfgtrace.Err)
				r.failed.Store(true)
				logf("worker %d: task %d failed, returns an error", id, task)
				return fmt.Errorf("worker %d: task %d failed", id, task)
			}
			s.End(gfgtrace.OK)
			r.completed.Add(1)
			logf("worker %d: task %d done (%d ms)", id, task, workMs[task].Milliseconds())
		}
	}
}
