package doctor

import (
	"context"
	"slices"

	teamsapi "github.com/tandemhq/tandem/integrations/teams"
	teamsplatform "github.com/tandemhq/tandem/platform/teams"
)

// checkTeams: the app's credentials (a Bot Framework token) and, with
// msteams.team_id, Microsoft Graph's access to the team and every team's
// configured channel in it.
func checkTeams(ctx context.Context, opt Options) []Line {
	sec, _ := opt.Config.Section(teamsplatform.SectionKey).(*teamsplatform.Section)
	if sec == nil {
		return nil
	}
	if l := secretMissing("Teams app", "msteams.app_password", sec.AppPassword); l != nil {
		return []Line{*l}
	}
	client, err := teamsapi.New(teamsapi.Options{AppID: sec.AppID, Password: sec.AppPassword.Value(), TenantID: sec.TenantID,
		ServiceURL: sec.ServiceURL, LoginURL: sec.LoginURL, GraphURL: sec.GraphURL, TeamID: sec.TeamID,
		ChannelPerIncident: sec.ChannelPerIncident, HTTP: opt.HTTPClient})
	if err != nil {
		return []Line{fail("Teams app", err.Error(), "")}
	}
	if err := client.CheckToken(ctx, teamsapi.BotScope); err != nil {
		return []Line{fail("Teams app", err.Error(), "check msteams.app_id, the client secret ("+sec.AppPassword.Origin()+
			") under the app registration's Certificates & secrets, and msteams.tenant_id (the app's tenant, or empty for a multi-tenant app)")}
	}
	out := []Line{ok("Teams app", "app %s got a Bot Framework token", sec.AppID)}
	if sec.TeamID == "" {
		return append(out, Line{Info: true, Check: "Teams team",
			Detail: "no msteams.team_id: channels not checked, and a post a crash may have sent already cannot be looked up (docs/teams.md)"})
	}
	chans, err := client.Channels(ctx)
	if err != nil {
		return append(out, fail("Teams team", err.Error(), "check msteams.team_id (the groupId in the team's link) and grant the app the Microsoft Graph application "+
			"permissions Channel.ReadBasic.All, ChannelMessage.Read.All (and Channel.Create with channel_per_incident), with admin consent"))
	}
	out = append(out, ok("Teams team", "team %s: %d channel(s) visible through Graph", sec.TeamID, len(chans)))
	return append(out, teamsChannels(opt, sec.TeamID, chans)...)
}

// teamsChannels checks that each team's Teams channel is in the team
// (teamID), whose channels are chans.
func teamsChannels(opt Options, teamID string, chans map[string]string) []Line {
	var out []Line
	names := make([]string, 0, len(opt.Config.Teams))
	for name := range opt.Config.Teams {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		ch := opt.Config.Teams[name].Channels[teamsapi.Platform]
		if ch == "" {
			continue
		}
		check := "Teams channel of " + name
		if display, found := chans[ch]; found {
			out = append(out, ok(check, "%s (%s)", display, ch))
			continue
		}
		out = append(out, fail(check, "no channel "+ch+" in team "+teamID,
			"in Teams, the channel's … menu → Get link to channel: its ID is the 19:…@thread.tacv2 part; put it in teams."+name+".channels.teams"))
	}
	return out
}
