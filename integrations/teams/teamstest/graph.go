package teamstest

import (
	"encoding/json"
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
	if !teamFound(w, r) {
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
	if !teamFound(w, r) {
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

// listMessages answers a channel's top-level messages, or a thread's
// replies, newest first, as Graph's chatMessage resources: the card is an
// attachment whose content is the card's JSON as a string.
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r, graphScope) {
		apiError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure.")
		return
	}
	ch, root := r.PathValue("channel"), r.PathValue("root")
	msgs := s.Messages()
	out := []map[string]any{}
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.Channel != ch || (root == "" && m.Root != m.ID) || (root != "" && (m.Root != root || m.ID == root)) {
			continue
		}
		item := map[string]any{"id": m.ID, "messageType": "message", "body": map[string]string{"contentType": "html", "content": m.Text}}
		if m.Card != nil {
			raw, _ := json.Marshal(m.Card)
			item["attachments"] = []map[string]any{{"id": m.ID, "contentType": "application/vnd.microsoft.card.adaptive", "content": string(raw)}}
		}
		out = append(out, item)
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": out})
}

// teamFound answers Graph's 404 for a team other than TeamID.
func teamFound(w http.ResponseWriter, r *http.Request) bool {
	if r.PathValue("team") != TeamID {
		apiError(w, http.StatusNotFound, "NotFound", "No team found with Group Id "+r.PathValue("team"))
		return false
	}
	return true
}
