package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"
)

// result is what a run measured.
type result struct {
	Options        options        `json:"options"`
	Requests       int            `json:"requests"`
	Alerts         int            `json:"alerts"`
	Errors         int            `json:"errors"`
	ErrorCodes     map[string]int `json:"error_codes,omitempty"`
	Seconds        float64        `json:"seconds"`
	RequestsPerSec float64        `json:"requests_per_sec"`
	AlertsPerSec   float64        `json:"alerts_per_sec"`
	WebhookP50Ms   float64        `json:"webhook_p50_ms"`
	WebhookP99Ms   float64        `json:"webhook_p99_ms"`
	WebhookMaxMs   float64        `json:"webhook_max_ms"`
	Incidents      int            `json:"incidents"`
	Pages          int            `json:"pages"`
	PagesMissing   int            `json:"pages_missing"`
	AlertToPageP50 float64        `json:"alert_to_page_p50_ms"`
	AlertToPageP99 float64        `json:"alert_to_page_p99_ms"`
	AlertToPageMax float64        `json:"alert_to_page_max_ms"`
}

func summarize(o options, all []sample, elapsed time.Duration) *result {
	r := &result{Options: o, Requests: len(all), Seconds: elapsed.Seconds(), ErrorCodes: map[string]int{}}
	var lat []time.Duration
	for _, s := range all {
		switch {
		case s.err != nil:
			r.Errors++
			r.ErrorCodes["transport"]++
		case s.code != 202:
			r.Errors++
			r.ErrorCodes[fmt.Sprint(s.code)]++
		default:
			r.Alerts += o.Batch
			lat = append(lat, s.latency)
		}
	}
	r.RequestsPerSec = float64(len(all)) / elapsed.Seconds()
	r.AlertsPerSec = float64(r.Alerts) / elapsed.Seconds()
	r.WebhookP50Ms, r.WebhookP99Ms, r.WebhookMaxMs = percentiles(lat)
	return r
}

// pageLatency waits for the page of every incident the run opened and
// measures from the first accepted request of that incident to its page.
func (r *result) pageLatency(ctx context.Context, o options, all []sample, rcv *receiver) {
	first := map[string]time.Time{}
	for _, s := range all {
		if s.inc == "" || s.err != nil {
			continue
		}
		if t, ok := first[s.inc]; !ok || s.start.Before(t) {
			first[s.inc] = s.start
		}
	}
	r.Incidents = len(first)
	deadline := time.Now().Add(o.PageWait)
	var pages map[string]time.Time
	for {
		pages = rcv.pageTimes()
		done := 0
		for inc := range first {
			if _, ok := pages[inc]; ok {
				done++
			}
		}
		if done == len(first) || time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	var lat []time.Duration
	for inc, t := range first {
		if p, ok := pages[inc]; ok {
			lat = append(lat, p.Sub(t))
		} else {
			r.PagesMissing++
		}
	}
	r.Pages = len(lat)
	r.AlertToPageP50, r.AlertToPageP99, r.AlertToPageMax = percentiles(lat)
}

// percentiles returns p50, p99 and max in milliseconds (nearest rank).
func percentiles(d []time.Duration) (p50, p99, max float64) {
	if len(d) == 0 {
		return 0, 0, 0
	}
	slices.Sort(d)
	rank := func(p float64) float64 {
		i := int(p*float64(len(d))+0.999999) - 1
		return ms(d[min(max0(i), len(d)-1)])
	}
	return rank(0.50), rank(0.99), ms(d[len(d)-1])
}

func max0(i int) int {
	if i < 0 {
		return 0
	}
	return i
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (r *result) table(w io.Writer) {
	fmt.Fprintf(w, "format %s, batch %d, target %.0f req/s, concurrency %d, groups %d\n",
		r.Options.Format, r.Options.Batch, r.Options.Rate, r.Options.Concurrency, r.Options.Groups)
	fmt.Fprintf(w, "%-26s %12s\n", "metric", "value")
	row := func(k string, v string) { fmt.Fprintf(w, "%-26s %12s\n", k, v) }
	rows := [][2]string{{"requests", fmt.Sprint(r.Requests)}, {"alerts accepted", fmt.Sprint(r.Alerts)},
		{"errors", fmt.Sprint(r.Errors)}, {"duration (s)", fmt.Sprintf("%.2f", r.Seconds)},
		{"requests/s", fmt.Sprintf("%.0f", r.RequestsPerSec)}, {"alerts/s", fmt.Sprintf("%.0f", r.AlertsPerSec)}}
	rows = append(rows, millis("webhook", r.WebhookP50Ms, r.WebhookP99Ms, r.WebhookMaxMs)...)
	if r.Incidents > 0 {
		rows = append(rows, [][2]string{{"incidents", fmt.Sprint(r.Incidents)}, {"pages received", fmt.Sprint(r.Pages)},
			{"pages missing", fmt.Sprint(r.PagesMissing)}}...)
		rows = append(rows, millis("alert-to-page", r.AlertToPageP50, r.AlertToPageP99, r.AlertToPageMax)...)
	}
	for _, kv := range rows {
		row(kv[0], kv[1])
	}
	for code, n := range r.ErrorCodes {
		row("errors "+code, fmt.Sprint(n))
	}
}

// millis is the p50, p99 and max rows of a latency, in milliseconds.
func millis(what string, p50, p99, max float64) [][2]string {
	return [][2]string{{what + " p50 (ms)", fmt.Sprintf("%.2f", p50)},
		{what + " p99 (ms)", fmt.Sprintf("%.2f", p99)}, {what + " max (ms)", fmt.Sprintf("%.2f", max)}}
}
