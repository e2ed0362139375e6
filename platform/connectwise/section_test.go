package connectwise_test

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/platform/connectwise"
)

// The connectwise: section is checked like any other: what it lacks, a
// wrong api_url, a priority for no severity and an unknown key are each
// reported at their position; a good one decodes with its secrets, and
// accounts: and channels: take connectwise as a platform.
func TestSectionChecked(t *testing.T) {
	demo := string(config.DemoYAML())
	env := func(k string) string {
		return map[string]string{"PUB": "p", "PRIV": "priv-secret-9", "CB": "cb-secret-42"}[k]
	}
	_, err := config.Parse("t.yaml", []byte(demo+"connectwise: {api_url: \"https://cw.example.com/\", priorities: {p1: x}, boards: x}\n"), env)
	for _, want := range []string{"connectwise.api_url: must end in /v4_6_release/apis/3.0/", "connectwise.company_id: is required",
		"connectwise.client_id: is required", "connectwise.board: is required", "connectwise.company: is required",
		"connectwise.statuses.resolved: is required", "connectwise: needs public_key_env", "connectwise: needs callback_token_env",
		"connectwise.priorities.p1: is not a severity", "boards"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
	good := `connectwise:
  api_url: "https://api-na.myconnectwise.net/v4_6_release/apis/3.0/"
  company_id: acme
  public_key_env: PUB
  private_key_env: PRIV
  client_id: "1234"
  board: "MSP Incidents"
  company: ACME
  callback_token_env: CB
  statuses: {new: New, acknowledged: "In Progress", resolved: Resolved}
  priorities: {sev1: "Priority 1 - Critical"}
`
	cfg, err := config.Parse("t.yaml", []byte(demo+good), env)
	if err != nil {
		t.Fatal(err)
	}
	sec := cfg.Section("connectwise").(*connectwise.Section)
	if sec.PrivateKey.Value() != "priv-secret-9" || sec.CallbackToken.Value() != "cb-secret-42" || sec.Statuses.Acknowledged != "In Progress" ||
		sec.Priorities["sev1"] != "Priority 1 - Critical" {
		t.Fatalf("decoded %+v", sec)
	}
	if strings.Contains(sec.Describe(), "secret-") {
		t.Fatalf("Describe shows a secret: %s", sec.Describe())
	}
}
