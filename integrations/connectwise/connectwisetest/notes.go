package connectwisetest

import (
	"encoding/json"
	"net/http"
	"slices"

	cw "github.com/tandemhq/tandem/integrations/connectwise"
)

func (s *Server) addNote(w http.ResponseWriter, r *http.Request) {
	var n cw.Note
	if err := json.NewDecoder(r.Body).Decode(&n); err != nil {
		writeError(w, http.StatusBadRequest, "InvalidObject", "the body is not a note: "+err.Error(), "")
		return
	}
	if n.Text == "" {
		writeError(w, http.StatusBadRequest, "InvalidObject", "Text is required", "text")
		return
	}
	if !n.DetailDescriptionFlag && !n.InternalAnalysisFlag && !n.ResolutionFlag {
		writeError(w, http.StatusBadRequest, "InvalidObject", "A note must be discussion, internal or resolution", "detailDescriptionFlag")
		return
	}
	s.mu.Lock()
	t := s.ticket(w, r)
	if t == nil {
		s.mu.Unlock()
		return
	}
	out := s.appendNote(t.ID, n, APIMember)
	s.mu.Unlock()
	s.written("POST service/tickets/{id}/notes")
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) appendNote(ticket int, n cw.Note, by string) cw.Note {
	s.nextID++
	n.ID, n.TicketID, n.CreatedBy = s.nextID, ticket, by
	n.Member = &cw.MemberRef{Identifier: by}
	n.DateCreated = s.now().UTC().Format("2006-01-02T15:04:05Z")
	s.notes[ticket] = append(s.notes[ticket], n)
	return n
}

func (s *Server) listNotes(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.ticket(w, r); t != nil {
		writeJSON(w, http.StatusOK, append([]cw.Note{}, s.notes[t.ID]...))
	}
}

// Tickets are every ticket opened, oldest first.
func (s *Server) Tickets() []cw.Ticket {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]cw.Ticket, len(s.tickets))
	for i, t := range s.tickets {
		out[i] = *t
	}
	return out
}

// Notes are ticket id's notes, oldest first.
func (s *Server) Notes(id int) []cw.Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.notes[id])
}

// Move is a person (member) moving ticket id to status in ConnectWise: the
// ticket is changed and the callback sent, as ConnectWise would.
func (s *Server) Move(id int, status, member string) {
	s.mu.Lock()
	var out cw.Ticket
	for _, t := range s.tickets {
		if t.ID == id {
			s.setStatus(t, status, member)
			out = *t
		}
	}
	s.mu.Unlock()
	s.callback("updated", out)
}

// Note is a person (member) writing a discussion note on ticket id.
func (s *Server) Note(id int, text, member string) {
	s.mu.Lock()
	s.appendNote(id, cw.Note{Text: text, DetailDescriptionFlag: true}, member)
	var out cw.Ticket
	for _, t := range s.tickets {
		if t.ID == id {
			s.stamp(t, member)
			out = *t
		}
	}
	s.mu.Unlock()
	s.callback("updated", out)
}
