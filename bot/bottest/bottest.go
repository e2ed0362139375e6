// Package bottest runs whole bots in-process for end-to-end tests: real
// config, real Redis (from redistest), HTTP on a free loopback port, a clock
// the test moves, and the console writing to a buffer.
package bottest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/config"
)

// Clock runs at real speed from a chosen start, and jumps when the test
// moves it, so ladders and reminders are tested without sleeping while
// retries and leases still see time pass. Safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	start  time.Time // real time when the clock was set
	offset time.Time // the clock's time at start
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{start: time.Now(), offset: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset.Add(time.Since(c.start))
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset = c.offset.Add(d)
	c.mu.Unlock()
}

// Buffer is a bytes.Buffer safe for concurrent use.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String returns everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Config parses a YAML config for a test; getenv supplies secrets.
func Config(t testing.TB, yaml string, env map[string]string) *config.Config {
	t.Helper()
	cfg, err := config.Parse("test.yaml", []byte(yaml), func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("test config: %v", err)
	}
	return cfg
}

// Bot is a running bot.
type Bot struct {
	*bot.Bot
	URL    string  // http://127.0.0.1:port
	Out    *Buffer // console output
	Logs   *Buffer // log output
	cancel context.CancelFunc
	done   chan error
}

// Start runs a bot on cfg (its HTTP address is replaced by a free loopback
// port) until the test ends or Stop is called. opt's Out and Logger are
// replaced by buffers unless set.
func Start(t testing.TB, cfg *config.Config, opt bot.Options) *Bot {
	t.Helper()
	cfg.HTTP.Addr = "127.0.0.1:0"
	out, logs := &Buffer{}, &Buffer{}
	if opt.Out == nil {
		opt.Out = out
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.MultiWriter(logs, testWriter{t}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	ctx, cancel := context.WithCancel(context.Background())
	b, err := bot.New(ctx, cfg, opt)
	if err != nil {
		cancel()
		t.Fatalf("bot.New: %v", err)
	}
	tb := &Bot{Bot: b, Out: out, Logs: logs, cancel: cancel, done: make(chan error, 1)}
	go func() { tb.done <- b.Run(ctx) }()
	select {
	case <-b.Ready():
	case err := <-tb.done:
		t.Fatalf("bot stopped at start: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("bot did not start")
	}
	tb.URL = "http://" + b.Addr()
	t.Cleanup(tb.Stop)
	return tb
}

// Stop shuts the bot down gracefully and waits for it.
func (b *Bot) Stop() {
	if b.cancel == nil {
		return
	}
	b.cancel()
	b.cancel = nil
	select {
	case <-b.done:
	case <-time.After(20 * time.Second):
	}
}

// Do sends a request and returns the status and body.
func Do(t testing.TB, method, url, body string, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Eventually waits up to timeout for cond, failing the test with msg.
func Eventually(t testing.TB, timeout time.Duration, cond func() bool, msg string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out: "+msg, args...)
}

// testWriter sends logs to t.Log only when the test fails (via -v).
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	if os.Getenv("TANDEM_TEST_LOGS") != "" {
		os.Stderr.Write(p)
	}
	w.t.Helper()
	return len(p), nil
}

// Status returns the status code of a GET, or 0 when nothing answered:
// for polling a server that may not be up yet.
func Status(url string) int {
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
