package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

const reviewArgs = "--from DATE --to DATE [--format md|pdf|json] [--service NAME] [--out FILE] [--config FILE]"

// reviewCmd writes the operational review of --from to --to (dates in the
// reports' zone, --to's day included, as tandem evidence reads them), compared with the period before, read
// from the configured Redis: Markdown, JSON or PDF, to stdout or --out.
func reviewCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("review "+reviewArgs, stderr)
	path := fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)")
	from := fs.String("from", "", "first day of the period, YYYY-MM-DD (or RFC 3339), in the reports' zone")
	to := fs.String("to", "", "last day of the period, included, YYYY-MM-DD (or RFC 3339): a month is --from 2026-11-01 --to 2026-11-30")
	format := fs.String("format", "md", "md (Markdown), json (the figures) or pdf (the review and its charts)")
	service := fs.String("service", "", "review one service only")
	out := fs.String("out", "", "write to this file instead of stdout")
	if code, ok := parseOnlyFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if *from == "" || *to == "" || (*format != "md" && *format != "json" && *format != "pdf") {
		return usageError(fs, stderr)
	}
	tools, code := openTools(ctx, *path, stderr)
	if tools == nil {
		return code
	}
	defer tools.Close()
	doc, err := review(ctx, tools, *from, *to, *service, *format)
	if err == nil && *out != "" {
		err = os.WriteFile(*out, doc, 0o644)
	} else if err == nil {
		_, err = stdout.Write(doc)
	}
	if err != nil {
		fmt.Fprintln(stderr, "tandem review:", incident.ErrorMessage(err), internalDetail(err))
		return 1
	}
	return 0
}

func review(ctx context.Context, tools *bot.Tools, from, to, service, format string) ([]byte, error) {
	loc := tools.ReviewZone()
	f, err := parseDay(from, "--from", loc, false)
	if err != nil {
		return nil, err
	}
	t, err := parseDay(to, "--to", loc, true)
	if err != nil {
		return nil, err
	}
	b, err := reports.Between(f, t)
	if err != nil {
		return nil, incident.Errorf(incident.EInvalid, "%v", err)
	}
	now := time.Now()
	if b.To.After(now) {
		// Figures are as of the period's end: an outage open now would run
		// on to it, and an SLA clock with time left would count as missed.
		return nil, incident.Errorf(incident.EInvalid, "--to %s has not come yet: the period has not ended, and a review "+
			"counts what is open as open until its end; for the period so far, write --to %s", to, now.In(loc).Format(time.RFC3339))
	}
	return tools.Review(ctx, b, service, format, now)
}

// parseDay reads --from or --to (reports.ParseDay: --to's day included).
func parseDay(s, flag string, loc *time.Location, end bool) (time.Time, error) {
	t, err := reports.ParseDay(s, loc, end)
	if err != nil {
		return t, incident.Errorf(incident.EInvalid, "%s %v", flag, err)
	}
	return t, nil
}
