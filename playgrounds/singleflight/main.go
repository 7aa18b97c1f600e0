// singleflight: a thundering herd against a slow origin.
//
// The Go program that main.ts mirrors. Many concurrent requests ask for a few hot keys
// from a slow origin; without singleflight every request is an origin call, with it the
// overlapping requests for one key share a single call. Then Forget, which makes later
// callers start a fresh call, and DoChan with a timeout, where a caller gives up while
// the leader's call goes on.
//
// To run it: go mod init example.com/herd && go get golang.org/x/sync && go run .
package main

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these.
const (
	seed            = 7
	requests        = 40                     // requests in the herd
	arrivalWindowMs = 300                    // they arrive spread over this long
	originTime      = 60 * time.Millisecond  // one origin call takes this long
	slowOriginTime  = 200 * time.Millisecond // ...and this long in the Forget and DoChan scenes
	forgetAfter     = 40 * time.Millisecond  // when Forget("paris") is called
	giveUpAfter     = 50 * time.Millisecond  // the impatient caller's timeout
)

var cities = []string{"paris", "tokyo", "lima", "oslo"} // the hot keys

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

var rng = &random{state: seed}

// origin is the slow database. It counts its calls and how many run at once.
type origin struct {
	mu            sync.Mutex
	calls, active int
	peak          int
	callsByKey    map[string]int
}

func newOrigin() *origin { return &origin{callsByKey: map[string]int{}} }

func (o *origin) fetch(city string, d time.Duration) (string, error) {
	o.mu.Lock()
	o.calls++
	n := o.calls
	o.callsByKey[city]++
	o.active++
	o.peak = max(o.peak, o.active)
	o.mu.Unlock()

	s := gfgtrace.Begin("origin", fmt.Sprintf("%s #%d", city, n))
	time.Sleep(d)
	s.End(gfgtrace.OK)

	o.mu.Lock()
	defer o.mu.Unlock()
	o.active--
	return fmt.Sprintf("%s %d°C (origin call #%d)", city, rng.intn(-5, 30), n), nil
}

type request struct {
	id   int
	city string
	at   time.Duration
}

// herd holds the same requests, at the same times, for both runs.
var herd = func() []request {
	h := make([]request, requests)
	for i := range h {
		city := cities[int(rng.next()*float64(len(cities)))]
		h[i] = request{id: i + 1, city: city, at: time.Duration(rng.intn(0, arrivalWindowMs)) * time.Millisecond}
	}
	sort.SliceStable(h, func(a, b int) bool { return h[a].at < h[b].at })
	return h
}()

// sendHerd sends every request at its time; fetch reports whether the result was shared.
func sendHerd(fetch func(r request) bool) (shared int, sharedByKey map[string]int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	sharedByKey = map[string]int{}
	began := time.Now()
	for _, r := range herd {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(r.at - time.Since(began))
			s := gfgtrace.Begin(r.city, fmt.Sprintf("request %d", r.id))
			if fetch(r) {
				mu.Lock()
				shared++
				sharedByKey[r.city]++
				mu.Unlock()
				s.EndDetail(gfgtrace.OK, "shared")
			} else {
				s.End(gfgtrace.OK)
			}
		}()
	}
	wg.Wait()
	return shared, sharedByKey
}

func main() {
	fmt.Println("singleflight: a thundering herd against a slow origin")

	fmt.Printf("\n1. %d requests for %d cities, each one calls the origin\n", requests, len(cities))
	without := newOrigin()
	sendHerd(func(r request) bool {
		without.fetch(r.city, originTime)
		return false
	})
	logf("origin calls without singleflight: %d", without.calls)
	// Facts the TypeScript demo establishes too (a test compares them). The count with
	// singleflight depends on arrival timing at the edges of each call: printed, not compared.
	gfgtrace.Milestone("origin calls without singleflight", without.calls)

	fmt.Println("\n2. the same requests through singleflight.Group.Do")
	with := newOrigin()
	var g singleflight.Group
	shared, sharedByKey := sendHerd(func(r request) bool {
		_, _, shared := g.Do(r.city, func() (any, error) { return with.fetch(r.city, originTime) })
		return shared
	})
	logf("origin calls with singleflight: %d", with.calls)
	logf("results shared: %d of %d", shared, requests)
	fmt.Printf("\n  %-8s%10s%11s%11s%17s\n", "city", "requests", "without", "with sf", "shared results")
	for _, city := range cities {
		n := 0
		for _, r := range herd {
			if r.city == city {
				n++
			}
		}
		fmt.Printf("  %-8s%10d%11d%11d%17d\n", city, n, without.callsByKey[city], with.callsByKey[city], sharedByKey[city])
	}
	logf("peak concurrent origin calls: %d without, %d with", without.peak, with.peak)

	forgetScene()
	doChanScene()
}

// forgetScene: callers after Forget(key) start a fresh call; the old one still answers its own callers.
func forgetScene() {
	fmt.Printf("\n3. Forget(\"paris\") while a %v call is in flight\n", slowOriginTime)
	o := newOrigin()
	var g singleflight.Group
	var wg sync.WaitGroup
	caller := func(name string, at time.Duration) {
		defer wg.Done()
		time.Sleep(at)
		s := gfgtrace.Begin("caller "+name, `do("paris")`)
		led := false
		v, _, shared := g.Do("paris", func() (any, error) {
			led = true
			logf("caller %s: Do(\"paris\") starts an origin call", name)
			return o.fetch("paris", slowOriginTime)
		})
		if !led {
			logf("caller %s: joined a call in flight", name)
		}
		logf("caller %s: got %q, shared=%v", name, v, shared)
		s.EndDetail(gfgtrace.OK, fmt.Sprintf("shared=%v", shared))
	}
	wg.Add(5)
	go caller("A", 0)
	go caller("B", forgetAfter/2)
	go func() {
		defer wg.Done()
		time.Sleep(forgetAfter)
		g.Forget("paris")
		gfgtrace.Instant("caller A", `forget("paris")`, gfgtrace.Warn)
		logf("Forget(\"paris\"): later callers will not join call #1")
	}()
	go caller("C", forgetAfter+20*time.Millisecond)
	go caller("D", slowOriginTime+20*time.Millisecond) // joins call #2: the end of call #1 did not remove it
	wg.Wait()
	logf("origin calls in this scene: %d for 4 callers", o.calls)
	gfgtrace.Milestone("forget: origin calls for 4 callers", o.calls)
}

// doChanScene: a caller gives up after a timeout while the leader's call goes on.
func doChanScene() {
	fmt.Printf("\n4. DoChan with a %v timeout, against a %v call\n", giveUpAfter, slowOriginTime)
	o := newOrigin()
	var g singleflight.Group
	var wg sync.WaitGroup
	var gaveUp, leaderShared bool // each written by one goroutine, read after wg.Wait
	wg.Add(2)
	go func() { // the leader
		defer wg.Done()
		began := time.Now()
		s := gfgtrace.Begin("leader", `do("tokyo")`)
		logf("leader: Do(\"tokyo\") starts origin call #1")
		v, _, shared := g.Do("tokyo", func() (any, error) { return o.fetch("tokyo", slowOriginTime) })
		logf("leader: got %q after %d ms, shared=%v", v, time.Since(began).Milliseconds(), shared)
		s.EndDetail(gfgtrace.OK, fmt.Sprintf("shared=%v", shared))
		leaderShared = shared
	}()
	go func() { // the impatient caller
		defer wg.Done()
		time.Sleep(10 * time.Millisecond)
		ctx, cancel := context.WithTimeout(context.Background(), giveUpAfter)
		defer cancel()
		logf("impatient caller: DoChan(\"tokyo\") joins, will wait at most %v", giveUpAfter)
		began := time.Now()
		s := gfgtrace.Begin("impatient caller", `doChan("tokyo")`)
		ch := g.DoChan("tokyo", func() (any, error) { return o.fetch("tokyo", slowOriginTime) })
		select {
		case r := <-ch:
			logf("impatient caller: got %q", r.Val)
			s.End(gfgtrace.OK)
		case <-ctx.Done():
			gfgtrace.Instant("impatient caller", "gave up", gfgtrace.Warn)
			s.EndDetail(gfgtrace.Cancelled, ctx.Err().Error())
			logf("impatient caller: gave up after %d ms: %v; the leader's call goes on", time.Since(began).Milliseconds(), ctx.Err())
			gaveUp = true
		}
	}()
	wg.Wait()
	gfgtrace.Milestone("doChan: the impatient caller gave up", gaveUp)
	gfgtrace.Milestone("doChan: the leader result was shared", leaderShared)
}
