package bot

import (
	"context"
	"errors"
	"net/http"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/discord"
)

var (
	_ Chat         = (*discord.Client)(nil)
	_ FileUploader = (*discord.Client)(nil)
)

// setupDiscord wires Discord when it is configured: its chat platform (rooms,
// cards, posts through the REST API) and, with a public key, the
// interactions endpoint. Without a public key the endpoint is not mounted:
// Tandem cannot tell Discord's requests from anyone's.
func (b *Bot) setupDiscord(ctx context.Context) error {
	d := b.cfg.Discord
	if !d.Configured() {
		return nil
	}
	if !d.BotToken.IsSet() {
		return errors.New("discord: the bot token is empty (discord.bot_token_env or bot_token_file)")
	}
	if d.GuildID == "" {
		return errors.New("discord: discord.guild_id is needed to create incident channels")
	}
	log := b.log.With("integration", "discord")
	client, err := discord.New(discord.Options{
		Token: d.BotToken.Value(), ApplicationID: d.ApplicationID, GuildID: d.GuildID, CategoryID: d.CategoryID,
		APIURL: d.APIURL, Logger: log, Now: b.opt.Now, Location: b.cfg.Location, Private: b.cfg.Rooms.PrivateRooms(),
		ArchiveCategoryID: d.ArchiveCategoryID,
	})
	if err != nil {
		return err
	}
	b.chats[client.Platform()] = client
	if d.PublicKey == "" {
		log.Warn("discord.public_key is not set: /discord/interactions is not mounted, so Discord commands and buttons do nothing")
		return nil
	}
	h, err := discord.NewHandler(client, discord.HandlerOptions{
		PublicKey: d.PublicKey, Context: ctx, Logger: log, GuildID: d.GuildID, Claim: b.store.ClaimOnce,
		// b.svc exists only once New has wired every integration: read it
		// at request time.
		Handle: func(ctx context.Context, req chat.Request) chat.Response { return b.svc.Handle(ctx, req) },
	})
	if err != nil {
		return err
	}
	b.mounts = append(b.mounts, func(mux *http.ServeMux) { mux.Handle("POST /discord/interactions", h) })
	return nil
}
