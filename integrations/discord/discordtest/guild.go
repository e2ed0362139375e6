package discordtest

// Guild limits, categories and the channel calls of the room lifecycle
// (list, move, delete), as Discord documents and answers them:
//
//   - Discord allows 500 channels a guild (categories count) and 50 a
//     category (https://discord.com/developers/docs/resources/channel,
//     "Channel Object": parent_id; discord/discord-api-docs#1289). A guild
//     channel past the first is refused with 400 and JSON error code 30013
//     "Maximum number of guild channels reached (500)" (Opcodes and Status
//     Codes, "JSON Error Codes"). A channel created in, or moved into, a
//     full category is refused with 400, code 50035 "Invalid Form Body" and
//     {"errors": {"parent_id": {"_errors": [{"code":
//     "CHANNEL_PARENT_MAX_CHANNELS", "message": "Maximum number of channels
//     in category reached (50)"}]}}}, which has no code of its own; Discord
//     has refused below 50 too, so clients go by the answer.
//   - A parent that does not exist (a category someone deleted) is 50035
//     with parent_id CHANNEL_PARENT_INVALID "Category does not exist"; a
//     parent that is not a category, CHANNEL_PARENT_INVALID_TYPE "Not a
//     category".
//   - GET /guilds/{guild}/channels lists the guild's channels with their
//     permission_overwrites; PATCH /channels/{channel} with parent_id moves
//     a channel; DELETE /channels/{channel} deletes it and answers the
//     channel; a channel that is gone is 404, code 10003 "Unknown Channel".

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Discord's limits (SetLimits changes them for a test).
const (
	MaxGuildChannels    = 500
	MaxCategoryChannels = 50
)

// Form error codes of parent_id.
const (
	CodeParentMax         = "CHANNEL_PARENT_MAX_CHANNELS"
	CodeParentInvalid     = "CHANNEL_PARENT_INVALID"
	CodeParentInvalidType = "CHANNEL_PARENT_INVALID_TYPE"
)

// SetLimits changes how many channels the guild and each category take
// (Discord: 500 and 50); 0 keeps a limit as it is.
func (s *Server) SetLimits(guild, category int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if guild > 0 {
		s.st.maxGuild = guild
	}
	if category > 0 {
		s.st.maxCategory = category
	}
}

// DeleteChannel deletes a channel as a person would in Discord's client;
// the channels of a deleted category stay, without a parent.
func (s *Server) DeleteChannel(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.remove(id)
}

func (st *state) remove(id string) {
	delete(st.channels, id)
	for i, c := range st.order {
		if c == id {
			st.order = append(st.order[:i], st.order[i+1:]...)
			break
		}
	}
	for _, ch := range st.channels {
		if ch.ParentID == id {
			ch.ParentID = ""
		}
	}
}

// Children returns the channels under category, in creation order.
func (s *Server) Children(category string) []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Channel
	for _, id := range s.st.order {
		if ch := s.st.channels[id]; ch.ParentID == category {
			out = append(out, copyChannel(ch))
		}
	}
	return out
}

// placeable checks that a new channel (or one moving in) may go under
// parent, and in the guild when it is new: Discord's answer, or 0.
func (st *state) placeable(parent string, isNew bool) (int, any) {
	if isNew && len(st.channels) >= st.maxGuild {
		return http.StatusBadRequest, apiError{Message: "Maximum number of guild channels reached (" + strconv.Itoa(st.maxGuild) + ")", Code: 30013}
	}
	if parent == "" {
		return 0, nil
	}
	p, ok := st.channels[parent]
	switch {
	case !ok:
		return formError("parent_id", CodeParentInvalid, "Category does not exist")
	case p.Type != TypeCategory:
		return formError("parent_id", CodeParentInvalidType, "Not a category")
	}
	n := 0
	for _, ch := range st.channels {
		if ch.ParentID == parent {
			n++
		}
	}
	if n >= st.maxCategory {
		return formError("parent_id", CodeParentMax, "Maximum number of channels in category reached (50)")
	}
	return 0, nil
}

// formError is Discord's 400 Invalid Form Body naming field and its code.
func formError(field, code, message string) (int, any) {
	detail, _ := json.Marshal(map[string]any{field: map[string]any{"_errors": []map[string]string{{"code": code, "message": message}}}})
	return http.StatusBadRequest, apiError{Message: "Invalid Form Body", Code: 50035, Errors: detail}
}

func (s *Server) listChannels(r *http.Request, _ []byte) (int, any) {
	out := []*Channel{}
	for _, id := range s.st.order {
		out = append(out, s.st.channels[id])
	}
	return http.StatusOK, out
}

func (s *Server) deleteChannel(r *http.Request, _ []byte) (int, any) {
	ch, ok := s.st.channels[r.PathValue("channel")]
	if !ok {
		return unknown("Channel", 10003)
	}
	s.st.remove(ch.ID)
	return http.StatusOK, ch
}

// moveChannel applies a PATCH's parent_id (null or "" takes the channel
// out of its category).
func (s *Server) moveChannel(ch *Channel, body []byte) (int, any) {
	var in struct {
		ParentID *string `json:"parent_id"`
	}
	if json.Unmarshal(body, &in) != nil || in.ParentID == nil || *in.ParentID == ch.ParentID {
		return 0, nil
	}
	if status, problem := s.st.placeable(*in.ParentID, false); status != 0 {
		return status, problem
	}
	ch.ParentID = *in.ParentID
	return 0, nil
}

// MarshalJSON writes a channel as Discord does, its overwrites as the
// permission_overwrites list.
func (ch Channel) MarshalJSON() ([]byte, error) {
	type wire Channel
	type overwrite struct {
		ID string `json:"id"`
		Overwrite
	}
	ows := []overwrite{}
	for id, o := range ch.Overwrites {
		ows = append(ows, overwrite{id, o})
	}
	return json.Marshal(struct {
		wire
		Overwrites []overwrite `json:"permission_overwrites"`
	}{wire(ch), ows})
}

// SetOverwrite sets a permission overwrite on a channel Tandem did not
// make (a category's, say), as a server admin would.
func (s *Server) SetOverwrite(channel, id string, o Overwrite) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.st.channels[channel]; ch != nil {
		ch.Overwrites[id] = o
	}
}
