package bot

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tandemhq/tandem/chat"
)

// routes mounts every endpoint whose secret is configured; an endpoint
// without one is not mounted (the demo on loopback is the one exception).
func (b *Bot) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /readyz", b.readyz)
	mux.Handle("GET /metrics", requireBearer(b.cfg.Metrics.Token.Value(),
		"missing or invalid metrics token: send Authorization: Bearer <token> (metrics.token_env)",
		promhttp.HandlerFor(b.metrics.reg, promhttp.HandlerOpts{})))
	for _, src := range b.sources() {
		mux.Handle("POST "+src.path, b.webhook(src))
	}
	if b.cfg.API.Token.IsSet() || b.opt.Demo {
		mux.Handle("GET /api/v1/incidents", b.apiAuth(http.HandlerFunc(b.listIncidents)))
		mux.Handle("GET /api/v1/incidents/{id}", b.apiAuth(http.HandlerFunc(b.getIncident)))
		mux.Handle("GET /api/v1/maintenance", b.apiAuth(http.HandlerFunc(b.listMaintenance)))
		mux.Handle("GET /api/v1/report", b.apiAuth(http.HandlerFunc(b.getReport)))
	}
	if b.opt.Pprof {
		mux.HandleFunc("GET /debug/pprof/", pprof.Index)
		mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	}
	for _, mount := range b.mounts {
		mount(mux)
	}
	if b.opt.Demo {
		return b.recoverer(loopbackHostsOnly(mux))
	}
	return b.recoverer(mux)
}

// loopbackHostsOnly guards the demo's open endpoints against DNS
// rebinding: a web page on evil.example whose name is made to resolve to
// 127.0.0.1 reaches a loopback port from the browser, but its requests
// still say Host: evil.example, so anything but a loopback name is refused.
func loopbackHostsOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		switch strings.Trim(host, "[]") {
		case "localhost", "127.0.0.1", "::1":
			next.ServeHTTP(w, r)
		default:
			chat.WriteError(w, http.StatusForbidden, "the demo answers only requests for localhost, 127.0.0.1 or [::1], not "+strconv.Quote(r.Host)+" (DNS rebinding protection)")
		}
	})
}

func (b *Bot) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := b.store.Ping(ctx); err != nil {
		chat.WriteError(w, http.StatusServiceUnavailable, "store unreachable")
		return
	}
	io.WriteString(w, "ready\n")
}

// recoverer turns a panic into a 500 and a log line, never a crash.
func (b *Bot) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				b.log.Error("panic serving request", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				chat.WriteError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}
