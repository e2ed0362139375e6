package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
)

// Cron jobs (the weekly report, reports.weekly, and the audit anchor,
// audit.anchor) run on durable timers, like the hand-overs: a job's due
// time is the next firing of its cron spec, computed with robfig/cron from
// the bot's clock, so tests move the clock instead of waiting, and the
// spec's CRON_TZ zone decides the local time across DST. Whichever replica
// claims the timer claims job:<name>:<unix> before it runs, so a firing
// runs once however many replicas there are and even when a lease runs out
// mid-run.

// cronJob is one scheduled job.
type cronJob struct {
	name  string // timer data "report", and the job claim's name
	timer string // the timer's ID
	spec  func(b *Bot) string
	run   func(b *Bot, ctx context.Context, at time.Time, loc *time.Location) error
}

var cronJobs = []cronJob{
	{name: "weekly", timer: "report/weekly", spec: func(b *Bot) string { return b.cfg.Reports.Weekly },
		run: (*Bot).postWeeklyReport},
	{name: "anchor", timer: "audit/anchor", spec: (*Bot).anchorSpec, run: (*Bot).postAnchor},
	{name: "monthly", timer: "report/monthly", spec: func(b *Bot) string { return b.cfg.Reports.Monthly }, run: (*Bot).postMonthlyReview},
}

// cronJobNamed finds a timer's job; timers set before there were several
// jobs have no name and are the weekly report's.
func cronJobNamed(name string) cronJob {
	for _, j := range cronJobs {
		if j.name == name {
			return j
		}
	}
	return cronJobs[0]
}

// cronSchedule parses a job's spec with config.ParseCron, the parser
// `config check` validates it with; a spec without CRON_TZ= (or TZ=) runs
// in the config's timezone rather than the process's local zone.
func cronSchedule(spec, defaultZone string) (config.Schedule, *time.Location, error) {
	s, loc, err := config.ParseCron(spec, defaultZone)
	if err != nil {
		return nil, nil, fmt.Errorf("cron spec %q: %w", spec, err)
	}
	return s, loc, nil
}

// scheduleReports makes sure every configured cron job has its timer.
// Every replica calls it at start; a timer is one entry, so the first wins.
func (b *Bot) scheduleReports(ctx context.Context) {
	for _, j := range cronJobs {
		spec := j.spec(b)
		if spec == "" {
			continue
		}
		sched, _, err := cronSchedule(spec, b.cfg.Timezone)
		if err != nil {
			b.log.Error("cron job not scheduled", "job", j.name, "err", err)
			continue
		}
		t := incident.Timer{ID: j.timer, Kind: incident.TimerReport, Due: sched.Next(b.opt.Now()),
			Data: map[string]string{"report": j.name, "spec": spec}}
		if err := b.store.EnsureTimer(ctx, t); err != nil {
			b.log.Warn("scheduling a cron job failed; retried at the next start", "job", j.name, "err", err)
		}
	}
}

// runReport runs a claimed cron job timer: it runs the job's firing it is
// due for (once: the job claim) and sets the timer to the next firing.
func (b *Bot) runReport(ctx context.Context, tm incident.Timer) error {
	now := b.opt.Now()
	if tm.Due.After(now.Add(time.Second)) {
		// A lease ran out after the timer had been moved on: not yet.
		if err := b.store.SetTimers(ctx, tm); err != nil {
			return err
		}
		return b.store.FinishTimer(ctx, tm.ID)
	}
	job := cronJobNamed(tm.Data["report"])
	spec := job.spec(b)
	if spec == "" {
		return b.store.FinishTimer(ctx, tm.ID) // the job left the config
	}
	sched, loc, err := cronSchedule(spec, b.cfg.Timezone)
	if err != nil {
		return b.store.FinishTimer(ctx, tm.ID)
	}
	due := tm.Due
	if tm.Data["spec"] != spec {
		// The schedule changed since the timer was set: the old firing is
		// not the new schedule's; start over from now.
		due = time.Time{}
	} else {
		// After a long outage, run the latest missed firing only.
		for n := sched.Next(due); !n.After(now); n = sched.Next(n) {
			due = n
		}
		if err := job.run(b, ctx, due, loc); err != nil {
			return err // the lease brings the timer back; the claim keeps it once
		}
	}
	if due.Before(now) {
		due = now
	}
	tm.Due = sched.Next(due)
	tm.Data = map[string]string{"report": job.name, "spec": spec}
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
