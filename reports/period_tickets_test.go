package reports_test

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// A ticket whose room.created entry lands after the incident resolved (the
// outbox delivered the ticket's creation after a quick auto-resolve; the
// resolve then closes it) is a closed ticket, not one still open: its
// resolution time counts as zero, and the ticket still open at the end of
// the period is the other one only.
func TestReviewTicketOpenedAfterResolutionIsClosed(t *testing.T) {
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	at := from.Add(10 * time.Hour)
	quick := incident.Incident{ID: "INC-1", Severity: incident.Sev2, Service: "db", OpenedAt: at,
		Status: incident.StatusResolved, ResolvedAt: at.Add(2 * time.Minute)}
	open := incident.Incident{ID: "INC-2", Severity: incident.Sev2, Service: "db", OpenedAt: at, Status: incident.StatusOpen}
	room := func(id string, m int) []incident.Event {
		return []incident.Event{incident.NewEvent(at.Add(time.Duration(m)*time.Minute), incident.KindRoomCreated, incident.Tandem,
			incident.DetailPlatform, "connectwise", incident.DetailChannel, "T-"+id)}
	}
	r := reports.ComputeReview(reports.PeriodInput{Incidents: []incident.Incident{quick, open},
		Timelines: map[string][]incident.Event{"INC-1": room("1", 3), "INC-2": room("2", 1)}, From: from, To: from.AddDate(0, 1, 0)})
	tk := r.Period.Tickets
	if tk.Opened != 2 || tk.Open != 1 || tk.All.N != 1 || tk.All.Median != 0 || tk.ByPlatform["connectwise"].N != 1 {
		t.Fatalf("tickets: opened %d, open %d, resolution %+v", tk.Opened, tk.Open, tk.All)
	}
}
