package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
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
// exit 1, or a summary (secrets redacted) and exit 0.
func configCheck(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: tandem config check FILE")
		return 2
	}
	cfg, err := config.Check(args[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	fmt.Fprintf(stdout, "%s: valid\n", args[0])
	cfg.Summary(stdout)
	return 0
}

func ladderPreview(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ladder preview", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "config file (required)")
	service := fs.String("service", "", "service whose ladder to preview (required)")
	sevFlag := fs.String("severity", "", "incident severity sev1..sev4 (default: the service's)")
	atFlag := fs.String("at", "", "when the incident opens, RFC 3339 (default: now)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *path == "" || *service == "" {
		fmt.Fprintln(stderr, "usage: tandem ladder preview --config FILE --service NAME [--severity sevN] [--at RFC3339] [--json]")
		return 2
	}
	cfg, err := config.Check(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	var sev incident.Severity
	if *sevFlag != "" {
		if sev, err = incident.ParseSeverity(*sevFlag); err != nil {
			fmt.Fprintln(stderr, "--severity:", err)
			return 2
		}
	}
	at := time.Now()
	if *atFlag != "" {
		if at, err = time.Parse(time.RFC3339, *atFlag); err != nil {
			fmt.Fprintf(stderr, "--at: %q is not RFC 3339 (e.g. 2026-12-05T03:00:00-06:00)\n", *atFlag)
			return 2
		}
	}
	steps, l, err := bot.PreviewLadder(cfg, *service, sev, at)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if l.Calendar != nil && l.Calendar.Location != nil {
		at = at.In(l.Calendar.Location)
	}
	if *asJSON {
		b, err := escalation.PreviewJSON(*service, at, steps)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintln(stdout, string(b))
		return 0
	}
	if err := escalation.RenderPreview(stdout, *service, at, steps); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// healthcheck is for container health checks: the image has no curl.
func healthcheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:8080/healthz", "health URL")
	if err := fs.Parse(args); err != nil {
		return 2
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
