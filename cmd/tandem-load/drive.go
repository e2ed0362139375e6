package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// sample is one request's outcome.
type sample struct {
	start   time.Time
	latency time.Duration
	code    int
	err     error
	inc     string
}

// drive sends the load and gathers the samples and pages.
func drive(ctx context.Context, o options) (*result, error) {
	var rcv *receiver
	if o.Receiver != "" {
		var err error
		if rcv, err = startReceiver(o.Receiver); err != nil {
			return nil, fmt.Errorf("start receiver: %w", err)
		}
		defer rcv.close()
	}
	idb := make([]byte, 3)
	rand.Read(idb)
	runID := hex.EncodeToString(idb)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: o.Concurrency, MaxConnsPerHost: o.Concurrency}}
	jobs := make(chan int, o.Concurrency)
	samples := make(chan sample, 1024)
	var wg sync.WaitGroup
	for range o.Concurrency {
		wg.Go(func() {
			for n := range jobs {
				samples <- send(ctx, client, o, n, runID)
			}
		})
	}
	var all []sample
	collected := make(chan struct{})
	go func() {
		for s := range samples {
			all = append(all, s)
		}
		close(collected)
	}()
	start := time.Now()
	schedule(ctx, o, jobs)
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	close(samples)
	<-collected
	res := summarize(o, all, elapsed)
	if rcv != nil {
		res.pageLatency(ctx, o, all, rcv)
	}
	return res, nil
}

// schedule feeds request numbers at the target rate (open loop: the
// schedule does not slow down when the bot does; requests queue instead).
func schedule(ctx context.Context, o options, jobs chan<- int) {
	deadline := time.Now().Add(o.Duration)
	var interval time.Duration
	if o.Rate > 0 {
		interval = time.Duration(float64(time.Second) / o.Rate)
	}
	next := time.Now()
	for n := 0; ; n++ {
		if o.Count > 0 && n >= o.Count || o.Count == 0 && time.Now().After(deadline) || ctx.Err() != nil {
			return
		}
		if interval > 0 {
			if d := time.Until(next); d > 0 {
				time.Sleep(d)
			}
			next = next.Add(interval)
		}
		jobs <- n
	}
}

func send(ctx context.Context, client *http.Client, o options, n int, runID string) sample {
	body, _ := o.payload(n, runID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.URL+"/webhooks/"+o.Format, bytes.NewReader(body))
	if err != nil {
		return sample{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	if o.Token != "" {
		req.Header.Set("Authorization", "Bearer "+o.Token)
	}
	s := sample{start: time.Now()}
	resp, err := client.Do(req)
	s.latency = time.Since(s.start)
	if err != nil {
		s.err = err
		return s
	}
	defer resp.Body.Close()
	s.code = resp.StatusCode
	var answer struct{ Incidents []string }
	b, _ := io.ReadAll(resp.Body)
	if json.Unmarshal(b, &answer) == nil && len(answer.Incidents) > 0 {
		s.inc = answer.Incidents[0]
	}
	return s
}
