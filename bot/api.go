package bot

import (
	"crypto/subtle"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
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
		if token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(token)) != 1 {
				writeError(w, http.StatusUnauthorized, msg)
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
	out := make([]handlers.ExportJSON, len(incs))
	for i, inc := range incs {
		out[i] = handlers.NewExportJSON(inc, nil)
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
			writeJSON(w, http.StatusOK, handlers.NewExportJSON(inc, tl))
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
