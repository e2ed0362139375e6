package tenants

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/config"
)

// Host runs every tenant of a directory in one process and routes
// /t/<tenant>/… to its bot.
type Host struct {
	dir    string
	opt    bot.Options
	log    *slog.Logger
	shared shared

	reload sync.Mutex // one Reload at a time
	mu     sync.RWMutex
	ctx    context.Context // set by Start: every tenant's work runs under it
	byName map[string]*tenant
	broken map[string]error // tenants with no good config yet, and why
	// desk is msp.yaml's last good config (nil: none); build and load use
	// it, under the reload lock or before Start.
	desk *config.Config
}

// tenant is one running tenant: its bot, the file it was built from, and
// the requests its handler is serving (a replaced bot is stopped only
// once they are done).
type tenant struct {
	file     file
	bot      *bot.Bot
	handler  http.Handler
	inflight sync.WaitGroup
	stop     func() // set once started
	served   bool   // its file refers to the desk (team: msp/…)
}

// New loads every tenant file of dir and builds its bot (opt is the
// template: its Tenant is set per file, its Logger tagged with the
// tenant). A file with problems is reported in the log and its tenant's
// endpoints answer 503 until a Reload finds it good: the others start.
// New fails when no tenant can be built.
func New(ctx context.Context, dir string, opt bot.Options) (*Host, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h := &Host{dir: dir, opt: opt, log: opt.Logger, byName: map[string]*tenant{}, broken: map[string]error{}}
	files, bad, err := scan(dir)
	if err != nil {
		return nil, err
	}
	h.refuse(bad)
	for _, f := range files {
		t, err := h.build(ctx, f, len(h.byName) == 0)
		if err != nil {
			h.refuse(map[string]error{f.name: err})
			continue
		}
		h.byName[f.name] = t
	}
	if len(h.byName) == 0 {
		return nil, fmt.Errorf("%s: no tenant could be started (%d refused; see above)", dir, len(h.broken))
	}
	return h, nil
}

// build loads f and builds its bot. first marks the first good tenant,
// whose http.addr and redis every other tenant must share.
func (h *Host) build(ctx context.Context, f file, first bool) (*tenant, error) {
	cfg, err := h.load(f)
	if err != nil {
		return nil, err
	}
	if first {
		h.shared = sharedOf(cfg)
	} else if why := h.shared.differs(cfg); why != "" {
		return nil, fmt.Errorf("%s: %s", f.path, why)
	}
	for _, w := range cfg.Warnings {
		h.log.Warn("config: "+w.String(), "tenant", f.name)
	}
	opt := h.opt
	opt.Tenant, opt.Logger = f.name, h.opt.Logger.With("tenant", f.name)
	if f.desk {
		opt.Customers = h
	}
	b, err := bot.New(ctx, cfg, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	if f.desk {
		h.desk = cfg // the customers built after it refer to this one
	}
	return &tenant{file: f, bot: b, handler: b.Handler(), served: refersToDesk(cfg)}, nil
}

// load reads f: the desk on its own, a customer beside the desk's last
// good config (none when there is no good msp.yaml).
func (h *Host) load(f file) (*config.Config, error) {
	if f.desk {
		return config.Load(f.path)
	}
	return config.LoadTenant(f.path, f.name, h.desk)
}

// refuse records and logs tenants that could not be built.
func (h *Host) refuse(bad map[string]error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for name, err := range bad {
		h.broken[name] = err
		h.log.Error("tenant refused: its config has problems; fix the file and reload", "tenant", name, "problems", err.Error())
	}
}

// Addr is the address every tenant shares (http.addr).
func (h *Host) Addr() string { return h.shared.addr }

// Tenants lists the running tenants.
func (h *Host) Tenants() []string {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]string, 0, len(h.byName))
	for name := range h.byName {
		out = append(out, name)
	}
	return out
}

// Bot returns a running tenant's bot (for tests and tools), or nil.
func (h *Host) Bot(name string) *bot.Bot {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if t := h.byName[name]; t != nil {
		return t.bot
	}
	return nil
}

// Start starts every tenant's work (workers, timers, receivers) under ctx.
func (h *Host) Start(ctx context.Context) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ctx = ctx
	for _, t := range h.byName {
		t.stop = t.bot.Start(ctx)
	}
}

// Stop stops every tenant gracefully, once its requests in flight are
// answered. Call it after the HTTP server has shut down.
func (h *Host) Stop() {
	h.reload.Lock() // not while a Reload swaps tenants
	defer h.reload.Unlock()
	h.mu.Lock()
	all := h.byName
	h.byName = map[string]*tenant{}
	h.mu.Unlock()
	var wg sync.WaitGroup
	for _, t := range all {
		wg.Go(t.retire)
	}
	wg.Wait()
}

// retire stops a tenant that no longer takes requests.
func (t *tenant) retire() {
	t.inflight.Wait()
	if t.stop != nil {
		t.stop()
	}
}

// ServeHTTP answers /healthz and /readyz for the process and hands
// /t/<tenant>/<path> to the tenant's bot as /<path>.
func (h *Host) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz", "/readyz":
		io.WriteString(w, "ok\n")
		return
	}
	name, rest, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/t/"), "/")
	if !ok || !strings.HasPrefix(r.URL.Path, "/t/") {
		chat.WriteError(w, http.StatusNotFound, "no such path: this Tandem serves several tenants, at /t/<tenant>/…")
		return
	}
	t, err := h.acquire(name)
	if err != nil {
		code := http.StatusNotFound
		if !errors.Is(err, errNoTenant) {
			code = http.StatusServiceUnavailable // a sender retries; nothing is lost
		}
		chat.WriteError(w, code, err.Error())
		return
	}
	defer t.inflight.Done()
	r2 := r.Clone(r.Context())
	r2.URL.Path, r2.URL.RawPath = "/"+rest, ""
	t.handler.ServeHTTP(w, r2)
}

var errNoTenant = errors.New("no such tenant")

// acquire returns the tenant's current bot and counts the request as in
// flight on it; the caller calls inflight.Done.
func (h *Host) acquire(name string) (*tenant, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if t := h.byName[name]; t != nil {
		t.inflight.Add(1)
		return t, nil
	}
	if _, ok := h.broken[name]; ok {
		return nil, fmt.Errorf("tenant %q is not running: its config file has problems (the operator sees them in the log); try again later", name)
	}
	return nil, fmt.Errorf("%w %q", errNoTenant, name)
}
