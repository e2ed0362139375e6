package handlers_test

import (
	"context"
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
)

// world is the use cases on a store, with a clock and a way to run due timers.
type world struct {
	t   *testing.T
	c   *clock
	st  *redisstore.Store
	svc *handlers.Service
}

func newWorld(t *testing.T, start time.Time) *world { return newWorldWith(t, start, nil) }

// newWorldWith is newWorld with setup changing the options and wrapping the
// store before the service is built; nil changes nothing.
func newWorldWith(t *testing.T, start time.Time, setup func(*handlers.Options, handlers.Store) handlers.Store) *world {
	chicago, _ := time.LoadLocation("America/Chicago")
	cal := &escalation.Calendar{Name: "office", Location: chicago, Holidays: []string{"2026-12-25"},
		Spans: []escalation.Span{{Days: []time.Weekday{1, 2, 3, 4, 5}, StartMin: 8 * 60, EndMin: 18 * 60}}}
	ladder := &escalation.Ladder{Name: "standard", Calendar: cal, Repeat: 1, Steps: []escalation.Step{
		{Notify: []string{"acme-it"}, When: escalation.BusinessHours, Wait: 10 * time.Minute},
		{Notify: []string{"noc"}, When: escalation.AfterHours, Wait: 15 * time.Minute},
		{Notify: []string{"noc", "acme-it"}, Wait: 15 * time.Minute},
		{Notify: []string{"managers"}, MinSeverity: incident.Sev1},
	}}
	teams := map[string]*handlers.Team{
		"acme-it": {Name: "acme-it", Side: incident.Internal, Members: []string{"Alice"}, Channels: map[string]string{"console": "#acme-it"}},
		"noc":     {Name: "noc", Side: incident.MSP, Members: []string{"Nora"}, Scope: []string{"network"}, Channels: map[string]string{"console": "#noc"}},
	}
	managers := &handlers.Team{Name: "managers", Members: []string{"Maria"}, Channels: map[string]string{"console": "#managers"}}
	dir := handlers.NewDirectory(teams, managers, []handlers.Member{
		{Name: "Alice", Side: incident.Internal, Team: "acme-it"},
		{Name: "Nora", Side: incident.MSP, Team: "noc"},
		{Name: "Maria", Team: "managers"},
	})
	c := &clock{t: start}
	st := redistest.OpenAny(t)
	opt := handlers.Options{
		Now: c.Now, Directory: dir, Ladders: map[string]*escalation.Ladder{"standard": ladder},
		Services:       map[string]handlers.ServiceRule{"database": {Owner: "acme-it", Ladder: "standard", Severity: incident.Sev2}, "network": {Owner: "noc", Ladder: "standard", Severity: incident.Sev3}},
		DefaultService: "database", Platforms: []string{"console"},
		UnackedEvery: 5 * time.Minute, UpdateEvery: 30 * time.Minute,
		SLA: map[incident.Severity]reports.SLA{incident.Sev1: {Ack: 5 * time.Minute, Resolve: 4 * time.Hour}},
	}
	var store handlers.Store = st
	if setup != nil {
		store = setup(&opt, st)
	}
	return &world{t: t, c: c, st: st, svc: handlers.New(store, opt)}
}

// run fires every timer due now, repeatedly, as the timer loop would.
func (w *world) run() {
	w.t.Helper()
	for range 50 {
		timers, err := w.st.ClaimTimers(context.Background(), "", w.c.Now(), time.Minute, 100)
		if err != nil {
			w.t.Fatal(err)
		}
		if len(timers) == 0 {
			return
		}
		for _, tm := range timers {
			if tm.Kind == incident.TimerRetry || tm.Kind == "" {
				w.st.FinishTimer(context.Background(), tm.ID)
				continue
			}
			if err := w.svc.FireTimer(context.Background(), tm); err != nil {
				w.t.Fatal(err)
			}
		}
	}
}

// advance moves the clock in one-minute steps, running due timers.
func (w *world) advance(d time.Duration) {
	for end := w.c.Now().Add(d); w.c.Now().Before(end); {
		step := min(time.Minute, end.Sub(w.c.Now()))
		w.c.Advance(step)
		w.run()
	}
}

func (w *world) do(user, text string) chat.Response {
	return w.svc.Handle(context.Background(), chat.Request{Platform: "console", User: user, Text: text})
}

func (w *world) pages(id string) []string {
	var out []string
	tl, _ := w.st.Timeline(context.Background(), id)
	for _, e := range tl {
		if e.Kind == incident.KindPaged {
			out = append(out, e.Details["team"]+"@"+e.Details["step"])
		}
	}
	return out
}

func (w *world) count(id string, kind incident.Kind) int {
	n := 0
	tl, _ := w.st.Timeline(context.Background(), id)
	for _, e := range tl {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// 2026-12-01 is a Tuesday; 16:00 UTC is 10:00 in Chicago.
var tue10 = time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)

func TestOpenedAt1755NextStepFollowsAfterHours(t *testing.T) {
	w := newWorld(t, time.Date(2026, 12, 1, 23, 55, 0, 0, time.UTC)) // 17:55 CST
	w.do("alice", "declare Disk full --service database")
	w.run()
	w.advance(10 * time.Minute) // 18:05: after hours
	w.advance(15 * time.Minute) // 18:20
	got := strings.Join(w.pages("INC-1"), ",")
	if got != "acme-it@1,noc@2,noc@3,acme-it@3" {
		t.Fatalf("pages %s", got)
	}
}

func TestUnackRestartsFromCurrentStepAndResolveCancelsAll(t *testing.T) {
	w := newWorld(t, tue10)
	w.do("alice", "declare Disk full --service database")
	w.run()
	w.do("alice", "ack INC-1")
	w.advance(time.Hour)
	if got := w.pages("INC-1"); len(got) != 1 {
		t.Fatalf("pages while acked: %v", got)
	}
	w.do("alice", "sev INC-1 1")
	// Unack: the ladder goes on from where it was, at once.
	inc, _ := w.st.Get(context.Background(), "INC-1")
	if _, err := w.svc.Unack(context.Background(), inc.ID, handlers.Actor(mustMember(t, w, "Alice"), "console", "alice")); err != nil {
		t.Fatal(err)
	}
	w.run()
	// 11:00 CST is business hours: step 2 (after hours) is skipped, step 3 pages both.
	if got := strings.Join(w.pages("INC-1"), ","); got != "acme-it@1,noc@3,acme-it@3" {
		t.Fatalf("after unack: %s", got)
	}
	w.advance(15 * time.Minute) // step 4: managers, sev1 now; it has no wait, so pass 2 starts at once
	if got := strings.Join(w.pages("INC-1"), ","); got != "acme-it@1,noc@3,acme-it@3,managers@4,acme-it@1" {
		t.Fatalf("severity change not honoured at step 4: %s", got)
	}
	w.do("alice", "resolve INC-1 fixed")
	if n, _ := w.st.PendingTimers(context.Background()); n != 0 {
		t.Fatalf("%d timers pending after resolve", n)
	}
}

func mustMember(t *testing.T, w *world, name string) *handlers.Member {
	m, ok := w.svc.Directory().Member(name)
	if !ok {
		t.Fatalf("no member %s", name)
	}
	return m
}

func TestManualEscalate(t *testing.T) {
	w := newWorld(t, tue10)
	w.do("alice", "declare Disk full --service database")
	w.run()
	if r := w.do("alice", "escalate INC-1"); !strings.Contains(r.Text, "escalated") {
		t.Fatalf("escalate: %q", r.Text)
	}
	if got := strings.Join(w.pages("INC-1"), ","); got != "acme-it@1,noc@3,acme-it@3" {
		t.Fatalf("escalate next: %s", got)
	}
	w.do("alice", "escalate INC-1 noc")
	if got := strings.Join(w.pages("INC-1"), ","); got != "acme-it@1,noc@3,acme-it@3,noc@manual" {
		t.Fatalf("escalate to team: %s", got)
	}
	if r := w.do("alice", "escalate INC-1 nobody"); !r.Ephemeral || !strings.Contains(r.Text, `no team "nobody"`) {
		t.Fatalf("unknown team: %+v", r)
	}
	// The pending step's wait restarted at the manual escalation: step 4 is
	// for sev1 only, so the first pass ends; the second pass pages at +15m.
	w.advance(15 * time.Minute)
	if got := w.pages("INC-1"); got[len(got)-1] != "acme-it@1" {
		t.Fatalf("second pass: %v", got)
	}
}

func TestRemindersSnoozeAndSLA(t *testing.T) {
	w := newWorld(t, tue10)
	w.do("alice", "declare EHR down --sev 1 --service database")
	w.run()
	w.advance(5 * time.Minute)
	if n := w.count("INC-1", incident.KindReminded); n != 1 {
		t.Fatalf("%d reminders after 5m", n)
	}
	if n := w.count("INC-1", incident.KindSLABreached); n != 1 {
		t.Fatalf("ack SLA (5m) breaches: %d", n)
	}
	w.do("alice", "snooze INC-1 30m")
	w.advance(25 * time.Minute)
	if n := w.count("INC-1", incident.KindReminded); n != 1 {
		t.Fatalf("reminded while snoozed: %d", n)
	}
	w.advance(6 * time.Minute)
	if n := w.count("INC-1", incident.KindReminded); n != 2 {
		t.Fatalf("reminders after the snooze: %d", n)
	}
	w.do("alice", "ack INC-1")
	w.advance(31 * time.Minute)
	tl, _ := w.st.Timeline(context.Background(), "INC-1")
	if last := tl[len(tl)-1]; last.Kind != incident.KindReminded || last.Details["reminder"] != "update" {
		t.Fatalf("no update nudge: %+v", last)
	}
}

func TestOncallShowsEveryTeamAndWindow(t *testing.T) {
	w := newWorld(t, tue10)
	r := w.do("nora", "oncall")
	for _, want := range []string{"acme-it (internal): Alice", "noc (MSP): Nora", "Calendar office (America/Chicago): business hours now"} {
		if !strings.Contains(r.Text, want) {
			t.Fatalf("oncall lacks %q:\n%s", want, r.Text)
		}
	}
}

func TestMSPOutOfScopeIsRefused(t *testing.T) {
	w := newWorld(t, tue10)
	w.do("alice", "declare Disk full --service database")
	r := w.do("nora", "ack INC-1")
	if !r.Ephemeral || !strings.Contains(r.Text, "outside noc's scope") {
		t.Fatalf("MSP ack out of scope: %+v", r)
	}
	if n := w.count("INC-1", incident.KindRefused); n != 1 {
		t.Fatalf("%d refused entries", n)
	}
	if r := w.do("mallory", "ack INC-1"); !strings.Contains(r.Text, "does not know you") {
		t.Fatalf("unknown user: %+v", r)
	}
}
