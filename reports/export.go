package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// ExportJSON is the incident JSON of DESIGN §5.2 with its whole timeline,
// plus the timeline's final hash (head), which `tandem audit verify`
// checks and an auditor can recompute from the entries alone.
type ExportJSON struct {
	ID         string               `json:"id"`
	Title      string               `json:"title"`
	Status     incident.Status      `json:"status"`
	Severity   incident.Severity    `json:"severity"`
	Service    string               `json:"service"`
	Room       map[string]string    `json:"room"`
	RoomName   string               `json:"room_name,omitempty"`
	OpenedAt   time.Time            `json:"opened_at"`
	StartedAt  time.Time            `json:"started_at,omitzero"` // the alerts' own start: time to detect
	AckedAt    time.Time            `json:"acked_at,omitzero"`
	ResolvedAt time.Time            `json:"resolved_at,omitzero"`
	AckedBy    *incident.Actor      `json:"acked_by,omitempty"`
	Assignee   *incident.Actor      `json:"assignee,omitempty"`
	Alerts     incident.AlertCounts `json:"alerts"`
	Step       int                  `json:"step"`
	Links      []incident.Link      `json:"links,omitempty"`
	Head       string               `json:"head,omitempty"`
	Timeline   []incident.Event     `json:"timeline,omitempty"` // left out of lists
}

// NewExportJSON builds the export of inc and its timeline (nil: none, as in
// the API's lists).
func NewExportJSON(inc incident.Incident, events []incident.Event) ExportJSON {
	room := inc.Room
	if room == nil {
		room = map[string]string{}
	}
	return ExportJSON{
		ID: inc.ID, Title: inc.Title, Status: inc.Status, Severity: inc.Severity, Service: inc.Service,
		Room: room, RoomName: inc.RoomName, OpenedAt: inc.OpenedAt, StartedAt: inc.StartedAt, AckedAt: inc.AckedAt, ResolvedAt: inc.ResolvedAt,
		AckedBy: inc.AckedBy, Assignee: inc.Assignee, Alerts: inc.Counts(), Step: inc.Step, Links: inc.Links,
		Head: inc.Head, Timeline: events,
	}
}

// Encode writes the export as indented JSON with a final newline.
func (x ExportJSON) Encode() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(x); err != nil {
		return nil, fmt.Errorf("encode export of %s: %w", x.ID, err)
	}
	return b.Bytes(), nil
}

// DecodeExportJSON reads an export back; unknown fields are errors, so a
// file that is not an export is not taken for one.
func DecodeExportJSON(data []byte) (ExportJSON, error) {
	var x ExportJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&x); err != nil {
		return x, fmt.Errorf("decode export: %w", err)
	}
	return x, nil
}
