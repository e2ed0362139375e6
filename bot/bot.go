// Package bot wires Tandem together and runs it: the HTTP server and its
// routes, the outbox workers, the timer loop and the console, with a
// graceful shutdown that loses nothing.
package bot

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/tandemhq/tandem/archive"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/console"
	"github.com/tandemhq/tandem/integrations/pagerduty"
	"github.com/tandemhq/tandem/redisstore"
)

// Options are the process-level choices the config file does not make.
type Options struct {
	Logger *slog.Logger
	// Out is where the console chat prints (os.Stdout); In, when set, is
	// read for typed /incident commands.
	Out io.Writer
	In  io.Reader
	// Now is the clock (time.Now); tests move it.
	Now func() time.Time
	// Demo marks the embedded demo: the generic webhook and the API are
	// open without credentials, on loopback only.
	Demo bool
	// Workers is the number of outbox workers (default 4). NoWorkers runs
	// an intake-only replica: it stores and answers, others deliver.
	Workers   int
	NoWorkers bool
	// ClaimStaleAfter is how long an effect read by a silent worker waits
	// before another worker takes it over (default 30s).
	ClaimStaleAfter time.Duration
	// Pager delivers pages; nil prints them on the console (when there is one).
	Pager Pager
	// Pprof mounts /debug/pprof/ for profiling (never on by default).
	Pprof bool
	// Chats adds chats the embedding program built itself, beside the
	// platforms the config enables (platforms.go); any chat replaces the console.
	Chats []Chat
	// FilesDir is where the console writes the files it is asked to post
	// (reviews, charts); default a private (0700) folder made in the OS temp dir.
	FilesDir string
	// Tenant names the customer this bot serves when one process serves
	// several (package tenants): it is the hash tag of every Redis key
	// ("tandem:{acme}:…"). Empty means "default", a single config's tenant.
	Tenant string
	// Version is the release the binary was built as (tandem_build_info's
	// version label); empty is "dev".
	Version string
	// Customers makes this bot the MSP's desk (msp.yaml, package tenants):
	// its list and customer/INC-n commands reach the customers it serves.
	Customers handlers.Customers
}

// Bot is one running Tandem process.
type Bot struct {
	cfg      *config.Config
	opt      Options
	log      *slog.Logger
	store    *redisstore.Store
	svc      *handlers.Service
	chats    map[string]Chat
	pager    Pager
	console  *console.Console
	metrics  *metrics
	consumer string
	listener net.Listener
	ready    chan struct{}
	// wake pokes the timer loop when a change here set a timer already due
	// (a new incident's first ladder step), so it runs now, not at the next tick.
	wake chan struct{}
	// Set up by the platforms (platforms.go) and PagerDuty (pagerduty.go):
	oncall   handlers.OnCallSource
	pdClient *pagerduty.Client // PagerDuty's REST API, nil without a token
	mounts   []func(mux *http.ServeMux)
	// starts run receivers that are not endpoints (Slack's Socket Mode),
	// from Run, once it serves.
	starts []func(ctx context.Context)
	// drains wait for work an integration runs past its request (a slow
	// Slack command answered later), before the store closes.
	drains []func()
	// archive indexes the retention archive and swept counts the sweeps
	// (both nil when retention is off).
	archive *archive.Index
	swept   *retentionMetrics
	// people looks members up by e-mail, over the config as written
	// (peopleFrom); nil when no platform can (people_apply.go).
	people     *people
	peopleFrom *config.Config
	// handler is the routes, built once (Handler).
	handler     http.Handler
	handlerOnce sync.Once
}

// New builds a bot from cfg: it opens the store (the embedded one when no
// Redis is configured) and wires the use cases, chats and pager.
func New(ctx context.Context, cfg *config.Config, opt Options) (*Bot, error) {
	opt = opt.withDefaults()
	b := &Bot{cfg: cfg, opt: opt, log: opt.Logger, consumer: consumerName(), ready: make(chan struct{}), wake: make(chan struct{}, 1)}
	store, err := openStore(ctx, cfg, opt.Logger, opt.Tenant)
	if err != nil {
		return nil, err
	}
	b.store = store
	b.metrics = newMetrics(store, serviceNames(cfg))
	b.metrics.via = b.pageChannel
	registerRuntime(b.metrics.reg, opt.Version)
	for _, m := range cfg.Managers.Members {
		b.metrics.managers[strings.ToLower(m.Name)] = true
	}
	b.chats = map[string]Chat{}
	for _, c := range opt.Chats {
		b.chats[c.Platform()] = c
	}
	// Fixed order: chats from config, then the use cases, then the chats'
	// inbound sides and the webhooks that need the use cases.
	inbound, err := b.openPlatforms(ctx)
	if err != nil {
		store.Close()
		return nil, err
	}
	b.setupConsole()
	if err := b.setupPagerDuty(ctx); err != nil {
		store.Close()
		return nil, err
	}
	b.resolvePeople(ctx) // people.go: members known only by e-mail
	b.svc = handlers.New(store, b.useCaseOptions())
	b.metrics.reg.MustRegister(newAvailabilityCollector(b.metrics, b.opt.Now, b.svc.Availability))
	if err := b.openInbound(inbound); err != nil {
		store.Close()
		return nil, err
	}
	b.mountPagerDutyWebhook()
	b.mountICal()
	return b, nil
}

// setupConsole makes the console the chat when no platform is configured,
// and the pager when none was given.
func (b *Bot) setupConsole() {
	if len(b.chats) == 0 {
		b.console = console.New(b.opt.Out, b.cfg.Location, b.opt.Now)
		b.console.FilesDir = b.opt.FilesDir
		b.chats[handlers.ConsolePlatform] = b.console
	}
	b.pager = b.opt.Pager
	if b.pager == nil && b.console != nil {
		b.pager = b.console
	}
}

// withDefaults fills what the embedding program left out, and makes every
// log line go through the redacting handler.
func (opt Options) withDefaults() Options {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	opt.Logger = slog.New(redacting(opt.Logger.Handler())) // every integration logs through it
	if opt.Out == nil {
		opt.Out = os.Stdout
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Workers <= 0 {
		opt.Workers = 4
	}
	if opt.NoWorkers {
		opt.Workers = 0
	}
	if opt.ClaimStaleAfter <= 0 {
		opt.ClaimStaleAfter = 30 * time.Second
	}
	return opt
}

// useCaseOptions maps the config, the chats set up and the bot's own
// hooks (metrics, on-call, retention) into the use cases' options.
func (b *Bot) useCaseOptions() handlers.Options {
	hopt := handlerOptions(b.cfg, b.platforms())
	hopt.NamedOnly = b.namedOnly()
	hopt.Limited = newLimitMetrics(b.metrics.reg).limited
	hopt.Now, hopt.Logger, hopt.Committed, hopt.OnCall = b.opt.Now, b.opt.Logger, b.committed, b.oncall
	hopt.Refused = b.metrics.refused
	hopt.OnCall, hopt.OnCallStore = b.storedOnCall(), b.store
	hopt.Archived = b.setupRetention()
	hopt.Maintenance = b.maintenanceOptions()
	hopt.Customers = b.opt.Customers
	hopt.Evidence = b.makeEvidence
	return hopt
}

func openStore(ctx context.Context, cfg *config.Config, log *slog.Logger, tenant string) (*redisstore.Store, error) {
	opt, err := storeOptions(cfg, log)
	if err != nil {
		return nil, err
	}
	opt.Tenant = tenant
	opt.AllowDown = true
	if cfg.Redis.Embedded() {
		log.Warn("no redis.url configured: using the embedded in-memory store; every incident is lost when Tandem stops")
		return redisstore.OpenEmbedded(ctx, opt)
	}
	st, err := redisstore.Open(ctx, opt)
	if err != nil {
		return nil, err
	}
	if err := st.Ping(ctx); err != nil {
		log.Warn("Redis does not answer yet; readiness fails and webhooks answer 503 until it does", "err", err)
	}
	return st, nil
}

func consumerName() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Service returns the use cases (for tests and the console).
func (b *Bot) Service() *handlers.Service { return b.svc }

// storeOptions maps the redis section of cfg into the store's options:
// the one place for it, used by the bot and by the command-line tools.
func storeOptions(cfg *config.Config, log *slog.Logger) (redisstore.Options, error) {
	tlsConf, err := redisTLS(cfg.Redis)
	if err != nil {
		return redisstore.Options{}, err
	}
	ring, err := AuditKeys(cfg)
	if err != nil {
		return redisstore.Options{}, err
	}
	r := cfg.Redis
	return redisstore.Options{
		URL: r.URL, Prefix: r.Prefix, Username: r.Username, Password: r.Password.Value(),
		SentinelAddrs: r.SentinelAddrs, SentinelMaster: r.SentinelMaster, ClusterAddrs: r.ClusterAddrs,
		SentinelUsername: r.SentinelUsername, SentinelPassword: r.SentinelPassword.Value(), TLS: tlsConf,
		WaitReplicas: r.WaitReplicas, WaitTimeout: r.WaitTimeout.Std(), Logger: log,
		AuditKey: ring.Signer(),
	}, nil
}

// redisTLS is the TLS configuration redis.tls and redis.tls_ca_file ask
// for; nil when neither is set.
func redisTLS(r config.Redis) (*tls.Config, error) {
	if !r.TLS && r.TLSCAFile == "" {
		return nil, nil
	}
	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	if r.TLSCAFile != "" {
		pem, err := os.ReadFile(r.TLSCAFile)
		if err != nil {
			return nil, fmt.Errorf("redis.tls_ca_file: %w", err)
		}
		conf.RootCAs = x509.NewCertPool()
		if !conf.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("redis.tls_ca_file: %s holds no PEM certificate", r.TLSCAFile)
		}
	}
	return conf, nil
}

// serviceNames lists the configured services.
func serviceNames(cfg *config.Config) []string {
	out := make([]string, len(cfg.Services))
	for i, s := range cfg.Services {
		out[i] = s.Name
	}
	return out
}

// Store returns the state store.
func (b *Bot) Store() *redisstore.Store { return b.store }

// Ready is closed once the HTTP server listens.
func (b *Bot) Ready() <-chan struct{} { return b.ready }

// Addr is the address the HTTP server listens on, once Ready.
func (b *Bot) Addr() string { return b.listener.Addr().String() }

// demoUser is who types in the console at first: the first internal member.
func (b *Bot) demoUser() string {
	for _, t := range b.cfg.Teams {
		if t.Side == config.SideInternal && len(t.Members) > 0 {
			return t.Members[0].Name
		}
	}
	return "someone"
}

func storeKind(s *redisstore.Store) string {
	if s.Embedded() {
		return "embedded (memory only)"
	}
	return "redis"
}

// committed is told of every change this process commits: it counts it and
// wakes the timer loop when a timer of it is already due.
func (b *Bot) committed(c incident.Change) {
	b.metrics.observe(c)
	now := b.opt.Now()
	for _, t := range c.Timers {
		if !t.Due.After(now) {
			select {
			case b.wake <- struct{}{}:
			default: // already poked
			}
			return
		}
	}
}
