package faults

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// replicasScenario: three replicas share its config but for the HTTP
// address. The office calendar's one boundary in the test is boundary
// (UTC), when the hand-over runs, and the "weekly" report is scheduled at
// the same minute every day, so both cron-like jobs fire while the test
// watches.
func replicasScenario(boundary time.Time) bottest.Scenario {
	sc := onSlackAndPagerDuty(acmeAndNOC("unacked_every: 4s, update_every: 10s", step("3s", "acme-it"), step("", "noc")))
	sc.Calendar = &bottest.Calendar{Name: "office", Days: bottest.Always.Days,
		Start: boundary.Format("15:04"), End: boundary.Add(time.Hour).Format("15:04")}
	sc.Managers = bottest.Team{Members: []bottest.Member{{Name: "Maria", Slack: "U03MARIA"}}, SlackChannel: "C03MGRS"}
	sc.YAML += fmt.Sprintf("reports: {weekly: \"CRON_TZ=UTC %d %d * * *\"}\n", boundary.Minute(), boundary.Hour())
	return sc
}

// Three tandem processes share one Redis with no balancer in front: the
// test spreads webhooks and Slack commands over them round-robin, and sends
// every alert twice, to two different replicas. Every room, card, page,
// team post and reminder happens once; the hand-over at the calendar
// boundary and the scheduled report run once, on one replica.
func TestThreeReplicas(t *testing.T) {
	redistest.NeedReal(t)
	t.Parallel()
	srv := redistest.Start(t)
	slack, pd := slacktest.New(t), pagerdutytest.New(t)
	for id, name := range map[string]string{"C01OPS": "acme-it", "C02NOC": "noc", "C03MGRS": "managers"} {
		slack.AddChannel(id, name)
	}
	// The boundary: the next whole minute at least 15 s away (time for the
	// replicas to start and the incidents to open first).
	bin := tandemBinary(t)
	boundary := time.Now().UTC().Add(15 * time.Second).Truncate(time.Minute).Add(time.Minute)
	if boundary.Hour() == 0 && boundary.Minute() == 0 {
		boundary = boundary.Add(time.Minute) // "00:00" is no boundary of a span starting at 00:00
	}
	prefix := redistest.Prefix(t)
	var bases []string
	var procs []*proc
	for range 3 {
		addr := freeAddr(t)
		path := writeFile(t, "tandem.yaml", asProcess(replicasScenario(boundary), addr, srv.URL(),
			bottest.Where{Prefix: prefix, Slack: slack.APIURL(), PagerDuty: pd.URL}))
		p, err := startProc(bin, path, scriptEnv(), &syncBuffer{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.kill)
		procs = append(procs, p)
		bases = append(bases, "http://"+addr)
	}
	for i, p := range procs {
		if err := waitHealthy(bases[i], p, 20*time.Second); err != nil {
			t.Fatal(err)
		}
	}

	// 30 incidents; each alert delivered to two replicas at once.
	const n = 30
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		for k := range 2 {
			wg.Go(func() {
				got, err := deliver(bases[(i+k)%3], alert(fmt.Sprintf("db-%d", i), "firing"), 20*time.Second)
				if err != nil {
					t.Error(err)
					return
				}
				if k == 0 {
					ids[i] = got[0]
				}
			})
		}
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if seen := uniq(ids); len(seen) != n {
		t.Fatalf("%d alert groups made %d incidents", n, len(seen))
	}
	// Both steps everywhere, then a third of them acknowledged (through
	// Slack, round-robin) and a third resolved; the rest stay open and
	// keep reminding until the boundary.
	if !until(60*time.Second, func() bool {
		for i, id := range ids {
			inc, ok := getIncident(bases[i%3], id)
			if !ok || count(inc.Timeline, incident.KindPaged) < 2 {
				return false
			}
		}
		return true
	}) {
		t.Fatal("the ladders did not reach step 2 everywhere")
	}
	for i, id := range ids {
		switch i % 3 {
		case 0:
			if code := slackCommand(slack, bases[i%3], "U01ALICE", "C01OPS", "ack "+id, 1000+i); code != 200 {
				t.Fatalf("ack %s: HTTP %d", id, code)
			}
		case 1:
			if _, err := deliver(bases[(i+1)%3], alert(fmt.Sprintf("db-%d", i), "resolved"), 20*time.Second); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Past the boundary: the hand-over and the report.
	time.Sleep(time.Until(boundary) + 3*time.Second)
	posts := func(ch string) []string {
		var out []string
		for _, m := range slack.Messages(ch) {
			out = append(out, m.Text)
		}
		return out
	}
	if !until(60*time.Second, func() bool {
		return strings.Contains(strings.Join(posts("C01OPS"), "\n"), "Hand-over") &&
			strings.Contains(strings.Join(posts("C02NOC"), "\n"), "Hand-over") && len(posts("C03MGRS")) > 0 && settledRooms(slack, bases, ids)
	}) {
		t.Fatalf("no hand-over, report or settled rooms after the boundary %s", boundary.Format("15:04:05"))
	}
	time.Sleep(2 * time.Second) // a duplicate would show by now

	// Exactly once, on the wire.
	var problems []string
	if got := len(slack.OKCalls("conversations.create")); got != n {
		problems = append(problems, fmt.Sprintf("%d rooms created, want %d", got, n))
	}
	pagedTo := map[string]int{}
	handoffs, reminders, minGap := 0, 0, time.Hour
	for i, id := range ids {
		inc, ok := getIncident(bases[(i+2)%3], id)
		if !ok {
			t.Fatalf("%s unreadable", id)
		}
		room := readRoom(slack, inc.Room["slack"])
		if room.cards != 1 || len(room.duplicates) > 0 {
			problems = append(problems, fmt.Sprintf("%s: %d cards, messages twice %q", id, room.cards, room.duplicates))
		}
		if err := inOrder(inc.Timeline, room.messages); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", id, err))
		}
		for _, team := range []string{"acme-it", "noc"} {
			paged := count(inc.Timeline, incident.KindPaged, "team", team)
			pagedTo[team] += paged
			if got := len(pd.EventsFor("trigger", id+"/"+team)); got != paged {
				problems = append(problems, fmt.Sprintf("%s: %d PagerDuty triggers for %s, %d pages on the timeline", id, got, team, paged))
			}
		}
		h := count(inc.Timeline, incident.KindHandoff)
		if want := map[bool]int{true: 1, false: 0}[inc.Status != "resolved"]; h != want {
			problems = append(problems, fmt.Sprintf("%s (%s): %d hand-over entries, want %d", id, inc.Status, h, want))
		}
		handoffs += h
		var last time.Time
		for _, e := range inc.Timeline {
			if e.Kind == incident.KindReminded && e.Details["reminder"] == "unacked" {
				reminders++
				if !last.IsZero() {
					minGap = min(minGap, e.At.Sub(last))
				}
				last = e.At
			}
		}
	}
	// Two reminders for one due time would be less than the 4 s apart.
	if reminders > 0 && minGap < 3*time.Second {
		problems = append(problems, fmt.Sprintf("two unacked reminders %v apart (every 4 s)", minGap))
	}
	teamPosts := map[string]int{}
	for ch, team := range map[string]string{"C01OPS": "acme-it", "C02NOC": "noc"} {
		hand := 0
		for _, p := range posts(ch) {
			if strings.Contains(p, "Hand-over") {
				hand++
			} else {
				teamPosts[team]++
			}
		}
		if hand != 1 || teamPosts[team] != pagedTo[team] {
			problems = append(problems, fmt.Sprintf("%s: %d hand-overs (want 1), %d page posts for %d pages", ch, hand, teamPosts[team], pagedTo[team]))
		}
	}
	reports, charts := 0, 0
	for _, p := range posts("C03MGRS") {
		switch {
		case strings.HasPrefix(p, "📊"):
			reports++
		case strings.HasPrefix(p, "Time to acknowledge by side"):
			charts++ // the report's chart
		default:
			problems = append(problems, fmt.Sprintf("managers' channel has %.100q", p))
		}
	}
	if reports != 1 || charts != 1 {
		problems = append(problems, fmt.Sprintf("managers' channel: %d reports and %d charts, want 1 each", reports, charts))
	}
	// Who did what: each replica's log.
	var share []string
	reportsRun := 0
	for i, p := range procs {
		out := p.out.String()
		reportsRun += strings.Count(out, "weekly report posted")
		share = append(share, fmt.Sprintf("replica %d created %d rooms", i+1, strings.Count(out, `msg="room created"`)))
	}
	if reportsRun != 1 {
		problems = append(problems, fmt.Sprintf("the report ran %d times across the replicas", reportsRun))
	}
	for _, p := range problems {
		t.Error(p)
	}
	t.Logf("3 replicas, %d incidents (each alert to 2 replicas): %d rooms, %d pages to acme-it and %d to noc each triggered once, "+
		"%d unacked reminders (closest two %v apart), %d hand-over entries and 1 hand-over post per team channel, the report once; %s",
		n, len(slack.OKCalls("conversations.create")), pagedTo["acme-it"], pagedTo["noc"], reminders, minGap.Round(100*time.Millisecond),
		handoffs, strings.Join(share, ", "))
}

// settledRooms reports whether every incident's room shows its whole
// timeline.
func settledRooms(slack *slacktest.Server, bases, ids []string) bool {
	for i, id := range ids {
		inc, ok := getIncident(bases[i%3], id)
		if !ok || inc.Room["slack"] == "" || len(readRoom(slack, inc.Room["slack"]).messages) < len(inc.Timeline) {
			return false
		}
	}
	return true
}

func uniq(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
