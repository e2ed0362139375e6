package slacktest

import "slices"

func init() { methods["conversations.info"] = conversationInfo }

// conversationInfo answers conversations.info as Slack does: the channel
// with is_member for the caller, channel_not_found for an unknown ID and
// for a private channel the bot is not in (Slack hides those).
func conversationInfo(st *state, p map[string]string) (map[string]any, string) {
	ch := st.channels[p["channel"]]
	member := ch != nil && slices.Contains(ch.Members, BotUser)
	if ch == nil || (ch.Private && !member) {
		return nil, "channel_not_found"
	}
	return map[string]any{"channel": channelJSON(ch)}, ""
}

// RemoveBot takes the bot out of a channel (someone ran /kick): posts to
// it fail with not_in_channel.
func (s *Server) RemoveBot(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.state.channels[id]; ch != nil {
		ch.Members = slices.DeleteFunc(ch.Members, func(u string) bool { return u == BotUser })
	}
}
