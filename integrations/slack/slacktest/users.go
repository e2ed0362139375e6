package slacktest

import "strings"

func init() { methods["users.lookupByEmail"] = lookupByEmail }

// lookupByEmail answers users.lookupByEmail as Slack documents it
// (https://docs.slack.dev/reference/methods/users.lookupByEmail/, scope
// users:read.email, rate limit Tier 3): {"ok":true,"user":{"id",…}} for a
// known address, {"ok":false,"error":"users_not_found"} otherwise. Slack
// matches the address without regard to case. A 429 with Retry-After comes
// from FailNext("users.lookupByEmail", n, 429, d), as for every method.
func lookupByEmail(st *state, p map[string]string) (map[string]any, string) {
	id, ok := st.users[strings.ToLower(p["email"])]
	if !ok {
		return nil, "users_not_found"
	}
	return map[string]any{"user": map[string]any{"id": id, "name": strings.Split(p["email"], "@")[0],
		"profile": map[string]any{"email": p["email"]}}}, ""
}

// AddUser makes user ID id findable by e-mail address email.
func (s *Server) AddUser(id, email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.users == nil {
		s.state.users = map[string]string{}
	}
	s.state.users[strings.ToLower(email)] = id
}
