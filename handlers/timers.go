package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// FireTimer runs a claimed timer. Every timer is idempotent: it checks the
// incident's state and does nothing when the state moved on, so a timer
// that fires twice (its worker died after acting) changes nothing twice.
func (s *Service) FireTimer(ctx context.Context, t incident.Timer) error {
	switch t.Kind {
	case incident.TimerLadder:
		return s.fireLadder(ctx, t)
	case incident.TimerRemindUnack:
		return s.remind(ctx, t, incident.StatusOpen, incident.ReminderUnacked)
	case incident.TimerRemindUpdate:
		return s.remind(ctx, t, incident.StatusAcked, incident.ReminderUpdate)
	case incident.TimerSLAAck, incident.TimerSLAResolve:
		return s.checkSLA(ctx, t)
	case incident.TimerRoomClose:
		return s.closeRoomsDue(ctx, t)
	}
	s.log.Warn("dropping a timer of unknown kind", "timer", t.ID, "kind", t.Kind)
	return s.store.FinishTimer(ctx, t.ID)
}

// remind posts a reminder while the incident stays in status; plan sets the
// next one.
func (s *Service) remind(ctx context.Context, t incident.Timer, status incident.Status, kind string) error {
	_, err := s.update(ctx, t.Incident, t.ID, func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		if inc.Status != status {
			return inc, nil, nil
		}
		var text string
		if kind == incident.ReminderUnacked {
			text = fmt.Sprintf("%s is not acknowledged after %s. Who is on it? `/incident ack %s`", inc.ID, chat.Duration(now.Sub(inc.OpenedAt)), inc.ID)
		} else {
			text = fmt.Sprintf("%s has been acknowledged for %s. %s, please post an update: `/incident note %s <text>`",
				inc.ID, chat.Duration(now.Sub(inc.AckedAt)), holderName(inc), inc.ID)
		}
		return inc, []incident.Event{incident.NewEvent(now, incident.KindReminded, incident.Tandem, incident.DetailReminder, kind, incident.DetailText, text)}, nil
	})
	return err
}

func holderName(inc incident.Incident) string {
	if h := inc.Holder(); h != nil {
		return h.Name
	}
	return "whoever holds it"
}

// checkSLA records a breach when the incident missed its target.
func (s *Service) checkSLA(ctx context.Context, t incident.Timer) error {
	_, err := s.update(ctx, t.Incident, t.ID, func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		missed := inc.Status == incident.StatusOpen
		sla := "ack"
		if t.Kind == incident.TimerSLAResolve {
			missed, sla = inc.Status != incident.StatusResolved, "resolve"
		}
		if !missed {
			return inc, nil, nil
		}
		return inc, []incident.Event{incident.NewEvent(now, incident.KindSLABreached, incident.Tandem,
			incident.DetailSLA, sla, incident.DetailTarget, t.Data[incident.TimerDataTarget], incident.DetailSeverity, inc.Severity.String())}, nil
	})
	return err
}
