package slacktest

import (
	"slices"
	"strings"
)

// DefaultScopes are the bot scopes the fake grants: every scope of
// `tandem slack manifest`. Slack names a token's scopes in the
// X-OAuth-Scopes header of every Web API answer (api.slack.com,
// "Scopes and permissions": "check the X-OAuth-Scopes HTTP header").
var DefaultScopes = []string{
	"commands", "chat:write", "chat:write.public", "channels:manage", "groups:write",
	"channels:read", "groups:read", "channels:history", "groups:history", "pins:write",
	"files:write", "app_mentions:read", "users:read", "users:read.email",
}

// SetScopes replaces the scopes the bot token has (an app installed before
// a scope was added to its manifest lacks it).
func (s *Server) SetScopes(scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scopes = slices.Clone(scopes)
}

// WithoutScope takes one scope away from the bot token.
func (s *Server) WithoutScope(scope string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scopes = slices.DeleteFunc(slices.Clone(s.grantedScopes()), func(x string) bool { return x == scope })
}

// scopeHeader is X-OAuth-Scopes; s.mu is held.
func (s *Server) scopeHeader() string { return strings.Join(s.grantedScopes(), ",") }

func (s *Server) grantedScopes() []string {
	if s.scopes == nil {
		return DefaultScopes
	}
	return s.scopes
}
