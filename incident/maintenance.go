package incident

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Window is a maintenance window (MW-n): while it is open, alerts of its
// services open no incident; they are recorded against it, and those still
// firing when it ends open their incidents then.
type Window struct {
	ID       string    `json:"id"`
	Name     string    `json:"name,omitempty"` // the recurring window of the config that opened it
	Services []string  `json:"services"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Reason   string    `json:"reason,omitempty"`
	By       Actor     `json:"by"`
	HoldOpen bool      `json:"hold_open,omitempty"`
	// EndedAt is when the window ended (at End, or earlier by hand); zero
	// while it runs. EndedBy is who ended it early.
	EndedAt time.Time `json:"ended_at,omitzero"`
	EndedBy *Actor    `json:"ended_by,omitempty"`
	// Silences are the Alertmanager silences made for the window.
	Silences []string `json:"silences,omitempty"`
	// Suppressed is how many alerts were recorded against the window.
	Suppressed int `json:"suppressed"`
}

// Covers reports whether w holds back alerts of service at now.
func (w Window) Covers(service string, now time.Time) bool {
	return w.Open(now) && slices.Contains(w.Services, service)
}

// Open reports whether w runs at now.
func (w Window) Open(now time.Time) bool {
	return w.EndedAt.IsZero() && !now.Before(w.Start) && now.Before(w.End)
}

// Until is when w ends (or ended).
func (w Window) Until() time.Time {
	if !w.EndedAt.IsZero() {
		return w.EndedAt
	}
	return w.End
}

// ParseWindowID normalises "mw-3" to "MW-3", or returns an EInvalid error.
func ParseWindowID(s string) (string, error) {
	up := strings.ToUpper(s)
	n, err := strconv.Atoi(strings.TrimPrefix(up, "MW-"))
	if !strings.HasPrefix(up, "MW-") || err != nil || n <= 0 {
		return "", Errorf(EInvalid, "%q is not a maintenance window ID like MW-3", s)
	}
	return fmt.Sprintf("MW-%d", n), nil
}

// SuppressedAlert is what a window keeps of one alert it held back: the
// alert (latest status) and when the window first saw it.
type SuppressedAlert struct {
	Group AlertGroup `json:"group"` // Alerts holds this one alert only
	Since time.Time  `json:"since"`
}
