// Package connectwise registers ConnectWise PSA as a chat platform whose
// rooms are service tickets: a ticket is opened on the configured board
// when a team with channels: {connectwise: …} joins an incident (first
// paged, or owning its service), every timeline entry becomes a ticket
// note, and resolving closes the ticket. Callbacks from ConnectWise at
// POST /webhooks/connectwise?token=… come back as ack, resolve and note,
// by the mapped member (accounts: {connectwise: <member identifier>}).
// See docs/connectwise.md.
package connectwise

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/delivery"
	cw "github.com/tandemhq/tandem/integrations/connectwise"
	"github.com/tandemhq/tandem/platform"
)

// Section is the connectwise: config section (DESIGN §7). Priorities is
// Tandem's one addition: severity to ConnectWise priority name; without
// it tickets take the board's default priority.
type Section struct {
	APIURL        string            `yaml:"api_url"`
	CompanyID     string            `yaml:"company_id"`
	PublicKey     config.Secret     `yaml:"public_key"`
	PrivateKey    config.Secret     `yaml:"private_key"`
	ClientID      string            `yaml:"client_id"`
	Board         string            `yaml:"board"`
	Company       string            `yaml:"company"`
	CallbackToken config.Secret     `yaml:"callback_token"`
	Statuses      Statuses          `yaml:"statuses"`
	Priorities    map[string]string `yaml:"priorities"`
}

// Statuses are the board's status names Tandem sets and reads.
type Statuses struct {
	New          string `yaml:"new"`
	Acknowledged string `yaml:"acknowledged"`
	Resolved     string `yaml:"resolved"`
}

// Check says what the section lacks.
func (s *Section) Check(errf func(key, format string, args ...any)) {
	if u, err := url.Parse(s.APIURL); s.APIURL == "" || err != nil || u.Scheme == "" || u.Host == "" {
		errf("api_url", "must be the site's API root, an absolute URL ending in /v4_6_release/apis/3.0/, got %q", s.APIURL)
	} else if !strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "/apis/3.0") {
		errf("api_url", "must end in /v4_6_release/apis/3.0/ (the REST API root), got %q", s.APIURL)
	}
	for key, v := range map[string]string{"company_id": s.CompanyID, "client_id": s.ClientID, "board": s.Board,
		"company": s.Company, "statuses.resolved": s.Statuses.Resolved} {
		if strings.TrimSpace(v) == "" {
			errf(key, "is required")
		}
	}
	if !s.PublicKey.Declared() || !s.PrivateKey.Declared() {
		errf("", "needs public_key_env (or _file) and private_key_env (or _file): the API member's keys")
	}
	if !s.CallbackToken.Declared() {
		errf("", "needs callback_token_env or callback_token_file (the token in the callback URL)")
	}
	for sev := range s.Priorities {
		if !strings.HasPrefix(sev, "sev") || len(sev) != 4 || sev[3] < '1' || sev[3] > '4' {
			errf("priorities."+sev, "is not a severity (sev1..sev4)")
		}
	}
}

// Describe is the section's line in `tandem config check`.
func (s *Section) Describe() string {
	return fmt.Sprintf("%s company %s, keys %s/%s; tickets on board %q for %q; statuses new %q, acknowledged %q, resolved %q; callbacks token %s",
		s.APIURL, s.CompanyID, config.SetOrNot(s.PublicKey), config.SetOrNot(s.PrivateKey), s.Board, s.Company,
		s.Statuses.New, s.Statuses.Acknowledged, s.Statuses.Resolved, config.SetOrNot(s.CallbackToken))
}

func init() {
	config.RegisterSection(cw.Platform, func() any { return &Section{} })
	platform.Register(connectWise{})
}

var (
	_ platform.Chat       = (*Tickets)(nil)
	_ delivery.RoomCloser = (*Tickets)(nil)
	_ http.Handler        = (*inbound)(nil)
)

// connectWise is the registered platform.
type connectWise struct{}

func (connectWise) Name() string { return cw.Platform }

func (connectWise) Enabled(cfg *config.Config) bool { return cfg.Section(cw.Platform) != nil }

// Open builds the client, the ticket chat and the callback endpoint.
func (connectWise) Open(_ context.Context, d platform.Deps) (platform.Opened, error) {
	sec := d.Config.Section(cw.Platform).(*Section)
	api, err := cw.New(cw.Options{APIURL: sec.APIURL, CompanyID: sec.CompanyID, PublicKey: sec.PublicKey.Value(),
		PrivateKey: sec.PrivateKey.Value(), ClientID: sec.ClientID})
	if err != nil {
		return platform.Opened{}, err
	}
	t := &Tickets{api: api, sec: sec, loc: d.Config.Location, now: d.Now, log: d.Log}
	in := func(h platform.Handle) (platform.Inbound, error) {
		hd := &inbound{api: api, token: sec.CallbackToken.Value(), statuses: sec.Statuses, members: members(d.Config),
			handle: h, claim: d.Claim, incident: d.Incident, log: d.Log}
		return platform.Inbound{Mount: func(mux *http.ServeMux) { mux.Handle("POST /webhooks/connectwise", hd) }}, nil
	}
	return platform.Opened{Chats: map[string]platform.Chat{cw.Platform: t}, Inbound: in}, nil
}

// members are the ConnectWise member identifiers of configured people.
func members(cfg *config.Config) map[string]bool {
	out := map[string]bool{}
	add := func(ms []config.Member) {
		for _, m := range ms {
			if a := m.Accounts[cw.Platform]; a != "" {
				out[a] = true
			}
		}
	}
	for _, t := range cfg.Teams {
		add(t.Members)
	}
	add(cfg.Managers.Members)
	return out
}
