// Command tandem-load drives a running Tandem with monitoring webhooks at a
// target rate and concurrency, and measures what users feel: webhook
// latency, and how long an alert takes to leave the bot as a page.
//
// It starts a fake PagerDuty Events API on --receiver (configure the bot's
// pagerduty.events_url to it and give teams routing keys) that records when
// each page arrives. Every traffic stays on loopback.
//
//	tandem-load --url http://127.0.0.1:8080 --format alertmanager --batch 10 \
//	    --rate 1000 --duration 30s --concurrency 64 --groups 0 --token T --receiver 127.0.0.1:9999
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"
)

type options struct {
	URL         string        `json:"url"`
	Format      string        `json:"format"`
	Rate        float64       `json:"rate_rps"`
	Concurrency int           `json:"concurrency"`
	Duration    time.Duration `json:"duration"`
	Count       int           `json:"count"`
	Groups      int           `json:"groups"`
	Batch       int           `json:"batch"`
	NewEvery    int           `json:"new_every"`
	Token       string        `json:"-"`
	Receiver    string        `json:"receiver"`
	PageWait    time.Duration `json:"page_wait"`
	JSON        bool          `json:"-"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("tandem-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.URL, "url", "http://127.0.0.1:8080", "the bot's base URL (loopback only)")
	fs.StringVar(&o.Format, "format", "alertmanager", "payload format: alertmanager or generic")
	fs.Float64Var(&o.Rate, "rate", 100, "requests per second (0: as fast as the workers go)")
	fs.IntVar(&o.Concurrency, "concurrency", 32, "requests in flight at most")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "how long to send (ignored with --count)")
	fs.IntVar(&o.Count, "count", 0, "requests to send in total (0: use --duration)")
	fs.IntVar(&o.Groups, "groups", 50, "distinct alert groups, cycled; 0 makes every request a new group (a new incident and page each)")
	fs.IntVar(&o.NewEvery, "new-every", 0, "with --groups, every Nth request opens a new group instead (a new incident and page); 0: never")
	fs.IntVar(&o.Batch, "batch", 1, "alerts per Alertmanager request (generic is always 1)")
	fs.StringVar(&o.Token, "token", "", "bearer token of the webhook source")
	fs.StringVar(&o.Receiver, "receiver", "", "address for the fake PagerDuty Events API that records pages (e.g. 127.0.0.1:9999); empty: no page latency")
	fs.DurationVar(&o.PageWait, "page-wait", 10*time.Second, "how long to wait for outstanding pages after sending")
	fs.BoolVar(&o.JSON, "json", false, "print the result as JSON instead of a table")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := o.validate(); err != nil {
		fmt.Fprintln(stderr, "tandem-load:", err)
		return 2
	}
	res, err := drive(ctx, o)
	if err != nil {
		fmt.Fprintln(stderr, "tandem-load:", err)
		return 1
	}
	if o.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
	} else {
		res.table(stdout)
	}
	if res.Errors > 0 {
		return 1
	}
	return 0
}
