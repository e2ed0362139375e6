package bot

import (
	"crypto/subtle"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
	"net/http"
	"strings"
)

// apiAuth requires Authorization: Bearer <api token> (the demo excepted).
func (b *Bot) apiAuth(next http.Handler) http.Handler {
	return requireBearer(b.cfg.API.Token.Value(), "missing or invalid API token: send Authorization: Bearer <token>", next)
}

// requireBearer refuses (401, with msg) a request without Authorization:
// Bearer <token>, compared in constant time; with no token it lets all in.
func requireBearer(token, msg string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" && !bearerMatches(r, token) {
			chat.WriteError(w, http.StatusUnauthorized, msg)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearerMatches reports whether r carries Authorization: Bearer <token>,
// compared in constant time.
func bearerMatches(r *http.Request, token string) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(token)) == 1
}

// listIncidents answers GET /api/v1/incidents: newest first, ?limit=
// (default 100, at most 1000) per page, ?cursor= from the previous page's
// next_cursor (absent on the last page).
func (b *Bot) listIncidents(w http.ResponseWriter, r *http.Request) {
	q, err := parseListQuery(r.URL.Query())
	if err != nil {
		chat.WriteError(w, http.StatusBadRequest, err.Error())
		return
	}
	page, err := b.store.ListPage(r.Context(), q.before, q.limit, q.statuses...)
	if err != nil {
		b.log.Error("list incidents", "err", err)
		chat.WriteError(w, http.StatusServiceUnavailable, "store unavailable; retry later")
		return
	}
	out := make([]reports.ExportJSON, len(page.Incidents))
	for i, inc := range page.Incidents {
		out[i] = reports.NewExportJSON(inc, nil)
	}
	body := map[string]any{"incidents": out}
	if page.Next > 0 {
		body["next_cursor"] = encodeCursor(page.Next)
	}
	chat.WriteJSON(w, http.StatusOK, body)
}

func (b *Bot) getIncident(w http.ResponseWriter, r *http.Request) {
	id, err := incident.ParseID(r.PathValue("id"))
	if err != nil {
		chat.WriteError(w, http.StatusNotFound, incident.ErrorMessage(err))
		return
	}
	inc, err := b.store.Get(r.Context(), id)
	if err == nil {
		var tl []incident.Event
		if tl, err = b.store.Timeline(r.Context(), id); err == nil {
			chat.WriteJSON(w, http.StatusOK, reports.NewExportJSON(inc, tl))
			return
		}
	}
	if incident.ErrorCode(err) == incident.ENotFound {
		chat.WriteError(w, http.StatusNotFound, incident.ErrorMessage(err))
		return
	}
	b.log.Error("get incident", "incident", id, "err", err)
	chat.WriteError(w, http.StatusServiceUnavailable, "store unavailable; retry later")
}
