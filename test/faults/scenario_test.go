package faults

import (
	"fmt"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
)

// acmeAndNOC is Acme's IT and its MSP's NOC (scope: the database), one
// person each, paged as teams, on a calendar that is always business
// hours, in UTC; the console is chat and pager unless a test adds more.
func acmeAndNOC(reminders string, steps ...bottest.Step) bottest.Scenario {
	return bottest.Scenario{
		Timezone: "UTC",
		Calendar: &bottest.Always,
		Teams: []bottest.Team{
			{Name: "acme-it", Side: "internal", NoRotation: true, Members: []bottest.Member{{Name: "Alice"}}},
			{Name: "noc", Side: "msp", Scope: []string{"database"}, NoRotation: true, Members: []bottest.Member{{Name: "Nora"}}},
		},
		Services: []bottest.Service{{Name: "database", Owner: "acme-it", Ladder: "standard", Severity: "sev2"}},
		Ladders:  []bottest.Ladder{{Name: "standard", Steps: steps}},
		YAML:     "reminders: {" + reminders + "}\n",
		Env:      map[string]string{"TOKEN": webhookToken, "API_TOKEN": apiToken},
	}
}

// onSlackAndPagerDuty puts both teams of sc on Slack (each with a channel)
// and PagerDuty (each with a routing key).
func onSlackAndPagerDuty(sc bottest.Scenario) bottest.Scenario {
	sc = onSlack(sc)
	sc.Teams[0].PagerDutyKeyEnv, sc.Teams[1].PagerDutyKeyEnv = "PD_ACME", "PD_NOC"
	sc.PagerDuty = &bottest.PagerDuty{EventsOnly: true}
	return sc
}

// onSlack puts both teams of sc on Slack, each with a channel.
func onSlack(sc bottest.Scenario) bottest.Scenario {
	sc.Teams[0].Members[0].Slack, sc.Teams[0].SlackChannel = "U01ALICE", "C01OPS"
	sc.Teams[1].Members[0].Slack, sc.Teams[1].SlackChannel = "U02NORA", "C02NOC"
	sc.Slack = &bottest.Slack{Channels: map[string]string{"C01OPS": "acme-it", "C02NOC": "noc"}}
	sc.Env["SLACK_SIGNING_SECRET"] = slackSecret
	return sc
}

// asProcess renders sc for a tandem process serving on addr, with the
// webhook and API tokens from FAULTS_TOKEN and FAULTS_API_TOKEN
// (scriptEnv), on the Redis at redisURL and the fakes at where.
func asProcess(sc bottest.Scenario, addr, redisURL string, where bottest.Where) string {
	sc.APITokenEnv = "FAULTS_API_TOKEN"
	if len(sc.Sources) == 0 {
		sc.Sources = []bottest.Source{{Name: "generic", Keys: "token_env: FAULTS_TOKEN"}}
	}
	sc.YAML += fmt.Sprintf("http: {addr: %q}\n", addr)
	where.Redis = fmt.Sprintf("url: %q", redisURL)
	return sc.Render(where)
}

// step is a ladder step notifying teams, then waiting wait ("": last).
func step(wait string, teams ...string) bottest.Step {
	return bottest.Step{Notify: teams, Wait: wait}
}

// ladderScenario: two steps 10 minutes apart, reminders every 5 minutes,
// the console as chat and pager.
func ladderScenario() bottest.Scenario {
	return acmeAndNOC("unacked_every: 5m, update_every: 30m", step("10m", "acme-it"), step("10m", "noc"))
}

// slackScenario: both teams on Slack; waits and reminders long enough that
// nothing but the test's own actions happens in the 12 minutes it plays.
func slackScenario() bottest.Scenario {
	return onSlack(acmeAndNOC("unacked_every: 2h, update_every: 2h", step("1h", "acme-it"), step("", "noc")))
}

// pdScenario: acme-it paged through PagerDuty (one routing key), the
// console as chat; long waits, so only the test's own actions happen.
func pdScenario() bottest.Scenario {
	sc := acmeAndNOC("unacked_every: 2h, update_every: 2h", step("1h", "acme-it"), step("", "noc"))
	sc.Teams[0].PagerDutyKeyEnv = "PD_ACME"
	sc.PagerDuty = &bottest.PagerDuty{EventsOnly: true}
	sc.Env["PD_ACME"] = pdKeyACME
	return sc
}

// patience bounds a wait for progress (alerts accepted, pages sent, ready
// again). It is generous because CI may run on a loaded machine: a wait
// that ends early costs nothing, and what a scenario asserts is what
// happened (nothing lost, nothing repeated), never how fast.
const patience = 90 * time.Second
