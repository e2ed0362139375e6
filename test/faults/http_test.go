package faults

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Secrets every scenario uses; the bot reads them from the environment.
const (
	webhookToken = "faults-webhook-token"
	apiToken     = "faults-api-token"
	slackSecret  = "faults-slack-signing-secret"
)

var client = &http.Client{Timeout: 10 * time.Second}

func status(url string) int {
	resp, err := client.Get(url)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// post sends body with header and returns the status (0: nothing answered)
// and the body.
func post(url, body string, header map[string]string) (int, string) {
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var webhookAuth = map[string]string{"Authorization": "Bearer " + webhookToken, "Content-Type": "application/json"}

// alert is a generic event body.
func alert(key, status string) string {
	return fmt.Sprintf(`{"summary":"db down %s","dedup_key":%q,"service":"database","status":%q}`, key, key, status)
}

// deliver posts a monitoring webhook the way a source does: again and
// again until it gets a 2xx (a 503 or no answer means "retry later").
// It returns the incidents the 2xx named.
func deliver(base, body string, timeout time.Duration) ([]string, error) {
	deadline := time.Now().Add(timeout)
	var code int
	var resp string
	for time.Now().Before(deadline) {
		code, resp = post(base+"/webhooks/generic", body, webhookAuth)
		if code == 202 {
			var out struct{ Incidents []string }
			json.Unmarshal([]byte(resp), &out)
			return out.Incidents, nil
		}
		if code != 0 && code != 503 {
			return nil, fmt.Errorf("webhook answered %d %s", code, resp)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, fmt.Errorf("webhook not accepted within %s: last %d %s", timeout, code, resp)
}

// apiIncident is an incident as GET /api/v1/incidents/{id} shows it.
type apiIncident struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Step     int    `json:"step"`
	Room     map[string]string
	Timeline []incident.Event `json:"timeline"`
}

// getIncident reads one incident through the API; ok is false when the
// bot did not answer it (down, or no such incident yet).
func getIncident(base, id string) (apiIncident, bool) {
	req, _ := http.NewRequest("GET", base+"/api/v1/incidents/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+apiToken)
	resp, err := client.Do(req)
	if err != nil {
		return apiIncident{}, false
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return apiIncident{}, false
	}
	var inc apiIncident
	if json.NewDecoder(resp.Body).Decode(&inc) != nil {
		return apiIncident{}, false
	}
	return inc, true
}

// until polls cond every 50 ms until it holds or timeout passes.
func until(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func count(events []incident.Event, k incident.Kind, details ...string) int {
	n := 0
	for _, e := range events {
		if e.Kind != k {
			continue
		}
		match := true
		for i := 0; i+1 < len(details); i += 2 {
			if e.Details[details[i]] != details[i+1] {
				match = false
			}
		}
		if match {
			n++
		}
	}
	return n
}
