package discord

import (
	"errors"
	"log/slog"

	"github.com/bwmarrin/discordgo"
)

// Client is Tandem's chat platform on Discord: it implements the outbox's
// Chat port over the REST API. It is safe for concurrent use.
type Client struct {
	s   *discordgo.Session
	opt Options
	log *slog.Logger
	me  selfUser // the bot's user ID, for private rooms' overwrites
	// rooms and archive are where rooms and closed rooms go (archive nil:
	// closed rooms are deleted).
	rooms, archive *categories
}

// New returns a Discord client. Calls go to opt.APIURL (Discord's by
// default) and API v10; discordgo's own retries stay off: the outbox
// retries, honouring a 429's retry_after, so a crash between attempts
// loses nothing.
func New(opt Options) (*Client, error) {
	if opt.Token == "" {
		return nil, errors.New("discord: a bot token is required")
	}
	opt.defaults()
	rw, err := newRewriter(opt.APIURL, opt.HTTPClient.Transport)
	if err != nil {
		return nil, err
	}
	s, err := discordgo.New("Bot " + opt.Token)
	if err != nil {
		return nil, err
	}
	hc := *opt.HTTPClient // a copy: the caller's client keeps its transport
	hc.Transport = rw
	s.Client = &hc
	s.ShouldRetryOnRateLimit = false
	s.MaxRestRetries = 0
	s.StateEnabled = false
	s.UserAgent = "DiscordBot (https://github.com/tandemhq/tandem, 1) Tandem"
	c := &Client{s: s, opt: opt, log: opt.Logger.With("integration", "discord"), rooms: newCategories(opt.CategoryID, "Incidents")}
	if opt.ArchiveCategoryID != "" {
		c.archive = newCategories(opt.ArchiveCategoryID, "Incident archive")
	}
	return c, nil
}

// Platform is "discord".
func (c *Client) Platform() string { return "discord" }

// MaxRoomName is Discord's channel-name limit.
func (c *Client) MaxRoomName() int { return 100 }

// RoomLink links to a channel the Discord way.
func (c *Client) RoomLink(channel string) string { return "<#" + channel + ">" }

// noMentions keeps text from alerts and people from pinging @everyone,
// roles or users by accident.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}
