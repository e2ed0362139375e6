package generic

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem/incident"
)

// MaxName bounds service and source, which name things in config and chat.
const MaxName = 255

// parse validates the event's fields, in the order of fieldNames.
func parse(m map[string]json.RawMessage) (event, error) {
	var ev event
	var err error
	if ev.Summary, err = text(m, "summary", MaxSummary, true); err != nil {
		return ev, err
	}
	if ev.DedupKey, err = text(m, "dedup_key", MaxDedupKey, false); err != nil {
		return ev, err
	}
	if ev.Status, err = status(m); err != nil {
		return ev, err
	}
	if ev.Severity, err = severity(m); err != nil {
		return ev, err
	}
	if ev.Service, err = text(m, "service", MaxName, false); err != nil {
		return ev, err
	}
	if ev.Source, err = text(m, "source", MaxName, false); err != nil {
		return ev, err
	}
	if ev.Labels, err = details(m); err != nil {
		return ev, err
	}
	if ev.Source != "" {
		if ev.Labels == nil {
			ev.Labels = map[string]string{}
		}
		ev.Labels["source"] = ev.Source
	}
	if ev.Links, err = links(m); err != nil {
		return ev, err
	}
	ev.StartedAt, err = startedAt(m)
	return ev, err
}

// startedAt reads the optional started_at: an RFC 3339 time.
func startedAt(m map[string]json.RawMessage) (time.Time, error) {
	s, err := str(m, "body", "started_at")
	if err != nil || s == "" {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, invalid("started_at: %q is not an RFC 3339 time (e.g. 2026-03-02T14:05:00Z)", s)
	}
	return t.UTC(), nil
}

// text reads a string field of at most max characters. Surrounding space
// is dropped, except from dedup_key, whose every byte is the sender's
// identity for the incident.
func text(m map[string]json.RawMessage, field string, max int, required bool) (string, error) {
	s, err := str(m, "body", field)
	if err != nil {
		return "", err
	}
	if field != "dedup_key" {
		s = strings.TrimSpace(s)
	}
	if s == "" && required {
		return "", invalid("%s: required", field)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", invalid("%s: %d characters; the limit is %d", field, n, max)
	}
	return s, nil
}

func status(m map[string]json.RawMessage) (incident.AlertStatus, error) {
	s, err := str(m, "body", "status")
	switch st := incident.AlertStatus(s); {
	case err != nil:
		return "", err
	case s == "":
		return incident.AlertFiring, nil
	case st == incident.AlertFiring || st == incident.AlertResolved:
		return st, nil
	}
	return "", invalid(`status: must be "firing" or "resolved"`)
}

// severity is 0 when absent, so the service default applies. Unlike a
// monitoring label, an unknown word is an error: the sender wrote it for
// Tandem.
func severity(m map[string]json.RawMessage) (incident.Severity, error) {
	s, err := str(m, "body", "severity")
	if err != nil || s == "" {
		return 0, err
	}
	sev, err := incident.ParseSeverity(s)
	if err != nil {
		return 0, invalid("severity: unknown %q (use sev1..sev4, critical, error, warning, info)", s)
	}
	return sev, nil
}
