package bot

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// incidentJSON is the incident of the JSON API and exports (DESIGN §5.2).
type incidentJSON struct {
	ID         string               `json:"id"`
	Title      string               `json:"title"`
	Status     incident.Status      `json:"status"`
	Severity   incident.Severity    `json:"severity"`
	Service    string               `json:"service"`
	Room       map[string]string    `json:"room"`
	RoomName   string               `json:"room_name,omitempty"`
	OpenedAt   time.Time            `json:"opened_at"`
	AckedAt    time.Time            `json:"acked_at,omitzero"`
	ResolvedAt time.Time            `json:"resolved_at,omitzero"`
	AckedBy    *incident.Actor      `json:"acked_by,omitempty"`
	Assignee   *incident.Actor      `json:"assignee,omitempty"`
	Alerts     incident.AlertCounts `json:"alerts"`
	Step       int                  `json:"step"`
	Links      []incident.Link      `json:"links,omitempty"`
	Timeline   []incident.Event     `json:"timeline,omitempty"`
}

func toJSON(inc incident.Incident, timeline []incident.Event) incidentJSON {
	room := inc.Room
	if room == nil {
		room = map[string]string{}
	}
	return incidentJSON{
		ID: inc.ID, Title: inc.Title, Status: inc.Status, Severity: inc.Severity, Service: inc.Service,
		Room: room, RoomName: inc.RoomName, OpenedAt: inc.OpenedAt, AckedAt: inc.AckedAt, ResolvedAt: inc.ResolvedAt,
		AckedBy: inc.AckedBy, Assignee: inc.Assignee, Alerts: inc.Counts(), Step: inc.Step, Links: inc.Links, Timeline: timeline,
	}
}

// apiAuth requires Authorization: Bearer <api token> (the demo excepted).
func (b *Bot) apiAuth(next http.Handler) http.Handler {
	token := b.cfg.API.Token.Value()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(token)) != 1 {
				writeError(w, http.StatusUnauthorized, "missing or invalid API token: send Authorization: Bearer <token>")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (b *Bot) listIncidents(w http.ResponseWriter, r *http.Request) {
	statuses := []incident.Status{incident.StatusOpen, incident.StatusAcked}
	if v := r.URL.Query().Get("status"); v != "" {
		st, err := incident.ParseStatus(v)
		if err != nil {
			writeError(w, http.StatusBadRequest, "status: must be open, acked or resolved")
			return
		}
		statuses = []incident.Status{st}
	}
	incs, err := b.store.List(r.Context(), statuses...)
	if err != nil {
		b.log.Error("list incidents", "err", err)
		writeError(w, http.StatusServiceUnavailable, "store unavailable; retry later")
		return
	}
	out := make([]incidentJSON, len(incs))
	for i, inc := range incs {
		out[i] = toJSON(inc, nil)
	}
	writeJSON(w, http.StatusOK, map[string]any{"incidents": out})
}

func (b *Bot) getIncident(w http.ResponseWriter, r *http.Request) {
	id, err := incident.ParseID(r.PathValue("id"))
	if err != nil {
		writeError(w, http.StatusNotFound, incident.ErrorMessage(err))
		return
	}
	inc, err := b.store.Get(r.Context(), id)
	if err == nil {
		var tl []incident.Event
		if tl, err = b.store.Timeline(r.Context(), id); err == nil {
			writeJSON(w, http.StatusOK, toJSON(inc, tl))
			return
		}
	}
	if incident.ErrorCode(err) == incident.ENotFound {
		writeError(w, http.StatusNotFound, incident.ErrorMessage(err))
		return
	}
	b.log.Error("get incident", "incident", id, "err", err)
	writeError(w, http.StatusServiceUnavailable, "store unavailable; retry later")
}
