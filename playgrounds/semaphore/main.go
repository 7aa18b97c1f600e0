// semaphore: image resizes against a memory budget.
//
// The Go program that main.ts mirrors, with the real golang.org/x/sync/semaphore. Each job
// does what the article's render does: Acquire its decode cost from a shared
// semaphore.Weighted, resize, Release. The jobs replay the article's FIFO figure: A (40 MB)
// and B (30 MB) hold 70 of 100 MB, C wants 50 and waits at the head of the queue, and D, E
// and F queue behind it although they would fit. Run 2 gives C's Acquire a deadline.
//
// How the steps are ordered. main.ts runs on a virtual clock, so its schedule is exact; here
// the schedule is real time, and two steps 50 ms apart could still swap places on a busy
// machine. So main takes the steps itself, in schedule order, and waits for what each one
// caused before it takes the next: a job's goroutine reports when Acquire returns; its resize
// ends when main tells it that its time is up; and after a Release or a deadline, main counts
// the goroutines still parked in Acquire (as testing/synctest.Wait knows a goroutine is
// blocked) to know how many jobs the semaphore has just let in. Who gets in, and when, is the
// semaphore's decision; main only keeps the books.
//
// To run it: go mod init example.com/resize && go get golang.org/x/sync && go run .
package main

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/semaphore"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

type job struct {
	name, image string
	mb          int64 // decode cost: width × height × 4 bytes
	arriveMs    int   // when it asks for its units
	resizeMs    int   // how long it holds them
	tryOnly     bool  // TryAcquire: skip the job if it cannot start at once
}

// Try changing these (the same as main.ts).
const (
	budgetMB    = 100 // semaphore.NewWeighted(budgetMB): decoded pixels in memory at once
	deadlineJob = "C" // run 2 gives this job's Acquire a deadline...
	deadlineMs  = 350 // ...of this long after it arrives
)

var jobs = []job{
	{name: "A", image: "hero-5000x2000.png", mb: 40, arriveMs: 0, resizeMs: 900},
	{name: "B", image: "team-3000x2500.jpg", mb: 30, arriveMs: 0, resizeMs: 1600},
	{name: "C", image: "pano-5000x2500.jpg", mb: 50, arriveMs: 100, resizeMs: 1000},
	{name: "D", image: "avatar-1250x1000.png", mb: 5, arriveMs: 200, resizeMs: 300},
	{name: "E", image: "shoe-2500x1000.jpg", mb: 10, arriveMs: 300, resizeMs: 500},
	{name: "F", image: "cover-2500x2000.jpg", mb: 20, arriveMs: 400, resizeMs: 600},
	{name: "G", image: "badge-1250x1000.png", mb: 5, arriveMs: 500, resizeMs: 100, tryOnly: true},
}

var start = time.Now()

func logf(format string, args ...any) {
	fmt.Printf("+%.3fs %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
}

// A task is one job in a run: the job, its goroutine's context and its place on the timeline.
type task struct {
	job
	lane      string
	ctx       context.Context
	cancel    context.CancelCauseFunc // nil without a deadline
	finish    chan struct{}           // closed by main when the resize's time is up
	arrivedAt int
	waiting   *gfgtrace.Span
	outcome   string
	queuedMs  int // time spent waiting in Acquire
}

func (t *task) label() string { return fmt.Sprintf("%s %-20s", t.name, t.image) }

// A report goes from a job's goroutine to main.
type report struct {
	t    *task
	kind string // "admitted", "failed", "tried", "released"
	ok   bool   // TryAcquire's answer
	err  error  // why Acquire failed: context.Cause(ctx)
}

// acquire is a job's goroutine, as render does it: Acquire the cost, resize, Release.
func (t *task) acquire(memory *semaphore.Weighted, reports chan<- report) {
	if err := memory.Acquire(t.ctx, t.mb); err != nil {
		reports <- report{t: t, kind: "failed", err: context.Cause(t.ctx)}
		return
	}
	reports <- report{t: t, kind: "admitted"}
	t.resize(memory, reports)
}

// try is a TryAcquire job's goroutine: it starts only if it can start at once.
func (t *task) try(memory *semaphore.Weighted, reports chan<- report) {
	ok := memory.TryAcquire(t.mb)
	reports <- report{t: t, kind: "tried", ok: ok}
	if ok {
		t.resize(memory, reports)
	}
}

func (t *task) resize(memory *semaphore.Weighted, reports chan<- report) {
	work := gfgtrace.Begin(t.lane, "resize "+t.image)
	<-t.finish // the resize: main says when its time on the schedule is up
	memory.Release(t.mb)
	work.End(gfgtrace.OK)
	reports <- report{t: t, kind: "released"}
}

// parkedInAcquire counts the goroutines blocked inside semaphore.Acquire, waiting in its
// queue, from the runtime's goroutine dump. A goroutine that a Release has just admitted is
// runnable as soon as Release returns, so it is not counted, even before it runs.
func parkedInAcquire() int {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		header, frames, _ := strings.Cut(g, "\n")
		if strings.Contains(header, "[select") && strings.Contains(frames, "golang.org/x/sync/semaphore.(*Weighted).Acquire(") {
			count++
		}
	}
	return count
}

// A step of the schedule, in virtual milliseconds since the run started.
type step struct {
	at   int
	kind string // "arrive", "finish", "deadline"
	t    *task
}

// What one instant of a run did.
type moment struct {
	events      []string
	freed       bool // a job released its units or left the queue
	admitted    []*task
	queueBefore int
}

type run struct {
	n          int
	deadlines  map[string]int // job name -> ms after its arrival
	memory     *semaphore.Weighted
	reports    chan report
	stash      []report // reports that came before the one main was waiting for
	steps      []step
	now        int
	began      time.Time
	held       int64
	queue      []*task // jobs waiting in Acquire, in the semaphore's order (arrival order)
	moment     *moment
	budget     *gfgtrace.Span
	budgetName string
}

func (r *run) free() int64 { return budgetMB - r.held }

// schedule adds a step after every step at the same time or earlier, as a timer would be.
func (r *run) schedule(at int, kind string, t *task) {
	i := len(r.steps)
	for i > 0 && r.steps[i-1].at > at {
		i--
	}
	r.steps = slices.Insert(r.steps, i, step{at, kind, t})
}

func (r *run) at() *moment {
	if r.moment == nil {
		r.moment = &moment{queueBefore: len(r.queue)}
	}
	return r.moment
}

func (r *run) note(event string) { r.at().events = append(r.at().events, event) }

// await returns t's next report of this kind, keeping the others for later.
func (r *run) await(t *task, kind string) report {
	for i, rep := range r.stash {
		if rep.t == t && rep.kind == kind {
			r.stash = slices.Delete(r.stash, i, i+1)
			return rep
		}
	}
	for rep := range r.reports {
		if rep.t == t && rep.kind == kind {
			return rep
		}
		r.stash = append(r.stash, rep)
	}
	panic("reports closed")
}

func names(ts []*task) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.name
	}
	return strings.Join(s, ", ")
}

func (r *run) leave(t *task) {
	if i := slices.Index(r.queue, t); i >= 0 {
		r.queue = slices.Delete(r.queue, i, i+1)
	}
}

func (r *run) admitted(t *task) {
	waited := r.now - t.arrivedAt
	r.leave(t)
	r.held += t.mb
	r.at().admitted = append(r.at().admitted, t)
	t.outcome, t.queuedMs = fmt.Sprintf("waited %d ms", waited), waited
	if t.waiting != nil {
		if waited == 0 {
			t.waiting.EndDetail(gfgtrace.OK, "at once")
		} else {
			t.waiting.EndDetail(gfgtrace.OK, fmt.Sprintf("waited %d ms", waited))
		}
	}
	how := "acquires"
	if waited > 0 {
		how = fmt.Sprintf("admitted after %d ms, takes", waited)
	}
	logf("%s %s %d MB: %d MB free", t.label(), how, t.mb, r.free())
	r.schedule(r.now+t.resizeMs, "finish", t)
}

// admitWoken takes in the jobs that the last Release or departure let in: every job main
// had in the queue that is no longer parked in Acquire.
func (r *run) admitWoken() {
	let := len(r.queue) - parkedInAcquire()
	var in []*task
	for len(in) < let {
		var rep report
		if len(r.stash) > 0 {
			rep, r.stash = r.stash[0], r.stash[1:]
		} else {
			rep = <-r.reports
		}
		if rep.kind != "admitted" {
			panic(fmt.Sprintf("%s: unexpected report %q", rep.t.name, rep.kind))
		}
		in = append(in, rep.t)
	}
	// They went in together, in the semaphore's order: the queue's.
	for _, t := range slices.Clone(r.queue) {
		if slices.Contains(in, t) {
			r.admitted(t)
		}
	}
}

func (r *run) take(s step) {
	t := s.t
	switch s.kind {
	case "arrive":
		if t.mb > budgetMB {
			// Asking for more than the whole budget would wait until the context ends: refuse it.
			r.note(t.name + " is refused")
			logf("%s refused: needs %d MB of a %d MB budget (render's ErrTooLarge)", t.label(), t.mb, budgetMB)
			gfgtrace.Instant(t.lane, "refused: larger than the budget", gfgtrace.Err)
			t.outcome = "refused"
			return
		}
		if t.tryOnly {
			t.arrivedAt = r.now
			go t.try(r.memory, r.reports)
			ok := r.await(t, "tried").ok
			r.note(fmt.Sprintf("%s tries TryAcquire(%d): %v", t.name, t.mb, ok))
			if ok {
				logf("%s TryAcquire(%d) = true", t.label(), t.mb)
				r.admitted(t)
				return
			}
			verb := "are"
			if len(r.queue) == 1 {
				verb = "is"
			}
			logf("%s TryAcquire(%d) = false: %d MB free, but %s %s queued; skipped", t.label(), t.mb, r.free(), names(r.queue), verb)
			gfgtrace.Instant(t.lane, fmt.Sprintf("TryAcquire(%d) = false", t.mb), gfgtrace.Warn)
			t.outcome = "skipped"
			return
		}
		if d, ok := r.deadlines[t.name]; ok {
			// In a service: ctx, cancel := context.WithTimeout(ctx, d). Here the deadline
			// is a step that main takes at its time, so it cannot race the other steps.
			t.ctx, t.cancel = context.WithCancelCause(context.Background())
			r.schedule(r.now+d, "deadline", t)
		}
		t.arrivedAt = r.now
		free, ahead := r.free(), slices.Clone(r.queue)
		r.at() // the instant's queue is counted before t joins it
		r.queue = append(r.queue, t)
		r.note(fmt.Sprintf("%s arrives, wants %d MB", t.name, t.mb))
		t.waiting = gfgtrace.Begin(t.lane, fmt.Sprintf("Acquire(%d)", t.mb))
		parked := parkedInAcquire()
		go t.acquire(r.memory, r.reports)
		// Wait until the goroutine has its units, or is parked in the semaphore's queue.
		for {
			select {
			case rep := <-r.reports:
				if rep.t != t || rep.kind != "admitted" {
					panic(fmt.Sprintf("%s: unexpected report %q", rep.t.name, rep.kind))
				}
				r.admitted(t)
				return
			default:
			}
			if parkedInAcquire() > parked {
				break
			}
			time.Sleep(time.Millisecond)
		}
		where := "waits at the head of the queue"
		if len(ahead) > 0 {
			where = "waits behind " + names(ahead)
			if t.mb <= free {
				where = "it fits, but " + where
			}
		}
		logf("%s wants %d MB, %d MB free: %s", t.label(), t.mb, free, where)

	case "finish":
		close(t.finish)
		r.await(t, "released")
		r.held -= t.mb
		r.note(fmt.Sprintf("%s releases %d MB", t.name, t.mb))
		r.at().freed = true
		logf("%s done, releases %d MB: %d MB free", t.label(), t.mb, r.free())
		r.admitWoken()

	case "deadline":
		if !slices.Contains(r.queue, t) {
			return // it got its units first
		}
		r.note(t.name + "'s deadline passes")
		r.at().freed = true
		logf("%s gives up after %d ms: Acquire returns context deadline exceeded", t.label(), r.now-t.arrivedAt)
		gfgtrace.Instant(t.lane, "deadline: Acquire gives up", gfgtrace.Warn)
		t.cancel(context.DeadlineExceeded)
		rep := r.await(t, "failed")
		t.waiting.EndDetail(gfgtrace.Cancelled, rep.err.Error())
		t.queuedMs = r.now - t.arrivedAt
		t.outcome = fmt.Sprintf("gave up after %d ms", t.queuedMs)
		r.leave(t)
		r.admitWoken()
	}
}

// report ends an instant: the queue's state, a milestone when anyone waits, the budget lane.
func (r *run) report() {
	m := r.moment
	r.moment = nil
	queue := "queue empty"
	if len(r.queue) > 0 {
		head := r.queue[0]
		queue = fmt.Sprintf("queue %s; %s needs %d MB more", names(r.queue), head.name, head.mb-r.free())
	}
	if m != nil && (m.queueBefore > 0 || len(r.queue) > 0) {
		if m.freed {
			logf("  %d MB free; %s", r.free(), queue)
		}
		// Facts the TypeScript demo establishes too (a test compares them).
		admitted := "none admitted"
		if len(m.admitted) > 0 {
			admitted = names(m.admitted) + " admitted"
		}
		gfgtrace.Milestone(fmt.Sprintf("run %d, %d ms: %s", r.n, r.now, strings.Join(m.events, " + ")),
			fmt.Sprintf("%s; %d MB free; %s", admitted, r.free(), queue))
	}
	r.updateBudget()
}

// updateBudget keeps the budget lane: one span per state of the pool.
func (r *run) updateBudget() {
	name := fmt.Sprintf("%d MB free", r.free())
	if len(r.queue) > 0 {
		name += ", " + names(r.queue) + " waiting"
	}
	if name == r.budgetName {
		return
	}
	if r.budget != nil {
		r.budget.End(gfgtrace.OK)
	}
	r.budget = gfgtrace.Begin(fmt.Sprintf("budget (%d MB)", budgetMB), name)
	r.budgetName = name
}

func runJobs(n int, title string, deadlines map[string]int) (tasks []*task, finished int) {
	fmt.Printf("\nrun %d: %s\n", n, title)
	r := &run{n: n, deadlines: deadlines, memory: semaphore.NewWeighted(budgetMB), reports: make(chan report, 3*len(jobs)), began: time.Now()}
	r.updateBudget()
	span := gfgtrace.Begin("main", fmt.Sprintf("run %d: %s", n, title))
	for _, j := range jobs {
		t := &task{job: j, lane: fmt.Sprintf("job %s (%d MB)", j.name, j.mb), ctx: context.Background(), finish: make(chan struct{})}
		tasks = append(tasks, t)
		r.schedule(j.arriveMs, "arrive", t)
	}
	for len(r.steps) > 0 {
		s := r.steps[0]
		r.steps = r.steps[1:]
		time.Sleep(time.Until(r.began.Add(time.Duration(s.at) * time.Millisecond)))
		r.now = s.at
		r.take(s)
		if len(r.steps) == 0 || r.steps[0].at != r.now {
			r.report()
		}
	}
	r.budget.End(gfgtrace.OK)
	span.End(gfgtrace.OK)

	outcomes := make([]string, len(tasks))
	for i, t := range tasks {
		outcomes[i] = t.name + " " + t.outcome
	}
	logf("all jobs finished after %d ms", r.now)
	gfgtrace.Milestone(fmt.Sprintf("run %d: outcomes", n), strings.Join(outcomes, ", "))
	gfgtrace.Milestone(fmt.Sprintf("run %d: finished after (ms)", n), r.now)
	return tasks, r.now
}

func main() {
	fmt.Println("semaphore: image resizes against a memory budget")
	var list []string
	for _, j := range jobs {
		s := fmt.Sprintf("%s %d MB", j.name, j.mb)
		if j.tryOnly {
			s += " (TryAcquire)"
		}
		list = append(list, s)
	}
	fmt.Printf("semaphore.NewWeighted(%d); jobs in arrival order: %s\n", budgetMB, strings.Join(list, ", "))

	a, aDone := runJobs(1, "FIFO, no deadlines", nil)
	b, bDone := runJobs(2, fmt.Sprintf("the same jobs, a %d ms deadline on %s's Acquire", deadlineMs, deadlineJob), map[string]int{deadlineJob: deadlineMs})

	fmt.Println("\nsummary")
	fmt.Printf("  %-5s%-22s%4s%10s   %-21s%s\n", "job", "image", "MB", "arrives", "run 1: FIFO", "run 2: deadline on "+deadlineJob)
	for i, t := range a {
		fmt.Printf("  %-5s%-22s%4d%10s   %-21s%s\n", t.name, t.image, t.mb, fmt.Sprintf("%d ms", t.arriveMs), t.outcome, b[i].outcome)
	}
	fmt.Printf("  %-41s   %-21s%d ms\n", "time spent queued, all jobs", fmt.Sprintf("%d ms", queued(a)), queued(b))
	fmt.Printf("  %-41s   %-21s%d ms\n", "all jobs finished after", fmt.Sprintf("%d ms", aDone), bDone)
}

// queued adds up the time every job spent waiting in Acquire.
func queued(tasks []*task) int {
	total := 0
	for _, t := range tasks {
		total += t.queuedMs
	}
	return total
}
