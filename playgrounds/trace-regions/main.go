// trace-regions: tasks, regions and logs from runtime/trace, and a flight recorder.
//
// The Go program that main.ts mirrors. Twelve checkouts run the article's annotated handler
// (a "checkout" task, a "cart" log, "loadCart", "priceItem" on one goroutine per item, and
// "charge" with a child "payment" task). Before checkouts 3 and 9 the price cache goes stale, and the
// goroutine that refreshes it holds the cache's lock across the 300 ms pricing call: the
// worked example's bug. The whole run is traced with trace.Start into a bytes.Buffer while a
// trace.FlightRecorder (Go 1.25+) runs alongside; the first checkout slower than slowMs
// snapshots the recorder's window, and a second WriteTo during that snapshot fails. Both
// traces are then read back with golang.org/x/exp/trace and summarised like go tool trace's
// user-defined tasks and regions pages.
//
// To run it: go mod init example.com/checkout && go get golang.org/x/exp/trace && go run .
package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	xtrace "golang.org/x/exp/trace"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these.
const (
	seed         = 5 // the same seed gives the same carts as main.ts
	checkouts    = 12
	arriveEvery  = 150 * time.Millisecond
	fetchAllTime = 300 * time.Millisecond

	// How the price cache refreshes when its minute runs out:
	// "lock-across-io"    the worked example's bug: the refresher holds the lock across the pricing call
	// "no-lock-during-io" the article's fix: copy under the lock, I/O without it; every reader that
	//                     finds the cache stale calls the pricing service, and waits for its own call
	// "serve-stale"       one background refresh; everyone gets the old prices meanwhile
	cacheMode = "lock-across-io"
	slowMs    = 250 // a checkout slower than this triggers the flight recorder's snapshot
)

// The price cache's minute runs out just before these checkouts.
var staleBefore = []int{3, 9}

var flightConfig = trace.FlightRecorderConfig{MinAge: 2 * time.Second, MaxBytes: 64 << 20}

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

type cart struct {
	n, id        int
	items        []time.Duration // how long each item's pricing takes after the cache lookup
	load, charge time.Duration
	declined     bool
}

// The carts, drawn up front in the same order as main.ts.
var carts = func() []cart {
	r := &random{state: seed}
	ms := func(min, max int) time.Duration { return time.Duration(r.intn(min, max)) * time.Millisecond }
	out := make([]cart, checkouts)
	for i := range out {
		c := cart{n: i + 1, id: r.intn(1000, 9999)}
		count := r.intn(2, 4)
		c.load, c.charge = ms(10, 30), ms(20, 40)
		c.declined = r.next() < 0.2
		for range count {
			c.items = append(c.items, ms(2, 5))
		}
		out[i] = c
	}
	return out
}()

// ── the price cache, from the article's worked example ─────────────────────────────

type priceCache struct {
	mu         sync.Mutex   // the bug: one lock, held across FetchAll
	rw         sync.RWMutex // the other two
	stale      bool
	refreshing bool
	refreshes  int
	background sync.WaitGroup // the background refresh, in serve-stale mode
}

func (c *priceCache) get(ctx context.Context) {
	switch cacheMode {
	case "serve-stale":
		// The first reader to find the cache stale starts one refresh; all return the old prices.
		c.rw.Lock()
		start := c.stale && !c.refreshing
		c.refreshing = c.refreshing || start
		c.rw.Unlock()
		if start {
			c.background.Go(func() {
				c.fetchAll(context.WithoutCancel(ctx)) // the region still belongs to this checkout's task
				c.rw.Lock()
				c.stale, c.refreshing = false, false
				c.rw.Unlock()
			})
		}
		return
	case "lock-across-io":
		c.mu.Lock()
		defer c.mu.Unlock() // held until return, across the network call below
		if c.stale {
			c.fetchAll(ctx)
		}
		c.stale = false
		return
	}
	// no-lock-during-io: copy under the lock, do the I/O without it, lock again only to store
	c.rw.RLock()
	fresh := !c.stale
	c.rw.RUnlock()
	if fresh {
		return
	}
	c.fetchAll(ctx) // no lock held during I/O; several goroutines may refresh at once
	c.rw.Lock()
	c.stale = false
	c.rw.Unlock()
}

// expire marks the prices stale, as the minute running out does.
func (c *priceCache) expire() {
	c.mu.Lock() // stale is read under mu in the bug version, under rw in the fix
	c.rw.Lock()
	c.stale = true
	c.rw.Unlock()
	c.mu.Unlock()
}

var refreshMu sync.Mutex

func (c *priceCache) fetchAll(ctx context.Context) {
	refreshMu.Lock()
	c.refreshes++
	refreshMu.Unlock()
	trace.Log(ctx, "price-cache", "refresh")
	logf("a goroutine finds the price cache stale, calls the pricing service (cache mode %s)", cacheMode)
	trace.WithRegion(ctx, "fetchAll", func() { time.Sleep(fetchAllTime) })
}

// ── the annotated handler, as in the article ───────────────────────────────────────

type server struct {
	cache *priceCache
	carts map[string]cart
}

var errDeclined = errors.New("payment declined")

func (s *server) charge(ctx context.Context, c cart) error {
	ctx, task := trace.NewTask(ctx, "payment") // a child task of the checkout
	defer task.End()
	time.Sleep(c.charge)
	if c.declined {
		trace.Log(ctx, "payment", "declined")
		return errDeclined
	}
	trace.Log(ctx, "payment", "approved")
	return nil
}

func (s *server) HandleCheckout(w http.ResponseWriter, r *http.Request) {
	ctx, task := trace.NewTask(r.Context(), "checkout")
	defer task.End()

	id := r.URL.Query().Get("cart")
	trace.Log(ctx, "cart", id) // the instance goes in a log, not in the task's name

	var c cart
	trace.WithRegion(ctx, "loadCart", func() {
		c = s.carts[id]
		time.Sleep(c.load)
	})

	// Pricing fans out; each goroutine's region still belongs to the checkout task.
	var wg sync.WaitGroup
	for _, d := range c.items {
		wg.Go(func() {
			defer trace.StartRegion(ctx, "priceItem").End()
			s.cache.get(ctx)
			time.Sleep(d)
		})
	}
	wg.Wait()

	region := trace.StartRegion(ctx, "charge")
	err := s.charge(ctx, c)
	region.End()
	if err != nil {
		http.Error(w, "payment failed", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ── the flight recorder: one snapshot, after the first slow checkout ───────────────

// gateWriter holds the first Write until released, so a second WriteTo is sure to overlap.
type gateWriter struct {
	buf      bytes.Buffer
	once     sync.Once
	entered  chan struct{}
	released chan struct{}
}

func (g *gateWriter) Write(p []byte) (int, error) {
	g.once.Do(func() {
		close(g.entered)
		<-g.released
	})
	return g.buf.Write(p)
}

type snapshotter struct {
	fr   *trace.FlightRecorder
	once sync.Once
	done sync.WaitGroup

	cart            string // the slow checkout's cart
	snapshot        []byte
	concurrentError error
}

func (s *snapshotter) trigger(cartID string, took time.Duration) {
	s.once.Do(func() {
		s.cart = cartID
		logf("checkout of cart %s took %d ms > %d ms: flight recorder snapshot", cartID, took.Milliseconds(), slowMs)
		g := &gateWriter{entered: make(chan struct{}), released: make(chan struct{})}
		s.done.Go(func() {
			if _, err := s.fr.WriteTo(g); err != nil {
				log.Printf("flight recorder: %v", err)
				return
			}
			s.snapshot = g.buf.Bytes()
		})
		<-g.entered // the first WriteTo is writing...
		_, s.concurrentError = s.fr.WriteTo(io.Discard)
		logf("a second WriteTo meanwhile: %v", s.concurrentError)
		close(g.released)
	})
}

// whenSlow triggers a snapshot after any checkout that took longer than slowMs.
func whenSlow(next http.Handler, s *snapshotter) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		began := time.Now()
		next.ServeHTTP(w, r)
		if took := time.Since(began); took > slowMs*time.Millisecond {
			s.trigger(r.URL.Query().Get("cart"), took)
		}
	})
}

// ── reading the trace back with golang.org/x/exp/trace ─────────────────────────────

type span struct {
	typ        string
	g          xtrace.GoID
	start, end xtrace.Time
	depth      int
}

func (s span) dur() time.Duration {
	if s.start == 0 || s.end == 0 {
		return -1
	}
	return s.end.Sub(s.start)
}

type taskInfo struct {
	id, parent xtrace.TaskID
	span
	regions []*span
	logs    []xtrace.Log
}

type analysis struct {
	tasks   map[xtrace.TaskID]*taskInfo
	order   []xtrace.TaskID
	regions []*span
	logs    []xtrace.Log
}

func analyse(data []byte) (*analysis, error) {
	r, err := xtrace.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	a := &analysis{tasks: map[xtrace.TaskID]*taskInfo{}}
	task := func(id xtrace.TaskID) *taskInfo {
		t, ok := a.tasks[id]
		if !ok {
			t = &taskInfo{id: id}
			a.tasks[id] = t
			a.order = append(a.order, id)
		}
		return t
	}
	open := map[xtrace.GoID][]*span{}
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch ev.Kind() {
		case xtrace.EventTaskBegin:
			t := task(ev.Task().ID)
			t.typ, t.parent, t.start, t.g = ev.Task().Type, ev.Task().Parent, ev.Time(), ev.Goroutine()
		case xtrace.EventTaskEnd:
			if t := task(ev.Task().ID); t.end == 0 {
				t.end = ev.Time() // only the first End counts
			}
		case xtrace.EventRegionBegin:
			g := ev.Goroutine()
			s := &span{typ: ev.Region().Type, g: g, start: ev.Time(), depth: len(open[g])}
			open[g] = append(open[g], s)
			a.regions = append(a.regions, s)
			if id := ev.Region().Task; id != xtrace.BackgroundTask {
				task(id).regions = append(task(id).regions, s)
			}
		case xtrace.EventRegionEnd:
			g := ev.Goroutine()
			stack := open[g]
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].typ == ev.Region().Type {
					stack[i].end = ev.Time()
					open[g] = slices.Delete(stack, i, i+1)
					break
				}
			}
		case xtrace.EventLog:
			l := ev.Log()
			a.logs = append(a.logs, l)
			if l.Task != xtrace.BackgroundTask {
				task(l.Task).logs = append(task(l.Task).logs, l)
			}
		}
	}
	return a, nil
}

type typeStats struct {
	count      int
	total, max time.Duration
}

func statsOf(spans []*span) map[string]*typeStats {
	out := map[string]*typeStats{}
	for _, s := range spans {
		st := out[s.typ]
		if st == nil {
			st = &typeStats{}
			out[s.typ] = st
		}
		st.count++
		if d := s.dur(); d >= 0 {
			st.total += d
			st.max = max(st.max, d)
		}
	}
	return out
}

func (a *analysis) taskSpans() []*span {
	var out []*span
	for _, id := range a.order {
		out = append(out, &a.tasks[id].span)
	}
	return out
}

// countsLine is "checkout 6, payment 6": counts per type, sorted by type.
func countsLine(counts map[string]int) string {
	var parts []string
	for _, typ := range slices.Sorted(maps.Keys(counts)) {
		name := typ
		if name == "" {
			name = "(unknown)"
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, counts[typ]))
	}
	return strings.Join(parts, ", ")
}

func counts(stats map[string]*typeStats) map[string]int {
	out := map[string]int{}
	for typ, s := range stats {
		out[typ] = s.count
	}
	return out
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%d ms", d.Round(time.Millisecond).Milliseconds())
}

func (a *analysis) cartOf(t *taskInfo) string {
	for _, l := range t.logs {
		if l.Category == "cart" {
			return l.Message
		}
	}
	return ""
}

func main() {
	fmt.Println("runtime/trace: tasks, regions and logs, and a flight recorder")
	fmt.Printf("seed %d: %d checkouts, one every %d ms; the price cache goes stale before checkouts %d and %d; cache mode %s\n",
		seed, checkouts, arriveEvery.Milliseconds(), staleBefore[0], staleBefore[1], cacheMode)

	var full bytes.Buffer
	if err := trace.Start(&full); err != nil {
		log.Fatal(err)
	}
	fr := trace.NewFlightRecorder(flightConfig)
	if err := fr.Start(); err != nil {
		log.Fatal(err)
	}
	snap := &snapshotter{fr: fr}
	srv := &server{cache: &priceCache{}, carts: map[string]cart{}}
	for _, c := range carts {
		srv.carts[strconv.Itoa(c.id)] = c
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /checkout", srv.HandleCheckout)
	handler := whenSlow(mux, snap)

	fmt.Println("\nthe checkouts, under trace.Start and a flight recorder")
	var wg sync.WaitGroup
	for _, c := range carts {
		if slices.Contains(staleBefore, c.n) {
			srv.cache.expire()
			logf("the price cache's minute runs out")
		}
		wg.Go(func() {
			began := time.Now()
			logf("checkout %d: cart %d, %d items", c.n, c.id, len(c.items))
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, fmt.Sprintf("/checkout?cart=%d", c.id), nil))
			logf("checkout %d done in %d ms: %d %s", c.n, time.Since(began).Milliseconds(), rec.Code, http.StatusText(rec.Code))
		})
		time.Sleep(arriveEvery)
	}
	wg.Wait()
	srv.cache.background.Wait()
	snap.done.Wait() // the snapshot is written before the recorder stops
	trace.Stop()
	fr.Stop()

	a, err := analyse(full.Bytes())
	if err != nil {
		log.Fatal(err)
	}

	// The slowest checkout and its regions, as its goroutines saw them.
	var slowest *taskInfo
	for _, id := range a.order {
		if t := a.tasks[id]; t.typ == "checkout" && (slowest == nil || t.dur() > slowest.dur()) {
			slowest = t
		}
	}
	if slowest != nil {
		fmt.Printf("\nthe slowest checkout: task %d, cart %s, %s\n", slowest.id, a.cartOf(slowest), ms(slowest.dur()))
		rows := slices.Clone(slowest.regions)
		for _, id := range a.order {
			if t := a.tasks[id]; t.parent == slowest.id {
				rows = append(rows, &span{typ: "task " + t.typ, g: t.g, start: t.start, end: t.end})
			}
		}
		slices.SortStableFunc(rows, func(x, y *span) int {
			return cmp.Or(cmp.Compare(x.start.Sub(slowest.start)/time.Millisecond, y.start.Sub(slowest.start)/time.Millisecond), cmp.Compare(x.g, y.g), cmp.Compare(x.depth, y.depth))
		})
		fetched := map[xtrace.GoID]bool{}
		for _, r := range slowest.regions {
			if r.typ == "fetchAll" {
				fetched[r.g] = true
			}
		}
		for _, r := range rows {
			waited := ""
			if r.typ == "priceItem" && r.dur() >= fetchAllTime/2 && !fetched[r.g] {
				waited = " waited for the lock"
			}
			fmt.Printf("  g%-4d%-18s%6s %7s  %s%s\n", r.g, strings.Repeat("  ", r.depth)+r.typ,
				fmt.Sprintf("+%d", r.start.Sub(slowest.start).Milliseconds()), ms(r.dur()), strings.Repeat("█", max(1, int(r.dur()/(15*time.Millisecond)))), waited)
		}
	}

	// The flight recorder's snapshot: is the slow checkout in it, with all its regions?
	fmt.Printf("\nthe flight recorder's snapshot (MinAge %v, MaxBytes %d MiB)\n", flightConfig.MinAge, flightConfig.MaxBytes>>20)
	holdsSlow := false
	if snap.snapshot != nil {
		s, err := analyse(snap.snapshot)
		if err != nil {
			log.Fatal(err)
		}
		var listed []string
		for _, id := range s.order {
			t := s.tasks[id]
			if t.typ == "payment" {
				continue
			}
			note := ""
			if t.typ == "" {
				note = " (began before the window)"
			} else if t.end == 0 {
				note = " (still running)"
			}
			listed = append(listed, fmt.Sprintf("%d%s", id, note))
			if t.typ == "checkout" && s.cartOf(t) == snap.cart && t.dur() > slowMs*time.Millisecond {
				holdsSlow = !slices.ContainsFunc(t.regions, func(r *span) bool { return r.dur() < 0 })
				fmt.Printf("  the slow checkout (cart %s, task %d): %s, %d regions, all complete: %v\n", snap.cart, id, ms(t.dur()), len(t.regions), holdsSlow)
			}
		}
		fmt.Printf("  %d bytes; checkout tasks in it (task IDs): %s\n", len(snap.snapshot), strings.Join(listed, ", "))
	} else {
		fmt.Println("  no checkout was slow enough: no snapshot")
	}

	logCounts := map[string]int{}
	for _, l := range a.logs {
		logCounts[l.Category]++
	}
	children := 0
	for _, id := range a.order {
		if t := a.tasks[id]; t.typ == "payment" && a.tasks[t.parent] != nil && a.tasks[t.parent].typ == "checkout" {
			children++
		}
	}
	snapshots := 0
	if snap.snapshot != nil {
		snapshots = 1
	}
	taskStats, regionStats := statsOf(a.taskSpans()), statsOf(a.regions)
	// Facts the TypeScript demo establishes too; a test compares them.
	gfgtrace.Milestone("tasks by type", countsLine(counts(taskStats)))
	gfgtrace.Milestone("regions by type", countsLine(counts(regionStats)))
	gfgtrace.Milestone("logs by category", countsLine(logCounts))
	gfgtrace.Milestone("child tasks of a checkout", children)
	gfgtrace.Milestone("flight recorder snapshots", snapshots)
	gfgtrace.Milestone("a second WriteTo during the first fails", snap.concurrentError != nil && strings.Contains(snap.concurrentError.Error(), "already in progress"))
	gfgtrace.Milestone("the snapshot holds the slow checkout", holdsSlow)

	fmt.Println("\nsummary")
	fmt.Printf("  %d bytes of trace from trace.Start, read with golang.org/x/exp/trace\n", full.Len())
	fmt.Println("  User-defined tasks (latency histogram in ms)")
	fmt.Printf("  %-14s%7s%10s%9s%6s%9s%9s%7s\n", "task type", "count", "total", "max", "<100", "100-200", "200-300", "≥300")
	for _, typ := range slices.Sorted(maps.Keys(taskStats)) {
		s := taskStats[typ]
		var hist [4]int
		for _, id := range a.order {
			if t := a.tasks[id]; t.typ == typ && t.dur() >= 0 {
				hist[min(3, int(t.dur()/(100*time.Millisecond)))]++
			}
		}
		fmt.Printf("  %-14s%7d%10s%9s%6d%9d%9d%7d\n", typ, s.count, ms(s.total), ms(s.max), hist[0], hist[1], hist[2], hist[3])
	}
	fmt.Println("  User-defined regions")
	fmt.Printf("  %-14s%7s%10s%9s\n", "region type", "count", "total", "max")
	for _, typ := range slices.Sorted(maps.Keys(regionStats)) {
		s := regionStats[typ]
		fmt.Printf("  %-14s%7d%10s%9s\n", typ, s.count, ms(s.total), ms(s.max))
	}
	fmt.Println("  Logs by category")
	for _, category := range slices.Sorted(maps.Keys(logCounts)) {
		fmt.Printf("  %-14s%7d\n", category, logCounts[category])
	}
	fmt.Printf("  price cache refreshes: %d\n", srv.cache.refreshes)
}
