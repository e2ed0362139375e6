package handlers

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// holdForMaintenance records g against the maintenance window covering
// its service, if one runs, and reports whether it did. A group whose
// incident is already open joins it as usual: that incident keeps its
// ladder (and its resolved alerts must reach it). A group the window's end
// replays (HeldBy) is never held again.
func (s *Service) holdForMaintenance(ctx context.Context, g incident.AlertGroup) (bool, error) {
	st := s.opt.Maintenance.Store
	if st == nil || g.HeldBy != "" {
		return false, nil
	}
	now := s.opt.Now()
	service, _ := s.serviceRule(g.Service)
	w, ok, err := s.coveringWindow(ctx, service, now)
	if err != nil || !ok {
		return false, err
	}
	if open, err := s.groupOpen(ctx, g.Source+":"+g.Key); err != nil || open {
		return false, err
	}
	n, held, err := st.HoldAlerts(ctx, w, g, now)
	if err != nil || !held {
		return false, err // ended meanwhile: the alert opens its incident as usual
	}
	if s.opt.Maintenance.Suppressed != nil && n > 0 {
		s.opt.Maintenance.Suppressed(service, n)
	}
	return true, nil
}

// coveringWindow finds a window running at now that covers service.
func (s *Service) coveringWindow(ctx context.Context, service string, now time.Time) (incident.Window, bool, error) {
	ws, err := s.opt.Maintenance.Store.ActiveWindows(ctx, now)
	if err != nil {
		return incident.Window{}, false, err
	}
	for _, w := range ws {
		if w.Covers(service, now) {
			return w, true, nil
		}
	}
	return incident.Window{}, false, nil
}

// groupOpen reports whether the group's dedup key points at an open or
// acknowledged incident.
func (s *Service) groupOpen(ctx context.Context, key string) (bool, error) {
	id, err := s.opt.Maintenance.Store.DedupIncident(ctx, key)
	if err != nil || id == "" {
		return false, err
	}
	inc, err := s.store.Get(ctx, id)
	if incident.ErrorCode(err) == incident.ENotFound {
		return false, nil
	}
	return err == nil && inc.Status != incident.StatusResolved, err
}

// EndWindow runs a window's end timer: it records the end (once) and
// opens the incident of every held group still firing, saying it fired
// during maintenance since when. Intake is idempotent per group, so a
// timer run twice opens (and pages) nothing twice. It returns the window.
func (s *Service) EndWindow(ctx context.Context, t incident.Timer) (incident.Window, error) {
	st := s.opt.Maintenance.Store
	id := t.Data["window"]
	w, err := st.Window(ctx, id)
	if incident.ErrorCode(err) == incident.ENotFound {
		return w, s.store.FinishTimer(ctx, t.ID)
	}
	if err != nil {
		return w, err
	}
	if w.EndedAt.IsZero() {
		if _, err := st.EndWindow(ctx, id, t.Due, nil, false); err != nil {
			return w, err
		}
	}
	if err := s.replayHeld(ctx, w); err != nil {
		return w, err
	}
	return w, s.store.FinishTimer(ctx, t.ID)
}

// replayHeld opens the incidents of the window's groups that still fire.
func (s *Service) replayHeld(ctx context.Context, w incident.Window) error {
	held, err := s.opt.Maintenance.Store.HeldAlerts(ctx, w.ID)
	if err != nil {
		return err
	}
	var errs []error
	for _, g := range firingGroups(held, w.ID) {
		if _, err := s.Intake(ctx, g); err != nil {
			errs = append(errs, fmt.Errorf("window %s group %s: %w", w.ID, g.Key, err))
		}
	}
	return errors.Join(errs...)
}

// firingGroups regroups held alerts by group, keeping the firing ones,
// each group marked with the window and when it first fired in it.
func firingGroups(held []incident.SuppressedAlert, window string) []incident.AlertGroup {
	byKey := map[string]*incident.AlertGroup{}
	var keys []string
	for _, h := range held {
		if len(h.Group.Alerts) != 1 || h.Group.Alerts[0].Status != incident.AlertFiring {
			continue
		}
		k := h.Group.Source + ":" + h.Group.Key
		g, ok := byKey[k]
		if !ok {
			one := h.Group
			one.Alerts, one.HeldBy, one.HeldSince = nil, window, h.Since
			g, byKey[k] = &one, &one
			keys = append(keys, k)
		}
		g.Alerts = append(g.Alerts, h.Group.Alerts[0])
		if h.Since.Before(g.HeldSince) {
			g.HeldSince = h.Since
		}
	}
	sort.Strings(keys)
	out := make([]incident.AlertGroup, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
	}
	return out
}

// heldNote is the note an incident opened at a window's end starts with.
func (s *Service) heldNote(g incident.AlertGroup, now time.Time) incident.Event {
	return incident.NewEvent(now, incident.KindNote, incident.Monitoring, incident.DetailText,
		fmt.Sprintf("This alert fired during maintenance window %s since %s and still fired when the window ended.",
			g.HeldBy, s.windowTime(g.HeldSince)))
}
