package faults

import (
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

// nocTeams is the NOC's Microsoft Teams channel: the NOC follows each
// incident in a thread there as well as on Slack.
const nocTeams = "19:noc@thread.tacv2"

// onTeams puts the NOC (sc's second team) on Microsoft Teams too, with
// Graph configured (team_id), so a post cut by a kill is found again.
func onTeams(sc bottest.Scenario) bottest.Scenario {
	sc.Teams[1].TeamsChannel = nocTeams
	sc.Teams[1].Members[0].Teams = "aad-nora"
	sc.MSTeams = &bottest.MSTeams{Keys: "team_id: " + teamstest.TeamID + ","}
	return sc
}

// teamsReport is what the NOC sees of an incident in its Teams channel:
// incident threads (cards), replies posted more often than the timeline
// and page notices call for, and timeline entries missing from the thread.
type teamsReport struct {
	threads  int
	dupes    []string
	unposted []string
}

func readTeams(fake *teamstest.Server, timeline []incident.Event, loc *time.Location) teamsReport {
	var r teamsReport
	var root string
	for _, m := range fake.Threads(nocTeams) {
		// The card: its text is the incident's line (a resolved card has
		// no buttons left).
		if m.Card != nil && strings.HasPrefix(m.Text, "INC-") {
			r.threads++
			root = m.ID
		}
	}
	if root == "" {
		r.unposted = []string{"(no thread yet)"}
		return r
	}
	want := map[string]int{}
	for _, e := range timeline {
		want[chat.FormatEvent(e, loc)]++
	}
	got := map[string]int{}
	for _, m := range fake.Replies(root) {
		got[m.Text]++
	}
	for text, n := range got {
		if n > max(want[text], 1) {
			r.dupes = append(r.dupes, fmt.Sprintf("%dx %s", n, text))
		}
	}
	for text, n := range want {
		if got[text] < n {
			r.unposted = append(r.unposted, text)
		}
	}
	return r
}
