package teamstest

import (
	"net/http"
	"strings"
	"time"
)

const botScope = "https://api.botframework.com/.default"

// createThread starts a conversation in a channel with its first message.
func (s *Server) createThread(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r, botScope) {
		apiError(w, http.StatusUnauthorized, "Unauthorized", "Authorization has been denied for this request.")
		return
	}
	var in struct {
		IsGroup     bool `json:"isGroup"`
		ChannelData struct {
			Channel struct {
				ID string `json:"id"`
			} `json:"channel"`
		} `json:"channelData"`
		Activity activity `json:"activity"`
	}
	if !decode(w, r, &in) {
		return
	}
	ch := in.ChannelData.Channel.ID
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.channels[ch]; !ok {
		apiError(w, http.StatusNotFound, "ConversationNotFound", "Conversation not found.")
		return
	}
	id := s.next()
	s.msgs = append(s.msgs, &Message{ID: id, Channel: ch, Root: id, Text: in.Activity.text(), Card: in.Activity.card(), At: time.Now()})
	writeJSON(w, http.StatusCreated, map[string]string{"id": ch + ";messageid=" + id, "activityId": id})
}

// send posts in a conversation: a reply in a thread, or a new post.
func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r, botScope) {
		apiError(w, http.StatusUnauthorized, "Unauthorized", "Authorization has been denied for this request.")
		return
	}
	var a activity
	if !decode(w, r, &a) {
		return
	}
	ch, root := splitConv(r.PathValue("conv"))
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.next()
	if root == "" {
		root = id
	} else if s.find(root) == nil {
		apiError(w, http.StatusNotFound, "ConversationNotFound", "Conversation not found.")
		return
	}
	s.msgs = append(s.msgs, &Message{ID: id, Channel: ch, Root: root, Text: a.text(), Card: a.card(), At: time.Now()})
	writeJSON(w, http.StatusCreated, map[string]string{"id": id})
}

// update replaces a message the bot posted.
func (s *Server) update(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r, botScope) {
		apiError(w, http.StatusUnauthorized, "Unauthorized", "Authorization has been denied for this request.")
		return
	}
	var a activity
	if !decode(w, r, &a) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.find(r.PathValue("id"))
	if m == nil {
		apiError(w, http.StatusNotFound, "ActivityNotFound", "Activity not found.")
		return
	}
	m.Text, m.Card, m.Updates = a.text(), a.card(), m.Updates+1
	writeJSON(w, http.StatusOK, map[string]string{"id": m.ID})
}

// member answers a user's profile.
func (s *Server) member(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r, botScope) {
		apiError(w, http.StatusUnauthorized, "Unauthorized", "Authorization has been denied for this request.")
		return
	}
	s.mu.Lock()
	u, ok := s.users[r.PathValue("user")]
	s.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "MemberNotFoundInConversation", "The member was not found.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": u.ID, "name": u.Name, "aadObjectId": u.AADObjectID,
		"email": u.Email, "userPrincipalName": strings.ToLower(u.Email)})
}

func (s *Server) find(id string) *Message {
	for _, m := range s.msgs {
		if m.ID == id {
			return m
		}
	}
	return nil
}
