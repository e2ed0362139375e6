package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// receiver is a fake PagerDuty Events API v2 that records when each page
// (a trigger) arrives, by incident ID (the dedup key is "INC-n/team").
type receiver struct {
	mu    sync.Mutex
	pages map[string]time.Time
	srv   *http.Server
}

func startReceiver(addr string) (*receiver, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	r := &receiver{pages: map[string]time.Time{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v2/enqueue", r.enqueue)
	r.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go r.srv.Serve(ln)
	return r, nil
}

func (r *receiver) enqueue(w http.ResponseWriter, req *http.Request) {
	at := time.Now()
	body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	var ev struct {
		Action   string `json:"event_action"`
		DedupKey string `json:"dedup_key"`
	}
	json.Unmarshal(body, &ev)
	if ev.Action == "trigger" {
		inc, _, _ := strings.Cut(ev.DedupKey, "/")
		r.mu.Lock()
		if _, seen := r.pages[inc]; !seen {
			r.pages[inc] = at
		}
		r.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	w.Write([]byte(`{"status":"success","message":"Event processed","dedup_key":` + jsonString(ev.DedupKey) + `}`))
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func (r *receiver) pageTimes() map[string]time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]time.Time, len(r.pages))
	for k, v := range r.pages {
		out[k] = v
	}
	return out
}

func (r *receiver) close() { r.srv.Close() }
