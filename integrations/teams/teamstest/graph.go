package teamstest

import (
	"net/http"
	"strings"
)

const graphScope = "https://graph.microsoft.com/.default"

// createChannel creates a standard channel; a taken name is Graph's 400
// NameAlreadyExists.
func (s *Server) createChannel(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r, graphScope) {
		apiError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure.")
		return
	}
	if r.PathValue("team") != TeamID {
		apiError(w, http.StatusNotFound, "NotFound", "No team found with Group Id "+r.PathValue("team"))
		return
	}
	var in struct {
		DisplayName string `json:"displayName"`
	}
	if !decode(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, name := range s.channels {
		if strings.EqualFold(name, in.DisplayName) {
			apiError(w, http.StatusBadRequest, "NameAlreadyExists", "Channel name already existed, please use other name.")
			return
		}
	}
	id := "19:" + s.next() + "@thread.tacv2"
	s.channels[id] = in.DisplayName
	writeJSON(w, http.StatusCreated, map[string]string{"id": id, "displayName": in.DisplayName, "membershipType": "standard"})
}

// listChannels answers the team's channels, filtered by
// "displayName eq '…'" when asked.
func (s *Server) listChannels(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r, graphScope) {
		apiError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure.")
		return
	}
	want, filtered := strings.CutPrefix(r.URL.Query().Get("$filter"), "displayName eq '")
	want = strings.ReplaceAll(strings.TrimSuffix(want, "'"), "''", "'")
	var out []map[string]string
	for id, name := range s.Channels() {
		if !filtered || name == want {
			out = append(out, map[string]string{"id": id, "displayName": name})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": out})
}
