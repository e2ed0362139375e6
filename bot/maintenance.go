package bot

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/alertmanager"
)

// maintenanceOptions wires maintenance windows: the store, the config's
// limit and zone, Alertmanager silences when alertmanager.api_url is set,
// and the metric of alerts held back.
func (b *Bot) maintenanceOptions() handlers.MaintenanceOptions {
	suppressed := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tandem_alerts_suppressed_total",
		Help: "Alerts held back by a maintenance window (no incident, room or page), by service."}, []string{"service"})
	b.metrics.reg.MustRegister(suppressed)
	opt := handlers.MaintenanceOptions{
		Store: b.store, MaxDuration: b.cfg.Maintenance.MaxDuration.Std(), Zone: b.cfg.Location,
		Suppressed: func(service string, n int) { suppressed.WithLabelValues(b.metrics.service(service)).Add(float64(n)) },
	}
	if u := b.cfg.Alertmanager.APIURL; u != "" {
		opt.Silencer = alertmanager.NewSilencer(u, b.serviceLabel())
	}
	return opt
}

// serviceLabel is the label that names the service in Alertmanager alerts.
func (b *Bot) serviceLabel() string {
	if src := b.cfg.Sources["alertmanager"]; src != nil && len(src.ServiceLabels) > 0 {
		return src.ServiceLabels[0]
	}
	return "service"
}

// endMaintenance runs a window's end timer: the use case ends it and opens
// what still fires; an early end also expires its Alertmanager silences.
func (b *Bot) endMaintenance(ctx context.Context, tm incident.Timer) error {
	w, err := b.svc.EndWindow(ctx, tm)
	if err != nil || len(w.Silences) == 0 || b.cfg.Alertmanager.APIURL == "" {
		return err
	}
	if w.EndedBy == nil && !w.EndedAt.Before(w.End) {
		return nil // a silence ends by itself at the planned end
	}
	if err := alertmanager.NewSilencer(b.cfg.Alertmanager.APIURL, b.serviceLabel()).Expire(ctx, w.Silences); err != nil {
		b.log.Warn("alertmanager silence not expired; it ends at the window's planned end", "window", w.ID, "err", err)
	}
	return nil
}

// scheduleMaintenance makes sure every recurring window has its timer at
// its next start. Every replica calls it at start; the first wins.
func (b *Bot) scheduleMaintenance(ctx context.Context) {
	for _, mw := range b.cfg.Maintenance.Windows {
		t := recurringTimer(mw, mw.Next(b.opt.Now()))
		if err := b.store.EnsureTimer(ctx, t); err != nil {
			b.log.Warn("scheduling a maintenance window failed; retried at the next start", "window", mw.Name, "err", err)
		}
	}
}

func recurringTimer(mw config.MaintenanceWindow, due time.Time) incident.Timer {
	return incident.Timer{ID: "maintenance/" + mw.Name, Kind: incident.TimerMaintenanceOpen, Due: due,
		Data: map[string]string{"window": mw.Name, "every": mw.Every}}
}

// openRecurring runs a recurring window's timer: it opens the firing it is
// due for (once, however many replicas or retries: the claim names the
// firing) unless it already ended, and sets the timer to the next one, in
// the window's zone, so DST keeps its local time.
func (b *Bot) openRecurring(ctx context.Context, tm incident.Timer) error {
	mw, ok := b.recurringWindow(tm.Data["window"])
	if !ok {
		return b.store.FinishTimer(ctx, tm.ID) // the window left the config
	}
	now := b.opt.Now()
	if end := tm.Due.Add(mw.Duration.Std()); now.Before(end) && tm.Data["every"] == mw.Every {
		w := incident.Window{Name: mw.Name, Services: mw.Services, Start: tm.Due, End: end,
			Reason: "recurring window " + mw.Name, By: incident.Tandem, HoldOpen: mw.HoldOpen}
		claim := mw.Name + ":" + strconv.FormatInt(tm.Due.Unix(), 10)
		if _, err := b.svc.OpenWindow(ctx, w, claim); err != nil {
			return err // the lease brings the timer back; the claim keeps it once
		}
	}
	after := now
	if tm.Due.After(now) {
		after = tm.Due
	}
	next := recurringTimer(mw, mw.Next(after))
	if err := b.store.SetTimers(ctx, next); err != nil {
		return err
	}
	return b.store.FinishTimer(ctx, tm.ID)
}

func (b *Bot) recurringWindow(name string) (config.MaintenanceWindow, bool) {
	for _, mw := range b.cfg.Maintenance.Windows {
		if mw.Name == name {
			return mw, true
		}
	}
	return config.MaintenanceWindow{}, false
}

// listMaintenance answers GET /api/v1/maintenance: every window, with the
// alerts it held back.
func (b *Bot) listMaintenance(w http.ResponseWriter, r *http.Request) {
	ws, err := b.store.Windows(r.Context())
	if err != nil {
		b.log.Error("list maintenance windows", "err", err)
		chat.WriteError(w, http.StatusServiceUnavailable, "store unavailable; retry later")
		return
	}
	out := make([]windowJSON, len(ws))
	for i, mw := range ws {
		out[i] = newWindowJSON(mw, b.opt.Now())
		if held, err := b.store.HeldAlerts(r.Context(), mw.ID); err == nil {
			out[i].Held = heldJSON(held)
		}
	}
	chat.WriteJSON(w, http.StatusOK, map[string]any{"windows": out})
}

// windowJSON is a window in the API.
type windowJSON struct {
	ID         string          `json:"id"`
	Name       string          `json:"name,omitempty"`
	Services   []string        `json:"services"`
	Start      time.Time       `json:"start"`
	End        time.Time       `json:"end"`
	EndedAt    time.Time       `json:"ended_at,omitzero"`
	Active     bool            `json:"active"`
	Reason     string          `json:"reason,omitempty"`
	By         incident.Actor  `json:"by"`
	EndedBy    *incident.Actor `json:"ended_by,omitempty"`
	HoldOpen   bool            `json:"hold_open,omitempty"`
	Silences   []string        `json:"silences,omitempty"`
	Suppressed int             `json:"suppressed"`
	Held       []heldAlertJSON `json:"alerts"`
}

type heldAlertJSON struct {
	Source      string `json:"source"`
	Group       string `json:"group"`
	Fingerprint string `json:"fingerprint"`
	Status      string `json:"status"`
	Summary     string `json:"summary,omitempty"`
	Service     string `json:"service,omitempty"`
	Since       string `json:"since"`
}

func newWindowJSON(w incident.Window, now time.Time) windowJSON {
	return windowJSON{ID: w.ID, Name: w.Name, Services: w.Services, Start: w.Start, End: w.End, EndedAt: w.EndedAt,
		Active: w.Open(now), Reason: w.Reason, By: w.By, EndedBy: w.EndedBy, HoldOpen: w.HoldOpen,
		Silences: w.Silences, Suppressed: w.Suppressed, Held: []heldAlertJSON{}}
}

func heldJSON(held []incident.SuppressedAlert) []heldAlertJSON {
	out := make([]heldAlertJSON, 0, len(held))
	for _, h := range held {
		a := h.Group.Alerts[0]
		out = append(out, heldAlertJSON{Source: h.Group.Source, Group: h.Group.Key, Fingerprint: a.Fingerprint,
			Status: string(a.Status), Summary: a.Summary, Service: h.Group.Service, Since: h.Since.UTC().Format(time.RFC3339)})
	}
	return out
}
