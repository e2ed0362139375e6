package halopsatest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem/integrations/halopsa"
)

// postActions adds each action of the array, as the API's agent, moving
// the ticket when it has new_status.
func (s *Server) postActions(w http.ResponseWriter, r *http.Request) {
	var in []halopsa.Action
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in) == 0 {
		writeJSON(w, 400, map[string]string{"message": "The request body must be a JSON array of actions."})
		return
	}
	s.mu.Lock()
	var saved halopsa.Action
	for _, a := range in {
		if _, ok := s.tickets[a.TicketID]; !ok {
			s.mu.Unlock()
			writeJSON(w, 400, map[string]string{"message": "Ticket " + strconv.Itoa(a.TicketID) + " does not exist."})
			return
		}
		a.WhoAgentID, a.Who = APIAgentID, APIAgentName
		saved = s.addAction(a)
	}
	s.mu.Unlock()
	s.pause()
	writeJSON(w, 201, saved)
}

// addAction stores a and applies its status change (mu held).
func (s *Server) addAction(a halopsa.Action) halopsa.Action {
	a = s.stamp(a)
	a.OldStatus = s.tickets[a.TicketID].StatusID
	s.actions[a.TicketID] = append(s.actions[a.TicketID], a)
	if a.NewStatus != 0 {
		s.tickets[a.TicketID].StatusID = a.NewStatus
	}
	return a
}

func (s *Server) listActions(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.URL.Query().Get("ticket_id"))
	out := s.Actions(id)
	writeJSON(w, 200, map[string]any{"record_count": len(out), "actions": out})
}

// Actions are ticket id's actions, oldest first.
func (s *Server) Actions(id int) []halopsa.Action {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]halopsa.Action{}, s.actions[id]...)
}

// AgentAction plays agent (id, name) adding an action on ticket: a note,
// a status change (newStatus, 0 for none) or both. It returns the action.
func (s *Server) AgentAction(ticket, agent int, name, note string, newStatus int) halopsa.Action {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addAction(halopsa.Action{TicketID: ticket, Note: note, NewStatus: newStatus, WhoAgentID: agent, Who: name,
		Outcome: "Agent Update", HiddenFromUser: true})
}

// Notify sends the webhook Halo sends for action a to url with Basic
// credentials user:password, and returns the status it got.
func (s *Server) Notify(url, user, password string, a halopsa.Action) (int, error) {
	s.mu.Lock()
	t := *s.tickets[a.TicketID]
	s.mu.Unlock()
	body, _ := json.Marshal(map[string]any{"id": a.ID, "event": "Action Added", "ticket": t, "action": a})
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(user, password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
