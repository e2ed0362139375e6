package discordtest

import (
	"net/http"
)

// followUp records a follow-up message sent with an interaction's token.
func (s *Server) followUp(r *http.Request, body []byte) (int, any) {
	m, status, problem := readMessage(body, false)
	if problem != nil {
		return status, problem
	}
	token := r.PathValue("token")
	m.ID, m.Timestamp = s.st.id(), stamp()
	s.st.hooks[token] = append(s.st.hooks[token], m)
	return http.StatusOK, m
}

// editOriginal records the edit of a deferred answer ("@original").
func (s *Server) editOriginal(r *http.Request, body []byte) (int, any) {
	m, status, problem := readMessage(body, false)
	if problem != nil {
		return status, problem
	}
	token := r.PathValue("token")
	m.ID, m.Timestamp, m.Edits = "@original", stamp(), 1
	s.st.hooks[token] = append(s.st.hooks[token], m)
	return http.StatusOK, m
}
