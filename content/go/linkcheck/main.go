// Command linkcheck reads URLs, one per line, on standard input, fetches up to
// eight at a time and reports every link that is not plainly fine: dead (404,
// 410), failing (network errors, 5xx), worth a look by hand (401, 403, 429 and
// other 4xx), moved to another host, or redirected to a site's home page.
//
// It needs a go.mod with go 1.22 or later (each loop iteration has its own
// variables) and golang.org/x/sync.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

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

// Checker fetches links with bounded concurrency.
type Checker struct {
	Client    *http.Client
	Limit     int           // requests in flight at most
	Timeout   time.Duration // per request, redirects included
	UserAgent string
}

// CheckAll checks every link and returns the results in input order.
func (c Checker) CheckAll(ctx context.Context, links []string) []Result {
	results := make([]Result, len(links))
	var g errgroup.Group // not WithContext: one bad link must not cancel the rest
	g.SetLimit(c.Limit)
	for i, link := range links {
		g.Go(func() error {
			results[i] = c.check(ctx, link) // each goroutine writes only its own slot
			return nil                      // a dead link is a finding, not an error
		})
	}
	_ = g.Wait() // every task returns nil
	return results
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

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	links, err := readLinks(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "linkcheck:", err)
		os.Exit(2)
	}
	c := Checker{Client: &http.Client{}, Limit: 8, Timeout: 20 * time.Second, UserAgent: "reading-list-check/1.0"}
	if report(os.Stdout, c.CheckAll(ctx, links)) > 0 {
		os.Exit(1)
	}
}
