package pagerdutytest

import (
	"net/http"
	"slices"
	"strings"
)

// listUsers serves GET /users?query=… as PagerDuty's REST API v2 "List
// users" does (https://developer.pagerduty.com/api-reference/c96e889522dd6-list-users):
// query filters users whose name or e-mail contains it, case-insensitively,
// and the answer is {"users": [...], "limit", "offset", "more", "total"}:
// an empty list, not an error, when nobody matches. The REST API's 429
// comes from SetAPIDown(429).
func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	q := strings.ToLower(r.URL.Query().Get("query"))
	out := []map[string]any{}
	s.mu.Lock()
	ids := make([]string, 0, len(s.users))
	for id := range s.users {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		u := s.users[id]
		if strings.Contains(strings.ToLower(u.Email), q) || strings.Contains(strings.ToLower(u.Name), q) {
			out = append(out, user(u, true))
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"users": out, "limit": 25, "offset": 0, "more": false, "total": nil})
}
