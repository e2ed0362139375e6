package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// Version is set at build time with -ldflags "-X main.Version=v1.2.3".
var Version = "dev"

func version(w io.Writer) int {
	fmt.Fprintf(w, "tandem %s\n", Version)
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintf(w, "go %s\n", bi.GoVersion)
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.time" || s.Key == "vcs.modified" {
				fmt.Fprintf(w, "%s %s\n", s.Key, s.Value)
			}
		}
	}
	return 0
}

// configCheck validates a file: every problem as FILE:LINE:COL: message and
// exit 1, or a summary (secrets redacted) and exit 0. A directory is
// checked as the tenants of `serve --config-dir`.
func configCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("config check FILE|DIR", stderr)
	online := fs.Bool("online", false, "also ask Slack and PagerDuty what each member's e-mail address resolves to (needs their secrets)")
	pos, code, ok := parseFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return usageError(fs, stderr)
	}
	if st, err := os.Stat(pos[0]); err == nil && st.IsDir() {
		return checkTenantDir(pos[0], stdout, stderr)
	}
	cfg, err := config.Check(pos[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	fmt.Fprintf(stdout, "%s: valid\n", pos[0])
	cfg.Summary(stdout)
	if *online {
		return checkPeople(ctx, cfg, stdout, stderr)
	}
	return 0
}

// checkPeople prints what each member's e-mail address resolves to on
// Slack and PagerDuty, asked now; exit 1 when a lookup could not be made.
func checkPeople(ctx context.Context, cfg *config.Config, stdout, stderr io.Writer) int {
	found, err := bot.LookupPeople(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "tandem:", err)
		return 1
	}
	fmt.Fprintf(stdout, "people looked up by e-mail (%d):\n", len(found))
	if !bot.PrintPeople(stdout, found) {
		return 1
	}
	return 0
}

func ladderPreview(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("ladder preview "+ladderPreviewArgs, stderr)
	path := fs.String("config", "", "config file (required)")
	service := fs.String("service", "", "service whose ladder to preview (required)")
	sevFlag := fs.String("severity", "", "incident severity sev1..sev4 (default: the service's)")
	atFlag := fs.String("at", "", "when the incident opens, RFC 3339 (default: now)")
	asJSON := fs.Bool("json", false, "print JSON")
	stored := fs.Bool("stored", false, "apply the overrides and swaps stored from chat (reads redis.url)")
	if code, ok := parseOnlyFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if *path == "" || *service == "" {
		return usageError(fs, stderr)
	}
	cfg, err := config.Check(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	sev, at, ok := previewWhen(*sevFlag, *atFlag, stderr)
	if !ok {
		return 2
	}
	steps, l, window, err := previewSteps(cfg, *service, sev, at)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if l.Calendar != nil && l.Calendar.Location != nil {
		at = at.In(l.Calendar.Location)
	}
	changes, err := previewChanges(ctx, cfg, *stored)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	bot.PreviewOnCall(cfg, steps, changes)
	if err := printPreview(stdout, *service, at, steps, changes, window, *asJSON); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// previewSteps are the service's ladder steps for an incident opened at
// at, and the maintenance window it falls in, if any: no incident opens
// before the window ends, so the ladder starts then.
func previewSteps(cfg *config.Config, service string, sev incident.Severity, at time.Time) ([]escalation.PreviewStep, *escalation.Ladder, *bot.PreviewWindow, error) {
	steps, l, err := bot.PreviewLadder(cfg, service, sev, at)
	if err != nil {
		return nil, nil, nil, err
	}
	mw, inMW := bot.PreviewMaintenance(cfg, service, at)
	if !inMW {
		return steps, l, nil, nil
	}
	steps, _, _ = bot.PreviewLadder(cfg, service, sev, mw.Until)
	return steps, l, &mw, nil
}

// printPreview writes the ladder preview, as JSON or as text; window is
// the maintenance window the incident would open at the end of, if any.
func printPreview(stdout io.Writer, service string, at time.Time, steps []escalation.PreviewStep, changes []incident.OnCallChange, window *bot.PreviewWindow, asJSON bool) error {
	if asJSON {
		b, err := escalation.PreviewJSON(service, at, steps, changes...)
		if err == nil && window != nil {
			b, err = escalation.PreviewMaintenanceJSON(b, window.Name, window.Until.In(at.Location()))
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, string(b))
		return nil
	}
	if window != nil {
		fmt.Fprintf(stdout, "In maintenance until %s (window %s): alerts open no incident until then; the ladder starts at the window's end.\n",
			window.Until.In(at.Location()).Format("Mon 2006-01-02 15:04 MST"), window.Name)
	}
	return escalation.RenderPreview(stdout, service, at, steps)
}

// previewChanges are the overrides and swaps stored from chat when
// --stored asks for them, else none.
func previewChanges(ctx context.Context, cfg *config.Config, stored bool) ([]incident.OnCallChange, error) {
	if !stored {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return bot.StoredOnCallChanges(ctx, cfg, "")
}

// previewWhen parses ladder preview's --severity and --at; ok is false
// (and the problem printed) when one is wrong.
func previewWhen(sevFlag, atFlag string, stderr io.Writer) (sev incident.Severity, at time.Time, ok bool) {
	var err error
	if sevFlag != "" {
		if sev, err = incident.ParseSeverity(sevFlag); err != nil {
			fmt.Fprintln(stderr, "--severity:", err)
			return sev, at, false
		}
	}
	at = time.Now()
	if atFlag != "" {
		if at, err = time.Parse(time.RFC3339, atFlag); err != nil {
			fmt.Fprintf(stderr, "--at: %q is not RFC 3339 (e.g. 2026-12-05T03:00:00-06:00)\n", atFlag)
			return sev, at, false
		}
	}
	return sev, at, true
}

// healthURL is /healthz on the address serve listens on: TANDEM_HTTP_ADDR,
// else http.addr of the config serve would read ($TANDEM_CONFIG, then
// ./tandem.yaml), else :8080; a wildcard host is asked on loopback.
func healthURL() string {
	addr := os.Getenv("TANDEM_HTTP_ADDR")
	if path := cmp.Or(os.Getenv("TANDEM_CONFIG"), "tandem.yaml"); addr == "" {
		if cfg, err := config.Check(path); err == nil {
			addr = cfg.HTTP.Addr
		}
	}
	host, port, err := net.SplitHostPort(cmp.Or(addr, config.DefaultHTTPAddr))
	if err != nil {
		host, port = "", "8080"
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}

// healthcheck is for container health checks: the image has no curl.
func healthcheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("healthcheck "+healthcheckArgs, stderr)
	url := fs.String("url", "", "health URL (default: /healthz on the config's http.addr, or TANDEM_HTTP_ADDR)")
	if code, ok := parseOnlyFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if *url == "" {
		*url = healthURL()
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(stderr, "unhealthy:", err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(stderr, "unhealthy:", resp.Status)
		return 1
	}
	fmt.Fprintln(stdout, "healthy")
	return 0
}
