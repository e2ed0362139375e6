package generic

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"

	"github.com/tandemhq/tandem/incident"
)

// Decode validates a generic event and maps it to an alert group with
// Source "generic" and one alert. Every error is an *incident.Error with
// code EInvalid whose message names the field, e.g. `summary: required`.
func Decode(body []byte) (incident.AlertGroup, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return incident.AlertGroup{}, invalid("body: empty (want a JSON object)")
	}
	fields, err := object(body, "body", fieldNames)
	if err != nil {
		return incident.AlertGroup{}, err
	}
	ev, err := parse(fields)
	if err != nil {
		return incident.AlertGroup{}, err
	}
	key := ev.key()
	return incident.AlertGroup{
		Source:   "generic",
		Key:      key,
		Title:    ev.Summary,
		Service:  ev.Service,
		Severity: ev.Severity,
		Alerts: []incident.Alert{{
			Fingerprint: key,
			Status:      ev.Status,
			Summary:     ev.Summary,
			Labels:      ev.Labels,
			StartsAt:    ev.StartedAt,
			Links:       ev.Links,
		}},
		Links: ev.Links,
	}, nil
}

// key is the dedup key, or one derived from what says "the same problem":
// who reports it, about what, and its words. Status stays out so that the
// resolving event finds the firing one.
func (ev event) key() string {
	if ev.DedupKey != "" {
		return ev.DedupKey
	}
	sum := sha256.Sum256([]byte(ev.Source + "\x00" + ev.Service + "\x00" + ev.Summary))
	return "sha256:" + hex.EncodeToString(sum[:])
}
