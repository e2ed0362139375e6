package handlers

import (
	"time"

	"github.com/tandemhq/tandem/incident"
)

// ArchivedLookup finds the last incident archived with an alert group's
// dedup key ("source:key"); ok is false when there is none (or no archive
// on this replica).
type ArchivedLookup func(dedupKey string) (id string, archivedAt time.Time, ok bool)

// noteArchived makes a new incident of an alert group whose last incident
// retention trimmed say so: the opened entry names the archived incident
// (details previous, previous_archived_at) and a note tells the room
// where to find it.
func (s *Service) noteArchived(events []incident.Event, dedupKey string, now time.Time) []incident.Event {
	if s.opt.Archived == nil || dedupKey == "" || len(events) == 0 {
		return events
	}
	prev, at, ok := s.opt.Archived(dedupKey)
	if !ok {
		return events
	}
	opened := events[0]
	opened.Details = cloneDetails(opened.Details)
	opened.Details[incident.DetailPrevious] = prev
	opened.Details[incident.DetailPreviousArchivedAt] = at.UTC().Format(time.RFC3339)
	note := incident.NewEvent(now, incident.KindNote, incident.Monitoring, incident.DetailText,
		"This alert group had "+prev+", resolved long ago and archived on "+at.UTC().Format("2006-01-02")+
			" (retention): this is a new incident. The old timeline is in the retention archive.")
	return append([]incident.Event{opened, note}, events[1:]...)
}

func cloneDetails(d map[string]string) map[string]string {
	out := make(map[string]string, len(d)+2)
	for k, v := range d {
		out[k] = v
	}
	return out
}
