package generic

import (
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Limits of the generic event.
const (
	MaxSummary  = 1000 // characters
	MaxDedupKey = 255  // characters
	MaxLinks    = 20   // a card shows a handful; more is a sender bug
)

// fieldNames lists the event's fields in the order errors mention them.
var fieldNames = []string{"summary", "dedup_key", "status", "severity", "service", "source", "details", "links", "started_at"}

// event is a decoded, validated generic event.
type event struct {
	Summary  string
	DedupKey string
	Status   incident.AlertStatus
	Severity incident.Severity
	Service  string
	Source   string
	Labels   map[string]string
	Links    []incident.Link
	// StartedAt is when the condition began (RFC 3339), for time to detect.
	StartedAt time.Time
}
