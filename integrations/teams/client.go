package teams

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/internal/clientopt"
)

// Platform is Teams' name: in config (accounts, channels), room records
// and timeline actors.
const Platform = "teams"

// Defaults of the msteams: section's URLs (DESIGN §7).
const (
	DefaultServiceURL = "https://smba.trafficmanager.net/teams/"
	DefaultGraphURL   = "https://graph.microsoft.com/v1.0"
	// maxChannelName is Teams' limit on a channel's display name.
	maxChannelName = 50
)

// Options configure a Client.
type Options struct {
	AppID, Password, TenantID string
	// ServiceURL is the connector's base for proactive posts; LoginURL the
	// token endpoint (default LoginURL(TenantID)); GraphURL Microsoft
	// Graph's base (channel per incident).
	ServiceURL, LoginURL, GraphURL string
	// TeamID is the team whose channels are created, one per incident,
	// when ChannelPerIncident is set.
	TeamID             string
	ChannelPerIncident bool
	HTTP               *http.Client
	Logger             *slog.Logger
	Location           *time.Location
	Now                func() time.Time
}

// Client posts to Teams. As the "teams" chat it holds channel rooms (a
// channel per incident through Graph) and posts to teams' channels.
type Client struct {
	opt    Options
	tokens *tokens
	pace   pacer
}

// New returns a client; nothing is called until the first post.
func New(opt Options) (*Client, error) {
	clientopt.Defaults(&opt.HTTP, &opt.Logger, &opt.Location, &opt.Now)
	if opt.AppID == "" || opt.Password == "" {
		return nil, errors.New("teams: the app ID and password are needed to post")
	}
	if opt.ChannelPerIncident && opt.TeamID == "" {
		return nil, errors.New("teams: a channel per incident needs the team's ID (msteams.team_id)")
	}
	opt.ServiceURL = withDefault(opt.ServiceURL, DefaultServiceURL)
	opt.LoginURL = withDefault(opt.LoginURL, LoginURL(opt.TenantID))
	opt.GraphURL = strings.TrimSuffix(withDefault(opt.GraphURL, DefaultGraphURL), "/")
	c := &Client{opt: opt}
	c.tokens = &tokens{loginURL: opt.LoginURL, appID: opt.AppID, password: opt.Password, http: opt.HTTP, now: time.Now}
	return c, nil
}

func withDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// Platform is "teams".
func (c *Client) Platform() string { return Platform }

// MaxRoomName is Teams' channel-name limit.
func (c *Client) MaxRoomName() int { return maxChannelName }

// CreateRoom creates the incident's channel through Graph. Without a
// channel per incident Teams rooms are teams' threads (ThreadRoom), and a
// room on this key cannot be made.
func (c *Client) CreateRoom(ctx context.Context, name string, _ incident.Incident) (string, string, error) {
	if !c.opt.ChannelPerIncident {
		return "", "", chat.Permanent(errors.New("teams: an incident's Teams room is a thread in a team's teams_channel, and none of its teams has one (or set msteams.channel_per_incident)"))
	}
	id, err := c.createChannel(ctx, name)
	return id, name, err
}

// PostCard starts a thread in the channel with the card and returns the
// thread's root, the card's ID.
func (c *Client) PostCard(ctx context.Context, channel string, _ chat.PostKey, inc incident.Incident) (string, error) {
	return c.startOnce(ctx, channel, cardKey(channel), cardActivity(inc, c.opt.Now(), cardKey(channel)))
}

// cardKey is the key of the card in an incident's channel: one card per
// channel, so UpdateCard keeps it without being told.
func cardKey(channel string) chat.PostKey { return chat.PostKey{ID: "card/" + channel, Retry: true} }

// UpdateCard replaces the card in place.
func (c *Client) UpdateCard(ctx context.Context, channel, msgID string, inc incident.Incident) error {
	return c.update(ctx, threadConv(channel, msgID), msgID, cardActivity(inc, c.opt.Now(), cardKey(channel)))
}

// PostEvent posts one timeline entry in the channel.
func (c *Client) PostEvent(ctx context.Context, channel string, key chat.PostKey, e incident.Event) error {
	return c.Post(ctx, channel, key, chat.FormatEvent(e, c.opt.Location))
}

// Post posts text: a reply when channel is a thread ("<channel>/<root>"),
// else a new post in the channel; once, when Graph can tell (posted.go).
func (c *Client) Post(ctx context.Context, channel string, key chat.PostKey, text string) error {
	ch, root, _ := strings.Cut(channel, "/")
	_, err := c.postOnce(ctx, ch, root, key, postActivity(text, key))
	return err
}

// Invite adds nobody: a standard channel has every member of the team.
func (c *Client) Invite(context.Context, string, string) error { return nil }

// RoomLink is the channel's (or thread's) Teams deep link.
func (c *Client) RoomLink(channel string) string {
	if ch, root, ok := strings.Cut(channel, "/"); ok {
		return "https://teams.microsoft.com/l/message/" + url.PathEscape(ch) + "/" + url.PathEscape(root)
	}
	return "https://teams.microsoft.com/l/channel/" + url.PathEscape(channel) + "/tandem"
}
