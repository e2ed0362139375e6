package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tandemhq/tandem/integrations/discord"
)

// discordCmd runs `tandem discord register [--config FILE]`: it replaces
// the guild's application commands with the /incident tree, generated from
// the same definitions as the help text (run it again after an upgrade).
func discordCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "register" {
		usage(stderr, "discord")
		return 2
	}
	fs := newFlags("discord register "+configArgs, stderr)
	path := fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)")
	if code, ok := parseOnlyFlags(fs, args[1:], stdout, stderr); !ok {
		return code
	}
	cfg, demo, err := loadConfig(*path, "discord") // the bot token is all it uses
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	d := cfg.Discord
	if demo || !d.BotToken.IsSet() || d.ApplicationID == "" || d.GuildID == "" {
		fmt.Fprintln(stderr, "tandem discord register: the config needs discord.bot_token_env (or _file, set), application_id and guild_id")
		return 1
	}
	client, err := discord.New(discord.Options{Token: d.BotToken.Value(), ApplicationID: d.ApplicationID, GuildID: d.GuildID, APIURL: d.APIURL})
	if err != nil {
		fmt.Fprintln(stderr, "tandem discord register:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	n, err := client.RegisterCommands(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "tandem discord register:", err)
		return 1
	}
	fmt.Fprintf(stdout, "registered /%s with %d subcommands in guild %s\n", discord.CommandName, n, d.GuildID)
	return 0
}
