package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
)

// The weekly report (reports.weekly) runs on a durable timer, like the
// hand-overs: its due time is the next firing of the cron spec, computed
// with robfig/cron from the bot's clock, so tests move the clock instead of
// waiting, and the spec's CRON_TZ zone decides the local time across DST.
// Whichever replica claims the timer claims job:weekly-report:<unix> before
// it runs, so a firing runs once however many replicas there are and even
// when a lease runs out mid-run.

const weeklyReportTimer = "report/weekly"

// weeklySchedule parses reports.weekly with config.ParseCron, the parser
// `config check` validates it with; a spec without CRON_TZ= runs in the
// config's timezone.
func weeklySchedule(spec, defaultZone string) (config.Schedule, *time.Location, error) {
	s, loc, err := config.ParseCron(spec, defaultZone)
	if err != nil {
		return nil, nil, fmt.Errorf("reports.weekly %q: %w", spec, err)
	}
	return s, loc, nil
}

// scheduleReports makes sure the weekly report has its timer. Every replica
// calls it at start; the timer is one entry, so the first one wins.
func (b *Bot) scheduleReports(ctx context.Context) {
	spec := b.cfg.Reports.Weekly
	if spec == "" {
		return
	}
	sched, _, err := weeklySchedule(spec, b.cfg.Timezone)
	if err != nil {
		b.log.Error("weekly report not scheduled", "err", err)
		return
	}
	t := incident.Timer{ID: weeklyReportTimer, Kind: incident.TimerReport, Due: sched.Next(b.opt.Now()),
		Data: map[string]string{"report": "weekly", "spec": spec}}
	if err := b.store.EnsureTimer(ctx, t); err != nil {
		b.log.Warn("scheduling the weekly report failed; retried at the next start", "err", err)
	}
}

// runReport runs a claimed report timer: it posts the report of the firing
// it is due for (once: the job claim) and sets the timer to the next firing.
func (b *Bot) runReport(ctx context.Context, tm incident.Timer) error {
	now := b.opt.Now()
	if tm.Due.After(now.Add(time.Second)) {
		// A lease ran out after the timer had been moved on: not yet.
		if err := b.store.SetTimers(ctx, tm); err != nil {
			return err
		}
		return b.store.FinishTimer(ctx, tm.ID)
	}
	spec := b.cfg.Reports.Weekly
	if spec == "" {
		return b.store.FinishTimer(ctx, tm.ID) // the report left the config
	}
	sched, loc, err := weeklySchedule(spec, b.cfg.Timezone)
	if err != nil {
		return b.store.FinishTimer(ctx, tm.ID)
	}
	due := tm.Due
	if tm.Data["spec"] != spec {
		// The schedule changed since the timer was set: the old firing is
		// not the new schedule's; start over from now.
		due = time.Time{}
	} else {
		// After a long outage, report the latest missed week only.
		for n := sched.Next(due); !n.After(now); n = sched.Next(n) {
			due = n
		}
		if err := b.postWeeklyReport(ctx, due, loc); err != nil {
			return err // the lease brings the timer back; the claim keeps it once
		}
	}
	if due.Before(now) {
		due = now
	}
	tm.Due = sched.Next(due)
	tm.Data = map[string]string{"report": "weekly", "spec": spec}
	if err := b.store.SetTimers(ctx, tm); err != nil {
		return err
	}
	return b.store.FinishTimer(ctx, tm.ID)
}

// postWeeklyReport enqueues the report of the week before at, unless
// another replica (or an earlier run of this timer) already did.
func (b *Bot) postWeeklyReport(ctx context.Context, at time.Time, loc *time.Location) error {
	// Computed before the claim: a failure here leaves the firing unclaimed
	// for the timer's next try.
	effects, err := b.svc.WeeklyReport(ctx, at, loc)
	if err != nil {
		return fmt.Errorf("weekly report %s: %w", at.Format(time.RFC3339), err)
	}
	first, err := b.store.EnqueueJob(ctx, "weekly-report", at, effects...)
	if err == nil && first {
		b.log.Info("weekly report posted", "at", at, "posts", len(effects))
	}
	return err
}
