package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/config"
)

// serve runs the bot until a signal arrives.
func serve(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("[serve] "+serveArgs, stderr)
	path := fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)")
	pprofOn := fs.Bool("pprof", false, "serve Go profiles on /debug/pprof/ (for benchmarking; keep the port private)")
	dir := fs.String("config-dir", "", "serve every DIR/<tenant>.yaml as one tenant, at /t/<tenant>/ (docs/tenants.md)")
	pidFile := fs.String("pid-file", "", "with --config-dir: write the process ID here, for the reload command")
	workers := fs.Int("workers", 4, "outbox workers; 0 runs an intake-only replica that stores and answers but delivers nothing and runs no timers")
	if code, ok := parseOnlyFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	opt := bot.Options{Out: stdout, Version: Version, Workers: *workers, NoWorkers: *workers == 0, Pprof: *pprofOn}
	if *dir == "" {
		return serveConfig(ctx, *path, opt, stdin, stderr)
	}
	if *path != "" {
		fmt.Fprintln(stderr, "tandem: --config and --config-dir exclude each other")
		return 2
	}
	// The tenants' files could disagree on the log: text, at
	// TANDEM_LOG_LEVEL or info.
	opt.Logger = bot.NewLogger(config.Log{Format: "text", Level: os.Getenv("TANDEM_LOG_LEVEL")}, stderr)
	return serveTenants(ctx, *dir, *pidFile, opt, stderr)
}

// serveConfig runs one bot from the config at path (or the demo) with the
// command's options, until ctx ends.
func serveConfig(ctx context.Context, path string, opt bot.Options, stdin io.Reader, stderr io.Writer) int {
	cfg, demo, err := loadConfig(path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if demo { // the demo config reads no environment; its log level may still be raised
		cfg.Log.Level = cmp.Or(os.Getenv("TANDEM_LOG_LEVEL"), cfg.Log.Level)
	}
	log := bot.NewLogger(cfg.Log, stderr)
	for _, w := range cfg.Warnings { // e.g. a ladder paging the MSP outside its scope
		log.Warn("config: " + w.String())
	}
	opt.Logger, opt.Demo = log, demo
	if isTerminal(stdin) {
		opt.In = stdin
	}
	b, err := bot.New(ctx, cfg, opt)
	if err != nil {
		fmt.Fprintln(stderr, "tandem:", err)
		return 1
	}
	go func() {
		select {
		case <-b.Ready():
			if demo {
				printDemoBanner(opt.Out, b.Addr(), opt.In != nil)
			}
		case <-ctx.Done():
		}
	}()
	if err := b.Run(ctx); err != nil {
		fmt.Fprintln(stderr, "tandem:", err)
		return 1
	}
	return 0
}

// loadConfig finds the config: the flag, $TANDEM_CONFIG, ./tandem.yaml;
// with none of them, the embedded demo. sections are those whose secrets
// the command uses (config.LoadFor); none means every secret (serve).
func loadConfig(path string, sections ...string) (*config.Config, bool, error) {
	if path == "" {
		path = os.Getenv("TANDEM_CONFIG")
	}
	if path == "" {
		if _, err := os.Stat("tandem.yaml"); err == nil {
			path = "tandem.yaml"
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, false, fmt.Errorf("tandem: ./tandem.yaml: %w", err)
		}
	}
	if path == "" {
		return config.Demo(), true, nil
	}
	load := config.Load
	if len(sections) > 0 {
		load = func(p string) (*config.Config, error) { return config.LoadFor(p, sections...) }
	}
	cfg, err := load(path)
	if err != nil {
		return nil, false, fmt.Errorf("tandem: %s is not valid:\n%w", path, err)
	}
	return cfg, false, nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func printDemoBanner(w io.Writer, addr string, interactive bool) {
	base := "http://" + addr
	fmt.Fprintf(w, `
Tandem demo: no config found, so this is the embedded demo.
  State is in memory only (an in-process Redis-compatible store); chat is this console.
  HTTP on %[1]s. The generic webhook and the JSON API need no credentials here:
  that is the demo's exception, on loopback only. Real configs always require them.

Fire a test alert from another terminal:
  curl -sS -X POST %[1]s/webhooks/generic -H 'Content-Type: application/json' -d '{"summary":"Disk full on db-01","dedup_key":"disk-db-01","severity":"sev2","service":"database"}'
Look at it:
  curl -sS %[1]s/api/v1/incidents/INC-1
`, base)
	if interactive {
		fmt.Fprint(w, `Then type here:  /incident ack INC-1   (or /as Nora to act as the MSP, /incident help for more)

`)
	} else {
		fmt.Fprint(w, "(stdin is not a terminal: the console only prints.)\n\n")
	}
}
