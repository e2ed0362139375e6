package incident

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"
)

// Status is where an incident is in its life.
type Status string

// Statuses, in the order an incident normally moves through them.
const (
	StatusOpen     Status = "open"
	StatusAcked    Status = "acked"
	StatusResolved Status = "resolved"
)

// ParseStatus accepts open, acked and resolved.
func ParseStatus(v string) (Status, error) {
	switch s := Status(strings.ToLower(v)); s {
	case StatusOpen, StatusAcked, StatusResolved:
		return s, nil
	}
	return "", Errorf(EInvalid, "unknown status %q: use open, acked or resolved", v)
}

// Link is a URL shown on the incident card (runbook, dashboard, source).
type Link struct {
	Href string `json:"href"`
	Text string `json:"text,omitempty"`
}

// AlertCounts is how many of an incident's alerts fire and how many resolved.
type AlertCounts struct {
	Firing   int `json:"firing"`
	Resolved int `json:"resolved"`
	// NotStored counts alerts past the source's max_alerts: seen, not kept
	// (see limits.go).
	NotStored int `json:"not_stored,omitempty"`
}

// Incident is what people respond to. It is a value: state changes return a
// new Incident and the timeline events that record the change.
type Incident struct {
	ID       string            `json:"id"`
	Title    string            `json:"title"`
	Status   Status            `json:"status"`
	Severity Severity          `json:"severity"`
	Service  string            `json:"service,omitempty"`
	Room     map[string]string `json:"room,omitempty"` // platform → channel ID
	RoomName string            `json:"room_name,omitempty"`
	OpenedAt time.Time         `json:"opened_at"`
	// StartedAt is when the condition began by the monitoring source's own
	// clock (the earliest start of the alerts that opened it, detect.go);
	// zero for an incident declared in chat or whose alerts said no start.
	StartedAt  time.Time   `json:"started_at,omitzero"`
	AckedAt    time.Time   `json:"acked_at,omitzero"`
	ResolvedAt time.Time   `json:"resolved_at,omitzero"`
	OpenedBy   Actor       `json:"opened_by"`
	AckedBy    *Actor      `json:"acked_by,omitempty"`
	Assignee   *Actor      `json:"assignee,omitempty"`
	Alerts     AlertCounts `json:"alerts"`          // how many alerts fire and resolved; each alert's state is stored beside the incident
	Step       int         `json:"step"`            // ladder steps reached (the ladder cursor); 0 before the first
	Paged      []string    `json:"paged,omitempty"` // teams paged, to acknowledge and resolve their pages
	// PagedAt is, per side ("internal", "msp", "managers"), the first page
	// to that side since the incident (re)opened (detect.go).
	PagedAt  map[string]time.Time `json:"paged_at,omitempty"`
	Source   string               `json:"source,omitempty"` // generic, alertmanager, grafana, chat
	DedupKey string               `json:"dedup_key,omitempty"`
	Links    []Link               `json:"links,omitempty"`
	Storm    *Storm               `json:"storm,omitempty"` // set on a storm incident (storm.go)
	// HandedOver names the last calendar boundary handed over on this
	// incident ("calendar@unix"), so a hand-over run again after a crash
	// does not write its entry twice.
	HandedOver string `json:"handed_over,omitempty"`
	// Version increases with every stored change; the store uses it to refuse
	// a write based on a stale read.
	Version int64 `json:"version"`
	// Head is the Hash of the last timeline entry: the store chains the
	// next entries from it and sets it anew in the same commit, so a
	// removed last entry is noticed too.
	Head string `json:"head,omitempty"`

	// Closed is, per platform, the last room channel closed (lifecycle.go);
	// RoomsClosed counts the closings, to name the rooms of a reopening.
	Closed      map[string]string `json:"closed,omitempty"`
	RoomsClosed int               `json:"rooms_closed,omitempty"`
}

// FormatID returns the incident ID for sequence number n: "INC-n".
func FormatID(n int64) string { return "INC-" + strconv.FormatInt(n, 10) }

// ParseID accepts "INC-7", "inc-7" and "7" and returns the canonical "INC-7".
func ParseID(v string) (string, error) {
	s := strings.TrimSpace(v)
	if len(s) > 4 && strings.EqualFold(s[:4], "INC-") {
		s = s[4:]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return "", Errorf(EInvalid, "%q is not an incident ID: write it as INC-<number>, e.g. INC-7", v)
	}
	return FormatID(n), nil
}

// Number returns the sequence number of the incident's ID.
func (inc Incident) Number() int64 {
	n, _ := strconv.ParseInt(strings.TrimPrefix(inc.ID, "INC-"), 10, 64)
	return n
}

// Counts returns how many alerts fire and how many resolved.
func (inc Incident) Counts() AlertCounts { return inc.Alerts }

// Holder is who holds the incident: the assignee, else whoever acked it.
func (inc Incident) Holder() *Actor {
	if inc.Assignee != nil {
		return inc.Assignee
	}
	return inc.AckedBy
}

// TimeToAck is the time from opening to the first acknowledgement.
func (inc Incident) TimeToAck() (time.Duration, bool) {
	if inc.AckedAt.IsZero() {
		return 0, false
	}
	return inc.AckedAt.Sub(inc.OpenedAt), true
}

// TimeToResolve is the time from opening to resolution.
func (inc Incident) TimeToResolve() (time.Duration, bool) {
	if inc.ResolvedAt.IsZero() {
		return 0, false
	}
	return inc.ResolvedAt.Sub(inc.OpenedAt), true
}

// String is a one-line summary for chat: "INC-7 [sev2] Disk full (open)".
func (inc Incident) String() string {
	return fmt.Sprintf("%s [%s] %s (%s)", inc.ID, inc.Severity, inc.Title, inc.Status)
}

// clone copies the maps and slices so a state change never aliases its input.
func (inc Incident) clone() Incident {
	inc.Room = maps.Clone(inc.Room)
	inc.Closed = maps.Clone(inc.Closed)
	inc.PagedAt = maps.Clone(inc.PagedAt)
	inc.Links = append([]Link(nil), inc.Links...)
	inc.Paged = append([]string(nil), inc.Paged...)
	if inc.AckedBy != nil {
		a := *inc.AckedBy
		inc.AckedBy = &a
	}
	if inc.Assignee != nil {
		a := *inc.Assignee
		inc.Assignee = &a
	}
	return inc
}

// CardKey identifies what the incident card shows. When it is unchanged,
// the card needs no edit (a note, say, changes the timeline, not the card).
func (inc Incident) CardKey() string {
	c := inc.Counts()
	holder := ""
	if h := inc.Holder(); h != nil {
		holder = h.String()
	}
	return fmt.Sprintf("%s|%s|%s|%s|%s|%d|%d|%d|%v|%d|%d", inc.Title, inc.Status, inc.Severity, inc.Service, holder,
		c.Firing, c.Resolved, len(inc.Links), inc.AckedAt.UnixMilli(), inc.ResolvedAt.UnixMilli(), c.NotStored)
}
