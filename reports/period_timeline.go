package reports

import (
	"cmp"
	"slices"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// What a review reads from the timelines: why the MSP side was reached,
// which alerts fired most, and the PSA tickets' resolution time.

// Why an incident reached the MSP side, from its first paged entry of an
// MSP team: a person escalated (an escalated entry at the same instant, or
// a manual page), the ladder paged the MSP after hours, or a later ladder
// step paged it because the earlier ones, paged before it, were not
// acknowledged; otherwise the first step that pages anyone pages the MSP in
// business hours (a service in its scope, or earlier steps that do not
// match the severity).
// The first that applies, in this order, is the reason.
const (
	ReasonManual     = "manual"
	ReasonAfterHours = "after_hours"
	ReasonNoAck      = "no_ack"
	ReasonFirstStep  = "first_step"
)

// Reasons lists the reasons in review order.
var Reasons = []string{ReasonAfterHours, ReasonNoAck, ReasonManual, ReasonFirstStep}

// Escalations counts the period's incidents that reached the MSP side, by
// reason, with their IDs in order of opening.
type Escalations struct {
	Reached  int
	ByReason map[string][]string
}

func escalations(incs []incident.Incident, timelines map[string][]incident.Event, asOf time.Time) Escalations {
	out := Escalations{ByReason: map[string][]string{}}
	for _, inc := range sortedByOpening(incs) {
		if reason, ok := mspReason(timelines[inc.ID], asOf); ok {
			out.Reached++
			out.ByReason[reason] = append(out.ByReason[reason], inc.ID)
		}
	}
	return out
}

// mspReason is why the first page of an MSP team (by asOf) happened.
func mspReason(events []incident.Event, asOf time.Time) (string, bool) {
	for i, e := range events {
		if e.At.After(asOf) {
			break
		}
		if e.Kind != incident.KindPaged || e.Details[incident.DetailSide] != string(incident.MSP) {
			continue
		}
		r := escalation.DecodeReached(e.Details)
		switch {
		case r.Index < 0 || escalatedAt(events[:i], e.At):
			return ReasonManual, true
		case r.Window == escalation.AfterHours:
			return ReasonAfterHours, true
		case (r.Index > 0 || r.Pass > 0) && pagedBefore(events[:i], e.At):
			return ReasonNoAck, true
		}
		return ReasonFirstStep, true
	}
	return "", false
}

// pagedBefore: someone was paged before instant at. A later step reached
// with nobody paged before was reached because the earlier steps did not
// match the severity or window (skipped at once), not for want of an
// acknowledgement.
func pagedBefore(before []incident.Event, at time.Time) bool {
	for _, e := range before {
		if e.Kind == incident.KindPaged && e.At.Before(at) {
			return true
		}
	}
	return false
}

// escalatedAt: a person's escalated entry at instant at precedes (the
// pages of one escalation are committed with it, at the same instant).
func escalatedAt(before []incident.Event, at time.Time) bool {
	for i := len(before) - 1; i >= 0 && before[i].At.Equal(at); i-- {
		if before[i].Kind == incident.KindEscalated {
			return true
		}
	}
	return false
}

// Noise is one alert's count over a period: its firing entries, the
// incidents it fired in, and how many of those monitoring resolved before
// anyone acknowledged them.
type Noise struct {
	Alert               string
	Firings, Incidents  int
	AutoResolvedUnacked int
}

// noisiestCount is how many alerts the review lists.
const noisiestCount = 5

func noisiest(incs []incident.Incident, timelines map[string][]incident.Event, asOf time.Time) []Noise {
	by := map[string]*Noise{}
	for _, inc := range incs {
		seen := map[string]bool{}
		auto := autoResolvedUnacked(inc, timelines[inc.ID], asOf)
		for _, e := range timelines[inc.ID] {
			name := cmp.Or(e.Details[incident.DetailAlert], e.Details[incident.DetailFingerprint])
			if e.Kind != incident.KindAlertFiring || e.At.After(asOf) || name == "" {
				continue
			}
			n := by[name]
			if n == nil {
				n = &Noise{Alert: name}
				by[name] = n
			}
			n.Firings++
			if !seen[name] {
				seen[name] = true
				n.Incidents++
				if auto {
					n.AutoResolvedUnacked++
				}
			}
		}
	}
	out := make([]Noise, 0, len(by))
	for _, n := range by {
		out = append(out, *n)
	}
	slices.SortFunc(out, func(a, b Noise) int {
		return cmp.Or(cmp.Compare(b.Firings, a.Firings), cmp.Compare(b.Incidents, a.Incidents), cmp.Compare(a.Alert, b.Alert))
	})
	return out[:min(noisiestCount, len(out))]
}

// PSAPlatforms are the chat platforms that are PSA ticketing systems: a
// room created on one is a ticket opened there.
var PSAPlatforms = []string{"connectwise", "halopsa"}

// Tickets is the PSA tickets of the period's incidents: their resolution
// time (the ticket's opening, its room.created entry, to the incident's
// resolution, which closes it) by PSA platform, over all, and how many are
// still open at the end of the period.
type Tickets struct {
	Opened, Open int
	ByPlatform   map[string]Stats
	All          Stats
}

func tickets(incs []incident.Incident, timelines map[string][]incident.Event, asOf time.Time) Tickets {
	t := Tickets{ByPlatform: map[string]Stats{}}
	by := map[string][]time.Duration{}
	var all []time.Duration
	for _, inc := range incs {
		platform, opened, ok := ticketOpened(timelines[inc.ID], asOf)
		if !ok {
			continue
		}
		t.Opened++
		if inc.ResolvedAt.IsZero() || inc.ResolvedAt.After(asOf) {
			t.Open++
			continue
		}
		// A ticket recorded after the incident resolved (its creation was
		// delivered after a quick resolve, which then closes it) is closed
		// at once, not open for ever.
		d := max(inc.ResolvedAt.Sub(opened), 0)
		by[platform] = append(by[platform], d)
		all = append(all, d)
	}
	for p, v := range by {
		t.ByPlatform[p] = NewStats(v)
	}
	t.All = NewStats(all)
	return t
}

// ticketOpened finds the first PSA room of a timeline, by asOf.
func ticketOpened(events []incident.Event, asOf time.Time) (string, time.Time, bool) {
	for _, e := range events {
		if e.At.After(asOf) {
			break
		}
		if p := e.Details[incident.DetailPlatform]; e.Kind == incident.KindRoomCreated && slices.Contains(PSAPlatforms, p) {
			return p, e.At, true
		}
	}
	return "", time.Time{}, false
}

func sortedByOpening(incs []incident.Incident) []incident.Incident {
	out := slices.Clone(incs)
	slices.SortFunc(out, func(a, b incident.Incident) int {
		return cmp.Or(a.OpenedAt.Compare(b.OpenedAt), cmp.Compare(a.Number(), b.Number()))
	})
	return out
}
