package faults

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
	"time"
)

// outage is an HTTP proxy in front of a fake service that answers every
// request itself, with a failure, until a moment on the bot's clock, and
// passes requests through after it. (The fakes fail the next n calls;
// "down until T" needs a wrapper.) It records every request it sees.
type outage struct {
	*httptest.Server
	now   func() time.Time
	until time.Time
	fail  func(w http.ResponseWriter)

	mu       sync.Mutex
	failed   []time.Time // clock time of each request answered with the failure
	passed   []time.Time // clock time of each request passed through
	failedBy map[string]int
}

// newOutage proxies to target, failing with fail until until (bot clock).
// key names a request for the per-key counts (e.g. its routing key);
// nil counts all under "".
func newOutage(t testing.TB, target string, now func() time.Time, until time.Time, fail func(w http.ResponseWriter)) *outage {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	o := &outage{now: now, until: until, fail: fail, failedBy: map[string]int{}}
	proxy := httputil.NewSingleHostReverseProxy(u)
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := o.now()
		o.mu.Lock()
		down := at.Before(o.until)
		if down {
			o.failed = append(o.failed, at)
			o.failedBy[r.URL.Path]++
		} else {
			o.passed = append(o.passed, at)
		}
		o.mu.Unlock()
		if down {
			o.fail(w)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(o.Close)
	return o
}

func (o *outage) counts() (failed, passed int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.failed), len(o.passed)
}

// failedPaths returns how many requests of each path were failed.
func (o *outage) failedPaths() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make(map[string]int, len(o.failedBy))
	for k, v := range o.failedBy {
		out[k] = v
	}
	return out
}

// failedTimes returns the clock times of the failed requests.
func (o *outage) failedTimes() []time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]time.Time(nil), o.failed...)
}

// serverError is what Slack's edge answers when it is down: a 500 with an
// HTML page.
func serverError(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte("<html><body><h1>500 Internal Server Error</h1></body></html>"))
}

// tooManyRequests is PagerDuty's 429 (no Retry-After: PagerDuty rarely
// sends one on the Events API).
func tooManyRequests(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	w.Write([]byte(`{"status":"throttle exceeded","message":"Requests for this service are arriving too quickly.  Please retry later."}`))
}
