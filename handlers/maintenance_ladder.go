package handlers

import (
	"context"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// holdRecheck is how often a ladder held by a hold_open window looks
// again, so a window ended early lets it go on within that time.
const holdRecheck = time.Minute

// holdLadder keeps a ladder step from running while a hold_open window
// covers the incident's service: the timer comes back at the window's end
// (or at the next recheck, whichever is first), with its step unchanged.
func (s *Service) holdLadder(ctx context.Context, t incident.Timer) (bool, error) {
	if s.opt.Maintenance.Store == nil {
		return false, nil
	}
	inc, err := s.store.Get(ctx, t.Incident)
	if err != nil || inc.Status != incident.StatusOpen {
		return false, nil // the ladder's own checks decide
	}
	now := s.opt.Now()
	w, ok, err := s.coveringWindow(ctx, inc.Service, now)
	if err != nil || !ok || !w.HoldOpen {
		return false, err
	}
	t.Due = now.Add(holdRecheck)
	if w.End.Before(t.Due) {
		t.Due = w.End
	}
	if err := s.opt.Maintenance.Store.SetTimers(ctx, t); err != nil {
		return false, err
	}
	s.log.Info("ladder held by a hold_open maintenance window", "incident", inc.ID, "window", w.ID, "until", w.End)
	return true, s.store.FinishTimer(ctx, t.ID)
}
