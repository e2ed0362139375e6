package discord

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
)

// maxCategories bounds the categories tried for one channel: a guild's
// 500 channels fill ten categories of 50.
const maxCategories = 10

// categories is where channels go: a configured category and, once
// Discord says it is full, "<name> 2", "<name> 3", … (reused when they
// exist, else created with the first one's permission overwrites). Full
// is what Discord answers, not a count: it has refused below 50. A
// category a person deleted is found again by its name, or made again.
type categories struct {
	mu       sync.Mutex
	base     string // the configured category ID ("" for none)
	fallback string // its name when it cannot be read
	home     string // the first category of the chain: base, or what replaced it
	current  string // where channels go now
	name     string // the base category's name ("" until read)
	ows      []*discordgo.PermissionOverwrite
}

func newCategories(base, fallback string) *categories {
	return &categories{base: base, fallback: fallback, home: base, current: base}
}

func (cat *categories) now() string {
	cat.mu.Lock()
	defer cat.mu.Unlock()
	return cat.current
}

// reset starts from the first category again: a channel left the chain
// (a room closed), so it may have room.
func (cat *categories) reset() {
	cat.mu.Lock()
	defer cat.mu.Unlock()
	cat.current = cat.home
}

// place runs try with the category a channel goes under, moving on to the
// next category while Discord says the one tried is full, and finding a
// lost one (lost says which answers mean it is gone) again.
func (c *Client) place(ctx context.Context, cat *categories, lost func(error) bool, try func(parent string) error) error {
	if err := c.knowBase(ctx, cat); err != nil {
		return err
	}
	parent := cat.now()
	for range maxCategories {
		err := try(parent)
		switch {
		case err == nil:
			return nil
		case fieldCode(err, "parent_id") == parentFull:
			c.log.Info("category full; going on in the next", "category", parent)
			parent, err = c.nextCategory(ctx, cat, parent)
		case parent != "" && lost(err):
			c.log.Warn("category gone (deleted by someone?); finding or making it again", "category", parent, "err", err)
			parent, err = c.lostCategory(ctx, cat, parent)
		default:
			return err
		}
		if err != nil {
			return err
		}
	}
	return chat.Permanent(fmt.Errorf("discord: %d categories tried, every one full", maxCategories))
}

// nextCategory returns the category after full in the chain, creating it
// when it does not exist.
func (c *Client) nextCategory(ctx context.Context, cat *categories, full string) (string, error) {
	return c.replaceCategory(ctx, cat, full, func(chans []*discordgo.Channel) (string, error) {
		next, err := c.categoryNamed(ctx, cat, chans, fmt.Sprintf("%s %d", cat.name, rank(cat, chans, full)+1))
		if err == nil {
			cat.current = next
		}
		return next, err
	})
}

// lostCategory finds the base category again by its name, or makes it.
func (c *Client) lostCategory(ctx context.Context, cat *categories, lost string) (string, error) {
	return c.replaceCategory(ctx, cat, lost, func(chans []*discordgo.Channel) (string, error) {
		chans = slices.DeleteFunc(chans, func(ch *discordgo.Channel) bool { return ch.ID == lost })
		found, err := c.categoryNamed(ctx, cat, chans, cat.name)
		if err == nil {
			cat.current, cat.home = found, found
		}
		return found, err
	})
}

// replaceCategory runs pick over the guild's channels to replace stale,
// the category rooms go to, unless another delivery has replaced it
// already: deliveries racing here wait for one another, and the first
// one's answer serves the rest.
func (c *Client) replaceCategory(ctx context.Context, cat *categories, stale string, pick func([]*discordgo.Channel) (string, error)) (string, error) {
	cat.mu.Lock()
	defer cat.mu.Unlock()
	if cat.current != stale {
		return cat.current, nil
	}
	chans, err := c.guildChannels(ctx, cat)
	if err != nil {
		return "", err
	}
	return pick(chans)
}

// rank is full's place in the chain: 1 for the base category, n for
// "<name> n".
func rank(cat *categories, chans []*discordgo.Channel, full string) int {
	for _, ch := range chans {
		if ch.ID == full {
			if n, err := strconv.Atoi(strings.TrimPrefix(ch.Name, cat.name+" ")); err == nil && n > 1 {
				return n
			}
		}
	}
	return 1
}

// knowBase reads the base category once, before the first channel goes
// there: its name and overwrites are what a next category, or the base
// made again after a person deleted it, copies. Gone already, it is
// named by the fallback.
func (c *Client) knowBase(ctx context.Context, cat *categories) error {
	cat.mu.Lock()
	defer cat.mu.Unlock()
	if cat.name != "" || cat.base == "" {
		return nil
	}
	base, err := c.s.Channel(cat.base, discordgo.WithContext(ctx))
	err = deliveryError("get category", err)
	switch {
	case err == nil:
		cat.name, cat.ows = base.Name, base.PermissionOverwrites
	case hasCode(err, codeUnknownChannel):
		cat.name = cat.fallback
	default:
		return err
	}
	return nil
}

// guildChannels lists the guild's channels.
func (c *Client) guildChannels(ctx context.Context, cat *categories) ([]*discordgo.Channel, error) {
	if cat.name == "" {
		cat.name = cat.fallback // no base category: the chain is named by the fallback
	}
	chans, err := c.s.GuildChannels(c.opt.GuildID, discordgo.WithContext(ctx))
	return chans, deliveryError("list channels", err)
}

// categoryNamed returns the category called name, creating it when there
// is none. When two replicas create it at once, both keep the older one
// and the newer is deleted.
func (c *Client) categoryNamed(ctx context.Context, cat *categories, chans []*discordgo.Channel, name string) (string, error) {
	if id := oldestCategory(chans, name); id != "" {
		return id, nil
	}
	made, err := c.s.GuildChannelCreateComplex(c.opt.GuildID, discordgo.GuildChannelCreateData{
		Name: name, Type: discordgo.ChannelTypeGuildCategory, PermissionOverwrites: cat.ows,
	}, discordgo.WithContext(ctx))
	if err != nil {
		return "", roomError("create category", err)
	}
	c.log.Info("category created", "category", made.ID, "name", name)
	if chans, err = c.s.GuildChannels(c.opt.GuildID, discordgo.WithContext(ctx)); err != nil {
		return made.ID, nil // keep ours; a duplicate is harmless
	}
	if id := oldestCategory(chans, name); id != made.ID && id != "" {
		c.s.ChannelDelete(made.ID, discordgo.WithContext(ctx))
		return id, nil
	}
	return made.ID, nil
}

// oldestCategory is the category called name with the lowest ID (the
// first made: snowflakes grow with time), or "".
func oldestCategory(chans []*discordgo.Channel, name string) string {
	best := ""
	for _, ch := range chans {
		if ch.Type == discordgo.ChannelTypeGuildCategory && ch.Name == name && (best == "" || snowflakeLess(ch.ID, best)) {
			best = ch.ID
		}
	}
	return best
}

func snowflakeLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
