package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// newSite serves the cases a 2017 reading list meets; other is a second host
// that "moved" links redirect to.
func newSite(t *testing.T) (site, other *httptest.Server) {
	other = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(other.Close)
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/gone", http.NotFound)
	mux.HandleFunc("/removed", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) })
	mux.HandleFunc("/forbidden", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusForbidden) })
	mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTooManyRequests) })
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/new-home", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/2017/old-post", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/", http.StatusFound) // a deleted post sent to the home page
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/get-only", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/agent", func(w http.ResponseWriter, r *http.Request) {
		if r.UserAgent() != "test-agent" {
			w.WriteHeader(http.StatusForbidden)
		}
	})
	site = httptest.NewServer(mux)
	t.Cleanup(site.Close)
	return site, other
}

func testChecker() Checker {
	return Checker{Client: &http.Client{}, Limit: 4, Timeout: 500 * time.Millisecond, UserAgent: "test-agent"}
}

func TestVerdicts(t *testing.T) {
	site, _ := newSite(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close() // nothing listens there any more

	cases := []struct {
		link string
		want Verdict
		code int
	}{
		{site.URL + "/ok", OK, 200},
		{site.URL + "/gone", Dead, 404},
		{site.URL + "/removed", Dead, 410},
		{site.URL + "/forbidden", Check, 403}, // reported, but not as dead
		{site.URL + "/busy", Check, 429},
		{site.URL + "/broken", Fail, 500},
		{site.URL + "/moved", Moved, 200},
		{site.URL + "/2017/old-post", Home, 200},
		{site.URL + "/get-only", OK, 200}, // would be 405 with HEAD
		{site.URL + "/agent", OK, 200},    // the User-Agent header is sent
		{site.URL + "/slow", Fail, 0},     // per-request timeout
		{closedURL + "/x", Fail, 0},       // connection refused
		{"ftp://example.invalid/file", Fail, 0},
	}
	links := make([]string, len(cases))
	for i, c := range cases {
		links[i] = c.link
	}
	results := testChecker().CheckAll(context.Background(), links)
	for i, c := range cases {
		r := results[i]
		if r.URL != c.link {
			t.Fatalf("result %d is for %s, want %s: order not kept", i, r.URL, c.link)
		}
		if r.Verdict != c.want || r.Code != c.code {
			t.Errorf("%s: %s %d (err %v), want %s %d", c.link, r.Verdict, r.Code, r.Err, c.want, c.code)
		}
	}
}

func TestBoundedConcurrency(t *testing.T) {
	var mu sync.Mutex
	inFlight, peak := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	defer srv.Close()
	links := make([]string, 24)
	for i := range links {
		links[i] = srv.URL + "/page"
	}
	c := testChecker()
	c.Limit = 3
	for _, r := range c.CheckAll(context.Background(), links) {
		if r.Verdict != OK {
			t.Fatalf("%s: %s (%v)", r.URL, r.Verdict, r.Err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if p := peak; p > 3 || p < 2 {
		t.Errorf("peak of %d requests in flight, want 2 or 3 with a limit of 3", p)
	}
}

func TestCancelStopsWork(t *testing.T) {
	site, _ := newSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as after Ctrl-C
	c := testChecker()
	c.Timeout = 5 * time.Second
	start := time.Now()
	for _, r := range c.CheckAll(ctx, []string{site.URL + "/slow", site.URL + "/ok"}) {
		if r.Verdict != Fail {
			t.Errorf("%s after cancel: %s", r.URL, r.Verdict)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancelled check took %v", d)
	}
}

func TestClassifyHosts(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     Verdict
	}{
		{"http://example.com/post", "https://www.example.com/post", OK}, // scheme and www changes are fine
		{"https://blog.example.com/post", "https://example.medium.com/post", Moved},
		{"https://example.com/2017/post", "https://example.com/", Home},
		{"https://example.com/", "https://example.com/", OK},
	} {
		if got := classify(Result{URL: c.from, Final: c.to, Code: 200}); got != c.want {
			t.Errorf("%s -> %s: %s, want %s", c.from, c.to, got, c.want)
		}
	}
}

func TestReadLinksAndReport(t *testing.T) {
	links, err := readLinks(strings.NewReader("# stage 3\nhttps://a.example/x\n\n  https://b.example/y  \n"))
	if err != nil || len(links) != 2 || links[1] != "https://b.example/y" {
		t.Fatalf("readLinks: %q, %v", links, err)
	}
	var out strings.Builder
	n := report(&out, []Result{
		{URL: "https://a.example/x", Final: "https://a.example/x", Code: 200, Verdict: OK},
		{URL: "https://a.example/gone", Code: 404, Verdict: Dead},
		{URL: "https://a.example/f", Code: 403, Verdict: Check},
		{URL: "https://old.example/p", Final: "https://new.example/p", Code: 200, Verdict: Moved},
	})
	want := "DEAD  https://a.example/gone (404)\n" +
		"CHECK https://a.example/f (403)\n" +
		"MOVED https://old.example/p -> https://new.example/p\n" +
		"4 links: 1 ok, 1 dead, 1 check, 0 fail, 1 moved, 0 home\n"
	if out.String() != want || n != 3 {
		t.Errorf("report returned %d and printed\n%s\nwant 3 and\n%s", n, out.String(), want)
	}
}
