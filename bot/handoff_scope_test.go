package bot_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// exampleEnv holds every secret examples/tandem.yaml names.
var exampleEnv = map[string]string{
	"TANDEM_PD_NOC": "noc-routing-key", "TANDEM_AM_TOKEN": "am-token", "TANDEM_GRAFANA_TOKEN": "grafana-token",
	"TANDEM_GENERIC_SECRET": "generic-secret", "TANDEM_SLACK_BOT_TOKEN": slacktest.BotToken,
	"TANDEM_SLACK_SIGNING_SECRET": slackSecret, "TANDEM_PD_API_TOKEN": "pd-token",
	"TANDEM_PD_WEBHOOK_SECRET": "pd-hooks", "TANDEM_API_TOKEN": "api-token",
}

// exampleYAML is examples/tandem.yaml on real Redis, with Slack and
// PagerDuty pointed at fakes and extra (YAML) put in place of its reports.
func exampleYAML(t *testing.T, slackURL, pdURL, reports string) string {
	t.Helper()
	raw, err := os.ReadFile("../examples/tandem.yaml")
	if err != nil {
		t.Fatal(err)
	}
	yaml := string(raw)
	for old, repl := range map[string]string{
		`url: "redis://redis:6379/0"`: fmt.Sprintf("url: %q", redistest.URL(t)),
		`prefix: "tandem:"`:           fmt.Sprintf("prefix: %q", redistest.Prefix(t)),
		"\nslack:\n":                  fmt.Sprintf("\nslack:\n  api_url: %q\n", slackURL),
		"\npagerduty:\n":              fmt.Sprintf("\npagerduty:\n  events_url: %q\n  api_url: %q\n", pdURL, pdURL),
	} {
		if !strings.Contains(yaml, old) {
			t.Fatalf("examples/tandem.yaml no longer has %q", old)
		}
		yaml = strings.Replace(yaml, old, repl, 1)
	}
	if reports != "" { // the example's own hand-over keys give way to the test's
		var kept []string
		for _, line := range strings.Split(yaml, "\n") {
			if !strings.HasPrefix(line, "  handoff:") && !strings.HasPrefix(line, "  handoff_empty:") {
				kept = append(kept, line)
			}
		}
		yaml = strings.Replace(strings.Join(kept, "\n"), "\nreports:\n", "\nreports:\n"+reports+"\n", 1)
	}
	return yaml
}

// handoffEnv runs the example config at Tue 17:55 Chicago with one
// database incident (the NOC's scope) and one EHR incident (not the NOC's).
type handoffEnv struct {
	b     *bottest.Bot
	slack *slacktest.Server
	clock *bottest.Clock
}

func startExample(t *testing.T, reports string, declare ...string) *handoffEnv {
	t.Helper()
	sl := slacktest.New(t)
	for id, name := range map[string]string{"C01OPS": "acme-it", "C02NOC": "noc", "C01MGRS": "managers"} {
		sl.AddChannel(id, name)
	}
	pd := pagerdutytest.New(t)
	pd.Token = "pd-token"
	clock := bottest.NewClock(time.Date(2026, 12, 1, 23, 55, 0, 0, time.UTC)) // Tue 17:55 CST
	b := bottest.Start(t, bottest.Config(t, exampleYAML(t, sl.APIURL(), pd.URL, reports), exampleEnv), bot.Options{Now: clock.Now})
	for _, d := range declare {
		r := b.Service().Handle(context.Background(), chat.Request{Platform: "slack", User: "U01ALICE", Text: d})
		if !strings.Contains(r.Text, "INC-") {
			t.Fatalf("%s: %+v", d, r)
		}
	}
	return &handoffEnv{b: b, slack: sl, clock: clock}
}

// handoffs returns the hand-over posts in a channel.
func (e *handoffEnv) handoffs(channel string) []string {
	var out []string
	for _, m := range e.slack.Messages(channel) {
		if strings.Contains(m.Text, "Hand-over") {
			out = append(out, m.Text)
		}
	}
	return out
}

// The example config keeps patient records (ehr) with Acme IT: at the 18:00
// boundary Acme IT's hand-over lists both incidents, and the NOC's lists
// the database incident only, never the EHR one.
func TestHandoffShowsEachTeamItsScope(t *testing.T) {
	e := startExample(t, "", "declare EHR login failing --sev 1 --service ehr", "declare Replication lag --sev 2 --service database")
	e.clock.Advance(5*time.Minute + time.Second) // 18:00:01 CST
	bottest.Eventually(t, 10*time.Second, func() bool {
		return len(e.handoffs("C01OPS")) == 1 && len(e.handoffs("C02NOC")) == 1
	}, "a hand-over in each team channel: ops %q, noc %q", e.handoffs("C01OPS"), e.handoffs("C02NOC"))
	time.Sleep(300 * time.Millisecond) // a second post would show by now
	ops, noc := e.handoffs("C01OPS"), e.handoffs("C02NOC")
	if len(ops) != 1 || len(noc) != 1 {
		t.Fatalf("hand-overs: ops %d, noc %d; want 1 each", len(ops), len(noc))
	}
	if !strings.Contains(ops[0], "2 open incident(s)") || !strings.Contains(ops[0], "EHR login failing") || !strings.Contains(ops[0], "Replication lag") {
		t.Fatalf("Acme IT's hand-over: %s", ops[0])
	}
	if !strings.Contains(noc[0], "1 open incident(s)") || !strings.Contains(noc[0], "Replication lag") {
		t.Fatalf("the NOC's hand-over: %s", noc[0])
	}
	if strings.Contains(noc[0], "EHR") || strings.Contains(noc[0], "INC-1 ") {
		t.Fatalf("the NOC's hand-over names the EHR incident: %s", noc[0])
	}
}

// A team with nothing it may see gets no hand-over, unless handoff_empty;
// reports.handoff: false turns hand-overs off (no post, no timeline entry).
func TestHandoffEmptyAndOff(t *testing.T) {
	for _, tc := range []struct {
		name, reports string
		ops, noc      int
	}{
		{"NothingForTheNOC", "", 1, 0},
		{"HandoffEmpty", "  handoff_empty: true", 1, 1},
		{"Off", "  handoff: false", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := startExample(t, tc.reports, "declare EHR login failing --sev 1 --service ehr")
			e.clock.Advance(5*time.Minute + time.Second) // 18:00:01 CST
			if tc.ops > 0 {
				bottest.Eventually(t, 10*time.Second, func() bool { return len(e.handoffs("C01OPS")) == tc.ops }, "Acme IT's hand-over")
			}
			time.Sleep(time.Second) // what should not come would show by now
			if ops, noc := len(e.handoffs("C01OPS")), len(e.handoffs("C02NOC")); ops != tc.ops || noc != tc.noc {
				t.Fatalf("hand-overs: ops %d, noc %d; want %d, %d", ops, noc, tc.ops, tc.noc)
			}
			if tc.noc == 1 && !strings.Contains(e.handoffs("C02NOC")[0], "No open incidents.") {
				t.Fatalf("the NOC's empty hand-over: %s", e.handoffs("C02NOC")[0])
			}
			tl, _ := e.b.Store().Timeline(context.Background(), "INC-1")
			entries := 0
			for _, ev := range tl {
				if ev.Kind == "handoff" {
					entries++
				}
			}
			if want := min(tc.ops, 1); entries != want {
				t.Fatalf("INC-1 has %d hand-over entries, want %d", entries, want)
			}
		})
	}
}
