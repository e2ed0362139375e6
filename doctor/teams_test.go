package doctor_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
	teamsplatform "github.com/tandemhq/tandem/platform/teams"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// Teams: the app's secret, Graph's access to the team and a team's
// channel are each named, against the fake Bot Framework and Graph.
func TestTeamsChecks(t *testing.T) {
	redistest.NeedReal(t)
	fake := teamstest.Start(t)
	const channel = "19:noc@thread.tacv2"
	fake.AddChannel(channel, "NOC")
	configWith := func(sec teamsplatform.Section, ch string) *config.Config {
		return &config.Config{Redis: config.Redis{URL: redistest.Start(t, "--appendonly", "yes").URL()},
			Teams:    map[string]*config.Team{"noc": {Side: "msp", Channels: map[string]string{"teams": ch}}},
			Sections: map[string]any{teamsplatform.SectionKey: &sec}}
	}
	good := teamsplatform.Section{AppID: teamstest.AppID, AppPassword: config.NewSecret(teamstest.AppPassword), TenantID: teamstest.Tenant,
		ServiceURL: fake.URL, LoginURL: fake.LoginURL(), GraphURL: fake.GraphURL(), TeamID: teamstest.TeamID}
	if out, failed := run(t, configWith(good, channel), time.Now); len(failed) > 0 || !strings.Contains(out, "✓ Teams channel of noc: NOC (19:noc@thread.tacv2)") {
		t.Fatalf("healthy: %q\n%s", failed, out)
	}

	wrongSecret := good
	wrongSecret.AppPassword = config.NewSecret("not-the-secret")
	out, failed := run(t, configWith(wrongSecret, channel), time.Now)
	expectOne(t, out, failed, "teams: token: HTTP 401: {\"error\":{\"code\":\"invalid_client\"")

	wrongTeam := good
	wrongTeam.TeamID = "team-that-is-not"
	out, failed = run(t, configWith(wrongTeam, channel), time.Now)
	expectOne(t, out, failed, "No team found with Group Id team-that-is-not")

	out, failed = run(t, configWith(good, "19:gone@thread.tacv2"), time.Now)
	expectOne(t, out, failed, "Teams channel of noc: no channel 19:gone@thread.tacv2 in team team-1")

	noTeam := good
	noTeam.TeamID = ""
	if out, failed := run(t, configWith(noTeam, channel), time.Now); len(failed) > 0 || !strings.Contains(out, "• Teams team: no msteams.team_id") {
		t.Errorf("without team_id: %q\n%s", failed, out)
	}
}
