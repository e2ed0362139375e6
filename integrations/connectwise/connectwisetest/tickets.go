package connectwisetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	cw "github.com/tandemhq/tandem/integrations/connectwise"
)

func (s *Server) createTicket(w http.ResponseWriter, r *http.Request) {
	var t cw.Ticket
	if err := json.NewDecoder(r.Body).Decode(&t); err != nil {
		writeError(w, http.StatusBadRequest, "InvalidObject", "the body is not a ticket: "+err.Error(), "")
		return
	}
	if field, msg := checkTicket(t); field != "" {
		writeError(w, http.StatusBadRequest, "InvalidObject", msg, field)
		return
	}
	s.mu.Lock()
	s.nextID++
	t.ID = s.nextID
	if t.Status == nil {
		t.Status = &cw.Ref{Name: StatusNew}
	}
	s.stamp(&t, APIMember)
	s.tickets = append(s.tickets, &t)
	if t.InitialDescription != "" {
		s.appendNote(t.ID, cw.Note{Text: t.InitialDescription, DetailDescriptionFlag: true}, APIMember)
	}
	out := t
	s.mu.Unlock()
	s.callback("added", out)
	s.written("POST service/tickets")
	writeJSON(w, http.StatusCreated, out)
}

// checkTicket names the first field ConnectWise would refuse.
func checkTicket(t cw.Ticket) (field, msg string) {
	switch {
	case strings.TrimSpace(t.Summary) == "":
		return "summary", "Summary is required"
	case len(t.Summary) > 100:
		return "summary", "Summary may not be longer than 100 characters"
	case t.Board.Name != Board:
		return "board", "Board not found: " + t.Board.Name
	case t.Company.Identifier != Company:
		return "company", "Company not found: " + t.Company.Identifier
	case t.Priority != nil && !slices.Contains(Priorities, t.Priority.Name):
		return "priority", "Priority not found: " + t.Priority.Name
	case t.Status != nil && !validStatus(t.Status.Name):
		return "status", "Status not found on the board: " + t.Status.Name
	case len(t.ExternalXRef) > 100:
		return "externalXRef", "externalXRef may not be longer than 100 characters"
	}
	return "", ""
}

func validStatus(name string) bool {
	return name == StatusNew || name == StatusAck || name == StatusResolved
}

// findTickets serves conditions=externalXRef="…" (the one condition Tandem
// uses); any other condition is refused as ConnectWise refuses a bad one.
func (s *Server) findTickets(w http.ResponseWriter, r *http.Request) {
	cond := r.URL.Query().Get("conditions")
	rest, ok := strings.CutPrefix(cond, "externalXRef=")
	ref, err := strconv.Unquote(rest)
	if !ok || err != nil {
		writeError(w, http.StatusBadRequest, "InvalidObject", "conditions: cannot parse "+strconv.Quote(cond), "conditions")
		return
	}
	s.mu.Lock()
	out := []cw.Ticket{}
	for _, t := range s.tickets {
		if t.ExternalXRef == ref {
			out = append(out, *t)
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

// ticket finds the path's ticket, or answers 404.
func (s *Server) ticket(w http.ResponseWriter, r *http.Request) *cw.Ticket {
	id, _ := strconv.Atoi(r.PathValue("id"))
	for _, t := range s.tickets {
		if t.ID == id {
			return t
		}
	}
	writeError(w, http.StatusNotFound, "NotFound", "Ticket "+r.PathValue("id")+" not found", "")
	return nil
}

func (s *Server) getTicket(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.ticket(w, r); t != nil {
		writeJSON(w, http.StatusOK, t)
	}
}

// patchTicket applies a JSON Patch array: replace of status or priority
// (what Tandem changes); anything else is refused.
func (s *Server) patchTicket(w http.ResponseWriter, r *http.Request) {
	var ops []struct {
		Op    string          `json:"op"`
		Path  string          `json:"path"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.NewDecoder(r.Body).Decode(&ops); err != nil || len(ops) == 0 {
		writeError(w, http.StatusBadRequest, "InvalidObject", "the body must be a JSON Patch array", "")
		return
	}
	var status, priority cw.Ref
	for _, op := range ops {
		path := strings.Trim(op.Path, "/")
		ok := op.Op == "replace" && (path == "status" && json.Unmarshal(op.Value, &status) == nil && validStatus(status.Name) ||
			path == "priority" && json.Unmarshal(op.Value, &priority) == nil && slices.Contains(Priorities, priority.Name))
		if !ok {
			writeError(w, http.StatusBadRequest, "InvalidObject", "unsupported patch operation "+op.Op+" "+op.Path+" "+string(op.Value), path)
			return
		}
	}
	s.mu.Lock()
	t := s.ticket(w, r)
	if t == nil {
		s.mu.Unlock()
		return
	}
	if status.Name != "" {
		s.setStatus(t, status.Name, APIMember)
	}
	if priority.Name != "" {
		t.Priority = &cw.Ref{Name: priority.Name}
		s.stamp(t, APIMember)
	}
	out := *t
	s.mu.Unlock()
	s.callback("updated", out)
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) setStatus(t *cw.Ticket, status, by string) {
	t.Status = &cw.Ref{Name: status}
	t.ClosedFlag = status == StatusResolved
	s.stamp(t, by)
}

func (s *Server) stamp(t *cw.Ticket, by string) {
	t.Info = cw.Info{UpdatedBy: by, LastUpdated: s.now().UTC().Format("2006-01-02T15:04:05.000000000Z")}
}

// callback POSTs the callback of a change to the callback URL, in the
// background as ConnectWise does (a change is not held up by it).
func (s *Server) callback(action string, t cw.Ticket) {
	s.mu.Lock()
	target := s.callbackURL
	s.mu.Unlock()
	if target == "" {
		return
	}
	entity, _ := json.Marshal(t)
	body, _ := json.Marshal(map[string]any{"Action": action, "ID": t.ID, "Type": "ticket", "Entity": string(entity),
		"MemberId": 0, "CompanyId": CompanyID})
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Post(target, "application/json", bytes.NewReader(body))
		if err == nil {
			resp.Body.Close()
		}
	}()
}
