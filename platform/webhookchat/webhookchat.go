// Package webhookchat is a chat platform that posts each room message as
// JSON ({"channel": ..., "text": ...}) to one URL: the incoming webhooks of
// Mattermost and Rocket.Chat take it as is. Rooms are channel names (the
// incident's room name; a team's channel from channels.webhookchat), cards
// are posted once and not edited, and nothing comes back in: people act
// from the API, another chat or the console. It is registered here and
// listed in platform/all, and touches nothing else.
package webhookchat

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/platform"
)

// Name is the platform's key: its config section, team channels
// (channels: {webhookchat: town-square}) and room records.
const Name = "webhookchat"

// Section is the webhookchat: config section.
type Section struct {
	// URL is the incoming webhook's URL; it holds the webhook's token, so
	// it is a secret (url_env or url_file).
	URL Secret `yaml:"url"`
	// Username, when set, is the name the posts show (Mattermost, Rocket.Chat alias).
	Username string `yaml:"username"`
}

// Secret is config's secret type, named here so the section reads alone.
type Secret = config.Secret

// Check says what the section lacks.
func (s *Section) Check(errf func(key, format string, args ...any)) {
	if !s.URL.Declared() {
		errf("", "needs url_env or url_file (the incoming webhook's URL)")
	}
}

// Describe is the section's line in `tandem config check`.
func (s *Section) Describe() string {
	d := "url " + config.SetOrNot(s.URL)
	if s.Username != "" {
		d += ", posts as " + s.Username
	}
	return d
}

func init() {
	config.RegisterSection(Name, func() any { return &Section{} })
	platform.Register(webhookChat{})
}

// webhookChat is the registered platform.
type webhookChat struct{}

func (webhookChat) Name() string { return Name }

func (webhookChat) Enabled(cfg *config.Config) bool { return cfg.Section(Name) != nil }

func (webhookChat) Open(_ context.Context, d platform.Deps) (platform.Opened, error) {
	sec := d.Config.Section(Name).(*Section)
	c := &Client{url: sec.URL.Value(), username: sec.Username, loc: d.Config.Location, now: d.Now,
		http: &http.Client{Timeout: 10 * time.Second}}
	return platform.Opened{Chats: map[string]platform.Chat{Name: c}}, nil
}

var _ platform.Chat = (*Client)(nil)

// Client posts to the webhook.
type Client struct {
	url, username string
	loc           *time.Location
	now           func() time.Time
	http          *http.Client
}

// Platform is "webhookchat".
func (c *Client) Platform() string { return Name }

// MaxRoomName keeps room names within Mattermost's channel-name limit.
func (c *Client) MaxRoomName() int { return 64 }

// CreateRoom creates nothing: the room is its name, and the first post
// into it says which incident it is for.
func (c *Client) CreateRoom(_ context.Context, name string, _ incident.Incident) (string, string, error) {
	return name, name, nil
}

// PostCard posts the incident's status lines; the card's ID is its key.
func (c *Client) PostCard(ctx context.Context, channel string, key chat.PostKey, inc incident.Incident) (string, error) {
	return key.ID, c.send(ctx, channel, strings.Join(chat.StatusLines(inc, c.now()), "\n"))
}

// UpdateCard does nothing: a webhook cannot edit a post, and every change
// the card would show is posted as a timeline entry anyway.
func (c *Client) UpdateCard(context.Context, string, string, incident.Incident) error { return nil }

// PostEvent posts one timeline entry.
func (c *Client) PostEvent(ctx context.Context, channel string, _ chat.PostKey, e incident.Event) error {
	return c.send(ctx, channel, chat.FormatEvent(e, c.loc))
}

// Post posts text. The key cannot be checked against a webhook, so a post
// retried after a crash between sending and recording may show twice.
func (c *Client) Post(ctx context.Context, channel string, _ chat.PostKey, text string) error {
	return c.send(ctx, channel, text)
}

// Invite does nothing: webhook channels have no members to add.
func (c *Client) Invite(context.Context, string, string) error { return nil }

// RoomLink names the channel the way Mattermost and Rocket.Chat link it.
func (c *Client) RoomLink(channel string) string { return "~" + channel }
