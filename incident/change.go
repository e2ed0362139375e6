package incident

import "errors"

// ErrStale means the incident changed between the read a change was computed
// from and its commit. The caller reads again and computes the change anew.
var ErrStale = errors.New("incident changed since it was read")

// Change is one atomic state change of an incident: its new state, the
// timeline entries, outbox effects and timers it causes. A store writes all
// of it or none of it.
type Change struct {
	// Before is the version the change was computed from; 0 creates.
	Before   int64
	Incident Incident
	Events   []Event
	Effects  []Effect
	// Timers are set or moved; Cancel names timers to drop.
	Timers []Timer
	Cancel []string
	// FinishTimer is a claimed timer this change completes.
	FinishTimer string
	// Alerts are per-alert states to store (fingerprint → state).
	Alerts map[string]AlertState
}
