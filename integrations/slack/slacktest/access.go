package slacktest

import "slices"

// AddChannel adds an existing channel (a team's) with the bot in it.
func (s *Server) AddChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.add(&Channel{ID: id, Name: name, Creator: "UADMIN", Members: []string{BotUser}})
}

// AddForeignChannel adds a channel someone else created, the bot not in it:
// its name is taken for Tandem.
func (s *Server) AddForeignChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.add(&Channel{ID: id, Name: name, Creator: "USOMEONE"})
}

// Archive archives a channel: posts to it fail with is_archived.
func (s *Server) Archive(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.state.channels[id]; ch != nil {
		ch.Archived = true
	}
}

// Channels returns every channel, in creation order.
func (s *Server) Channels() []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Channel
	for _, id := range s.state.order {
		ch := *s.state.channels[id]
		ch.Members, ch.Pins = slices.Clone(ch.Members), slices.Clone(ch.Pins)
		out = append(out, ch)
	}
	return out
}

// Channel returns a channel by ID.
func (s *Server) Channel(id string) (Channel, bool) {
	for _, ch := range s.Channels() {
		if ch.ID == id {
			return ch, true
		}
	}
	return Channel{}, false
}

// Messages returns the messages of a channel, oldest first.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.state.messages {
		if m.Channel == channel {
			out = append(out, *m)
		}
	}
	return out
}
