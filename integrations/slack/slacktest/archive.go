package slacktest

import "slices"

// conversations.archive, as Slack documents it
// (https://docs.slack.dev/reference/methods/conversations.archive/):
// {"ok":true} once; then already_archived; channel_not_found for a
// channel that does not exist (or was deleted); not_in_channel when the
// bot is not a member. An archived channel keeps its name (a new channel
// cannot take it) and the bot leaves it, which is why a bot token cannot
// unarchive it (not_in_channel) and Tandem opens a new room instead.
func init() {
	methods["conversations.archive"] = archiveConversation
}

func archiveConversation(st *state, p map[string]string) (map[string]any, string) {
	ch := st.channels[p["channel"]]
	switch {
	case ch == nil:
		return nil, "channel_not_found"
	case ch.Archived:
		return nil, "already_archived"
	case !slices.Contains(ch.Members, BotUser):
		return nil, "not_in_channel"
	}
	ch.Archived = true
	ch.Members = slices.DeleteFunc(ch.Members, func(u string) bool { return u == BotUser })
	return map[string]any{}, ""
}

// Delete deletes a channel, as a workspace admin can: every call naming it
// then answers channel_not_found.
func (s *Server) Delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.state.channels, id)
	s.state.order = slices.DeleteFunc(s.state.order, func(c string) bool { return c == id })
}
