package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/redisstore/redistest"
)

// Kill -9 of the bot in the middle of a storm loses no alert that got a
// 2xx: every accepted alert is in its incident after a restart.
func TestSIGKILLMidStormLosesNoAcceptedAlert(t *testing.T) {
	redistest.NeedReal(t)
	srv := redistest.Start(t, "--appendonly", "yes", "--appendfsync", "always")
	path, base := writeConfig(t, srv.URL())
	a := startTandem(t, "serve", "--config", path)
	waitHealthy(t, base, a)

	const groups, perGroup = 20, 100
	var mu sync.Mutex
	accepted := map[string]bool{} // "group/alert" that got a 202
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	killed := make(chan struct{})
	for g := range groups {
		wg.Go(func() {
			for i := range perGroup {
				body := fmt.Sprintf(`{"summary":"storm %d/%d","dedup_key":"g%d-a%d","service":"database"}`, g, i, g, i)
				req, _ := http.NewRequest("POST", base+"/webhooks/generic", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer s3cret")
				resp, err := client.Do(req)
				if err != nil {
					continue // the bot is dead: the source would retry later
				}
				resp.Body.Close()
				if resp.StatusCode == 202 {
					mu.Lock()
					accepted[fmt.Sprintf("g%d-a%d", g, i)] = true
					mu.Unlock()
				}
			}
		})
	}
	// Kill in the middle: once a few hundred deliveries were accepted.
	go func() {
		for {
			mu.Lock()
			n := len(accepted)
			mu.Unlock()
			if n >= 300 {
				a.kill()
				close(killed)
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	wg.Wait()
	<-killed
	mu.Lock()
	n := len(accepted)
	mu.Unlock()
	if n >= groups*perGroup {
		t.Fatalf("the kill came too late: all %d accepted", n)
	}

	b := startTandem(t, "serve", "--config", path)
	waitHealthy(t, base, b)
	stored := map[string]bool{}
	for _, status := range []string{"open", "acked", "resolved"} {
		var list struct{ Incidents []struct{ ID string } }
		// The list is paged: follow next_cursor to the last page.
		for cursor := ""; ; {
			req, _ := http.NewRequest("GET", base+"/api/v1/incidents?limit=1000&status="+status+"&cursor="+cursor, nil)
			req.Header.Set("Authorization", "Bearer s3cret")
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var page struct {
				Incidents []struct{ ID string }
				Next      string `json:"next_cursor"`
			}
			json.NewDecoder(resp.Body).Decode(&page)
			resp.Body.Close()
			list.Incidents = append(list.Incidents, page.Incidents...)
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		for _, inc := range list.Incidents {
			req, _ := http.NewRequest("GET", base+"/api/v1/incidents/"+inc.ID, nil)
			req.Header.Set("Authorization", "Bearer s3cret")
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var full struct {
				Timeline []struct {
					Kind    string
					Details map[string]string
				}
			}
			json.NewDecoder(resp.Body).Decode(&full)
			resp.Body.Close()
			for _, e := range full.Timeline {
				if e.Kind == "alert.firing" {
					stored[e.Details["fingerprint"]] = true
				}
			}
		}
	}
	lost := 0
	for key := range accepted {
		if !stored[key] {
			lost++
		}
	}
	t.Logf("accepted before the kill: %d of %d; stored after restart: %d; lost: %d", n, groups*perGroup, len(stored), lost)
	if lost > 0 {
		t.Fatalf("%d accepted alerts were lost", lost)
	}
}
