package pagerdutytest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// User is a PagerDuty user as /oncalls describes it.
type User struct {
	ID    string
	Name  string
	Email string
}

// rest checks the REST API's token and the programmed outage, then serves.
func (s *Server) rest(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.restHits++
		down, token := s.apiDown, s.Token
		s.mu.Unlock()
		if down != 0 {
			writeJSON(w, down, restError(down, 2001, http.StatusText(down)))
			return
		}
		if token != "" && r.Header.Get("Authorization") != "Token token="+token {
			writeJSON(w, http.StatusUnauthorized, restError(http.StatusUnauthorized, 2006, "Authentication failed"))
			return
		}
		next(w, r)
	}
}

func restError(status, code int, msg string) map[string]any {
	return map[string]any{"error": map[string]any{"message": msg, "code": code}}
}

// listOnCalls serves GET /oncalls?schedule_ids[]=…|escalation_policy_ids[]=…
// with include[]=users adding each user's name and email, as PagerDuty does.
func (s *Server) listOnCalls(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ids := append(q["schedule_ids[]"], q["escalation_policy_ids[]"]...)
	withUsers := slices.Contains(q["include[]"], "users")
	start := time.Now().UTC().Truncate(time.Hour)
	var out []map[string]any
	s.mu.Lock()
	for _, id := range ids {
		for i, u := range s.oncalls[id] {
			out = append(out, map[string]any{
				"user":              user(u, withUsers),
				"schedule":          map[string]string{"id": id, "type": "schedule_reference"},
				"escalation_policy": map[string]string{"id": id, "type": "escalation_policy_reference"},
				"escalation_level":  i + 1,
				"start":             start.Format(time.RFC3339),
				"end":               start.Add(7 * 24 * time.Hour).Format(time.RFC3339),
			})
		}
	}
	s.mu.Unlock()
	if out == nil {
		out = []map[string]any{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"oncalls": out, "limit": 100, "offset": 0, "more": false, "total": nil})
}

func user(u User, full bool) map[string]any {
	m := map[string]any{"id": u.ID, "summary": u.Name, "type": "user_reference"}
	if full {
		m["type"], m["name"], m["email"] = "user", u.Name, u.Email
	}
	return m
}

// listAlerts serves GET /incidents/{id}/alerts.
func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	keys, ok := s.alerts[id]
	s.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, restError(http.StatusNotFound, 2100, "Not Found"))
		return
	}
	alerts := []map[string]any{}
	for i, k := range keys {
		alerts = append(alerts, map[string]any{"id": id + "A" + strconv.Itoa(i+1), "type": "alert", "alert_key": k,
			"status": "triggered", "incident": map[string]string{"id": id, "type": "incident_reference"}})
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": alerts, "limit": 100, "offset": 0, "more": false})
}

// getUser serves GET /users/{id} as PagerDuty's REST API v2 "Get a user"
// does: {"user": {"id", "type": "user", "name", "email", "summary", ...}},
// 404 with error code 2100 for a user it does not know.
func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	u, ok := s.users[r.PathValue("id")]
	s.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, restError(http.StatusNotFound, 2100, "Not Found"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": user(u, true)})
}
