package tenants_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/tenants"
)

// deskYAML is the MSP's desk: its NOC (paged through its own PagerDuty
// service) and its own Slack workspace, declared once.
func deskYAML(where bottest.Where, slackAPI, pd string) string {
	return fmt.Sprintf(`timezone: America/Chicago
redis: {%s, prefix: %q}
teams:
  noc:
    side: msp
    slack_channel: C0NOC
    members:
      - {name: Nora, slack: U0NORA}
      - {name: Omar, slack: U0OMAR}
    pagerduty: {routing_key_env: NOC_KEY}
managers:
  slack_channel: C0MGR
  members: [{name: Mia, slack: U0MIA}]
slack: {bot_token_env: SLACK_BOT_TOKEN, signing_secret_env: SLACK_SIGNING_SECRET, api_url: %q}
pagerduty: {events_url: %q, dedup_prefix: msp}
`, where.Redis, where.Prefix, slackAPI, pd)
}

// customerOfDesk is a customer whose internal team is paged in business
// hours and the desk's NOC after hours; the NOC's scope here is the
// database only (payroll stays internal).
func customerOfDesk(name string, where bottest.Where) string {
	env := strings.ToUpper(name)
	return fmt.Sprintf(`timezone: America/Chicago
calendars:
  office:
    business_hours: [{days: [mon, tue, wed, thu, fri], start: "09:00", end: "17:00"}]
redis: {%s, prefix: %q}
teams:
  %[3]s-it:
    side: internal
    members: [{name: Alice of %[3]s}]
    pagerduty: {routing_key_env: %[4]s_KEY}
  noc: {team: msp/noc, scope: [database]}
services:
  - {name: database, owner: %[3]s-it, ladder: standard, severity: sev2}
  - {name: payroll, owner: %[3]s-it, ladder: internal, severity: sev2}
ladders:
  standard:
    calendar: office
    steps:
      - {notify: [%[3]s-it], when: business_hours, wait: 1h}
      - {notify: [noc], when: after_hours, wait: 1h}
  internal:
    calendar: office
    steps: [{notify: [%[3]s-it], wait: 1h}]
sla: {sev2: {ack: 15m, resolve: 4h}}
sources:
  generic: {token_env: %[4]s_TOKEN}
api: {token_env: %[4]s_API}
`, where.Redis, where.Prefix, name, env)
}

// nocKey is the NOC's PagerDuty routing key; routingKey a customer's
// internal team's (PagerDuty's keys are 32 characters).
const nocKey = "noc00000000000000000000000000000"

func routingKey(customer string) string { return (customer + strings.Repeat("0", 32))[:32] }

// deskWorld is two customers and the desk on one Redis, a fake PagerDuty
// and the desk's fake Slack, on a clock the test moves.
type deskWorld struct {
	*host
	clock *bottest.Clock
	pd    *pagerdutytest.Server
	slack *slacktest.Sender
}

func startDesk(t *testing.T, at time.Time) *deskWorld {
	t.Helper()
	hs := newHost(t)
	pd, sl := pagerdutytest.New(t), slacktest.New(t)
	sl.AddChannel("C0NOC", "noc")
	sl.AddChannel("C0MGR", "msp-managers")
	for k, v := range map[string]string{"NOC_KEY": nocKey, "SLACK_BOT_TOKEN": slacktest.BotToken, "SLACK_SIGNING_SECRET": "desk-secret"} {
		t.Setenv(k, v)
	}
	hs.write(t, "msp", deskYAML(hs.where, sl.APIURL(), pd.URL))
	for _, n := range []string{"acme", "globex"} {
		hs.write(t, n, customerOfDesk(n, hs.where))
		env := strings.ToUpper(n)
		t.Setenv(env+"_TOKEN", n+"-token")
		t.Setenv(env+"_API", n+"-api")
		t.Setenv(env+"_KEY", routingKey(n))
	}
	clock := bottest.NewClock(at)
	hs.serve(t, clock.Now)
	return &deskWorld{host: hs, clock: clock, pd: pd,
		slack: &slacktest.Sender{Server: sl, BotURL: hs.url + "/t/msp", Secret: "desk-secret", Now: clock.Now}}
}

// alertOn sends a generic alert for service to tenant.
func (w *deskWorld) alertOn(t *testing.T, tenant, service, key string) {
	t.Helper()
	body := fmt.Sprintf(`{"summary":"%s down at %s","dedup_key":%q,"severity":"sev2","service":%q}`, service, key, key, service)
	code, resp := bottest.Do(t, "POST", w.url+"/t/"+tenant+"/webhooks/generic", body, map[string]string{"Authorization": "Bearer " + tenant + "-token"})
	if code != 202 {
		t.Fatalf("%s alert %s: %d %s", tenant, key, code, resp)
	}
}

// pages is how many triggers went to routing key rk for dedup key dk.
func (w *deskWorld) pages(rk, dk string) int {
	n := 0
	for _, e := range w.pd.Events() {
		if e.Action == "trigger" && e.RoutingKey == rk && e.DedupKey == dk {
			n++
		}
	}
	return n
}

// Two customers and the MSP's desk: by day each customer's alert pages its
// own internal team, at night the shared NOC (two alerts, never merged);
// the NOC's /incident list in the desk's Slack shows both customers'
// incidents within each one's scope, named acme/INC-n; `ack acme/INC-2`
// acknowledges in acme as the NOC member, side msp; a customer sees only
// its own incidents and cannot reach the other's.
func TestMSPDeskServesTwoCustomers(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	w := startDesk(t, time.Date(2027, 1, 12, 10, 0, 0, 0, chicago)) // a Tuesday, office hours
	w.alertOn(t, "acme", "database", "acme-day")
	w.alertOn(t, "globex", "database", "globex-day")
	w.alertOn(t, "globex", "payroll", "globex-payroll") // INC-2 at globex: outside the NOC's scope
	bottest.Eventually(t, 10*time.Second, func() bool {
		return w.pages(routingKey("acme"), "msp-acme:INC-1/acme-it") == 1 && w.pages(routingKey("globex"), "msp-globex:INC-1/globex-it") == 1
	}, "day pages to each internal team: %+v", w.pd.Events())

	w.clock.Advance(12 * time.Hour) // 22:00: after hours
	w.alertOn(t, "acme", "database", "acme-night")
	w.alertOn(t, "globex", "database", "globex-night")
	bottest.Eventually(t, 10*time.Second, func() bool {
		return w.pages(nocKey, "msp-acme:INC-2/noc") == 1 && w.pages(nocKey, "msp-globex:INC-3/noc") == 1
	}, "night pages to the NOC, one per customer's incident: %+v", w.pd.Events())

	list := w.slack.Command("U0NORA", "C0NOC", "list").Content()
	for _, want := range []string{"acme/INC-1", "acme/INC-2", "globex/INC-1", "globex/INC-3", "(4)"} {
		if !strings.Contains(list, want) {
			t.Errorf("the desk's list lacks %q:\n%s", want, list)
		}
	}
	if strings.Contains(list, "globex/INC-2") || strings.Contains(list, "payroll") {
		t.Errorf("the desk's list shows globex's payroll incident, outside the NOC's scope there:\n%s", list)
	}

	t.Logf("desk list:\n%s", list)
	ack := w.slack.Command("U0NORA", "C0NOC", "ack acme/INC-2").Content()
	t.Logf("desk ack: %s", ack)
	if !strings.Contains(ack, "acme/INC-2") {
		t.Errorf("the ack's answer does not name acme/INC-2: %s", ack)
	}
	inc := w.incident(t, "acme", "INC-2")
	if !strings.Contains(inc, `"status":"acked"`) || !strings.Contains(inc, `"name":"Nora"`) || !strings.Contains(inc, `"side":"msp"`) {
		t.Errorf("acme's INC-2 is not acknowledged by Nora (msp): %s", inc)
	}
	if inc := w.incident(t, "globex", "INC-2"); !strings.Contains(inc, `"status":"open"`) {
		t.Errorf("globex's INC-2 changed: %s", inc)
	}
	if out := w.slack.Command("U0NORA", "C0NOC", "ack globex/INC-2").Content(); !strings.Contains(out, "scope") {
		t.Errorf("the NOC acknowledged globex's payroll incident, outside its scope there: %s", out)
	}
	if out := w.slack.Command("U0STRANGER", "C0NOC", "list").Content(); !strings.Contains(out, "does not know you") || strings.Contains(out, "INC-") {
		t.Errorf("a stranger in the desk's workspace got: %s", out)
	}
	if out := w.slack.Command("U0NORA", "C0NOC", "ack initech/INC-1").Content(); !strings.Contains(out, `no customer "initech"`) {
		t.Errorf("an unknown customer: %s", out)
	}

	// The desk's weekly report ends with a table of its customers: the
	// incidents the NOC covers at each (globex's payroll is not counted).
	effects, err := w.h.Bot("msp").Service().WeeklyReport(context.Background(), w.clock.Now().Add(time.Hour), chicago)
	if err != nil {
		t.Fatal(err)
	}
	table := effects[len(effects)-1]
	t.Logf("desk's customers table:\n%s", table.Text)
	for _, want := range []string{"• acme: 2 incident(s) · ack – / 0s · resolve – / – · SLA 1/2 (50%) · 0/1 (0%)",
		"• globex: 2 incident(s) · ack – / – · resolve – / – · SLA 0/2 (0%) · 0/1 (0%)"} {
		if table.Channel != "C0MGR" || !strings.Contains(table.Text, want) {
			t.Errorf("the desk's customers table lacks %q (in %s):\n%s", want, table.Channel, table.Text)
		}
	}

	// A customer sees only its own, and cannot name the other's.
	own := w.handle(t, "acme", "Alice of acme", "list")
	if !strings.Contains(own, "INC-1") || !strings.Contains(own, "INC-2") || strings.Contains(own, "globex") || strings.Contains(own, "acme/") {
		t.Errorf("acme's own list:\n%s", own)
	}
	if out := w.handle(t, "acme", "Alice of acme", "ack globex/INC-1"); strings.Contains(out, "acknowledged") {
		t.Errorf("acme acknowledged globex's incident: %s", out)
	}
	if inc := w.incident(t, "globex", "INC-1"); !strings.Contains(inc, `"status":"open"`) {
		t.Errorf("globex's INC-1 changed from acme: %s", inc)
	}
	if code, _ := bottest.Do(t, "GET", w.url+"/t/acme/api/v1/incidents/INC-3", "", map[string]string{"Authorization": "Bearer acme-api"}); code != 404 {
		t.Errorf("acme's API answered %d for an incident only globex has, want 404", code)
	}
}

// incident is tenant's incident id as its API shows it.
func (w *deskWorld) incident(t *testing.T, tenant, id string) string {
	t.Helper()
	code, body := bottest.Do(t, "GET", w.url+"/t/"+tenant+"/api/v1/incidents/"+id, "", map[string]string{"Authorization": "Bearer " + tenant + "-api"})
	if code != 200 {
		t.Fatalf("%s %s: %d %s", tenant, id, code, body)
	}
	return strings.ReplaceAll(body, " ", "")
}

// handle runs a command typed on tenant's console by member.
func (w *deskWorld) handle(t *testing.T, tenant, member, text string) string {
	t.Helper()
	return w.h.Bot(tenant).Service().Handle(context.Background(), chat.Request{Platform: "console", User: member, Text: text}).Text
}

// A team that refers to the desk without one, or to a team it lacks, or
// that repeats what the desk declares, is refused with the reason.
func TestDeskReferencesChecked(t *testing.T) {
	dir := t.TempDir()
	where := bottest.Where{Redis: `url: "redis://127.0.0.1:1"`, Prefix: "t:"}
	good := customerOfDesk("acme", where)
	os.WriteFile(filepath.Join(dir, "acme.yaml"), []byte(good), 0o600)
	_, err := tenants.Check(dir)
	if err == nil {
		t.Fatal("a reference to a desk that does not exist was accepted")
	}
	checked, _ := tenants.Check(dir)
	if msg := checked[0].Err.Error(); !strings.Contains(msg, "acme.yaml:") || !strings.Contains(msg, "msp.yaml") {
		t.Errorf("no desk: %s", msg)
	}
	os.WriteFile(filepath.Join(dir, "msp.yaml"), []byte(deskYAML(where, "http://127.0.0.1:1/api/", "http://127.0.0.1:1")), 0o600)
	if checked, err := tenants.Check(dir); err != nil {
		t.Fatalf("with the desk: %v %+v", err, checked)
	}
	bad := strings.Replace(good, "team: msp/noc,", "team: msp/soc, members: [{name: Zed}],", 1)
	os.WriteFile(filepath.Join(dir, "acme.yaml"), []byte(bad), 0o600)
	checked, _ = tenants.Check(dir)
	msg := checked[0].Err.Error()
	for _, want := range []string{`msp.yaml has no team "soc" (it has noc)`, "teams.noc.members: comes from msp.yaml"} {
		if !strings.Contains(msg, want) {
			t.Errorf("want %q in:\n%s", want, msg)
		}
	}
}

// A changed msp.yaml rebuilds the desk and every customer on reload: a
// person added to the NOC there can list and act at once.
func TestDeskChangeReachesCustomers(t *testing.T) {
	w := startDesk(t, time.Now())
	w.alertOn(t, "acme", "database", "acme-1")
	if out := w.slack.Command("U0PAT", "C0NOC", "list").Content(); !strings.Contains(out, "does not know you") {
		t.Fatalf("Pat before joining: %s", out)
	}
	desk := strings.Replace(deskYAML(w.where, w.slack.Server.APIURL(), w.pd.URL), "      - {name: Omar, slack: U0OMAR}\n",
		"      - {name: Omar, slack: U0OMAR}\n      - {name: Pat, slack: U0PAT}\n", 1)
	w.write(t, "msp", desk)
	rep := w.reload(t)
	if got := strings.Join(rep.Changed, ","); got != "msp,acme,globex" && got != "acme,globex,msp" {
		t.Fatalf("a changed desk rebuilt %q, want the desk and both customers: %+v", got, rep)
	}
	if out := w.slack.Command("U0PAT", "C0NOC", "list").Content(); !strings.Contains(out, "acme/INC-1") {
		t.Errorf("Pat after joining: %s", out)
	}
}
