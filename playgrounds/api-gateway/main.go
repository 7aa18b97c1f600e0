// api-gateway: what a month of requests costs on HTTP and REST APIs, and which requests a
// token bucket turns into 429s.
//
// The Go program that main.ts mirrors. First the bill: three months of traffic at the tiered
// us-east-1 prices, HTTP APIs metered per 512 KB. Then three seconds of traffic against API
// Gateway's throttles, modelled as token buckets with the real golang.org/x/time/rate: the
// account's 10,000 requests per second (burst 5,000), shared by every API in the Region, and a
// route limit of 50 per second (burst 100) on POST /reports, checked first, as API Gateway
// applies method limits before the account's. Arrivals come from the same seeded mulberry32
// source as main.ts and carry simulated timestamps, so Limiter.AllowN(t, 1) decides every
// request the same way in both programs; time.Sleep only paces the output.
//
// To run it: go run ./playgrounds/api-gateway (from the repository root).
package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these.
const (
	seed         = 3
	accountRPS   = 10_000 // account level, per Region: the default steady rate...
	accountBurst = 5_000  // ...and bucket size (2,500 and 1,250 in some newer Regions)
	durationMs   = 3000
	windowMs     = 250 // one line and one span per lane per window
)

// routeLimits are route throttles, as set with
// aws apigatewayv2 update-stage --route-settings '{"POST /reports":{"ThrottlingRateLimit":50,"ThrottlingBurstLimit":100}}'.
var routeLimits = map[string]struct {
	rps   rate.Limit
	burst int
}{
	"shop POST /reports": {50, 100},
}

type phase struct{ fromMs, toMs, rps int }

var clients = []struct {
	name, api, route string
	schedule         []phase
}{
	{"storefront", "shop", "GET /products", []phase{{0, 3000, 4_000}}},
	{"report job", "shop", "POST /reports", []phase{{500, 1000, 400}}},
	{"importer", "imports", "POST /items", []phase{{1500, 2750, 12_000}}},
}

// traffic is a month of requests, in groups of one payload size.
type traffic struct {
	name    string
	classes []struct{ requests, requestBytes int64 }
}

var month = []traffic{
	{"1 billion small requests", []struct{ requests, requestBytes int64 }{{1_000_000_000, 2_000}}},
	{"1,000 rps for 30 days, 4 KB", []struct{ requests, requestBytes int64 }{{1_000 * 86_400 * 30, 4_096}}},
	{"uploads of 1.8 MB", []struct{ requests, requestBytes int64 }{{10_000_000, 1_800_000}}},
}

// tier: a price in cents per million requests up to upTo requests a month (0: no end).
type tier struct{ upTo, centsPerMillion int64 }

// Prices in us-east-1: the API Gateway pricing page (and AWS What's New, 8 November 2018, for
// the lowest REST tier).
var (
	restTiers = []tier{{333_000_000, 350}, {1_000_000_000, 280}, {20_000_000_000, 238}, {0, 151}}
	httpTiers = []tier{{300_000_000, 100}, {0, 90}}
)

const httpMeteringBytes = 512 * 1024 // HTTP APIs count a request per started 512 KB

func httpUnits(requestBytes int64) int64 {
	return max(1, (requestBytes+httpMeteringBytes-1)/httpMeteringBytes)
}

// tieredCost is the month's price of requests, in 10^-8 dollars (requests times cents per million).
func tieredCost(requests int64, tiers []tier) int64 {
	var cost, from int64
	for _, t := range tiers {
		to := requests
		if t.upTo > 0 {
			to = min(requests, t.upTo)
		}
		if to > from {
			cost += (to - from) * t.centsPerMillion
		}
		if t.upTo == 0 || requests <= t.upTo {
			break
		}
		from = t.upTo
	}
	return cost
}

type bill struct{ requests, httpUnits, http, rest int64 }

func billOf(m traffic) bill {
	var b bill
	for _, c := range m.classes {
		b.requests += c.requests
		b.httpUnits += c.requests * httpUnits(c.requestBytes)
	}
	b.http, b.rest = tieredCost(b.httpUnits, httpTiers), tieredCost(b.requests, restTiers)
	return b
}

// thousands writes n with comma separators: 2592 -> "2,592".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// formatDollars rounds 10^-8 dollars to the cent, half up: 236_280_000_000 -> "$2,362.80".
func formatDollars(cost int64) string {
	cents := (cost + 500_000) / 1_000_000
	return fmt.Sprintf("$%s.%02d", thousands(cents/100), cents%100)
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

type request struct {
	ns          int64 // since the start
	client, seq int
}

// arrivals are one millisecond's requests in arrival order, drawn as in main.ts: per client,
// the odd request, then each request's nanosecond.
func arrivals(rng *random, ms int) []request {
	var batch []request
	for ci, c := range clients {
		rps := 0
		for _, p := range c.schedule {
			if ms >= p.fromMs && ms < p.toMs {
				rps += p.rps
			}
		}
		if rps == 0 {
			continue
		}
		count := rps / 1000
		if rps%1000 > 0 && rng.intn(0, 999) < rps%1000 {
			count++
		}
		for seq := range count {
			batch = append(batch, request{int64(ms)*1_000_000 + int64(rng.intn(0, 999_999)), ci, seq})
		}
	}
	sort.Slice(batch, func(a, b int) bool {
		x, y := batch[a], batch[b]
		if x.ns != y.ns {
			return x.ns < y.ns
		}
		if x.client != y.client {
			return x.client < y.client
		}
		return x.seq < y.seq
	})
	return batch
}

type tally struct{ ok, route, account int }

var (
	epoch   = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC) // simulated time 0
	account = rate.NewLimiter(accountRPS, accountBurst)
	routes  = map[string]*rate.Limiter{}
	nowMs   int
)

// decide applies the throttles in API Gateway's order: the route's, then the account's.
func decide(r request) string {
	c := clients[r.client]
	t := epoch.Add(time.Duration(r.ns))
	if route, ok := routes[c.api+" "+c.route]; ok && !route.AllowN(t, 1) {
		return "route"
	}
	if !account.AllowN(t, 1) {
		return "account"
	}
	return "ok"
}

func logf(format string, args ...any) {
	fmt.Printf("+%d.%03ds %s\n", nowMs/1000, nowMs%1000, fmt.Sprintf(format, args...))
}

func lane(i int) string {
	c := clients[i]
	if c.api == "shop" {
		return c.name + " · " + c.route
	}
	return c.name + " · " + c.route + " (" + c.api + " API)"
}

func describe(name string, t tally) string {
	rejected := ""
	if n := t.route + t.account; n > 0 {
		rejected = fmt.Sprintf("%d×429", n)
	}
	return fmt.Sprintf("%s %4d ok %-9s", name, t.ok, rejected)
}

func throttleScene(rng *random) []tally {
	totals := make([]tally, len(clients))
	accountDry := false
	for start := 0; start < durationMs; start += windowMs {
		window := make([]tally, len(clients))
		spans := make([]*gfgtrace.Span, len(clients))
		for i := range clients {
			spans[i] = gfgtrace.Begin(lane(i), fmt.Sprintf("%.2f-%.2f s", float64(start)/1000, float64(start+windowMs)/1000))
		}
		for ms := start; ms < start+windowMs; ms++ {
			for _, r := range arrivals(rng, ms) {
				switch decide(r) {
				case "ok":
					window[r.client].ok++
					totals[r.client].ok++
				case "route":
					window[r.client].route++
					totals[r.client].route++
				default:
					window[r.client].account++
					totals[r.client].account++
				}
			}
		}
		time.Sleep(windowMs * time.Millisecond)
		nowMs = start + windowMs
		dry := false
		for i, w := range window {
			status := gfgtrace.OK
			if w.route+w.account > 0 {
				status = gfgtrace.Rejected
			}
			spans[i].EndDetail(status, fmt.Sprintf("%d ok, %d × 429 (route), %d × 429 (account)", w.ok, w.route, w.account))
			dry = dry || w.account > 0
		}
		if dry != accountDry {
			if dry {
				gfgtrace.Instant("account bucket", "empty: 429s for every API", gfgtrace.Err)
			} else {
				gfgtrace.Instant("account bucket", "refilling", gfgtrace.Info)
			}
		}
		accountDry = dry
		tokens := int(math.Floor(account.TokensAt(epoch.Add(time.Duration(nowMs) * time.Millisecond))))
		parts := make([]string, len(clients))
		for i, c := range clients {
			parts[i] = describe(c.name, window[i])
		}
		logf("%s| account tokens %4d", strings.Join(parts, "| "), tokens)
	}
	return totals
}

func main() {
	fmt.Println("api-gateway: a month of requests on HTTP and REST APIs, and a token bucket under a burst")

	fmt.Println("\n1. a month of requests, HTTP API vs REST API (us-east-1)")
	fmt.Printf("  %-30s%11s%12s%12s%12s\n", "traffic", "requests", "HTTP units", "HTTP API", "REST API")
	bills := make([]bill, len(month))
	for i, m := range month {
		b := billOf(m)
		bills[i] = b
		cheaper := ""
		if b.rest < b.http {
			cheaper = "  REST is cheaper"
		}
		fmt.Printf("  %-30s%11s%12s%12s%12s%s\n", m.name, thousands(b.requests/1_000_000)+" M", thousands(b.httpUnits/1_000_000)+" M",
			formatDollars(b.http), formatDollars(b.rest), cheaper)
	}
	fmt.Printf("  HTTP: $1.00 per million to 300 M, $0.90 after; a request counts once per 512 KB (1.8 MB = %d).\n", httpUnits(1_800_000))
	fmt.Println("  REST: $3.50 per million to 333 M, $2.80 to 1 B, $2.38 to 20 B, $1.51 after.")

	var limits []string
	for key, l := range routeLimits {
		routes[key] = rate.NewLimiter(l.rps, l.burst)
		limits = append(limits, fmt.Sprintf("%s %v rps (burst %d)", strings.SplitN(key, " ", 2)[1], l.rps, l.burst))
	}
	sort.Strings(limits)
	fmt.Printf("\n2. throttling: account %s rps (burst %s), %s\n", thousands(accountRPS), thousands(accountBurst), strings.Join(limits, ", "))
	for _, c := range clients {
		var s []string
		for _, p := range c.schedule {
			s = append(s, fmt.Sprintf("%s rps from %v to %v s", thousands(int64(p.rps)), float64(p.fromMs)/1000, float64(p.toMs)/1000))
		}
		fmt.Printf("  %-11s %-32s %s\n", c.name, c.route+" on the "+c.api+" API", strings.Join(s, ", "))
	}
	totals := throttleScene(&random{state: seed})

	// Facts the TypeScript demo establishes too; a test compares them.
	for i, m := range month {
		gfgtrace.Milestone(m.name+": HTTP API", formatDollars(bills[i].http))
		gfgtrace.Milestone(m.name+": REST API", formatDollars(bills[i].rest))
	}
	for i, c := range clients {
		gfgtrace.Milestone(c.name+": ok", totals[i].ok)
		gfgtrace.Milestone(c.name+": 429 (route)", totals[i].route)
		gfgtrace.Milestone(c.name+": 429 (account)", totals[i].account)
	}

	shop, reports, importer := totals[0], totals[1], totals[2]
	fmt.Println("\nsummary")
	fmt.Printf("  %-17s%s: HTTP %s, REST %s; %s: %s vs %s\n", "monthly bill", month[1].name, formatDollars(bills[1].http), formatDollars(bills[1].rest),
		month[0].name, formatDollars(bills[0].http), formatDollars(bills[0].rest))
	fmt.Printf("  %-17s%s count %d times each: HTTP %s, REST %s\n", "512 KB metering", month[2].name, httpUnits(1_800_000),
		formatDollars(bills[2].http), formatDollars(bills[2].rest))
	fmt.Printf("  %-17s%d of %d POST /reports got 429 from the route's bucket; no other route was touched by it\n", "route level",
		reports.route, reports.ok+reports.route+reports.account)
	fmt.Printf("  %-17s%s requests got 429 from the shared account bucket, %s of them the storefront's, which never changed its pace\n",
		"account level", thousands(int64(shop.account+reports.account+importer.account)), thousands(int64(shop.account)))
	fmt.Printf("  %-17sHTTP APIs have no per-client limit: keeping the importer from starving the storefront needs REST usage plans, a WAF rate rule or a limiter of your own\n", "per client")
}
