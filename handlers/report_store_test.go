package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
	"github.com/tandemhq/tandem/reports/reportstest"
)

// reportService is a service whose rules are the fixture's: the office
// calendar, acme-it (internal) and noc (MSP, scoped to network), the SLA.
func reportService(t *testing.T, st *redisstore.Store, c *clock) *handlers.Service {
	t.Helper()
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
	ladder := &escalation.Ladder{Name: "standard", Calendar: office, Steps: []escalation.Step{{Notify: []string{"acme-it"}}}}
	rules := map[string]handlers.ServiceRule{}
	for _, s := range []string{"database", "network", "backup"} {
		rules[s] = handlers.ServiceRule{Owner: "acme-it", Ladder: "standard", Severity: incident.Sev3}
	}
	return handlers.New(st, handlers.Options{Now: c.Now, Directory: dir, Services: rules, DefaultService: "database",
		Ladders: map[string]*escalation.Ladder{"standard": ladder}, SLA: fixtureSLA, Platforms: []string{"console"}})
}

// The same fixture, stored through Commit (which indexes each incident by
// its opening) and read back by time window, gives the same figures; the
// incidents before the week and at its very end are left out by the query.
func TestReportThroughTheStore(t *testing.T) {
	st := redistest.Open(t)
	ctx := context.Background()
	for _, inc := range reportstest.Incidents() {
		ev := incident.NewEvent(inc.OpenedAt, incident.KindOpened, incident.Monitoring, "title", inc.Title)
		if _, err := st.Commit(ctx, incident.Change{Incident: inc, Events: []incident.Event{ev}}); err != nil {
			t.Fatal(err)
		}
	}
	in, err := st.OpenedBetween(ctx, weekFrom, weekTo)
	if err != nil || len(in) != 23 {
		t.Fatalf("opened in the week: %d incidents, err %v", len(in), err)
	}
	svc := reportService(t, st, &clock{t: weekTo})
	got, err := svc.Report(ctx, weekFrom, weekTo, nil)
	if err != nil {
		t.Fatal(err)
	}
	reportstest.Check(t, got)

	// /incident report 7d at the end of the week: a manager sees it all,
	// an MSP member only the services in the MSP's scope.
	resp := svc.Handle(ctx, chat.Request{Platform: "console", User: "maria", Text: "report 7d"})
	if !resp.Ephemeral || !strings.Contains(resp.Text, "23 incident(s) opened") || !strings.Contains(resp.Text, "• MSP: 9m / 25m (n=11)") {
		t.Fatalf("manager's report:\n%s", resp.Text)
	}
	msp := svc.Handle(ctx, chat.Request{Platform: "console", User: "nora", Text: "report"})
	if !strings.Contains(msp.Text, "8 incident(s) opened") || !strings.Contains(msp.Text, "By service: network: 8\n") {
		t.Fatalf("MSP member's report (network only):\n%s", msp.Text)
	}
	month := svc.Handle(ctx, chat.Request{Platform: "console", User: "alice", Text: "report 30d"})
	if !strings.Contains(month.Text, "(30 days)") || !strings.Contains(month.Text, "24 incident(s) opened") {
		t.Fatalf("30-day report (the week and INC-23 before it):\n%s", month.Text)
	}
}
