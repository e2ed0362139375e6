package discord

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// discordgo computes its endpoint URLs at init, as "https://discord.com/api/v9/…".
const (
	libraryHost   = "discord.com"
	libraryPrefix = "/api/v9/"
	// apiPath is what Tandem speaks; DESIGN §5.7: the product appends "api/v10/…"
	// to discord.api_url.
	apiPath = "api/v10/"
)

// rewriter is the HTTP transport of the discordgo session. It sends every
// request meant for discord.com to the configured base URL and API version,
// and turns a 429 into a *rateLimited error before discordgo sees it, so the
// wait is the outbox's (durable, and no worker sleeps) rather than a sleep
// inside the library.
type rewriter struct {
	base *url.URL // scheme, host and path prefix ending in "/"
	next http.RoundTripper
}

var _ http.RoundTripper = (*rewriter)(nil)

func newRewriter(apiURL string, next http.RoundTripper) (*rewriter, error) {
	u, err := url.Parse(apiURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("discord: api_url %q is not an absolute URL", apiURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return &rewriter{base: u, next: next}, nil
}

// RoundTrip rewrites the URL, sends the request and reads a 429 answer.
func (t *rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == libraryHost {
		req = req.Clone(req.Context())
		rest := strings.TrimPrefix(req.URL.Path, libraryPrefix)
		req.URL.Scheme, req.URL.Host = t.base.Scheme, t.base.Host
		req.URL.Path = t.base.Path + apiPath + rest
		req.URL.RawPath = ""
		req.Host = ""
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusTooManyRequests {
		return resp, err
	}
	defer resp.Body.Close()
	return nil, readRateLimit(resp)
}

// rateLimited is Discord's 429: how long to wait, and whether the limit is
// the whole bot's (global) or one route's.
type rateLimited struct {
	After   time.Duration
	Global  bool
	Message string
}

func (e *rateLimited) Error() string {
	scope := "route"
	if e.Global {
		scope = "global"
	}
	return fmt.Sprintf("rate limited (%s), retry after %s: %s", scope, e.After, e.Message)
}

// readRateLimit takes the wait from the JSON body's retry_after (float
// seconds), else from Retry-After, else from X-RateLimit-Reset-After; a 429
// that says nothing waits a second.
func readRateLimit(resp *http.Response) *rateLimited {
	var body struct {
		Message    string   `json:"message"`
		RetryAfter *float64 `json:"retry_after"`
		Global     bool     `json:"global"`
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = json.Unmarshal(raw, &body)
	rl := &rateLimited{Global: body.Global || resp.Header.Get("X-RateLimit-Global") == "true", Message: body.Message}
	if rl.Message == "" {
		rl.Message = "You are being rate limited."
	}
	switch {
	case body.RetryAfter != nil && *body.RetryAfter > 0:
		rl.After = seconds(*body.RetryAfter)
	case headerSeconds(resp.Header, "Retry-After") > 0:
		rl.After = headerSeconds(resp.Header, "Retry-After")
	case headerSeconds(resp.Header, "X-RateLimit-Reset-After") > 0:
		rl.After = headerSeconds(resp.Header, "X-RateLimit-Reset-After")
	default:
		rl.After = time.Second
	}
	return rl
}

func headerSeconds(h http.Header, key string) time.Duration {
	f, err := strconv.ParseFloat(h.Get(key), 64)
	if err != nil || f <= 0 {
		return 0
	}
	return seconds(f)
}

// seconds converts Discord's float seconds, rounding up to the millisecond
// so a wait is never shorter than asked.
func seconds(f float64) time.Duration {
	ms := int64(f*1000 + 0.999)
	return time.Duration(ms) * time.Millisecond
}
