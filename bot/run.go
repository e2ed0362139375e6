package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Run serves until ctx ends, then shuts down gracefully: the HTTP server
// stops taking requests and finishes those in flight, workers finish the
// effect in hand, and the store is closed. Nothing acknowledged is lost.
func (b *Bot) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", b.cfg.HTTP.Addr)
	if err != nil {
		b.store.Close()
		return fmt.Errorf("listen on %s: %w", b.cfg.HTTP.Addr, err)
	}
	b.listener = ln
	srv := NewServer(b.Handler(), b.log)
	stop := b.Start(ctx)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	close(b.ready)
	b.log.Info("tandem is running", "addr", ln.Addr().String(), "store", storeKind(b.store), "chats", len(b.chats))
	select {
	case <-ctx.Done():
	case err = <-serveErr:
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if serr := srv.Shutdown(shutCtx); serr != nil {
		b.log.Warn("HTTP shutdown", "err", serr)
	}
	stop()
	b.log.Info("tandem stopped")
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// NewServer is the HTTP server Tandem serves h with: bounded header, read,
// write and idle times, 64 KiB of headers, and its errors in the log.
func NewServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 90 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// Handler returns the bot's endpoints, for a server the embedding program
// runs itself (one process serving several tenants: package tenants).
func (b *Bot) Handler() http.Handler {
	b.handlerOnce.Do(func() { b.handler = b.routes() })
	return b.handler
}

// Start runs the bot's work without an HTTP server of its own: the
// heartbeat, outbox workers, timer loop, retention, scheduled jobs, the
// receivers that are not endpoints (Socket Mode) and the console. stop
// ends it gracefully, like Run's shutdown: the receivers stop, workers
// finish the effect in hand, work answered later is drained, and the store
// is closed. Call stop once, after the last request to Handler returned.
func (b *Bot) Start(ctx context.Context) (stop func()) {
	runCtx, cancel := context.WithCancel(ctx)
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	b.startWork(runCtx, workCtx, &wg)
	for _, start := range b.starts {
		go start(runCtx)
	}
	if b.console != nil && b.opt.In != nil {
		go b.console.ReadCommands(runCtx, b.opt.In, b.demoUser(), b.svc.Handle)
	}
	return func() {
		cancel()
		stopWork()
		wg.Wait()
		for _, drain := range b.drains {
			drain()
		}
		b.store.Close()
	}
}

// startWork starts the heartbeat, the outbox workers, the timer loop and
// the retention sweep on workCtx (which outlives ctx until they are
// stopped), and schedules the hand-overs and reports.
func (b *Bot) startWork(ctx, workCtx context.Context, wg *sync.WaitGroup) {
	if !b.opt.NoWorkers {
		b.beat(workCtx) // before the workers and timers hold anything
		wg.Go(func() { b.heartbeats(workCtx) })
	}
	wg.Go(func() { b.peopleLoop(workCtx) })
	for i := range b.opt.Workers {
		w := b.worker(fmt.Sprintf("%s-%d", b.consumer, i))
		wg.Go(func() { w.Run(workCtx) })
	}
	if !b.opt.NoWorkers {
		b.scheduleHandoffs(ctx)
		b.scheduleReports(ctx)
		b.scheduleMaintenance(ctx)
		wg.Go(func() { b.runTimers(workCtx) })
		wg.Go(func() { b.retentionLoop(workCtx) })
	}
}
