// Package teams registers Microsoft Teams as a chat platform (name
// "teams", section msteams: since teams: holds the people teams): rooms,
// cards and posts through the Bot Framework connector and, with
// channel_per_incident, Microsoft Graph; commands and card actions at
// POST /teams/messages. By default each team with a Teams channel
// (channels.teams or teams_channel) follows an incident in a thread of
// that channel: one more room per team, "teams#thread:<team>".
package teams

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/delivery"
	teamsapi "github.com/tandemhq/tandem/integrations/teams"
	"github.com/tandemhq/tandem/platform"
)

// SectionKey is the config section's key.
const SectionKey = "msteams"

var (
	_ platform.Chat = (*teamsapi.Client)(nil)
	_ platform.Chat = (*teamsapi.ThreadRoom)(nil)
	_ delivery.Chat = (*teamsapi.ThreadRoom)(nil)
)

// Section is the msteams: config section (DESIGN §7, plus team_id and
// graph_url for a channel per incident).
type Section struct {
	AppID              string        `yaml:"app_id"`
	AppPassword        config.Secret `yaml:"app_password"`
	TenantID           string        `yaml:"tenant_id"`
	ServiceURL         string        `yaml:"service_url"`
	OpenIDURL          string        `yaml:"openid_url"`
	LoginURL           string        `yaml:"login_url"`
	GraphURL           string        `yaml:"graph_url"`
	TeamID             string        `yaml:"team_id"`
	ChannelPerIncident bool          `yaml:"channel_per_incident"`
}

// Check says what the section lacks.
func (s *Section) Check(errf func(key, format string, args ...any)) {
	if s.AppID == "" {
		errf("app_id", "is required (the bot's Microsoft App ID, from its Azure Bot registration)")
	}
	if !s.AppPassword.Declared() {
		errf("", "needs app_password_env or app_password_file (the app's client secret)")
	}
	if s.ChannelPerIncident && s.TeamID == "" {
		errf("team_id", "is required with channel_per_incident: true (the team whose channels Graph creates)")
	}
	for key, v := range map[string]string{"service_url": s.ServiceURL, "openid_url": s.OpenIDURL, "login_url": s.LoginURL, "graph_url": s.GraphURL} {
		if u, err := url.Parse(v); v != "" && (err != nil || u.Scheme == "" || u.Host == "") {
			errf(key, "must be an absolute URL, got %q", v)
		}
	}
}

// Describe is the section's line in `tandem config check`.
func (s *Section) Describe() string {
	rooms := "a thread per incident in each team's channel"
	if s.ChannelPerIncident {
		rooms = "a channel per incident in team " + s.TeamID
	}
	team := ""
	if s.TeamID != "" && !s.ChannelPerIncident {
		team = ", team " + s.TeamID
	}
	return fmt.Sprintf("app %s, password %s, tenant %s%s; rooms: %s", s.AppID, config.SetOrNot(s.AppPassword),
		cmp.Or(s.TenantID, "botframework.com"), team, rooms)
}

func init() {
	config.RegisterPlatformSection(SectionKey, teamsapi.Platform, func() any { return &Section{} })
	platform.Register(Teams{})
}

// Teams is the registered platform.
type Teams struct{}

// Name is "teams".
func (Teams) Name() string { return teamsapi.Platform }

// Enabled reports whether the config has an msteams: section.
func (Teams) Enabled(cfg *config.Config) bool { return cfg.Section(SectionKey) != nil }

// Open builds the client, a thread room per team with a Teams channel
// (unless a channel per incident), and the messaging endpoint.
func (Teams) Open(ctx context.Context, d platform.Deps) (platform.Opened, error) {
	sec := d.Config.Section(SectionKey).(*Section)
	client, err := teamsapi.New(teamsapi.Options{AppID: sec.AppID, Password: sec.AppPassword.Value(), TenantID: sec.TenantID,
		ServiceURL: sec.ServiceURL, LoginURL: sec.LoginURL, GraphURL: sec.GraphURL, TeamID: sec.TeamID,
		ChannelPerIncident: sec.ChannelPerIncident, Logger: d.Log, Location: d.Config.Location, Now: d.Now})
	if err != nil {
		return platform.Opened{}, err
	}
	chats := map[string]platform.Chat{teamsapi.Platform: client}
	if !sec.ChannelPerIncident {
		for name, t := range d.Config.Teams {
			if ch := t.Channels[teamsapi.Platform]; ch != "" {
				chats[teamsapi.ThreadPlatform(name)] = client.ThreadRoom(name, ch)
			}
		}
	}
	inbound := func(h platform.Handle) (platform.Inbound, error) {
		hd, err := teamsapi.NewHandler(client, teamsapi.HandlerOptions{
			Verifier: teamsapi.NewVerifier(sec.OpenIDURL, sec.AppID, &http.Client{Timeout: 10 * time.Second}, timeNow),
			Handle:   h, Incident: d.Incident, Claim: d.Claim, Accounts: accounts(d.Config), Context: ctx, Logger: d.Log,
		})
		if err != nil {
			return platform.Inbound{}, err
		}
		return platform.Inbound{Mount: func(mux *http.ServeMux) { mux.Handle("POST /teams/messages", hd) }}, nil
	}
	return platform.Opened{Chats: chats, Inbound: inbound}, nil
}

// accounts are every member's configured Teams account.
func accounts(cfg *config.Config) []string {
	var out []string
	add := func(ms []config.Member) {
		for _, m := range ms {
			if a := m.Accounts[teamsapi.Platform]; a != "" {
				out = append(out, a)
			}
		}
	}
	for _, t := range cfg.Teams {
		add(t.Members)
	}
	add(cfg.Managers.Members)
	sort.Strings(out)
	return out
}
