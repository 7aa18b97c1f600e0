// throttling: token buckets at the edge and planned degradation levels, on game day.
//
// The Go program that main.ts mirrors. Viewers' apps call a playback API through an edge
// that keeps a golang.org/x/time/rate token bucket per client and one per route: a request
// needs a token from both, or it gets 429 Too Many Requests with Retry-After. Behind the
// edge, net/http handlers ask the DEFCON level which features may run, and a fixed capacity
// (work units a second) refuses the rest with 503. At kick-off the traffic ramps up and a
// buggy app build retries in a tight loop; a controller steps down the article's
// illustrative ladder (not FOX's) and restores the levels, with hysteresis, as traffic falls.
//
// The traffic is simulated, so every run is the same: each request goes through the real
// handlers (httptest), and the limiters decide with AllowN at the request's simulated arrival
// time, which the program keeps in step with the wall clock. The log shows simulated times.
//
// To run it: go mod init example.com/gameday && go get golang.org/x/time/rate && go run .
package main

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these.
const (
	seed       = 11
	durationMs = 6000 // the game, squeezed into six seconds
	kickoffMs  = 1000
	viewers    = 20000 // distinct client IDs

	clientRPS   = 5 // the token bucket per client: rate per second and burst
	clientBurst = 10

	analyticsSample = 10   // at DEFCON 1, keep one analytics event in 10
	capacity        = 8000 // work units the service can do per second, handed out per 100 ms slot

	stepDownAtPct   = 85  // demand at which the level steps down
	restoreBelowPct = 55  // demand must stay below this... (80 leaves too small a gap: watch the level flap)
	holdMs          = 500 // ...for this long before a level is restored
	cooldownMs      = 250 // at least this long between a change and the next step down
	floor           = 1   // set to 5 to switch DEFCON off and watch the 503s

	windowMs   = 250 // demand is measured over the last quarter second
	evaluateMs = 250
	reportMs   = 500
)

// Requests per second from the viewers' apps: linear between these points.
var traffic = []struct{ at, rps int }{
	{0, 400}, // pre-game
	{kickoffMs, 400},
	{1600, 2400},
	{2800, 2200},
	{3600, 700}, // a blowout: viewers drift away
	{durationMs, 500},
}

// A buggy app build that retries in a tight loop: each of these clients sends a request every 20 ms.
var storm = struct{ clients, everyMs, fromMs, toMs int }{3, 20, 1800, 2800}

// share: percent of the viewers' requests; rps and burst: the route's bucket;
// cost: work units in full, and when degraded.
type route struct {
	path               string
	share, rps, burst  int
	cost, degradedCost int
}

var routes = []route{
	{"/playback", 20, 1000, 200, 6, 6},
	{"/ads", 15, 700, 150, 4, 4},
	{"/metadata", 25, 900, 200, 4, 1},
	{"/rails", 15, 600, 150, 6, 1},
	{"/recommendations", 10, 200, 50, 8, 0},
	{"/search", 5, 80, 20, 6, 0},
	{"/analytics", 10, 400, 100, 2, 0},
}

// The article's illustrative ladder (not FOX's): what stepping down to each level switches off.
var switchedOff = map[int32]string{4: "recommendations", 3: "personalised rails", 2: "live metadata and search", 1: "full analytics"}

// The lowest level at which each switchable feature still runs.
const (
	minRecommendations   = 5
	minPersonalisedRails = 4
	minLiveMetadata      = 3
	minSearch            = 3
	minFullAnalytics     = 2
)

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

var (
	rng   = &random{state: seed}
	epoch = time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC) // simulated time zero
	simMs int                                             // the simulated clock, in ms since epoch
)

func now() time.Time { return epoch.Add(time.Duration(simMs) * time.Millisecond) }

func logf(format string, args ...any) {
	fmt.Printf("+%.3fs %s\n", float64(simMs)/1000, fmt.Sprintf(format, args...))
}

// rpsAt is the viewers' request rate at t ms.
func rpsAt(t int) float64 {
	for i := 1; i < len(traffic); i++ {
		a, b := traffic[i-1], traffic[i]
		if t < b.at {
			return float64(a.rps) + float64((b.rps-a.rps)*(t-a.at))/float64(b.at-a.at)
		}
	}
	return float64(traffic[len(traffic)-1].rps)
}

type request struct {
	client, path string
}

// arrivalsAt returns the requests that arrive in millisecond t: the viewers' (seeded), then the storm's.
func arrivalsAt(t int) []request {
	expected := rpsAt(t) / 1000
	whole := math.Floor(expected)
	count := int(whole)
	if rng.next() < expected-whole {
		count++
	}
	var reqs []request
	for range count {
		x := rng.next() * 100
		cumulative := 0
		path := routes[len(routes)-1].path
		for _, r := range routes {
			cumulative += r.share
			if x < float64(cumulative) {
				path = r.path
				break
			}
		}
		reqs = append(reqs, request{fmt.Sprintf("viewer-%d", rng.intn(1, viewers)), path})
	}
	if t >= storm.fromMs && t < storm.toMs && (t-storm.fromMs)%storm.everyMs == 0 {
		for c := 1; c <= storm.clients; c++ {
			reqs = append(reqs, request{fmt.Sprintf("tv-app-7.2-%d", c), "/playback"})
		}
	}
	return reqs
}

// ── the edge: API Gateway style throttling, per client and per route ──────────────

type edge struct {
	clients map[string]*rate.Limiter
	routes  map[string]*rate.Limiter
	next    http.Handler
}

func newEdge(next http.Handler) *edge {
	e := &edge{clients: map[string]*rate.Limiter{}, routes: map[string]*rate.Limiter{}, next: next}
	for _, r := range routes {
		e.routes[r.path] = rate.NewLimiter(rate.Limit(r.rps), r.burst)
	}
	return e
}

// ServeHTTP takes a token from the client's bucket, then one from the route's.
func (e *edge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get("X-Client-ID")
	client, ok := e.clients[id]
	if !ok {
		client = rate.NewLimiter(clientRPS, clientBurst)
		e.clients[id] = client
	}
	t := now()
	if !client.AllowN(t, 1) {
		throttle(w, "client")
		return
	}
	if !e.routes[r.URL.Path].AllowN(t, 1) {
		throttle(w, "route")
		return
	}
	e.next.ServeHTTP(w, r)
}

func throttle(w http.ResponseWriter, by string) {
	w.Header().Set("Retry-After", "1")
	w.Header().Set("X-Throttled-By", by)
	http.Error(w, "too many requests", http.StatusTooManyRequests)
}

// ── DEFCON: the level, and the controller that moves it ────────────────────────────

var level atomic.Int32

// on reports whether a feature that needs at least minLevel may run.
func on(minLevel int32) bool { return level.Load() >= minLevel }

type change struct {
	at, from, to int
	demandPct    float64
}

type controller struct {
	changedAt, calmSince int
	calm                 bool
	changes              []change
}

func (c *controller) set(to int32, t int, demandPct float64) {
	from := level.Load()
	level.Store(to)
	c.changedAt, c.calm = t, false
	c.changes = append(c.changes, change{t, int(from), int(to), demandPct})
	if to < from {
		logf("DEFCON %d -> %d: %s off (demand %.0f%% >= %d%%)", from, to, switchedOff[to], math.Round(demandPct), stepDownAtPct)
	} else {
		logf("DEFCON %d -> %d: %s back on (demand below %d%% for %d ms)", from, to, switchedOff[from], restoreBelowPct, holdMs)
	}
	gfgtrace.Instant("DEFCON", fmt.Sprintf("DEFCON %d -> %d", from, to), map[bool]gfgtrace.Level{true: gfgtrace.Warn, false: gfgtrace.Info}[to < from])
}

// evaluate is called every evaluateMs with the demand over the last window, in percent of capacity.
func (c *controller) evaluate(t int, demandPct float64) {
	current := level.Load()
	if demandPct >= stepDownAtPct {
		c.calm = false
		if current > floor && t-c.changedAt >= cooldownMs {
			c.set(current-1, t, demandPct)
		}
		return
	}
	if demandPct >= restoreBelowPct || current == 5 {
		c.calm = false
		return
	}
	if !c.calm {
		c.calm, c.calmSince = true, t
	}
	if t-c.calmSince >= holdMs {
		c.set(current+1, t, demandPct)
	}
}

// ── the service: handlers that ask the level, and a fixed capacity ─────────────────

type service struct {
	slotUsed      int   // work units done in the current 100 ms slot
	demandByMs    []int // work units asked for, per ms
	analyticsSeen int
}

// serve does units of work if the slot has room, and says what the answer left out.
func (s *service) serve(w http.ResponseWriter, units int, degraded string) {
	s.demandByMs[simMs] += units
	if s.slotUsed+units > capacity/10 {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
		return
	}
	s.slotUsed += units
	if degraded != "" {
		w.Header().Set("X-Degraded", degraded)
	}
	w.WriteHeader(http.StatusOK)
}

func (s *service) demandPct(t int) float64 {
	units := 0
	for i := max(0, t-windowMs); i < t; i++ {
		units += s.demandByMs[i]
	}
	return float64(units*100000) / float64(capacity*windowMs)
}

func (s *service) handler() http.Handler {
	cost := map[string]route{}
	for _, r := range routes {
		cost[r.path] = r
	}
	// full or degraded, as the level allows
	answer := func(path string, full bool, degraded string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if full {
				s.serve(w, cost[path].cost, "")
			} else {
				s.serve(w, cost[path].degradedCost, degraded)
			}
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /playback", func(w http.ResponseWriter, r *http.Request) { s.serve(w, cost["/playback"].cost, "") })
	mux.HandleFunc("GET /ads", func(w http.ResponseWriter, r *http.Request) { s.serve(w, cost["/ads"].cost, "") })
	mux.HandleFunc("GET /metadata", func(w http.ResponseWriter, r *http.Request) {
		answer("/metadata", on(minLiveMetadata), "cached metadata")(w, r)
	})
	mux.HandleFunc("GET /rails", func(w http.ResponseWriter, r *http.Request) {
		answer("/rails", on(minPersonalisedRails), "editorial rails")(w, r)
	})
	mux.HandleFunc("GET /recommendations", func(w http.ResponseWriter, r *http.Request) {
		answer("/recommendations", on(minRecommendations), "recommendations off")(w, r)
	})
	mux.HandleFunc("GET /search", func(w http.ResponseWriter, r *http.Request) {
		answer("/search", on(minSearch), "search off")(w, r)
	})
	mux.HandleFunc("GET /analytics", func(w http.ResponseWriter, r *http.Request) {
		full := on(minFullAnalytics)
		if !full {
			s.analyticsSeen++
			full = s.analyticsSeen%analyticsSample == 0
		}
		answer("/analytics", full, "analytics sampled out")(w, r)
	})
	return mux
}

// ── bookkeeping and output ─────────────────────────────────────────────────────────

type tally struct{ served, degraded, client429, route429, overloaded, ms int }

func (t tally) requests() int  { return t.served + t.degraded + t.client429 + t.route429 + t.overloaded }
func (t tally) throttled() int { return t.client429 + t.route429 }

func (t *tally) add(rec *httptest.ResponseRecorder) {
	switch {
	case rec.Code == http.StatusTooManyRequests && rec.Header().Get("X-Throttled-By") == "client":
		t.client429++
	case rec.Code == http.StatusTooManyRequests:
		t.route429++
	case rec.Code == http.StatusServiceUnavailable:
		t.overloaded++
	case rec.Header().Get("X-Degraded") != "":
		t.degraded++
	default:
		t.served++
	}
}

func main() {
	fmt.Println("throttling and DEFCON levels: game day at the edge")
	peak := 0
	for _, p := range traffic {
		peak = max(peak, p.rps)
	}
	fmt.Printf("seed %d: %d rps before kick-off at +%gs, up to %d rps; buckets %d/s burst %d per client, per route as set; capacity %d units/s\n",
		seed, traffic[0].rps, float64(kickoffMs)/1000, peak, clientRPS, clientBurst, capacity)
	fmt.Println("the DEFCON ladder is the article's illustrative one, not FOX's: 4 recommendations off; 3 personalised rails off (editorial rows); " +
		"2 live metadata and search off (cached metadata); 1 playback and ads only; analytics sampled")
	fmt.Printf("\nevery %d ms: the level, the traffic, the demand on the service, what the requests got\n", reportMs)

	level.Store(5)
	svc := &service{demandByMs: make([]int, durationMs)}
	handler := newEdge(svc.handler())
	ctl := &controller{changedAt: math.MinInt32}

	var total, window, stormTally tally
	byLevel := map[int32]*tally{}
	var visited []int32
	byRoute := map[string]*tally{}
	for _, r := range routes {
		byRoute[r.path] = &tally{}
	}
	levelSpan := gfgtrace.Begin("DEFCON", "DEFCON 5")
	levelStarted := 0
	seenChanges := 0

	// One span per route and report window on the timeline, ended with what its requests got.
	routeSpans := map[string]*gfgtrace.Span{}
	routeWindow := map[string]*tally{}
	openRouteSpans := func() {
		for _, r := range routes {
			routeSpans[r.path], routeWindow[r.path] = gfgtrace.Begin(r.path, "requests"), &tally{}
		}
	}
	closeRouteSpans := func() {
		for _, r := range routes {
			t := routeWindow[r.path]
			parts := []string{fmt.Sprintf("%d served", t.served)}
			status := gfgtrace.OK
			if t.degraded > 0 {
				parts, status = append(parts, fmt.Sprintf("%d degraded", t.degraded)), gfgtrace.Fallback
			}
			if t.throttled() > 0 {
				parts, status = append(parts, fmt.Sprintf("%d throttled (429)", t.throttled())), gfgtrace.Rejected
			}
			if t.overloaded > 0 {
				parts, status = append(parts, fmt.Sprintf("%d overloaded (503)", t.overloaded)), gfgtrace.Error
			}
			routeSpans[r.path].EndDetail(status, strings.Join(parts, ", "))
		}
	}

	report := func(t int) {
		lv := level.Load()
		logf("DEFCON %d %9s  demand %4s  requests %4d  served %4d  degraded %4d  429 %4d  503 %3d",
			lv, fmt.Sprintf("%.0f rps", math.Round(rpsAt(t-1))), fmt.Sprintf("%.0f%%", math.Round(svc.demandPct(t))),
			window.requests(), window.served, window.degraded, window.throttled(), window.overloaded)
		window = tally{}
	}

	start := time.Now()
	openRouteSpans()
	var stormSpan *gfgtrace.Span
	for t := 0; t < durationMs; t++ {
		simMs = t
		if t%10 == 0 {
			time.Sleep(time.Until(start.Add(time.Duration(t) * time.Millisecond))) // unfold at wall-clock pace
		}
		if t%100 == 0 {
			svc.slotUsed = 0
		}
		if t > 0 && t%reportMs == 0 {
			report(t)
			closeRouteSpans()
			openRouteSpans()
		}
		if t > 0 && t%evaluateMs == 0 {
			ctl.evaluate(t, svc.demandPct(t))
			for ; seenChanges < len(ctl.changes); seenChanges++ {
				c := ctl.changes[seenChanges]
				levelSpan.EndDetail(map[bool]gfgtrace.Status{true: gfgtrace.OK, false: gfgtrace.Fallback}[c.from == 5], fmt.Sprintf("%d ms", c.at-levelStarted))
				levelStarted = c.at
				levelSpan = gfgtrace.Begin("DEFCON", fmt.Sprintf("DEFCON %d", c.to))
			}
		}
		if t == kickoffMs {
			logf("kick-off: the viewers tune in")
			gfgtrace.Instant("traffic", "kick-off", gfgtrace.Warn)
		}
		if t == storm.fromMs {
			logf("retry storm: %d TVs on app build 7.2 retry /playback every %d ms", storm.clients, storm.everyMs)
			stormSpan = gfgtrace.Begin("retry storm", fmt.Sprintf("%d clients", storm.clients))
		}
		if t == storm.toMs {
			stormSpan.EndDetail(gfgtrace.Rejected, fmt.Sprintf("%d served, %d throttled (429) by their client buckets", stormTally.served, stormTally.client429))
			logf("retry storm over: %d of its %d requests throttled by their client buckets", stormTally.client429, stormTally.requests())
		}
		lv := level.Load()
		if byLevel[lv] == nil {
			byLevel[lv] = &tally{}
			visited = append(visited, lv)
		}
		for _, req := range arrivalsAt(t) {
			r := httptest.NewRequest(http.MethodGet, req.path, nil)
			r.Header.Set("X-Client-ID", req.client)
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, r)
			total.add(rec)
			window.add(rec)
			byLevel[lv].add(rec)
			byRoute[req.path].add(rec)
			routeWindow[req.path].add(rec)
			if strings.HasPrefix(req.client, "tv-app") {
				stormTally.add(rec)
			}
		}
		byLevel[lv].ms++
	}
	time.Sleep(time.Until(start.Add(durationMs * time.Millisecond)))
	simMs = durationMs
	report(durationMs)
	closeRouteSpans()
	levelSpan.EndDetail(map[bool]gfgtrace.Status{true: gfgtrace.OK, false: gfgtrace.Fallback}[level.Load() == 5], fmt.Sprintf("%d ms", durationMs-levelStarted))

	levels := []string{"5"}
	for _, c := range ctl.changes {
		levels = append(levels, fmt.Sprint(c.to))
	}
	var times []string
	for _, lv := range visited {
		times = append(times, fmt.Sprintf("%d: %d", lv, byLevel[lv].ms))
	}
	// Facts the TypeScript demo establishes too; a test compares them.
	gfgtrace.Milestone("requests", total.requests())
	gfgtrace.Milestone("429 from client buckets", total.client429)
	gfgtrace.Milestone("429 from route buckets", total.route429)
	gfgtrace.Milestone("served in full", total.served)
	gfgtrace.Milestone("degraded", total.degraded)
	gfgtrace.Milestone("503 over capacity", total.overloaded)
	gfgtrace.Milestone("DEFCON levels", strings.Join(levels, " -> "))
	gfgtrace.Milestone("ms at each level", strings.Join(times, ", "))

	fmt.Println("\nsummary")
	row := func(label, ms string, t tally) {
		fmt.Printf("  %-10s%8s%10d%9d%10d%7d%7d\n", label, ms, t.requests(), t.served, t.degraded, t.throttled(), t.overloaded)
	}
	fmt.Printf("  %-10s%8s%10s%9s%10s%7s%7s\n", "", "time", "requests", "served", "degraded", "429", "503")
	for lv := int32(5); lv >= 1; lv-- {
		if t := byLevel[lv]; t != nil {
			row(fmt.Sprintf("DEFCON %d", lv), fmt.Sprintf("%d ms", t.ms), *t)
		}
	}
	row("total", fmt.Sprintf("%d ms", durationMs), total)
	var throttledRoutes []string
	for _, r := range routes {
		if n := byRoute[r.path].route429; n > 0 {
			throttledRoutes = append(throttledRoutes, fmt.Sprintf("%s %d", r.path, n))
		}
	}
	fmt.Printf("  429        %d by client buckets (the retry storm: %d of %d), %d by route buckets (%s)\n",
		total.client429, stormTally.client429, stormTally.requests(), total.route429, strings.Join(throttledRoutes, ", "))
	p := byRoute["/playback"]
	fmt.Printf("  /playback  %d answered, %d throttled (429), %d refused over capacity (503)\n", p.served, p.throttled(), p.overloaded)
	fmt.Printf("  levels     %s\n", strings.Join(levels, " -> "))
	fmt.Println("  429s came from the edge's buckets; degraded answers from the DEFCON level; 503s where demand passed capacity.")
}
