package reportstest

import (
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// The review fixture: 40 incidents over October and November 2026, in UTC,
// with their timelines. The office calendar runs Monday to Friday 08:00 to
// 18:00 UTC, Thursday 26 November a holiday. The ladder the timelines
// follow: in business hours acme-it (internal) first and the NOC (MSP)
// 15 minutes later if nobody acknowledged, after hours the NOC at once;
// network is in the NOC's scope, so its business-hours first step pages the
// NOC. Both sides and a manager acknowledge; some alerts resolve on their
// own before anyone acknowledges; alerts say when they started (time to
// detect); the database has overlapping outages, one across the two
// months, and a maintenance window overrun by an outage; PSA tickets
// (ConnectWise and HaloPSA rooms) open on incidents the NOC works.
// The figures are worked out by hand in reports/period_test.go.

// The review's months.
var (
	OctFrom = utc("2026-10-01 00:00")
	NovFrom = utc("2026-11-01 00:00")
	DecFrom = utc("2026-12-01 00:00")
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// UTCOffice is the calendar of the review fixture's ladder.
var UTCOffice = &escalation.Calendar{Name: "office", Location: time.UTC, Holidays: []string{"2026-11-26"},
	Spans: []escalation.Span{{Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}, StartMin: 8 * 60, EndMin: 18 * 60}}}

// Maintenance is the fixture's one window: the database, Sat 14 Nov 22:00
// to Sun 15 Nov 02:00 (240 minutes planned).
var Maintenance = incident.Window{ID: "MW-1", Services: []string{"database"}, Start: utc("2026-11-14 22:00"), End: utc("2026-11-15 02:00")}

// ReviewRules are the fixture's SLA (as the weekly fixture's), calendar,
// sides, services and maintenance window.
func ReviewRules() reports.Rules {
	r := Rules()
	r.Calendar = func(incident.Incident) *escalation.Calendar { return UTCOffice }
	outage := []incident.Severity{incident.Sev1, incident.Sev2}
	r.Services = []reports.ServiceRule{
		{Service: "backup", Outage: outage},
		{Service: "database", Outage: outage, Target: 99.9},
		{Service: "network", Outage: outage, Target: 99.5},
	}
	r.Windows = []incident.Window{Maintenance}
	return r
}

// prow is one review incident: opened (UTC, 2026-MM-DD HH:MM), severity,
// service, time to detect in minutes (-1: declared in chat, no alert),
// the alert and how many times it fired, the pages ("i@0" acme-it at the
// opening, step 1; "n@15:2" the NOC 15 minutes in at step 2; "n@4:m" the
// NOC escalated to by hand), minutes to ack and who (nil: nobody), minutes
// to resolve (0: open; auto: by monitoring), the assignee, and the PSA
// whose room (ticket) opened and when.
type prow struct {
	n        int
	opened   string
	sev      incident.Severity
	service  string
	ttd      int
	alert    string
	firings  int
	pages    string
	ack      int
	by       *incident.Actor
	resolve  int
	auto     bool
	assignee *incident.Actor
	psa      string
	psaAt    int
}

var reviewRows = []prow{
	// October: the previous month.
	{1, "10-01 10:00", 2, "database", 2, "DBSlowQueries", 1, "i@0", 10, Alice, 120, false, nil, "", 0},
	{2, "10-02 21:00", 1, "network", 4, "LinkDown", 1, "n@0", 8, Nora, 300, false, nil, "connectwise", 2},
	{3, "10-05 09:00", 3, "backup", 5, "BackupFailed", 1, "i@0", 20, Alice, 240, false, nil, "", 0},
	{4, "10-06 14:00", 3, "network", 1, "LinkFlap", 1, "n@0", 0, nil, 5, true, nil, "", 0},
	{5, "10-08 11:00", 1, "database", 3, "DBDown", 1, "i@0", 4, Alice, 90, false, nil, "", 0},
	{6, "10-10 03:00", 2, "database", 6, "DBReplicaLag", 1, "n@0", 12, Nora, 360, false, nil, "connectwise", 1},
	{7, "10-13 15:00", 2, "network", 2, "LinkDown", 1, "i@0 n@15:2", 16, Nora, 200, false, nil, "halopsa", 15},
	{8, "10-15 10:00", 4, "backup", -1, "", 0, "i@0", 60, Alice, 1440, false, nil, "", 0},
	{9, "10-19 16:00", 3, "database", 4, "DiskFilling", 1, "i@0", 25, Alice, 180, false, nil, "", 0},
	{10, "10-21 23:00", 1, "database", 2, "DBDown", 1, "n@0", 3, Nora, 150, false, nil, "connectwise", 1},
	{11, "10-23 12:00", 2, "backup", 3, "BackupFailed", 1, "i@0", 30, Alice, 480, false, nil, "", 0},
	{12, "10-26 09:30", 3, "network", 2, "LinkFlap", 2, "n@0", 0, nil, 6, true, nil, "", 0},
	{13, "10-28 13:00", 2, "network", 1, "CoreSwitchDown", 1, "i@0 n@3:m", 2, Alice, 100, false, nil, "halopsa", 3},
	{14, "10-31 23:00", 1, "database", 5, "DBDown", 1, "n@0", 4, Nora, 120, false, nil, "connectwise", 1},
	// November: the month reviewed.
	{15, "11-02 09:00", 1, "database", 2, "DBDown", 1, "i@0", 3, Alice, 60, false, nil, "", 0},
	{16, "11-02 09:30", 2, "database", 1, "DBReplicaLag", 2, "i@0", 10, Alice, 90, false, nil, "", 0},
	{17, "11-02 20:00", 2, "network", 5, "LinkDown", 1, "n@0", 12, Nora, 180, false, nil, "connectwise", 1},
	{18, "11-03 03:00", 3, "backup", 10, "BackupFailed", 1, "n@0", 20, Nora, 300, false, nil, "connectwise", 2},
	{19, "11-03 10:00", 3, "network", 3, "LinkFlap", 3, "n@0", 0, nil, 8, true, nil, "", 0},
	{20, "11-03 11:00", 3, "network", 2, "LinkFlap", 2, "n@0", 0, nil, 6, true, nil, "", 0},
	{21, "11-04 14:00", 2, "database", 4, "DBSlowQueries", 1, "i@0 n@15:2", 16, Nora, 240, false, nil, "halopsa", 15},
	{22, "11-05 09:00", 4, "backup", -1, "", 0, "i@0", 30, Alice, 600, false, nil, "", 0},
	{23, "11-06 16:00", 1, "network", 1, "CoreSwitchDown", 1, "i@0 n@4:m", 2, Alice, 150, false, nil, "connectwise", 4},
	{24, "11-07 02:00", 1, "database", 3, "DBDown", 1, "n@0", 4, Nora, 120, false, nil, "connectwise", 1},
	{25, "11-09 10:00", 2, "backup", 6, "BackupFailed", 1, "i@0", 5, Maria, 45, false, nil, "", 0},
	{26, "11-10 08:30", 3, "database", 2, "DiskFilling", 1, "i@0", 35, Alice, 1500, false, nil, "", 0},
	{27, "11-11 13:00", 1, "database", 8, "DBDown", 1, "i@0 n@15:2", 20, Nora, 300, false, nil, "halopsa", 15},
	{28, "11-12 19:00", 2, "network", 15, "LinkDown", 1, "n@0", 25, Nora, 600, false, nil, "connectwise", 1},
	{29, "11-15 01:00", 2, "database", 1, "DBReplicaLag", 1, "n@0", 3, Nora, 120, false, nil, "", 0},
	{30, "11-16 11:00", 3, "backup", 5, "BackupFailed", 2, "i@0", 0, nil, 15, true, nil, "", 0},
	{31, "11-17 15:00", 2, "database", 3, "DBSlowQueries", 1, "i@0", 8, Alice, 180, false, Nora, "", 0},
	{32, "11-18 22:00", 3, "network", 4, "LinkFlap", 1, "n@0", 10, Nora, 60, false, nil, "", 0},
	{33, "11-20 09:00", 4, "database", -1, "", 0, "i@0", 45, Alice, 0, false, nil, "", 0},
	{34, "11-23 10:00", 1, "network", 2, "CoreSwitchDown", 1, "n@0", 6, Nora, 270, false, nil, "halopsa", 1},
	{35, "11-24 12:00", 2, "backup", 3, "BackupFailed", 1, "i@0 n@15:2", 18, Nora, 500, false, nil, "connectwise", 16},
	{36, "11-26 10:00", 1, "database", 2, "DBDown", 1, "n@0", 5, Nora, 200, false, nil, "connectwise", 1},
	{37, "11-27 14:00", 3, "network", 1, "LinkFlap", 1, "n@0", 0, nil, 4, true, nil, "", 0},
	{38, "11-28 08:00", 2, "network", 7, "LinkDown", 1, "n@0", 0, nil, 0, false, nil, "connectwise", 1},
	{39, "11-30 21:00", 1, "database", 2, "DBDown", 1, "n@0", 4, Nora, 240, false, nil, "", 0},
	{40, "11-19 16:00", 1, "database", 3, "DBDown", 2, "i@0 n@15:2", 17, Nora, 120, false, nil, "halopsa", 15},
}

// ReviewIncidents returns the review fixture's incidents and their
// timelines, as of 1 December 2026 00:00: what happens later (#39's
// resolution at 01:00) is in them too, as the store would hold it when the
// review is run later; the review leaves it out.
func ReviewIncidents() ([]incident.Incident, map[string][]incident.Event) {
	incs := make([]incident.Incident, 0, len(reviewRows))
	timelines := map[string][]incident.Event{}
	for _, r := range reviewRows {
		inc, events := r.build()
		incs = append(incs, inc)
		timelines[inc.ID] = events
	}
	return incs, timelines
}

func (r prow) build() (incident.Incident, []incident.Event) {
	opened := utc("2026-" + r.opened)
	inc := incident.Incident{ID: "INC-" + strconv.Itoa(r.n), Title: "review " + strconv.Itoa(r.n), Status: incident.StatusOpen,
		Severity: r.sev, Service: r.service, OpenedAt: opened, OpenedBy: incident.Monitoring, Assignee: r.assignee}
	if r.ttd < 0 {
		inc.OpenedBy = *Alice
	} else {
		inc.StartedAt = opened.Add(-time.Duration(r.ttd) * time.Minute)
	}
	ev := []incident.Event{incident.NewEvent(opened, incident.KindOpened, inc.OpenedBy, incident.DetailTitle, inc.Title,
		incident.DetailSeverity, r.sev.String(), incident.DetailService, r.service)}
	for i := range r.firings {
		// The first firing opened it; the later ones flap in, a minute apart.
		ev = append(ev, incident.NewEvent(opened.Add(time.Duration(i)*time.Minute), incident.KindAlertFiring, incident.Monitoring,
			incident.DetailAlert, r.alert, incident.DetailFingerprint, strings.ToLower(r.alert)))
	}
	inc, ev = r.paging(inc, ev)
	after := func(m int) time.Time { return opened.Add(time.Duration(m) * time.Minute) }
	if r.psa != "" {
		ev = append(ev, incident.NewEvent(after(r.psaAt), incident.KindRoomCreated, incident.Tandem,
			incident.DetailPlatform, r.psa, incident.DetailChannel, "T-"+strconv.Itoa(r.n)))
	}
	if r.by != nil {
		inc.Status, inc.AckedAt, inc.AckedBy = incident.StatusAcked, after(r.ack), r.by
		ev = append(ev, incident.NewEvent(inc.AckedAt, incident.KindAcked, *r.by))
	}
	if r.resolve > 0 {
		by := incident.Monitoring
		if !r.auto {
			by = *inc.Holder()
		}
		inc.Status, inc.ResolvedAt = incident.StatusResolved, after(r.resolve)
		ev = append(ev, incident.NewEvent(inc.ResolvedAt, incident.KindResolved, by))
	}
	sortEvents(ev)
	return inc, ev
}

// paging adds the paged entries (and an escalated entry before a page by
// hand) and records the pages on the incident.
func (r prow) paging(inc incident.Incident, ev []incident.Event) (incident.Incident, []incident.Event) {
	for _, p := range strings.Fields(r.pages) {
		team, rest, _ := strings.Cut(p, "@")
		off, step, _ := strings.Cut(rest, ":")
		m, _ := strconv.Atoi(off)
		at := inc.OpenedAt.Add(time.Duration(m) * time.Minute)
		name, side := map[string]string{"i": "acme-it", "n": "noc"}[team], map[string]incident.Side{"i": incident.Internal, "n": incident.MSP}[team]
		rec := escalation.Reached{Index: 0, Window: UTCOffice.WindowAt(at)}
		switch step {
		case "m":
			rec = escalation.Manual(1, UTCOffice.WindowAt(at))
			ev = append(ev, incident.NewEvent(at, incident.KindEscalated, *Alice, incident.DetailTo, name))
		case "2":
			rec.Index = 1
		}
		e := incident.NewEvent(at, incident.KindPaged, incident.Tandem, incident.DetailTeam, name, incident.DetailSide, string(side))
		for k, v := range rec.Encode() {
			e.Details[k] = v
		}
		ev = append(ev, e)
		inc.Paged = append(inc.Paged, name)
		inc, _ = inc.MarkPaged(string(side), at)
	}
	return inc, ev
}

// sortEvents orders a timeline by time, keeping the order of equal times.
func sortEvents(ev []incident.Event) {
	for i := 1; i < len(ev); i++ {
		for j := i; j > 0 && ev[j].At.Before(ev[j-1].At); j-- {
			ev[j], ev[j-1] = ev[j-1], ev[j]
		}
	}
}

// ReviewRowsCount lists the fixture's incident numbers.
func ReviewRowsCount() []int {
	out := make([]int, len(reviewRows))
	for i, r := range reviewRows {
		out[i] = r.n
	}
	return out
}
