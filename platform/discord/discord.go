// Package discord registers Discord as a chat platform: rooms, cards and
// posts through the REST API and, with a public key, the interactions
// endpoint (commands and buttons).
package discord

import (
	"context"
	"errors"
	"net/http"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/delivery"
	discordapi "github.com/tandemhq/tandem/integrations/discord"
	"github.com/tandemhq/tandem/platform"
)

var (
	_ platform.Chat         = (*discordapi.Client)(nil)
	_ delivery.FileUploader = (*discordapi.Client)(nil)
	_ delivery.RoomCloser   = (*discordapi.Client)(nil)
)

func init() { platform.Register(Discord{}) }

// Discord is the Discord platform.
type Discord struct{}

// Name is "discord".
func (Discord) Name() string { return "discord" }

// Enabled reports whether the config has a discord section.
func (Discord) Enabled(cfg *config.Config) bool { return cfg.Discord.Configured() }

// Open builds the Discord client. Without a public key the interactions
// endpoint is not mounted: Tandem cannot tell Discord's requests from
// anyone's.
func (Discord) Open(ctx context.Context, d platform.Deps) (platform.Opened, error) {
	dc := d.Config.Discord
	if !dc.BotToken.IsSet() {
		return platform.Opened{}, errors.New("discord: the bot token is empty (discord.bot_token_env or bot_token_file)")
	}
	if dc.GuildID == "" {
		return platform.Opened{}, errors.New("discord: discord.guild_id is needed to create incident channels")
	}
	client, err := discordapi.New(discordapi.Options{
		Token: dc.BotToken.Value(), ApplicationID: dc.ApplicationID, GuildID: dc.GuildID, CategoryID: dc.CategoryID,
		APIURL: dc.APIURL, Logger: d.Log, Now: d.Now, Location: d.Config.Location, Private: d.Config.Rooms.PrivateRooms(),
		ArchiveCategoryID: dc.ArchiveCategoryID,
	})
	if err != nil {
		return platform.Opened{}, err
	}
	opened := platform.Opened{Chats: map[string]platform.Chat{client.Platform(): client}}
	if dc.PublicKey == "" {
		d.Log.Warn("discord.public_key is not set: /discord/interactions is not mounted, so Discord commands and buttons do nothing")
		return opened, nil
	}
	opened.Inbound = func(h platform.Handle) (platform.Inbound, error) {
		hd, err := discordapi.NewHandler(client, discordapi.HandlerOptions{
			PublicKey: dc.PublicKey, Context: ctx, Logger: d.Log, GuildID: dc.GuildID, Claim: d.Claim, Handle: discordapi.HandleFunc(h),
		})
		if err != nil {
			return platform.Inbound{}, err
		}
		return platform.Inbound{Mount: func(mux *http.ServeMux) { mux.Handle("POST /discord/interactions", hd) }}, nil
	}
	return opened, nil
}
