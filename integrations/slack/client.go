package slack

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// Client is Tandem's chat platform on Slack: it implements the outbox's
// Chat port over the Web API. It is safe for concurrent use.
type Client struct {
	api   *slack.Client
	opt   Options
	log   *slog.Logger
	limit *limiter

	mu     sync.Mutex
	topics map[string]string // channel → topic last set, so an unchanged one is not set again
	self   string            // the bot's own user ID, from auth.test
}

// New returns a Slack client. Calls go to opt.APIURL (Slack's by default);
// slack-go's own retries stay off: the outbox retries, honouring
// Retry-After, so a crash between attempts loses nothing.
func New(opt Options) (*Client, error) {
	if opt.Token == "" {
		return nil, errors.New("slack: a bot token is required")
	}
	opt.defaults()
	o := []slack.Option{slack.OptionHTTPClient(opt.HTTPClient)}
	if opt.APIURL != "" {
		o = append(o, slack.OptionAPIURL(opt.APIURL))
	}
	return &Client{
		api:    slack.New(opt.Token, o...),
		opt:    opt,
		log:    opt.Logger,
		limit:  newLimiter(opt.PerChannel, opt.Burst, opt.MaxWait),
		topics: map[string]string{},
	}, nil
}

// Platform is "slack".
func (c *Client) Platform() string { return "slack" }

// MaxRoomName is Slack's channel-name limit.
func (c *Client) MaxRoomName() int { return 80 }

// RoomLink links to a channel the Slack way.
func (c *Client) RoomLink(channel string) string { return "<#" + channel + ">" }

// Check asks Slack who the token belongs to (auth.test), so a wrong token
// shows at start rather than at the first incident.
func (c *Client) Check(ctx context.Context) error {
	_, err := c.selfID(ctx)
	return err
}

// selfID is the bot's user ID, asked once.
func (c *Client) selfID(ctx context.Context) (string, error) {
	c.mu.Lock()
	id := c.self
	c.mu.Unlock()
	if id != "" {
		return id, nil
	}
	resp, err := c.api.AuthTestContext(ctx)
	if err != nil {
		return "", deliveryError("auth.test", err)
	}
	c.mu.Lock()
	c.self = resp.UserID
	c.mu.Unlock()
	return resp.UserID, nil
}

func (c *Client) now() time.Time { return c.opt.Now() }
