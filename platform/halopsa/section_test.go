package halopsa_test

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/config"
)

// A broken halopsa: section is refused with every problem named.
func TestBadSectionNamesEachProblem(t *testing.T) {
	sc := bottest.Scenario{
		Teams:    []bottest.Team{{Name: "desk", Side: "msp", Members: []bottest.Member{{Name: "mia"}}}},
		Services: []bottest.Service{{Name: "database", Owner: "desk", Ladder: "l", Severity: "sev2"}},
		Ladders:  []bottest.Ladder{{Name: "l", Steps: []bottest.Step{{Notify: []string{"desk"}}}}},
		YAML: `halopsa:
  api_url: "https://acme.halopsa.com/"
  auth_url: "/auth/token"
  client_id: app
  client: 0
  ticket_type_id: 3
  statuses: {new: 1, acknowledged: 9, resolved: 9}
  priorities: {sev7: 1}
`,
	}
	yaml := sc.Render(bottest.Where{Redis: `url: "redis://127.0.0.1:1"`, Prefix: "t:"})
	_, err := config.Parse("tandem.yaml", []byte(yaml), func(string) string { return "" })
	if err == nil {
		t.Fatal("accepted")
	}
	t.Log(err)
	for _, want := range []string{"api_url", "must end in /api/", "auth_url", "must be an absolute URL",
		"client_secret_env", "client (the customer's Halo client id)", "statuses", "webhook_user", "priorities.sev7"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
}
