package reports_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// A ladder whose earlier steps do not match the severity (say step 1 is
// for sev3–4 only) reaches the MSP's step 2 at the opening, in business
// hours: nobody went unacknowledged, the MSP was the first paged, so the
// reason is first_step. Step 2 reached after the internal team's page
// went unanswered is no_ack.
func TestReviewEscalationReasonSkippedStepsAreNotNoAck(t *testing.T) {
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC) // a Tuesday, business hours
	paged := func(when time.Time, team string, side incident.Side, index int) incident.Event {
		e := incident.NewEvent(when, incident.KindPaged, incident.Tandem, incident.DetailTeam, team, incident.DetailSide, string(side))
		maps.Copy(e.Details, escalation.Reached{Index: index, Cursor: index, Window: escalation.BusinessHours}.Encode())
		return e
	}
	skipped := incident.Incident{ID: "INC-1", Severity: incident.Sev1, Service: "db", OpenedAt: at, Status: incident.StatusOpen}
	unacked := incident.Incident{ID: "INC-2", Severity: incident.Sev3, Service: "db", OpenedAt: at, Status: incident.StatusOpen}
	timelines := map[string][]incident.Event{
		"INC-1": {paged(at, "noc", incident.MSP, 1)},
		"INC-2": {paged(at, "acme-it", incident.Internal, 0), paged(at.Add(15*time.Minute), "noc", incident.MSP, 1)},
	}
	r := reports.ComputeReview(reports.PeriodInput{Incidents: []incident.Incident{skipped, unacked}, Timelines: timelines,
		From: from, To: from.AddDate(0, 1, 0)})
	e := r.Period.Escalations
	if e.Reached != 2 || !slices.Equal(e.ByReason[reports.ReasonFirstStep], []string{"INC-1"}) ||
		!slices.Equal(e.ByReason[reports.ReasonNoAck], []string{"INC-2"}) {
		t.Fatalf("escalations %+v", e)
	}
}
