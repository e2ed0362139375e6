package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/tenants"
)

// serveTenants runs every tenant of dir in this process (package
// tenants): one listener on the shared http.addr, /t/<tenant>/… per
// tenant; SIGHUP reloads the directory. pidFile, when set, holds this
// process's ID for `tandem reload`.
func serveTenants(ctx context.Context, dir, pidFile string, opt bot.Options, stderr io.Writer) int {
	h, err := tenants.New(ctx, dir, opt)
	if err != nil {
		fmt.Fprintln(stderr, "tandem:", err)
		return 1
	}
	ln, err := net.Listen("tcp", h.Addr())
	if err != nil {
		fmt.Fprintf(stderr, "tandem: listen on %s: %v\n", h.Addr(), err)
		h.Stop()
		return 1
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP) // before the pid file tells anyone to send it
	defer signal.Stop(hup)
	if pidFile != "" {
		if err := os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
			fmt.Fprintln(stderr, "tandem: --pid-file:", err)
			h.Stop()
			return 1
		}
		defer os.Remove(pidFile)
	}
	h.Start(ctx)
	srv := bot.NewServer(h, opt.Logger)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	opt.Logger.Info("tandem is running", "addr", ln.Addr().String(), "tenants", len(h.Tenants()), "config_dir", dir)
	err = reloadOnHangup(ctx, h, opt.Logger, hup, serveErr)
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(shutCtx)
	h.Stop()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "tandem:", err)
		return 1
	}
	return 0
}

// reloadOnHangup reloads the tenants on every SIGHUP until ctx ends or the
// server fails.
func reloadOnHangup(ctx context.Context, h *tenants.Host, log *slog.Logger, hup <-chan os.Signal, serveErr <-chan error) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-serveErr:
			return err
		case <-hup:
			if _, err := h.Reload(ctx); err != nil {
				log.Error("reload", "err", err)
			}
		}
	}
}

// reloadCmd asks a running `tandem serve --config-dir` to reload its
// tenants: SIGHUP to the process named in its --pid-file.
func reloadCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("reload "+reloadArgs, stderr)
	pidFile := fs.String("pid-file", "", "the --pid-file the server was started with (required)")
	if code, ok := parseOnlyFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if *pidFile == "" {
		return usageError(fs, stderr)
	}
	data, err := os.ReadFile(*pidFile)
	if err != nil {
		fmt.Fprintln(stderr, "tandem reload:", err)
		return 1
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		fmt.Fprintf(stderr, "tandem reload: %s does not hold a process ID\n", *pidFile)
		return 1
	}
	if err := syscall.Kill(pid, syscall.SIGHUP); err != nil {
		fmt.Fprintf(stderr, "tandem reload: process %d: %v\n", pid, err)
		return 1
	}
	fmt.Fprintf(stdout, "asked process %d to reload its tenants (its log says what changed)\n", pid)
	return 0
}

// checkTenantDir is `config check DIR`: every tenant file, and that they
// share http.addr and redis.
func checkTenantDir(dir string, stdout, stderr io.Writer) int {
	checked, err := tenants.Check(dir)
	for _, c := range checked {
		if c.Err != nil {
			fmt.Fprintf(stderr, "%s\n", c.Err)
			continue
		}
		for _, w := range c.Config.Warnings {
			fmt.Fprintf(stderr, "warning: %s: %s\n", c.Tenant, w)
		}
		fmt.Fprintf(stdout, "tenant %s: valid\n", c.Tenant)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}
