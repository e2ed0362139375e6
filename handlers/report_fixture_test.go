package handlers_test

import (
	"strconv"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
)

// The report fixture: 25 incidents around the week of Mon 23 Nov 2026 in
// America/Chicago (CST, UTC-6), with Thursday 26 Nov (Thanksgiving) a
// holiday. Both sides and a manager acknowledge; one incident is
// auto-resolved by monitoring with no ack; four are open at the end of the
// week (one acknowledged only after it); two lie outside the week. The
// expected figures in report_test.go are worked out by hand from this table.

var chicago = mustZone("America/Chicago")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// local parses "2006-01-02 15:04" in Chicago.
func local(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, chicago)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

var (
	weekFrom = local("2026-11-23 00:00")
	weekTo   = local("2026-11-30 00:00")

	alice = &incident.Actor{Name: "Alice", Side: incident.Internal, Platform: "slack", User: "U01ALICE"}
	nora  = &incident.Actor{Name: "Nora", Side: incident.MSP, Platform: "discord", User: "333"}
	maria = &incident.Actor{Name: "Maria", Platform: "slack", User: "U01MARIA"} // a manager: no side
)

var office = &escalation.Calendar{Name: "office", Location: chicago, Holidays: []string{"2026-11-26"},
	Spans: []escalation.Span{{Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}, StartMin: 8 * 60, EndMin: 18 * 60}}}

var fixtureSLA = map[incident.Severity]handlers.SLA{
	incident.Sev1: {Ack: 5 * time.Minute, Resolve: 4 * time.Hour},
	incident.Sev2: {Ack: 15 * time.Minute, Resolve: 8 * time.Hour},
	incident.Sev3: {Ack: 30 * time.Minute, Resolve: 24 * time.Hour},
}

func fixtureRules() handlers.ReportRules {
	return handlers.ReportRules{
		SLA:      fixtureSLA,
		Calendar: func(incident.Incident) *escalation.Calendar { return office },
		TeamSide: func(team string) incident.Side {
			return map[string]incident.Side{"acme-it": incident.Internal, "noc": incident.MSP}[team]
		},
	}
}

// row is one fixture incident: opened (local), severity, service, time to
// ack and who acked (0/nil: not acked), time to resolve (0: open), the
// assignee, and the teams paged.
type row struct {
	n        int
	opened   string
	sev      incident.Severity
	service  string
	ack      time.Duration
	by       *incident.Actor
	resolve  time.Duration
	assignee *incident.Actor
	paged    []string
}

const mn, hr = time.Minute, time.Hour

var (
	internalOnly = []string{"acme-it"}
	mspOnly      = []string{"noc"}
	both         = []string{"acme-it", "noc"}
)

var fixtureRows = []row{
	{1, "2026-11-23 09:00", 1, "database", 2 * mn, alice, 1 * hr, nil, internalOnly},
	{2, "2026-11-23 10:00", 2, "database", 10 * mn, alice, 3 * hr, nil, internalOnly},
	{3, "2026-11-23 19:00", 2, "network", 20 * mn, nora, 9 * hr, nil, mspOnly},
	{4, "2026-11-23 23:30", 3, "network", 4 * mn, nora, 30 * mn, nil, mspOnly},
	{5, "2026-11-24 08:30", 3, "backup", 40 * mn, alice, 2 * hr, nil, internalOnly},
	{6, "2026-11-24 12:00", 1, "database", 6 * mn, alice, 5 * hr, nil, both},
	{7, "2026-11-24 17:59", 4, "backup", 1 * hr, alice, 10 * hr, nil, internalOnly},
	{8, "2026-11-24 22:00", 1, "network", 3 * mn, nora, 2 * hr, nil, mspOnly},
	{9, "2026-11-25 03:00", 2, "database", 12 * mn, nora, 7 * hr, nil, mspOnly},
	{10, "2026-11-25 09:15", 2, "database", 8 * mn, nora, 90 * mn, alice, both},
	{11, "2026-11-25 14:00", 3, "backup", 0, nil, 10 * mn, nil, internalOnly},
	{12, "2026-11-26 10:00", 1, "database", 4 * mn, nora, 3 * hr, nil, mspOnly},
	{13, "2026-11-26 15:00", 2, "network", 25 * mn, nora, 12 * hr, nil, mspOnly},
	{14, "2026-11-27 07:00", 3, "network", 15 * mn, nora, 1 * hr, nil, mspOnly},
	{15, "2026-11-27 11:00", 2, "database", 5 * mn, maria, 2 * hr, nil, internalOnly},
	{16, "2026-11-27 16:00", 3, "backup", 35 * mn, alice, 30 * hr, nil, internalOnly},
	{17, "2026-11-28 02:00", 4, "backup", 50 * mn, nora, 3 * hr, nil, mspOnly},
	{18, "2026-11-28 13:00", 1, "network", 7 * mn, nora, 6 * hr, nil, mspOnly},
	{19, "2026-11-29 09:00", 2, "database", 0, nil, 0, nil, mspOnly},
	{20, "2026-11-29 20:00", 3, "network", 9 * mn, nora, 0, nil, mspOnly},
	{21, "2026-11-29 23:50", 1, "database", 0, nil, 0, nil, mspOnly},
	{22, "2026-11-23 14:00", 3, "", 3 * mn, alice, 45 * mn, nil, internalOnly},
	{23, "2026-11-22 23:00", 1, "database", 1 * mn, alice, 1 * hr, nil, internalOnly}, // before the week
	{24, "2026-11-30 00:00", 1, "database", 1 * mn, alice, 1 * hr, nil, internalOnly}, // at its end: the next week's
	{25, "2026-11-29 23:00", 3, "network", 80 * mn, nora, 0, nil, mspOnly},            // acked after the week ended
}

func fixtureIncidents() []incident.Incident {
	out := make([]incident.Incident, len(fixtureRows))
	for i, r := range fixtureRows {
		inc := incident.Incident{ID: "INC-" + strconv.Itoa(r.n), Title: "fixture " + strconv.Itoa(r.n), Status: incident.StatusOpen,
			Severity: r.sev, Service: r.service, OpenedAt: local(r.opened), OpenedBy: incident.Monitoring,
			Assignee: r.assignee, Paged: r.paged, Step: 1}
		if r.by != nil {
			inc.Status, inc.AckedAt, inc.AckedBy = incident.StatusAcked, inc.OpenedAt.Add(r.ack), r.by
		}
		if r.resolve > 0 {
			inc.Status, inc.ResolvedAt = incident.StatusResolved, inc.OpenedAt.Add(r.resolve)
		}
		out[i] = inc
	}
	return out
}
