package slacktest

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// Threads, private channels and Slack Connect, as the fake keeps them.
//
// References: chat.postMessage (thread_ts: "Provide another message's ts
// value to make this message a reply"), conversations.replies ("Returns an
// entire thread (a message plus all the messages in reply to it), while
// conversations.history method returns only parent messages"; errors
// thread_not_found), conversations.list (types, default public_channel;
// private channels only those the caller is in), conversations.invite
// (cant_invite: "User cannot be invited to this channel"), and
// "Understanding Slack Connect" (https://docs.slack.dev/apis/slack-connect):
// people of the other organisation are in the shared channel through the
// connection, with their own team ID, and cannot be invited into the host
// workspace's other channels.

// listed reports whether conversations.list with types shows ch.
func listed(ch *Channel, types string) bool {
	if types == "" {
		types = "public_channel"
	}
	want := strings.Split(types, ",")
	if ch.Private {
		return slices.Contains(want, "private_channel") && slices.Contains(ch.Members, BotUser)
	}
	return slices.Contains(want, "public_channel")
}

// checkThread refuses a reply to a message that is not a thread parent
// in the channel, as Slack does (invalid_thread_ts).
func (st *state) checkThread(channel, threadTS string) string {
	if threadTS == "" {
		return ""
	}
	if m := st.message(channel, threadTS); m == nil || (m.ThreadTS != "" && m.ThreadTS != m.TS) {
		return "invalid_thread_ts"
	}
	return ""
}

// replies is conversations.replies: the parent, then its replies, oldest
// first, up to limit (default 1000), with metadata when asked for.
func replies(st *state, p map[string]string) (map[string]any, string) {
	ch := st.channels[p["channel"]]
	switch {
	case ch == nil:
		return nil, "channel_not_found"
	case !slices.Contains(ch.Members, BotUser):
		return nil, "not_in_channel"
	}
	parent := st.message(ch.ID, p["ts"])
	if parent == nil || parent.EphemeralTo != "" {
		return nil, "thread_not_found"
	}
	limit, _ := strconv.Atoi(p["limit"])
	if limit <= 0 {
		limit = 1000
	}
	withMeta := p["include_all_metadata"] == "true" || p["include_all_metadata"] == "1"
	var out []map[string]any
	for _, m := range st.messages {
		if len(out) == limit {
			break
		}
		if m.Channel != ch.ID || m.EphemeralTo != "" || (m != parent && m.ThreadTS != parent.TS) {
			continue
		}
		msg := map[string]any{"type": "message", "user": m.author(), "text": m.Text, "ts": m.TS, "thread_ts": parent.TS}
		if m.Metadata != "" && withMeta {
			msg["metadata"] = json.RawMessage(m.Metadata)
		}
		out = append(out, msg)
	}
	return map[string]any{"messages": out, "has_more": false}, ""
}

// AddSharedChannel adds a Slack Connect channel (a team's), the bot in
// it, shared with another organisation (team) whose people are members:
// they read and write there, but conversations.invite cannot add them to
// any other channel (cant_invite).
func (s *Server) AddSharedChannel(id, name, team string, people ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.external == nil {
		s.state.external = map[string]string{}
	}
	for _, u := range people {
		s.state.external[u] = team
	}
	s.state.add(&Channel{ID: id, Name: name, Creator: "UADMIN", Shared: true,
		Members: append([]string{BotUser}, people...)})
}

// Replies returns a thread: its parent and replies, oldest first.
func (s *Server) Replies(channel, ts string) []Message {
	var out []Message
	for _, m := range s.Messages(channel) {
		if m.TS == ts || m.ThreadTS == ts {
			out = append(out, m)
		}
	}
	return out
}

func (m *Message) author() string {
	if m.User == "" {
		return BotUser
	}
	return m.User
}

// AddUserMessage records a message a person wrote in channel (in the
// thread threadTS when set) at ts ("" for the next one), as Slack would
// before sending its event; it returns the ts.
func (s *Server) AddUserMessage(channel, user, ts, threadTS, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ts == "" {
		ts = s.state.nextTS()
	}
	s.state.messages = append(s.state.messages, &Message{Channel: channel, TS: ts, ThreadTS: threadTS, Text: text, User: user})
	return ts
}
