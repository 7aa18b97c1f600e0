// link-checker: checking a 2017 reading list, politely, against an in-memory web.
//
// The Go program that main.ts mirrors. Verdict, Result, check, classify, bareHost,
// readLinks and report are copied unchanged from content/go/linkcheck/main.go, the
// article's tested program; CheckAll is the same but calls checkWithRetries. The additions:
// retries with back-off for 5xx answers and network errors, and politeTransport, an
// http.RoundTripper that sends at most one request per host at a time, with a pause between
// them. The web is an http.RoundTripper serving a table of made-up sites (.example domains),
// so net/http's own client follows the redirects and nothing touches the network.
//
// To run it: go mod init example.com/linkcheck && go get golang.org/x/sync && go run .
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these.
const (
	seed        = 3                       // the back-off jitter
	limit       = 4                       // errgroup SetLimit: requests in flight at most (the article's program uses 8)
	timeout     = 1000 * time.Millisecond // per request, redirects and waiting for the host included
	polite      = true                    // at most one request in flight per host, and a pause between them
	hostDelay   = 250 * time.Millisecond  // the pause between requests to one host (0: none, and smallblog answers 429)
	retries     = 2                       // extra attempts for a 5xx or a network error (0: linkcheck as shipped)
	backoffBase = 200 * time.Millisecond  // first back-off; it doubles each time, plus up to half again as jitter
)

// page is one URL's behaviour: an answer (a 3xx with location redirects), failStatus to the
// first failFirst attempts and then 200, or a connection reset on the first resetFirst attempts.
type page struct {
	status     int
	location   string
	failFirst  int
	failStatus int
	resetFirst int
}

type site struct {
	latency       time.Duration
	pages         map[string]page
	down          bool          // the domain lapsed: the name does not resolve
	hang          bool          // accepts the connection and never answers
	minInterval   time.Duration // a small blog: 429 to a request sooner than this after the last, or overlapping one
	inFlight      int
	lastArrival   time.Time
	attemptsByURL map[string]int
}

const ms = time.Millisecond

var sites = map[string]*site{
	"lstm-notes.example":        {latency: 90 * ms, pages: map[string]page{"/posts/understanding-lstms/": {status: 200}, "/posts/conv-nets-modular/": {status: 200}}},
	"www.dl-book.example":       {latency: 40 * ms, pages: map[string]page{"/contents/ml.html": {status: 301, location: "https://dl-book.example/contents/ml.html"}}},
	"dl-book.example":           {latency: 70 * ms, pages: map[string]page{"/contents/ml.html": {status: 200}}},
	"rnn-blog.example":          {latency: 60 * ms, pages: map[string]page{"/2015/05/21/rnn-effectiveness/": {status: 200}}}, // http -> https below
	"ml-tutorials.example":      {latency: 80 * ms, pages: map[string]page{"/2017/intro-to-cnns": {status: 302, location: "/"}, "/": {status: 200}}},
	"oldblog.example":           {latency: 50 * ms, pages: map[string]page{"/2016/word2vec-tutorial": {status: 301, location: "https://newblog.example/word2vec-tutorial"}}},
	"newblog.example":           {latency: 110 * ms, pages: map[string]page{"/word2vec-tutorial": {status: 200}}},
	"papers.example":            {latency: 130 * ms, pages: map[string]page{"/abs/1706.03762": {failFirst: 1, failStatus: 503}}},
	"smallblog.example":         {latency: 60 * ms, minInterval: 200 * ms, pages: map[string]page{"/backprop": {status: 200}, "/gradient-descent": {status: 200}, "/softmax": {status: 200}}},
	"course.example":            {latency: 70 * ms, pages: map[string]page{"/cs231n/notes-2017": {status: 404}, "/cs224n/syllabus-2017": {status: 410}}},
	"forum.example":             {latency: 90 * ms, pages: map[string]page{"/t/nlp-reading-group": {status: 403}}}, // a bot block
	"members.example":           {latency: 60 * ms, pages: map[string]page{"/deep-learning-course": {status: 401}}},
	"ml-tutorials-2017.example": {latency: 20 * ms, down: true},
	"gpu-lab.example":           {latency: 100 * ms, pages: map[string]page{"/notes": {status: 500}}},
	"flaky.example":             {latency: 80 * ms, pages: map[string]page{"/tensorflow-basics": {resetFirst: 1}}},
	"slow.example":              {hang: true},
}

// The reading list, as linkcheck reads it: one URL a line, '#' lines skipped.
const readingList = `
# stage 3: neural networks from the inside
https://lstm-notes.example/posts/understanding-lstms/
https://lstm-notes.example/posts/conv-nets-modular/
https://www.dl-book.example/contents/ml.html
http://rnn-blog.example/2015/05/21/rnn-effectiveness/
https://ml-tutorials.example/2017/intro-to-cnns
https://oldblog.example/2016/word2vec-tutorial
https://papers.example/abs/1706.03762
https://smallblog.example/backprop
https://smallblog.example/gradient-descent
https://smallblog.example/softmax
# stage 5: specialised areas
https://course.example/cs231n/notes-2017
https://course.example/cs224n/syllabus-2017
https://forum.example/t/nlp-reading-group
https://members.example/deep-learning-course
https://ml-tutorials-2017.example/keras-intro
https://gpu-lab.example/notes
https://flaky.example/tensorflow-basics
https://slow.example/theano-tutorial
`

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

// ── the in-memory web: an http.RoundTripper that computes each answer ──────────────

type web struct {
	mu              sync.Mutex
	peakPerHost     int
	tooManyRequests int
	redirects       int
}

func (wb *web) RoundTrip(req *http.Request) (*http.Response, error) {
	host := req.URL.Host
	s := sites[host]
	path := req.URL.Path
	if path == "" {
		path = "/"
	}
	span := gfgtrace.Begin(host, "GET "+path) // one span per request on the host's lane
	answer := func(status int, header http.Header) (*http.Response, error) {
		detail := fmt.Sprint(status)
		if loc := header.Get("Location"); loc != "" {
			detail += " -> " + loc
		}
		switch {
		case status == http.StatusTooManyRequests:
			span.EndDetail(gfgtrace.Rejected, detail)
		case status >= 400:
			span.EndDetail(gfgtrace.Error, detail)
		default:
			span.EndDetail(gfgtrace.OK, detail)
		}
		if header.Get("Location") != "" {
			wb.mu.Lock()
			wb.redirects++
			wb.mu.Unlock()
		}
		return &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
			Header: header, Body: http.NoBody, Request: req, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
	}
	if s == nil || s.down {
		if s != nil {
			time.Sleep(s.latency)
		}
		err := fmt.Errorf("dial tcp: lookup %s: no such host", host)
		span.EndDetail(gfgtrace.Error, err.Error())
		return nil, err
	}
	wb.mu.Lock()
	now := time.Now()
	tooSoon := s.minInterval > 0 && (s.inFlight > 0 || (!s.lastArrival.IsZero() && now.Sub(s.lastArrival) < s.minInterval))
	s.lastArrival = now
	s.inFlight++
	wb.peakPerHost = max(wb.peakPerHost, s.inFlight)
	if s.attemptsByURL == nil {
		s.attemptsByURL = map[string]int{}
	}
	s.attemptsByURL[req.URL.String()]++
	attempt := s.attemptsByURL[req.URL.String()]
	wb.mu.Unlock()

	wait := time.After(s.latency)
	if s.hang {
		wait = nil // never
	}
	select {
	case <-wait:
	case <-req.Context().Done():
		wb.mu.Lock()
		s.inFlight--
		wb.mu.Unlock()
		span.EndDetail(gfgtrace.Cancelled, req.Context().Err().Error())
		return nil, req.Context().Err()
	}
	wb.mu.Lock()
	s.inFlight--
	if tooSoon {
		wb.tooManyRequests++
	}
	wb.mu.Unlock()
	if tooSoon {
		return answer(http.StatusTooManyRequests, http.Header{"Retry-After": {"1"}})
	}
	p, ok := s.pages[req.URL.Path]
	switch {
	case req.URL.Scheme == "http":
		p = page{status: 301, location: "https://" + host + req.URL.RequestURI()}
	case !ok:
		p = page{status: 404}
	}
	switch {
	case p.failFirst > 0:
		if attempt <= p.failFirst {
			return answer(p.failStatus, http.Header{})
		}
		return answer(200, http.Header{})
	case p.resetFirst > 0:
		if attempt <= p.resetFirst {
			err := errors.New("read tcp: connection reset by peer")
			span.EndDetail(gfgtrace.Error, err.Error())
			return nil, err
		}
		return answer(200, http.Header{})
	case p.location != "":
		return answer(p.status, http.Header{"Location": {p.location}})
	}
	return answer(p.status, http.Header{})
}

// ── politeness: one request per host at a time, and a pause between them ───────────

type hostGate struct {
	sem     chan struct{} // a one-slot semaphore
	lastEnd time.Time
}

type politeTransport struct {
	next  http.RoundTripper
	delay time.Duration
	mu    sync.Mutex
	gates map[string]*hostGate
}

func (p *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	p.mu.Lock()
	g := p.gates[strings.ToLower(req.URL.Host)]
	if g == nil {
		g = &hostGate{sem: make(chan struct{}, 1)}
		p.gates[strings.ToLower(req.URL.Host)] = g
	}
	p.mu.Unlock()
	ctx := req.Context()
	select {
	case g.sem <- struct{}{}: // the host is ours until we return
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-g.sem }()
	if wait := time.Until(g.lastEnd.Add(p.delay)); !g.lastEnd.IsZero() && wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	defer func() { g.lastEnd = time.Now() }() // still holding the host's slot
	return p.next.RoundTrip(req)
}

// ── from content/go/linkcheck/main.go ──────────────────────────────────────────────

// Verdict is what a reader should do about a link.
type Verdict string

const (
	OK    Verdict = "OK"    // below 400, same host, not sent to the home page
	Dead  Verdict = "DEAD"  // 404 Not Found or 410 Gone: replace the link
	Check Verdict = "CHECK" // 401, 403, 429 or another 4xx: often a bot block, open it in a browser
	Fail  Verdict = "FAIL"  // no answer or a 5xx: retry later before calling it dead
	Moved Verdict = "MOVED" // now served from another host: the blog moved or the domain changed hands
	Home  Verdict = "HOME"  // redirected to the site's home page: usually a deleted post
)

// Result is the outcome of fetching one link.
type Result struct {
	URL     string
	Final   string // URL after redirects, empty if the request failed
	Code    int    // HTTP status, 0 if the request failed
	Err     error
	Verdict Verdict
}

// Checker fetches links with bounded concurrency; Retries, Backoff and attempts are this demo's.
type Checker struct {
	Client    *http.Client
	Limit     int           // requests in flight at most
	Timeout   time.Duration // per request, redirects included
	UserAgent string

	Retries  int
	Backoff  time.Duration
	attempts []int
}

// CheckAll checks every link and returns the results in input order.
func (c *Checker) CheckAll(ctx context.Context, links []string) []Result {
	results := make([]Result, len(links))
	c.attempts = make([]int, len(links))
	var g errgroup.Group // not WithContext: one bad link must not cancel the rest
	g.SetLimit(c.Limit)
	for i, link := range links {
		g.Go(func() error {
			results[i], c.attempts[i] = c.checkWithRetries(ctx, link, i) // each goroutine writes only its own slot
			logResult(results[i], c.attempts[i])
			return nil // a dead link is a finding, not an error
		})
	}
	_ = g.Wait() // every task returns nil
	return results
}

// checkWithRetries tries a link again after a 5xx or a network error, backing off each time.
func (c *Checker) checkWithRetries(ctx context.Context, link string, i int) (Result, int) {
	for attempt := 0; ; attempt++ {
		r := c.check(ctx, link)
		if attempt >= c.Retries || !retryable(r) || ctx.Err() != nil {
			return r, attempt + 1
		}
		jitter := (&random{state: uint32(seed*1000 + i*16 + attempt)}).next()
		backoff := float64(c.Backoff.Milliseconds()) * float64(int(1)<<attempt)
		wait := time.Duration(int(backoff+float64(backoff/2*jitter)+0.5)) * time.Millisecond // float64(): no fused multiply-add
		why := fmt.Sprint(r.Code)
		if r.Err != nil {
			why = strings.TrimPrefix(r.Err.Error(), fmt.Sprintf("Get %q: ", link))
		}
		logf("retry %d of %d in %d ms: %s (%s)", attempt+1, c.Retries, wait.Milliseconds(), link, why)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return r, attempt + 1
		}
	}
}

// retryable: a 5xx or a network error, not a URL that does not parse.
func retryable(r Result) bool {
	var urlErr *url.Error
	return r.Verdict == Fail && (r.Code >= 500 || (r.Err != nil && !(errors.As(r.Err, &urlErr) && urlErr.Op == "parse")))
}

func (c Checker) check(ctx context.Context, link string) Result {
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	r := Result{URL: link}
	// GET, not HEAD: some servers answer HEAD with errors or different codes.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		r.Err, r.Verdict = err, Fail
		return r
	}
	req.Header.Set("User-Agent", c.UserAgent)
	resp, err := c.Client.Do(req)
	if err != nil {
		r.Err, r.Verdict = err, Fail
		return r
	}
	resp.Body.Close() // the status is all we need
	r.Code, r.Final = resp.StatusCode, resp.Request.URL.String()
	r.Verdict = classify(r)
	return r
}

// classify turns a completed request into a verdict.
func classify(r Result) Verdict {
	switch {
	case r.Code == http.StatusNotFound || r.Code == http.StatusGone:
		return Dead
	case r.Code >= 500:
		return Fail
	case r.Code >= 400:
		return Check
	}
	from, err1 := url.Parse(r.URL)
	to, err2 := url.Parse(r.Final)
	if err1 != nil || err2 != nil {
		return Check
	}
	if bareHost(from) != bareHost(to) {
		return Moved
	}
	if strings.Trim(from.Path, "/") != "" && strings.Trim(to.Path, "/") == "" {
		return Home
	}
	return OK
}

// bareHost ignores a leading "www.", which sites add and drop freely.
func bareHost(u *url.URL) string { return strings.TrimPrefix(strings.ToLower(u.Host), "www.") }

// readLinks returns the non-blank lines that do not start with '#'.
func readLinks(r io.Reader) ([]string, error) {
	var links []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" && !strings.HasPrefix(s, "#") {
			links = append(links, s)
		}
	}
	return links, sc.Err()
}

// report prints one line per link that is not OK and a summary; it returns the
// number of links that need attention.
func report(w io.Writer, results []Result) int {
	counts := map[Verdict]int{}
	for _, r := range results {
		counts[r.Verdict]++
		switch r.Verdict {
		case OK:
		case Fail:
			if r.Err != nil {
				fmt.Fprintf(w, "%-5s %s (%v)\n", r.Verdict, r.URL, r.Err)
			} else {
				fmt.Fprintf(w, "%-5s %s (%d)\n", r.Verdict, r.URL, r.Code)
			}
		case Moved, Home:
			fmt.Fprintf(w, "%-5s %s -> %s\n", r.Verdict, r.URL, r.Final)
		default:
			fmt.Fprintf(w, "%-5s %s (%d)\n", r.Verdict, r.URL, r.Code)
		}
	}
	fmt.Fprintf(w, "%d links: %d ok, %d dead, %d check, %d fail, %d moved, %d home\n",
		len(results), counts[OK], counts[Dead], counts[Check], counts[Fail], counts[Moved], counts[Home])
	return len(results) - counts[OK]
}

// ── the run ────────────────────────────────────────────────────────────────────────

var logMu sync.Mutex

func logResult(r Result, attempts int) {
	what := fmt.Sprint(r.Code)
	if r.Err != nil {
		what = strings.TrimPrefix(r.Err.Error(), fmt.Sprintf("Get %q: ", r.URL))
	} else if r.Final != r.URL {
		what += " at " + r.Final
	}
	tries := ""
	if attempts > 1 {
		tries = fmt.Sprintf(" after %d attempts", attempts)
	}
	logMu.Lock()
	defer logMu.Unlock()
	logf("%-5s %s %s%s", r.Verdict, r.URL, what, tries)
}

// indented prefixes each line written to it with two spaces.
type indented struct{ w io.Writer }

func (i indented) Write(p []byte) (int, error) {
	for _, line := range strings.SplitAfter(string(p), "\n") {
		if line != "" {
			fmt.Fprint(i.w, "  "+line)
		}
	}
	return len(p), nil
}

func main() {
	links, err := readLinks(strings.NewReader(readingList))
	if err != nil {
		fmt.Fprintln(os.Stderr, "linkcheck:", err)
		os.Exit(2)
	}
	fmt.Printf("link checker: a %d-link reading list from 2017, against an in-memory web\n", len(links))
	politeness := "no per-host politeness"
	if polite {
		politeness = fmt.Sprintf("one request per host at a time, %d ms between them", hostDelay.Milliseconds())
	}
	fmt.Printf("%d requests at a time (errgroup SetLimit); %s; %d ms timeout; %d retries for 5xx and network errors, back-off from %d ms\n",
		limit, politeness, timeout.Milliseconds(), retries, backoffBase.Milliseconds())

	wb := &web{}
	var transport http.RoundTripper = wb
	if polite {
		transport = &politeTransport{next: wb, delay: hostDelay, gates: map[string]*hostGate{}}
	}
	c := &Checker{Client: &http.Client{Transport: transport}, Limit: limit, Timeout: timeout, UserAgent: "reading-list-check/1.0",
		Retries: retries, Backoff: backoffBase}

	fmt.Println("\nchecking")
	began := time.Now()
	results := c.CheckAll(context.Background(), links)
	took := time.Since(began)

	fmt.Println("\nlinkcheck's report")
	needAttention := report(indented{os.Stdout}, results)

	counts := map[Verdict]int{}
	retried, saved := 0, 0
	for i, r := range results {
		counts[r.Verdict]++
		retried += c.attempts[i] - 1
		if c.attempts[i] > 1 && r.Verdict != Fail {
			saved++
		}
	}
	var verdicts []string
	for _, v := range []Verdict{OK, Dead, Check, Fail, Moved, Home} {
		verdicts = append(verdicts, fmt.Sprintf("%s %d", strings.ToLower(string(v)), counts[v]))
	}
	// Facts the TypeScript demo establishes too; a test compares them.
	gfgtrace.Milestone("verdicts", strings.Join(verdicts, ", "))
	gfgtrace.Milestone("retries", retried)
	gfgtrace.Milestone("links a retry saved", saved)
	gfgtrace.Milestone("redirects followed", wb.redirects)
	gfgtrace.Milestone("most requests at once to one host", wb.peakPerHost)
	gfgtrace.Milestone("429 answers", wb.tooManyRequests)

	fmt.Println("\nsummary")
	fmt.Printf("  %d links checked in %.2f s; %d need attention\n", len(links), took.Seconds(), needAttention)
	fmt.Printf("  verdicts   OK %d  DEAD %d  CHECK %d  FAIL %d  MOVED %d  HOME %d\n", counts[OK], counts[Dead], counts[Check], counts[Fail], counts[Moved], counts[Home])
	fmt.Printf("  retries    %d extra requests; %d links that failed at first got a verdict on a retry\n", retried, saved)
	fmt.Printf("  redirects  %d followed (www and http->https changes stay OK; another host is MOVED; the root is HOME)\n", wb.redirects)
	plural := "s"
	if wb.peakPerHost == 1 {
		plural = ""
	}
	fmt.Printf("  politeness at most %d request%s at once to one host; %d answers of 429 from smallblog.example\n", wb.peakPerHost, plural, wb.tooManyRequests)
	fmt.Println("  CHECK is not DEAD: 401, 403 and 429 often mean a bot block; open those links in a browser.")
}
