package handlers_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
	"github.com/tandemhq/tandem/reports"
	"github.com/tandemhq/tandem/reports/reportstest"
)

// reviewWorld stores the review fixture (reports/reportstest/period.go):
// its 40 incidents with their timelines, committed as the bot commits
// them, and its maintenance window, under the fixture's rules: the UTC
// office calendar, acme-it and the NOC, the SLA, the three services and
// their targets.
func reviewWorld(t *testing.T, c *clock) (*handlers.Service, *redisstore.Store) {
	t.Helper()
	st := redistest.Open(t)
	ctx := context.Background()
	incs, timelines := reportstest.ReviewIncidents()
	for _, inc := range incs {
		if _, err := st.Commit(ctx, incident.Change{Incident: inc, Events: timelines[inc.ID]}); err != nil {
			t.Fatal(err)
		}
	}
	mw := reportstest.Maintenance
	if _, err := st.CreateWindow(ctx, mw, "", incident.Timer{Due: mw.End, Kind: incident.TimerMaintenanceEnd}); err != nil {
		t.Fatal(err)
	}
	teams := map[string]*handlers.Team{
		"acme-it": {Name: "acme-it", Side: incident.Internal, Members: []string{"Alice"}},
		"noc":     {Name: "noc", Side: incident.MSP, Members: []string{"Nora"}, Scope: []string{"network"}},
	}
	mgr := &handlers.Team{Name: handlers.ManagersTeam, Members: []string{"Maria"}, Channels: map[string]string{"console": "#managers"}}
	dir := handlers.NewDirectory(teams, mgr, []handlers.Member{
		{Name: "Alice", Side: incident.Internal, Team: "acme-it"},
		{Name: "Nora", Side: incident.MSP, Team: "noc"},
		{Name: "Maria", Team: handlers.ManagersTeam},
	})
	ladder := &escalation.Ladder{Name: "standard", Calendar: reportstest.UTCOffice, Steps: []escalation.Step{{Notify: []string{"acme-it"}}}}
	rules := map[string]handlers.ServiceRule{}
	for _, s := range reportstest.ReviewRules().Services {
		rules[s.Service] = handlers.ServiceRule{Owner: "acme-it", Ladder: "standard", Severity: incident.Sev3, AvailabilityTarget: s.Target}
	}
	return handlers.New(st, handlers.Options{Now: c.Now, Directory: dir, Services: rules, DefaultService: "database",
		Ladders: map[string]*escalation.Ladder{"standard": ladder}, SLA: fixtureSLA, Platforms: []string{"console"},
		Maintenance: handlers.MaintenanceOptions{Store: st}}), st
}

// The review read back through the store (incidents by opening time, each
// timeline, the maintenance windows) has the hand-computed figures.
func TestPeriodReviewThroughTheStore(t *testing.T) {
	svc, _ := reviewWorld(t, &clock{t: reportstest.DecFrom.Add(6 * 24 * time.Hour)})
	b, err := reports.LastComplete("month", reportstest.DecFrom.Add(6*24*time.Hour), time.UTC)
	if err != nil || !b.From.Equal(reportstest.NovFrom) || !b.PrevFrom.Equal(reportstest.OctFrom) || b.Name != "November 2026" {
		t.Fatalf("last complete month %+v, %v", b, err)
	}
	r, err := svc.PeriodReview(context.Background(), b, "")
	if err != nil {
		t.Fatal(err)
	}
	// #39 was resolved on 1 Dec 01:00: the store has it so, the review
	// counts it open at the month's end, as the fixture does.
	got, want := r.Data(), reportstest.WantReview()
	for _, c := range []struct {
		name      string
		got, want any
	}{{"report", got.Report, want.Report}, {"period", got.Period, want.Period}, {"previous", got.Previous, want.Previous},
		{"trends", got.Trends, want.Trends}, {"weeks", got.Weeks, want.Weeks}, {"hours", got.HoursOfDay, want.HoursOfDay}} {
		reportstest.Same(t, c.name, c.got, c.want)
	}
	if _, err := svc.PeriodReview(context.Background(), b, "storage"); incident.ErrorCode(err) != incident.EInvalid ||
		!strings.Contains(err.Error(), `no service "storage" is configured; services: backup, database, network`) {
		t.Fatalf("unknown service: %v", err)
	}
}

// /incident review month: a manager's request enqueues, once, the summary,
// the Markdown review and the four charts for the managers' channel; a
// member of a side is refused; a bad period is explained.
func TestReviewCommandPostsToTheManagersChannel(t *testing.T) {
	now := &clock{t: reportstest.DecFrom.Add(6 * 24 * time.Hour)}
	svc, st := reviewWorld(t, now)
	ctx := context.Background()
	resp := svc.Handle(ctx, chat.Request{Platform: "console", User: "maria", Text: "review month"})
	if !resp.Ephemeral || resp.Text != "📋 Posting the review of November 2026 to the managers' channel." {
		t.Fatalf("reply %+v", resp)
	}
	entries, err := st.ReadOutbox(ctx, "test", 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, entry := range entries {
		e := entry.Effect
		if e.Channel != "#managers" {
			t.Errorf("effect to %s", e.Channel)
		}
		switch e.Kind {
		case incident.EffectChannelPost:
			if !strings.Contains(e.Text, "📋 *Operational review* November 2026") || !strings.Contains(e.Text, "26 incident(s) (↑ was 14), 3 still open") ||
				!strings.Contains(e.Text, "SLA met: 33/47 (70%)") || !strings.Contains(e.Text, "Reached the MSP: 18 (↑ was 8) after hours 9 · no acknowledgement 4 · escalated by hand 1 · first step (MSP's scope) 4") {
				t.Errorf("summary:\n%s", e.Text)
			}
		case incident.EffectChannelFile:
			names = append(names, e.Data[incident.DataFilename])
			body, err := base64.StdEncoding.DecodeString(e.Data[incident.DataContent])
			if err != nil || len(body) == 0 {
				t.Errorf("%s: %d bytes, %v", e.Data[incident.DataFilename], len(body), err)
			}
		}
	}
	if strings.Join(names, ",") != "review-2026-11.md,time-to-ack-by-week.png,time-to-resolve-by-week.png,availability.png,incidents-by-hour.png" {
		t.Fatalf("files %v (of %d effects)", names, len(entries))
	}
	again := svc.Handle(ctx, chat.Request{Platform: "console", User: "maria", Text: "review month"})
	if !strings.Contains(again.Text, "already on its way") {
		t.Fatalf("the same request again: %+v", again)
	}
	if r := svc.Handle(ctx, chat.Request{Platform: "console", User: "maria", Text: "review quarter database"}); r.Text != "📋 Posting the review of Q3 2026 to the managers' channel." {
		t.Fatalf("quarter of one service: %+v", r)
	}
	if r := svc.Handle(ctx, chat.Request{Platform: "console", User: "maria", Text: "review month storage"}); !strings.Contains(r.Text, `no service "storage" is configured`) {
		t.Fatalf("unknown service: %+v", r)
	}
	if r := svc.Handle(ctx, chat.Request{Platform: "console", User: "alice", Text: "review month"}); !strings.Contains(r.Text, "only managers may post a review") {
		t.Fatalf("a member's request: %+v", r)
	}
	if r := svc.Handle(ctx, chat.Request{Platform: "console", User: "maria", Text: "review year"}); !strings.Contains(r.Text, "review takes month or quarter, not year") {
		t.Fatalf("a bad period: %+v", r)
	}
}
