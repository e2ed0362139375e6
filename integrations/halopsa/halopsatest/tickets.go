package halopsatest

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem/integrations/halopsa"
)

// postTickets creates (no id) or updates (with id) each ticket of the
// array and answers the last one saved, as Halo does.
func (s *Server) postTickets(w http.ResponseWriter, r *http.Request) {
	var in []halopsa.Ticket
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in) == 0 {
		writeJSON(w, 400, map[string]string{"message": "The request body must be a JSON array of tickets."})
		return
	}
	s.mu.Lock()
	var saved halopsa.Ticket
	var msg string
	for _, t := range in {
		if saved, msg = s.saveTicket(t); msg != "" {
			break
		}
	}
	s.mu.Unlock()
	if msg != "" {
		writeJSON(w, 400, map[string]string{"message": msg})
		return
	}
	s.pause()
	writeJSON(w, 201, saved)
}

// saveTicket creates or updates one ticket (mu held); msg says what is wrong.
func (s *Server) saveTicket(t halopsa.Ticket) (halopsa.Ticket, string) {
	if t.ID == 0 {
		if t.Summary == "" {
			return t, "A summary is required."
		}
		s.nextID++
		t.ID = s.nextID
		if t.StatusID == 0 {
			t.StatusID = 1
		}
		s.tickets[t.ID], s.order = &t, append(s.order, t.ID)
		s.actions[t.ID] = append(s.actions[t.ID], s.stamp(halopsa.Action{TicketID: t.ID, Outcome: "Ticket Logged",
			Note: t.Details, WhoAgentID: APIAgentID, Who: APIAgentName}))
		return t, ""
	}
	cur, ok := s.tickets[t.ID]
	if !ok {
		return t, "Ticket " + strconv.Itoa(t.ID) + " does not exist."
	}
	if t.StatusID != 0 && t.StatusID != cur.StatusID {
		s.actions[t.ID] = append(s.actions[t.ID], s.stamp(halopsa.Action{TicketID: t.ID, Outcome: "Status Change",
			NewStatus: t.StatusID, OldStatus: cur.StatusID, WhoAgentID: APIAgentID, Who: APIAgentName, HiddenFromUser: true}))
		cur.StatusID = t.StatusID
	}
	if t.PriorityID != 0 {
		cur.PriorityID = t.PriorityID
	}
	return *cur, ""
}

// stamp gives an action its id (mu held): its number within its ticket,
// as Halo numbers them (an action is named by ticket_id and id together:
// the HaloAPI module's Get-HaloAction -ActionID -TicketID), so two tickets
// have actions of the same id.
func (s *Server) stamp(a halopsa.Action) halopsa.Action {
	a.ID = len(s.actions[a.TicketID]) + 1
	return a
}

func (s *Server) getTicket(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.PathValue("id"))
	s.mu.Lock()
	t, ok := s.tickets[id]
	var out halopsa.Ticket
	if ok {
		out = *t
	}
	s.mu.Unlock()
	if !ok {
		writeJSON(w, 404, map[string]string{"message": "Ticket not found."})
		return
	}
	writeJSON(w, 200, out)
}

// listTickets filters by client_ref (the only filter Tandem uses).
func (s *Server) listTickets(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("client_ref")
	s.mu.Lock()
	out := []halopsa.Ticket{}
	for _, id := range s.order {
		if t := s.tickets[id]; ref == "" || t.ClientReference == ref {
			out = append(out, *t)
		}
	}
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"record_count": len(out), "tickets": out})
}

// Tickets are every ticket, in the order they were opened.
func (s *Server) Tickets() []halopsa.Ticket {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]halopsa.Ticket, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, *s.tickets[id])
	}
	return out
}
