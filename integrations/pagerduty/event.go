package pagerduty

import (
	"strings"

	"github.com/tandemhq/tandem/incident"
)

// Event actions of the Events API v2.
const (
	ActionTrigger     = "trigger"
	ActionAcknowledge = "acknowledge"
	ActionResolve     = "resolve"
)

// Limits of the Events API v2 (PagerDuty's "Send an Alert Event").
const (
	maxSummary  = 1024
	maxDedupKey = 255
)

// Event is one Events API v2 alert event, in Tandem's terms.
type Event struct {
	RoutingKey string
	Action     string // trigger, acknowledge or resolve
	DedupKey   string
	// The rest is for triggers only.
	Summary   string
	Source    string
	Severity  string // critical, error, warning or info
	Component string
	Group     string
	Class     string
	Details   map[string]string
	Links     []incident.Link
	// ClientURL links the page back to the incident's room; Timestamp is
	// when the incident opened (RFC 3339).
	ClientURL string
	Timestamp string
}

// Severity maps Tandem's severity to PagerDuty's: sev1 critical, sev2
// error, sev3 warning, sev4 (and anything unknown) info.
func Severity(s incident.Severity) string {
	switch s {
	case incident.Sev1:
		return "critical"
	case incident.Sev2:
		return "error"
	case incident.Sev3:
		return "warning"
	}
	return "info"
}

// DedupKey is the dedup key of incident id's page of team: "INC-7/noc". The
// same key acknowledges and resolves the page, and comes back in webhooks
// (as the incident key or the alert key) to find the incident again.
func DedupKey(id, team string) string { return id + "/" + team }

// ParseDedupKey splits "INC-7/noc" into the incident ID and the team. It
// reports false for keys Tandem did not make (other integrations on the
// same PagerDuty service use their own keys).
func ParseDedupKey(key string) (id, team string, ok bool) {
	rawID, team, found := strings.Cut(strings.TrimSpace(key), "/")
	if !found || team == "" || strings.Contains(team, "/") || !strings.HasPrefix(rawID, "INC-") {
		return "", "", false
	}
	id, err := incident.ParseID(rawID)
	if err != nil || id != rawID {
		return "", "", false
	}
	return id, team, true
}

// Summary is a trigger's summary: "[sev2] Disk full on db-01", cut to
// PagerDuty's 1024 characters.
func Summary(inc incident.Incident) string {
	s := "[" + inc.Severity.String() + "] " + inc.Title
	if r := []rune(s); len(r) > maxSummary {
		s = string(r[:maxSummary-1]) + "…"
	}
	return s
}

// PrefixedDedupKey is DedupKey behind a deployment's prefix ("acme:INC-7/noc"),
// so two Tandems paging one PagerDuty service, each with its own INC-7,
// never file their pages as one alert. An empty prefix is DedupKey.
func PrefixedDedupKey(prefix, id, team string) string {
	if prefix == "" {
		return DedupKey(id, team)
	}
	return prefix + ":" + DedupKey(id, team)
}

// ParsePrefixedDedupKey reads a key PrefixedDedupKey made with prefix; it
// reports false for keys of another prefix (another Tandem's pages).
func ParsePrefixedDedupKey(prefix, key string) (id, team string, ok bool) {
	if prefix != "" {
		rest, found := strings.CutPrefix(strings.TrimSpace(key), prefix+":")
		if !found || rest != strings.TrimSpace(rest) {
			return "", "", false
		}
		key = rest
	}
	return ParseDedupKey(key)
}
