package discordtest

import (
	"strconv"
	"time"
)

// state is what the fake remembers; the Server's mutex guards it.
type state struct {
	calls    []Call
	faults   []*fault
	next     int64
	channels map[string]*Channel
	order    []string              // channel IDs in creation order
	messages map[string][]*Message // channel ID → messages in order
	hooks    map[string][]*Message // interaction token → original answer edits and follow-ups
	commands map[string][]Command  // "app/guild" → commands
	// maxGuild and maxCategory are the channel limits (guild.go).
	maxGuild, maxCategory int
}

func newState() state {
	return state{next: 1_100_000_000_000_000_000, channels: map[string]*Channel{}, messages: map[string][]*Message{},
		hooks: map[string][]*Message{}, commands: map[string][]Command{}, maxGuild: MaxGuildChannels, maxCategory: MaxCategoryChannels}
}

// id returns a new snowflake-like ID.
func (st *state) id() string {
	st.next++
	return strconv.FormatInt(st.next, 10)
}

func stamp() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// AddChannel makes a channel exist that Tandem did not create (a team's
// channel, a category), and returns it.
func (s *Server) AddChannel(id, name string, kind int) Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := &Channel{ID: id, Name: name, Type: kind, Overwrites: map[string]Overwrite{}}
	s.st.channels[id] = ch
	s.st.order = append(s.st.order, id)
	return *ch
}

// Channels returns the channels created through the API, in order.
func (s *Server) Channels() []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Channel
	for _, id := range s.st.order {
		if ch := s.st.channels[id]; ch.GuildID != "" {
			out = append(out, copyChannel(ch))
		}
	}
	return out
}

// Channel returns one channel.
func (s *Server) Channel(id string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, ok := s.st.channels[id]
	if !ok {
		return Channel{}, false
	}
	return copyChannel(ch), true
}

func copyChannel(ch *Channel) Channel {
	c := *ch
	c.Overwrites = map[string]Overwrite{}
	for k, v := range ch.Overwrites {
		c.Overwrites[k] = v
	}
	return c
}

// Messages returns a channel's messages, in order, as they are now.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return copyMessages(s.st.messages[channel])
}

// FollowUps returns what was sent through an interaction's token: edits of
// the original answer and follow-up messages, in order.
func (s *Server) FollowUps(token string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return copyMessages(s.st.hooks[token])
}

// Commands returns the commands registered for an application in a guild.
func (s *Server) Commands(app, guild string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.st.commands[app+"/"+guild]...)
}

func copyMessages(ms []*Message) []Message {
	out := make([]Message, len(ms))
	for i, m := range ms {
		out[i] = *m
	}
	return out
}
