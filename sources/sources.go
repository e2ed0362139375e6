// Package sources says what an alert source is: a monitoring webhook
// mounted at /webhooks/<name>, configured under sources.<name>, whose
// decoder maps a request body to one alert group. Each source is its own
// package under integrations/ that declares one [Source]; bot/sources.go
// registers it with one line, and from then on the config schema, its
// validation, the route and the intake options all come from that one
// registration.
package sources

import (
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Source is one monitoring webhook.
type Source struct {
	// Name is the config key (sources.<name>), the last element of the
	// URL path, the metrics label and the alert group's Source: lowercase
	// letters, digits, "-" and "_".
	Name string
	// Decode validates a body and maps it to an alert group. Every error
	// is an *incident.Error with code EInvalid whose message names the
	// field. opt carries the source's options; a decoder uses what applies
	// to its format (the labels) and ignores the rest.
	Decode func(body []byte, opt Options) (incident.AlertGroup, error)
	// Defaults are the options used where sources.<name> does not set
	// them, and for the whole source when it is not configured (the demo).
	Defaults Options
}

// Path is the URL path the source is mounted at.
func (s Source) Path() string { return "/webhooks/" + s.Name }

// Options are one source's settings: sources.<name> of the config, with
// the source's Defaults filling what is not written. Credentials are not
// options: they have no defaults.
type Options struct {
	// ServiceLabels and SeverityLabels are the label names tried in order
	// for an alert's service and severity.
	ServiceLabels  []string
	SeverityLabels []string
	// AutoResolve resolves an incident when all its alerts have resolved.
	AutoResolve bool
	// ReopenWithin is how long after resolving a firing alert reopens the
	// incident instead of opening a new one.
	ReopenWithin time.Duration
	// MaxAlerts bounds the alerts one incident stores.
	MaxAlerts int
	// MaxNewPerMinute is the storm guard: past this many new alert groups
	// in a minute, further ones join one storm incident.
	MaxNewPerMinute int
	// RequireTimestamp refuses HMAC signatures without X-Tandem-Timestamp.
	RequireTimestamp bool
}

// Standard returns the defaults every source has had so far; a source
// with other needs changes a copy.
func Standard() Options {
	return Options{
		ServiceLabels:   []string{"service"},
		SeverityLabels:  []string{"severity"},
		AutoResolve:     true,
		ReopenWithin:    30 * time.Minute,
		MaxAlerts:       1000,
		MaxNewPerMinute: 60,
	}
}
