package teams_test

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/platform/teams"
)

// The msteams: section is checked like any other: what it lacks and a
// key it does not know are reported at their position; a good one
// decodes with its secret from the environment.
func TestSectionChecked(t *testing.T) {
	demo := string(config.DemoYAML())
	env := func(k string) string { return map[string]string{"PW": "secret"}[k] }
	_, err := config.Parse("t.yaml", []byte(demo+"msteams: {channel_per_incident: true, service_url: \"not a url\", tenant: x}\n"), env)
	for _, want := range []string{"msteams.app_id: is required", "msteams: needs app_password_env", "msteams.team_id: is required with channel_per_incident",
		`msteams.service_url: must be an absolute URL`, "t.yaml:"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
	if err == nil || !strings.Contains(err.Error(), "tenant") {
		t.Errorf("the unknown key tenant was not reported: %v", err)
	}
	cfg, err := config.Parse("t.yaml", []byte(demo+"msteams: {app_id: a1, app_password_env: PW, team_id: g1}\n"), env)
	if err != nil {
		t.Fatal(err)
	}
	sec := cfg.Section(teams.SectionKey).(*teams.Section)
	if sec.AppID != "a1" || sec.AppPassword.Value() != "secret" || sec.TeamID != "g1" {
		t.Fatalf("decoded %+v", sec)
	}
	if !(teams.Teams{}).Enabled(cfg) {
		t.Fatal("not enabled by its section")
	}
}
