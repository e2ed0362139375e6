package alertmanager

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Silencer makes and expires Alertmanager silences (API v2) for
// maintenance windows: one silence per service of a window, matching the
// service's label, so the window's alerts stop at their source too.
type Silencer struct {
	// BaseURL is the Alertmanager's root (alertmanager.api_url).
	BaseURL string
	// Label is the label that names the service (the first of the
	// alertmanager source's service_labels).
	Label  string
	Client *http.Client
}

// NewSilencer returns a Silencer for the Alertmanager at baseURL.
func NewSilencer(baseURL, label string) *Silencer {
	if label == "" {
		label = "service"
	}
	return &Silencer{BaseURL: strings.TrimSuffix(baseURL, "/"), Label: label, Client: &http.Client{Timeout: 10 * time.Second}}
}

type matcher struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	IsRegex bool   `json:"isRegex"`
	IsEqual bool   `json:"isEqual"`
}

type silence struct {
	Matchers  []matcher `json:"matchers"`
	StartsAt  time.Time `json:"startsAt"`
	EndsAt    time.Time `json:"endsAt"`
	CreatedBy string    `json:"createdBy"`
	Comment   string    `json:"comment"`
}

// Silence makes one silence per service of w and returns their IDs. On a
// failure it expires those it made, so a retry does not pile them up.
func (s *Silencer) Silence(ctx context.Context, w incident.Window) ([]string, error) {
	var ids []string
	for _, svc := range w.Services {
		id, err := s.create(ctx, w, svc)
		if err != nil {
			s.Expire(ctx, ids)
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (s *Silencer) create(ctx context.Context, w incident.Window, service string) (string, error) {
	body, err := json.Marshal(silence{
		Matchers: []matcher{{Name: s.Label, Value: service, IsEqual: true}},
		StartsAt: w.Start.UTC(), EndsAt: w.End.UTC(), CreatedBy: "tandem", Comment: comment(w),
	})
	if err != nil {
		return "", err
	}
	resp, err := s.do(ctx, http.MethodPost, "/api/v2/silences", body)
	if err != nil {
		return "", err
	}
	var out struct {
		SilenceID string `json:"silenceID"`
	}
	if err := json.Unmarshal(resp, &out); err != nil || out.SilenceID == "" {
		return "", fmt.Errorf("alertmanager: create silence: unexpected answer %.200q", resp)
	}
	return out.SilenceID, nil
}

// comment says which window, why and who, for people reading the silence.
func comment(w incident.Window) string {
	c := fmt.Sprintf("Tandem maintenance window %s by %s", w.ID, w.By.Name)
	if w.Name != "" {
		c += " (" + w.Name + ")"
	}
	if w.Reason != "" {
		c += ": " + w.Reason
	}
	return c
}

// Expire expires silences (a window ended early). A silence already gone
// is no error.
func (s *Silencer) Expire(ctx context.Context, ids []string) error {
	for _, id := range ids {
		if _, err := s.do(ctx, http.MethodDelete, "/api/v2/silence/"+id, nil); err != nil && !gone(err) {
			return err
		}
	}
	return nil
}

func (s *Silencer) do(ctx context.Context, method, path string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("alertmanager: %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("alertmanager: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("alertmanager: %s %s: %d %.200s", method, path, resp.StatusCode, b)
	}
	return b, nil
}

// gone reports whether a DELETE failed only because the silence is
// already gone or expired (Alertmanager answers 404, or 500 "already
// expired" in older versions).
func gone(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, ": 404 ") || strings.Contains(msg, "already expired")
}
