package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// MaintenanceStore keeps maintenance windows and the alerts they held back.
type MaintenanceStore interface {
	CreateWindow(ctx context.Context, w incident.Window, claim string, end incident.Timer) (incident.Window, error)
	Window(ctx context.Context, id string) (incident.Window, error)
	Windows(ctx context.Context) ([]incident.Window, error)
	ActiveWindows(ctx context.Context, now time.Time) ([]incident.Window, error)
	EndWindow(ctx context.Context, id string, at time.Time, by *incident.Actor, early bool) (bool, error)
	SetWindowSilences(ctx context.Context, id string, silences []string) error
	HoldAlerts(ctx context.Context, w incident.Window, g incident.AlertGroup, now time.Time) (n int, held bool, err error)
	HeldAlerts(ctx context.Context, id string) ([]incident.SuppressedAlert, error)
	DedupIncident(ctx context.Context, key string) (string, error)
	SetTimers(ctx context.Context, timers ...incident.Timer) error
}

// Silencer mirrors a window in the monitoring system (Alertmanager
// silences), so alerts stop at their source too.
type Silencer interface {
	Silence(ctx context.Context, w incident.Window) ([]string, error)
	Expire(ctx context.Context, ids []string) error
}

// MaintenanceOptions configures maintenance windows; a nil Store turns
// them off.
type MaintenanceOptions struct {
	Store MaintenanceStore
	// MaxDuration bounds a window opened from chat (maintenance.max_duration).
	MaxDuration time.Duration
	// Zone reads "until 18:00".
	Zone *time.Location
	// Silencer, when set, silences each window's services in Alertmanager.
	Silencer Silencer
	// Suppressed, when set, is told of alerts a window held back (for metrics).
	Suppressed func(service string, n int)
}

// maintenanceCommand answers `/incident maintenance …`.
func maintenanceCommand(s *Service, ctx context.Context, c call) (chat.Response, error) {
	if s.opt.Maintenance.Store == nil {
		return chat.Response{}, incident.Errorf(incident.EInvalid, "maintenance windows need Redis (redis.url)")
	}
	switch c.cmd.Target {
	case chat.MaintenanceList:
		return s.maintenanceList(ctx, c.member)
	case chat.MaintenanceEnd:
		return s.maintenanceEnd(ctx, c)
	}
	return s.maintenanceOpen(ctx, c)
}

// maintenanceOpen opens a window from chat. Every check comes before
// anything is stored, so a refusal leaves nothing behind.
func (s *Service) maintenanceOpen(ctx context.Context, c call) (chat.Response, error) {
	services, err := s.windowServices(c.cmd.Service, c.member)
	if err != nil {
		return chat.Response{}, err
	}
	now := s.opt.Now()
	end, err := s.windowEnd(c.cmd, now)
	if err != nil {
		return chat.Response{}, err
	}
	w := incident.Window{Services: services, Start: now, End: end, Reason: c.cmd.Text, By: c.by}
	w, err = s.OpenWindow(ctx, w, "")
	if err != nil {
		return chat.Response{}, err
	}
	return chat.Reply(fmt.Sprintf("🔧 %s: maintenance on %s until %s, by %s%s. Alerts of these services open no incident until then; `/incident maintenance end %s` ends it early.",
		w.ID, strings.Join(services, ", "), s.windowTime(end), c.by, reasonSuffix(w.Reason), w.ID)), nil
}

func reasonSuffix(reason string) string {
	if reason == "" {
		return ""
	}
	return ": " + reason
}

// windowServices checks the services named (comma-separated) exist and m
// may put each in maintenance: managers, the service's owner team, and an
// MSP member for services within the MSP's scope.
func (s *Service) windowServices(list string, m *Member) ([]string, error) {
	var out []string
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" || slices.Contains(out, name) {
			continue
		}
		rule, ok := s.opt.Services[name]
		if !ok {
			return nil, incident.Errorf(incident.ENotFound, "there is no service %q", name)
		}
		if err := s.mayMaintain(m, name, rule); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	if len(out) == 0 {
		return nil, incident.Errorf(incident.EInvalid, "name at least one service, e.g. `/incident maintenance database 2h patching`")
	}
	return out, nil
}

func (s *Service) mayMaintain(m *Member, service string, rule ServiceRule) error {
	if m.Team == ManagersTeam || m.Team == rule.Owner {
		return nil
	}
	t, ok := s.opt.Directory.Teams[m.Team]
	if ok && t.Side == incident.MSP && t.MaySee(service) {
		return nil
	}
	if ok && t.Side == incident.MSP {
		return incident.Errorf(incident.EUnauthorized,
			"you may not put service %q in maintenance: it is outside %s's scope (%s)", service, t.Name, strings.Join(t.Scope, ", "))
	}
	return incident.Errorf(incident.EUnauthorized,
		"you may not put service %q in maintenance: only its owner team (%s), the managers and an MSP team whose scope has it may", service, rule.Owner)
}

// windowEnd reads the window's end (a duration, or until a time in the
// bot's zone: "18:00" is the next 18:00) and checks max_duration.
func (s *Service) windowEnd(cmd chat.Command, now time.Time) (time.Time, error) {
	end := now.Add(cmd.Duration)
	if cmd.Until != "" {
		var err error
		if end, err = parseUntil(cmd.Until, now.In(s.zone())); err != nil {
			return end, err
		}
	}
	if limit := s.maxWindow(); end.Sub(now) > limit {
		return end, incident.Errorf(incident.EInvalid, "a maintenance window may last at most %s (maintenance.max_duration); this one would last %s",
			chat.Duration(limit), chat.Duration(end.Sub(now).Round(time.Minute)))
	}
	return end, nil
}

func (s *Service) maxWindow() time.Duration {
	if s.opt.Maintenance.MaxDuration > 0 {
		return s.opt.Maintenance.MaxDuration
	}
	return 24 * time.Hour
}

func (s *Service) zone() *time.Location {
	if s.opt.Maintenance.Zone != nil {
		return s.opt.Maintenance.Zone
	}
	return time.UTC
}

// parseUntil reads "15:04" (the next such time), "2006-01-02T15:04" (in
// now's zone) or RFC 3339; the time must be after now.
func parseUntil(text string, now time.Time) (time.Time, error) {
	var t time.Time
	if hm, err := time.ParseInLocation("15:04", text, now.Location()); err == nil {
		t = time.Date(now.Year(), now.Month(), now.Day(), hm.Hour(), hm.Minute(), 0, 0, now.Location())
		if !t.After(now) {
			t = t.AddDate(0, 0, 1)
		}
	} else if t, err = time.ParseInLocation("2006-01-02T15:04", text, now.Location()); err != nil {
		if t, err = time.Parse(time.RFC3339, text); err != nil {
			return t, incident.Errorf(incident.EInvalid, "%q is not a time like 18:00, 2026-12-05T18:00 or RFC 3339", text)
		}
	}
	if !t.After(now) {
		return t, incident.Errorf(incident.EInvalid, "%s is not in the future", text)
	}
	return t, nil
}

func (s *Service) windowTime(t time.Time) string {
	return t.In(s.zone()).Format("Mon 2006-01-02 15:04 MST")
}

// OpenWindow stores w and its end timer, then silences its services in
// Alertmanager (a failure there is logged: the window holds alerts back
// in Tandem all the same). claim makes the opening idempotent (recurring
// windows: one per firing, however many replicas open it).
func (s *Service) OpenWindow(ctx context.Context, w incident.Window, claim string) (incident.Window, error) {
	st := s.opt.Maintenance.Store
	end := incident.Timer{Kind: incident.TimerMaintenanceEnd, Due: w.End}
	w, err := st.CreateWindow(ctx, w, claim, end)
	if err != nil {
		return w, err
	}
	if sil := s.opt.Maintenance.Silencer; sil != nil && len(w.Silences) == 0 {
		ids, err := sil.Silence(ctx, w)
		if err == nil && len(ids) > 0 {
			err = st.SetWindowSilences(ctx, w.ID, ids)
		}
		if err != nil {
			s.log.Warn("alertmanager silence not made; tandem still holds the alerts back", "window", w.ID, "err", err)
		}
		w.Silences = ids
	}
	s.log.Info("maintenance window opened", "window", w.ID, "services", w.Services, "until", w.End)
	return w, nil
}

// maintenanceEnd ends a window early; its end timer then opens the
// incidents of alerts still firing.
func (s *Service) maintenanceEnd(ctx context.Context, c call) (chat.Response, error) {
	id, err := incident.ParseWindowID(c.cmd.Text)
	if err != nil {
		return chat.Response{}, err
	}
	st := s.opt.Maintenance.Store
	w, err := st.Window(ctx, id)
	if err != nil {
		return chat.Response{}, err
	}
	for _, svc := range w.Services {
		if err := s.mayMaintain(c.member, svc, s.opt.Services[svc]); err != nil {
			return chat.Response{}, err
		}
	}
	now := s.opt.Now()
	if !w.Open(now) {
		return chat.Private(fmt.Sprintf("%s already ended at %s.", id, s.windowTime(w.Until()))), nil
	}
	by := c.by
	if _, err := st.EndWindow(ctx, id, now, &by, true); err != nil {
		return chat.Response{}, err
	}
	return chat.Reply(fmt.Sprintf("✅ %s ended early by %s. Alerts of %s open incidents again; any still firing opens now.",
		id, c.by, strings.Join(w.Services, ", "))), nil
}

// maintenanceList shows the running windows and those that ended within
// a day, each with the alerts it held back.
func (s *Service) maintenanceList(ctx context.Context, m *Member) (chat.Response, error) {
	all, err := s.opt.Maintenance.Store.Windows(ctx)
	if err != nil {
		return chat.Response{}, err
	}
	now := s.opt.Now()
	var lines []string
	for _, w := range all {
		if now.Sub(w.Until()) > 24*time.Hour || !s.maySeeWindow(m, w) {
			continue
		}
		lines = append(lines, s.windowLine(w, now))
	}
	if len(lines) == 0 {
		return chat.Private("No maintenance windows running or ended within a day."), nil
	}
	return chat.Private("Maintenance windows:\n" + strings.Join(lines, "\n")), nil
}

// maySeeWindow: an MSP member sees only windows on services in its scope.
func (s *Service) maySeeWindow(m *Member, w incident.Window) bool {
	t, ok := s.opt.Directory.Teams[m.Team]
	if !ok {
		return true
	}
	return slices.ContainsFunc(w.Services, t.MaySee)
}

func (s *Service) windowLine(w incident.Window, now time.Time) string {
	state := "until " + s.windowTime(w.End)
	if !w.Open(now) {
		state = "ended " + s.windowTime(w.Until())
	} else if now.Before(w.Start) {
		state = "from " + s.windowTime(w.Start) + " " + state
	}
	id := w.ID
	if w.Name != "" {
		id += " (" + w.Name + ")"
	}
	return fmt.Sprintf("• %s: %s, %s, by %s%s; %d alert(s) held back",
		id, strings.Join(w.Services, ", "), state, w.By.Name, reasonSuffix(w.Reason), w.Suppressed)
}
