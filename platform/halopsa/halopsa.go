// Package halopsa registers HaloPSA as a chat platform whose "room" is a
// ticket: an incident a team with channels: {halopsa: <Halo team>} takes
// part in (it owns the service, or was paged) gets one ticket, opened on
// the configured client and ticket type with a priority from the
// severity; every timeline entry becomes an action (note) on it, in
// order; the resolve closes it. Back, POST /webhooks/halopsa takes Halo's
// webhooks (Basic authentication), reads the ticket and its actions from
// the API, and turns an agent's status change into ack/resolve and an
// agent's note into a timeline note, as the member whose accounts.halopsa
// is that agent. See docs/halopsa.md.
package halopsa

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/delivery"
	api "github.com/tandemhq/tandem/integrations/halopsa"
	"github.com/tandemhq/tandem/platform"
)

// Name is the platform's key: its section, member accounts (the Halo
// agent id) and team channels (the Halo team a ticket is assigned to).
const Name = "halopsa"

// Section is the halopsa: config section.
type Section struct {
	APIURL       string        `yaml:"api_url"`  // https://acme.halopsa.com/api/
	AuthURL      string        `yaml:"auth_url"` // https://acme.halopsa.com/auth/token
	ClientID     string        `yaml:"client_id"`
	ClientSecret config.Secret `yaml:"client_secret"`
	Tenant       string        `yaml:"tenant"`         // hosted Halo's tenant, if any
	Client       int           `yaml:"client"`         // the customer (client_id) tickets are for
	TicketTypeID int           `yaml:"ticket_type_id"` // the ticket type tickets are opened as
	// WebhookUser and WebhookPassword are the Basic credentials the Halo
	// webhook is configured to send.
	WebhookUser     string        `yaml:"webhook_user"`
	WebhookPassword config.Secret `yaml:"webhook_password"`
	Statuses        Statuses      `yaml:"statuses"`
	// Priorities maps a severity (sev1..sev4) to a Halo priority id.
	Priorities map[string]int `yaml:"priorities"`
	// IncidentURL, when set, is linked from the ticket; {id} becomes the
	// incident's ID (e.g. https://tandem.example.com/api/v1/incidents/{id}).
	IncidentURL string `yaml:"incident_url"`
}

// Statuses are Halo status ids: what a ticket is opened with, and the
// statuses that mean acknowledged and resolved, both ways.
type Statuses struct {
	New          int `yaml:"new"`
	Acknowledged int `yaml:"acknowledged"`
	Resolved     int `yaml:"resolved"`
}

// Check says what the section lacks.
func (s *Section) Check(errf func(key, format string, args ...any)) {
	for key, v := range map[string]string{"api_url": s.APIURL, "auth_url": s.AuthURL} {
		if u, err := url.Parse(v); err != nil || u.Scheme == "" || u.Host == "" {
			errf(key, "must be an absolute URL, got %q", v)
		}
	}
	if s.APIURL != "" && !strings.HasSuffix(s.APIURL, "/api/") {
		errf("api_url", "must end in /api/ (https://acme.halopsa.com/api/), got %q", s.APIURL)
	}
	if s.ClientID == "" || !s.ClientSecret.Declared() {
		errf("", "needs client_id and client_secret_env or client_secret_file (the API application's credentials)")
	}
	if s.Client <= 0 || s.TicketTypeID <= 0 {
		errf("", "needs client (the customer's Halo client id) and ticket_type_id, both positive")
	}
	if s.Statuses.Acknowledged <= 0 || s.Statuses.Resolved <= 0 || s.Statuses.Acknowledged == s.Statuses.Resolved {
		errf("statuses", "needs acknowledged and resolved: two different Halo status ids")
	}
	if s.WebhookUser == "" || !s.WebhookPassword.Declared() {
		errf("", "needs webhook_user and webhook_password_env or webhook_password_file (the webhook's Basic credentials)")
	}
	for sev, id := range s.Priorities {
		if !validSeverity(sev) || id <= 0 {
			errf("priorities."+sev, "must map sev1..sev4 to a positive Halo priority id")
		}
	}
}

func validSeverity(s string) bool { return s == "sev1" || s == "sev2" || s == "sev3" || s == "sev4" }

// Describe is the section's line in `tandem config check`.
func (s *Section) Describe() string {
	return fmt.Sprintf("%s, client %d, ticket type %d, secret %s, webhook %s; statuses ack %d, resolved %d",
		s.APIURL, s.Client, s.TicketTypeID, config.SetOrNot(s.ClientSecret), config.SetOrNot(s.WebhookPassword),
		s.Statuses.Acknowledged, s.Statuses.Resolved)
}

func init() {
	config.RegisterSection(Name, func() any { return &Section{} })
	platform.Register(haloPSA{})
}

// haloPSA is the registered platform.
type haloPSA struct{}

func (haloPSA) Name() string { return Name }

func (haloPSA) Enabled(cfg *config.Config) bool { return cfg.Section(Name) != nil }

var (
	_ platform.Chat       = (*Tickets)(nil)
	_ delivery.RoomCloser = (*Tickets)(nil)
)

// Open builds the client, the ticket chat and the webhook endpoint.
func (haloPSA) Open(_ context.Context, d platform.Deps) (platform.Opened, error) {
	sec := d.Config.Section(Name).(*Section)
	client, err := api.New(api.Options{APIURL: sec.APIURL, AuthURL: sec.AuthURL, ClientID: sec.ClientID,
		ClientSecret: sec.ClientSecret.Value(), Tenant: sec.Tenant, Logger: d.Log, Now: d.Now})
	if err != nil {
		return platform.Opened{}, err
	}
	teams, err := haloTeams(d.Config)
	if err != nil {
		return platform.Opened{}, err
	}
	t := &Tickets{api: client, sec: sec, cfg: d.Config, teams: teams, ref: d.Config.Redis.Prefix}
	inbound := func(h platform.Handle) (platform.Inbound, error) {
		return newInbound(t, d, h), nil
	}
	return platform.Opened{Chats: map[string]platform.Chat{Name: t}, Inbound: inbound}, nil
}

// haloTeams maps each Tandem team with a Halo channel to its Halo team
// name. A name of digits only is refused: digits are a ticket's channel.
func haloTeams(cfg *config.Config) (map[string]string, error) {
	out := map[string]string{}
	names := make([]string, 0, len(cfg.Teams))
	for name := range cfg.Teams {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ch := cfg.Teams[name].Channels[Name]
		if ch == "" {
			continue
		}
		if isTicket(ch) {
			return nil, fmt.Errorf("teams.%s.channels.halopsa: %q must be a Halo team name, not digits", name, ch)
		}
		out[name] = ch
	}
	return out, nil
}
