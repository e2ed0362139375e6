package slacktest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Channel is a channel as the fake keeps it.
type Channel struct {
	ID, Name, Creator, Topic string
	Archived                 bool
	Members                  []string
	Pins                     []string // message timestamps
	// Private: made with is_private (conversations.create), listed only
	// for types=private_channel and only to members.
	Private bool
	// Shared: a Slack Connect channel, shared with another organisation
	// whose people (External) are in it (AddSharedChannel).
	Shared bool
}

// Message is a message as the fake keeps it, with its latest text and
// blocks (JSON) and how often it was edited.
type Message struct {
	Channel, TS, Text, Blocks string
	ThreadTS                  string
	// User wrote it: the bot, or a person (AddUserMessage).
	User  string
	Edits int
	// EphemeralTo is the only user who sees an ephemeral message.
	EphemeralTo string
	// Files are the IDs of the files the message shares
	// (files.completeUploadExternal).
	Files []string
	// Metadata is the message metadata as posted (JSON), "" for none.
	Metadata string
}

type state struct {
	channels map[string]*Channel
	order    []string // channel IDs in creation order
	messages []*Message
	seq      int
	ts       int64

	files      map[string]*File
	fileOrder  []string // file IDs in the order they were announced
	uploadBase string   // upload URLs start with it: the server's /upload/

	external map[string]string // user ID → team ID of people from another organisation
	users    map[string]string // lower-case e-mail address → user ID (users.go)
}

func newState() *state {
	return &state{channels: map[string]*Channel{}, files: map[string]*File{}, ts: time.Now().Unix() * 1_000_000}
}

func (st *state) nextTS() string {
	st.ts += 100
	return fmt.Sprintf("%d.%06d", st.ts/1_000_000, st.ts%1_000_000)
}

func (st *state) add(ch *Channel) {
	st.channels[ch.ID] = ch
	st.order = append(st.order, ch.ID)
}

func (st *state) byName(name string) *Channel {
	for _, id := range st.order {
		if st.channels[id].Name == name {
			return st.channels[id]
		}
	}
	return nil
}

func (st *state) message(channel, ts string) *Message {
	for _, m := range st.messages {
		if m.Channel == channel && m.TS == ts {
			return m
		}
	}
	return nil
}

// writable returns the channel the bot may post in, or Slack's error.
func (st *state) writable(id string) (*Channel, string) {
	ch := st.channels[id]
	switch {
	case id == "":
		return nil, "channel_not_found"
	case ch == nil:
		return nil, "channel_not_found"
	case ch.Archived:
		return nil, "is_archived"
	case !slices.Contains(ch.Members, BotUser):
		return nil, "not_in_channel"
	}
	return ch, ""
}

// Slack's channel-name rule.
var channelName = regexp.MustCompile(`^[a-z0-9_-]+$`)

type method func(st *state, p map[string]string) (map[string]any, string)

var methods = map[string]method{
	"auth.test": func(st *state, p map[string]string) (map[string]any, string) {
		return map[string]any{"user_id": BotUser, "user": "tandem", "team_id": "TTEST", "team": "Test"}, ""
	},
	"conversations.create":   createConversation,
	"conversations.invite":   invite,
	"conversations.setTopic": setTopic,
	"conversations.list":     listConversations,
	"conversations.history":  history,
	"conversations.replies":  replies,
	"chat.postMessage":       postMessage,
	"chat.postEphemeral":     postEphemeral,
	"chat.update":            updateMessage,
	"pins.add":               addPin,

	"files.getUploadURLExternal":   getUploadURL,
	"files.completeUploadExternal": completeUpload,
}

func createConversation(st *state, p map[string]string) (map[string]any, string) {
	name := p["name"]
	switch {
	case name == "":
		return nil, "invalid_name_required"
	case len(name) > 80:
		return nil, "invalid_name_maxlength"
	case !channelName.MatchString(name):
		return nil, "invalid_name_specials"
	case st.byName(name) != nil:
		return nil, "name_taken"
	}
	st.seq++
	ch := &Channel{ID: fmt.Sprintf("C%08d", st.seq), Name: name, Creator: BotUser, Members: []string{BotUser},
		Private: p["is_private"] == "true" || p["is_private"] == "1"}
	st.add(ch)
	return map[string]any{"channel": channelJSON(ch)}, ""
}

func channelJSON(ch *Channel) map[string]any {
	return map[string]any{"id": ch.ID, "name": ch.Name, "creator": ch.Creator, "is_channel": true,
		"is_archived": ch.Archived, "is_member": slices.Contains(ch.Members, BotUser),
		"is_private": ch.Private, "is_shared": ch.Shared, "is_ext_shared": ch.Shared,
		"topic": map[string]any{"value": ch.Topic}}
}

func invite(st *state, p map[string]string) (map[string]any, string) {
	ch, code := st.writable(p["channel"])
	if code != "" {
		return nil, code
	}
	for _, u := range strings.Split(p["users"], ",") {
		switch {
		case u == BotUser:
			return nil, "cant_invite_self"
		case !strings.HasPrefix(u, "U") && !strings.HasPrefix(u, "W"):
			return nil, "user_not_found"
		case slices.Contains(ch.Members, u):
			return nil, "already_in_channel"
		case st.external[u] != "":
			// Someone of another organisation joins only through Slack
			// Connect (conversations.inviteShared), never by invite.
			return nil, "cant_invite"
		}
		ch.Members = append(ch.Members, u)
	}
	return map[string]any{"channel": channelJSON(ch)}, ""
}

func setTopic(st *state, p map[string]string) (map[string]any, string) {
	ch, code := st.writable(p["channel"])
	if code != "" {
		return nil, code
	}
	if len([]rune(p["topic"])) > 250 {
		return nil, "too_long"
	}
	ch.Topic = p["topic"]
	return map[string]any{"channel": channelJSON(ch)}, ""
}

func listConversations(st *state, p map[string]string) (map[string]any, string) {
	limit, _ := strconv.Atoi(p["limit"])
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	start, _ := strconv.Atoi(p["cursor"])
	var chans []map[string]any
	i := start
	for ; i < len(st.order) && len(chans) < limit; i++ {
		ch := st.channels[st.order[i]]
		if (ch.Archived && p["exclude_archived"] == "true") || !listed(ch, p["types"]) {
			continue
		}
		chans = append(chans, channelJSON(ch))
	}
	next := ""
	if i < len(st.order) {
		next = strconv.Itoa(i)
	}
	return map[string]any{"channels": chans, "response_metadata": map[string]any{"next_cursor": next}}, ""
}

func postMessage(st *state, p map[string]string) (map[string]any, string) {
	ch, code := st.writable(p["channel"])
	if code != "" {
		return nil, code
	}
	if code := checkContent(p); code != "" {
		return nil, code
	}
	if code := checkMetadata(p["metadata"]); code != "" {
		return nil, code
	}
	if code := st.checkThread(ch.ID, p["thread_ts"]); code != "" {
		return nil, code
	}
	m := &Message{Channel: ch.ID, TS: st.nextTS(), Text: p["text"], Blocks: p["blocks"], ThreadTS: p["thread_ts"],
		Metadata: p["metadata"]}
	st.messages = append(st.messages, m)
	return map[string]any{"channel": ch.ID, "ts": m.TS, "message": map[string]any{"text": m.Text, "ts": m.TS}}, ""
}

func postEphemeral(st *state, p map[string]string) (map[string]any, string) {
	if _, code := postMessage(st, p); code != "" {
		return nil, code
	}
	m := st.messages[len(st.messages)-1]
	m.EphemeralTo = p["user"]
	return map[string]any{"message_ts": m.TS}, ""
}

func updateMessage(st *state, p map[string]string) (map[string]any, string) {
	ch, code := st.writable(p["channel"])
	if code != "" {
		return nil, code
	}
	m := st.message(ch.ID, p["ts"])
	if m == nil {
		return nil, "message_not_found"
	}
	if code := checkContent(p); code != "" {
		return nil, code
	}
	m.Text, m.Blocks = p["text"], p["blocks"]
	m.Edits++
	return map[string]any{"channel": ch.ID, "ts": m.TS, "text": m.Text}, ""
}

// checkContent refuses what Slack refuses: no content, too much text,
// blocks beyond Block Kit's limits.
func checkContent(p map[string]string) string {
	switch {
	case p["text"] == "" && p["blocks"] == "":
		return "no_text"
	case len([]rune(p["text"])) > 40000:
		return "msg_too_long"
	case p["blocks"] != "":
		if err := ValidateBlocks(p["blocks"]); err != nil {
			return "invalid_blocks"
		}
	}
	return ""
}

func addPin(st *state, p map[string]string) (map[string]any, string) {
	ch, code := st.writable(p["channel"])
	if code != "" {
		return nil, code
	}
	ts := p["timestamp"]
	if st.message(ch.ID, ts) == nil {
		return nil, "message_not_found"
	}
	if slices.Contains(ch.Pins, ts) {
		return nil, "already_pinned"
	}
	ch.Pins = append(ch.Pins, ts)
	return map[string]any{}, ""
}

// checkMetadata refuses metadata Slack refuses: not JSON, or without an
// event_type and an event_payload object.
func checkMetadata(raw string) string {
	if raw == "" {
		return ""
	}
	var md struct {
		EventType    string         `json:"event_type"`
		EventPayload map[string]any `json:"event_payload"`
	}
	if err := json.Unmarshal([]byte(raw), &md); err != nil || md.EventType == "" || md.EventPayload == nil {
		return "invalid_metadata_format"
	}
	return ""
}

// history is conversations.history: the channel's messages, newest first,
// up to limit (Slack's default 100, at most 999), with their metadata
// only when include_all_metadata is set. Threaded replies and ephemeral
// messages are not in it, as on Slack.
func history(st *state, p map[string]string) (map[string]any, string) {
	ch := st.channels[p["channel"]]
	switch {
	case ch == nil:
		return nil, "channel_not_found"
	case !slices.Contains(ch.Members, BotUser):
		return nil, "not_in_channel"
	}
	limit, _ := strconv.Atoi(p["limit"])
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 999)
	var out []map[string]any
	for i := len(st.messages) - 1; i >= 0 && len(out) < limit; i-- {
		m := st.messages[i]
		if m.Channel != ch.ID || m.EphemeralTo != "" || (m.ThreadTS != "" && m.ThreadTS != m.TS) {
			continue
		}
		msg := map[string]any{"type": "message", "user": m.author(), "text": m.Text, "ts": m.TS}
		if m.Metadata != "" && (p["include_all_metadata"] == "true" || p["include_all_metadata"] == "1") {
			msg["metadata"] = json.RawMessage(m.Metadata)
		}
		out = append(out, msg)
	}
	return map[string]any{"messages": out, "has_more": false}, ""
}
