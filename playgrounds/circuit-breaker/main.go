// circuit-breaker: a dependency that degrades and recovers, behind a circuit breaker.
//
// The Go program that main.ts mirrors (with LIBRARY = 'gobreaker'). A client calls an
// ads API every few milliseconds; the API follows a schedule: healthy, degraded, down,
// recovering. The breaker opens when too many calls fail, rejects calls at once while
// open, probes when half-open, and closes once the probes succeed. Every call that fails
// or is rejected is answered from a stale cache of the last good answer.
//
// To run it: go mod init example.com/ads && go get github.com/sony/gobreaker/v2 && go run .
package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/sony/gobreaker/v2"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these.
const (
	seed           = 2
	duration       = 6 * time.Second        // how long the client sends requests
	requestEvery   = 40 * time.Millisecond  // one request every 40 ms: 25 a second
	requestTimeout = 150 * time.Millisecond // a slower answer counts as a failure
	reportEvery    = 500 * time.Millisecond // one status line every half second
)

// phase: from `at` on, the ads API fails this often and answers this fast.
type phase struct {
	at          time.Duration
	health      string
	failureRate float64
	minMs       int
	maxMs       int
}

var schedule = []phase{
	{0, "healthy", 0.02, 20, 60},
	{1500 * time.Millisecond, "degraded", 0.5, 60, 220},
	{2300 * time.Millisecond, "down", 1, 100, 300},
	{3800 * time.Millisecond, "recovering", 0.05, 30, 90},
}

var settings = gobreaker.Settings{
	Name:        "ads-api",
	MaxRequests: 3,                      // probes let through while half-open
	Interval:    time.Second,            // while closed, the counts are cleared every second
	Timeout:     700 * time.Millisecond, // how long the breaker stays open before probing
	// trip when at least 6 requests were counted and half of them failed
	ReadyToTrip: func(c gobreaker.Counts) bool {
		return c.Requests >= 6 && float64(c.TotalFailures)/float64(c.Requests) >= 0.5
	},
	OnStateChange: func(name string, from, to gobreaker.State) {
		logf("state: %v -> %v (%s)", from, to, name)
		level := map[gobreaker.State]gfgtrace.Level{gobreaker.StateOpen: gfgtrace.Err, gobreaker.StateHalfOpen: gfgtrace.Warn}[to]
		if level == "" {
			level = gfgtrace.Info
		}
		gfgtrace.Instant("breaker", "breaker "+to.String(), level)
		states = append(states, to.String()) // gobreaker calls this with its mutex held: one at a time
	},
}

var (
	start  = time.Now()
	states = []string{"closed"}
)

func logf(format string, args ...any) {
	fmt.Printf("+%.3fs %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
}

// random is mulberry32, the same sequence as _shared/random.ts.
type random struct {
	mu    sync.Mutex
	state uint32
}

func (r *random) next() float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.state += 0x6d2b79f5
	t := r.state
	t = (t ^ (t >> 15)) * (t | 1)
	t ^= t + (t^(t>>7))*(t|61)
	return float64(t^(t>>14)) / 4294967296
}

func (r *random) intn(min, max int) int { return min + int(r.next()*float64(max-min+1)) }

var rng = &random{state: seed}

func phaseAt(t time.Duration) phase {
	current := schedule[0]
	for _, p := range schedule {
		if p.at <= t {
			current = p
		}
	}
	return current
}

var version struct {
	sync.Mutex
	n int
}

// callAdsAPI answers or fails after a while, as the schedule says, and stops when ctx is done.
func callAdsAPI(ctx context.Context) (string, error) {
	p := phaseAt(time.Since(start))
	latency := time.Duration(rng.intn(p.minMs, p.maxMs)) * time.Millisecond
	fails := rng.next() < p.failureRate
	select {
	case <-time.After(latency):
	case <-ctx.Done():
		return "", fmt.Errorf("timeout after %v", requestTimeout)
	}
	if fails {
		return "", errors.New("503 Service Unavailable")
	}
	version.Lock()
	defer version.Unlock()
	version.n++
	return fmt.Sprintf("ad slate v%d", version.n), nil
}

type tally struct{ served, fallback, rejected, errors int }

type client struct {
	cb *gobreaker.CircuitBreaker[string]

	mu       sync.Mutex
	total    tally
	window   tally
	cache    string
	cachedAt time.Time
}

func (c *client) handleRequest(n int) {
	s := gfgtrace.Begin("requests", fmt.Sprintf("request %d", n))
	value, err := c.cb.Execute(func() (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		return callAdsAPI(ctx)
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case err == nil:
		c.cache, c.cachedAt = value, time.Now()
		c.total.served++
		c.window.served++
		s.EndDetail(gfgtrace.OK, value)
	case c.cache == "": // nothing to fall back on
		c.total.errors++
		c.window.errors++
		s.EndDetail(gfgtrace.Error, err.Error())
	case errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests):
		c.total.rejected++ // refused at once; answer from the stale cache
		c.window.rejected++
		s.EndDetail(gfgtrace.Rejected, fmt.Sprintf("%v; stale %s, %d ms old", err, c.cache, time.Since(c.cachedAt).Milliseconds()))
	default:
		c.total.fallback++ // failed; answer from the stale cache
		c.window.fallback++
		s.EndDetail(gfgtrace.Fallback, fmt.Sprintf("%v; stale %s, %d ms old", err, c.cache, time.Since(c.cachedAt).Milliseconds()))
	}
}

func (c *client) report() {
	c.mu.Lock()
	w := c.window
	c.window = tally{}
	c.mu.Unlock()
	logf("%-10s %-11s served %2d  failed->stale %2d  rejected->stale %2d",
		c.cb.State(), phaseAt(time.Since(start)-time.Millisecond).health, w.served, w.fallback, w.rejected)
}

func main() {
	fmt.Println("circuit breaker (gobreaker): the ads API degrades and recovers")
	c := &client{cb: gobreaker.NewCircuitBreaker[string](settings)}

	go func() {
		for _, p := range schedule {
			time.Sleep(p.at - time.Since(start))
			logf("ads API: %s (fails %.0f%%, answers in %d-%d ms)", p.health, p.failureRate*100, p.minMs, p.maxMs)
			level := gfgtrace.Info
			if p.failureRate >= 0.5 {
				level = gfgtrace.Warn
			}
			gfgtrace.Instant("ads API", p.health, level)
		}
	}()
	reports := time.NewTicker(reportEvery)
	defer reports.Stop()
	go func() {
		for range reports.C {
			c.report()
		}
	}()

	var wg sync.WaitGroup
	requests := time.NewTicker(requestEvery)
	defer requests.Stop()
	for n := 1; time.Since(start) < duration; n++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.handleRequest(n)
		}()
		<-requests.C
	}
	wg.Wait()

	t := c.total
	// Facts the TypeScript demo establishes too; a test compares them.
	gfgtrace.Milestone("breaker states", strings.Join(states, " -> "))
	gfgtrace.Milestone("errors with nothing cached", t.errors)

	fmt.Println("\nsummary")
	fmt.Printf("  requests   %4d\n", t.served+t.fallback+t.rejected+t.errors)
	fmt.Printf("  served     %4d  fresh answers from the ads API\n", t.served)
	fmt.Printf("  fallback   %4d  calls that failed, answered from the stale cache\n", t.fallback)
	fmt.Printf("  rejected   %4d  calls the breaker refused at once, answered from the stale cache\n", t.rejected)
	fmt.Printf("  errors     %4d  failures with nothing cached to fall back on\n", t.errors)
}
