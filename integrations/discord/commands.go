package discord

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
)

// CommandName is the one application command; the grammar's commands are
// its subcommands (DESIGN §5.4).
const CommandName = "incident"

const commandDescription = "Tandem incident response"

// optionTypes maps the grammar's option kinds to Discord's option types.
// A duration is a string Discord cannot check; the parser does.
var optionTypes = map[chat.OptionKind]discordgo.ApplicationCommandOptionType{
	chat.KindString:   discordgo.ApplicationCommandOptionString,
	chat.KindInteger:  discordgo.ApplicationCommandOptionInteger,
	chat.KindUser:     discordgo.ApplicationCommandOptionUser,
	chat.KindDuration: discordgo.ApplicationCommandOptionString,
}

// commands is the /incident command tree, generated from chat.Defs: one
// subcommand per definition, in help order.
func commands() []*discordgo.ApplicationCommand {
	cmd := &discordgo.ApplicationCommand{Type: discordgo.ChatApplicationCommand, Name: CommandName, Description: commandDescription}
	for _, d := range chat.Defs {
		cmd.Options = append(cmd.Options, &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: d.Name,
			Description: chat.Truncate(d.Summary, 100), Options: subOptions(d),
		})
	}
	return []*discordgo.ApplicationCommand{cmd}
}

// subOptions lists a subcommand's options, required ones first: Discord
// refuses an optional option before a required one (note's optional ID
// comes before its required text in the grammar).
func subOptions(d chat.Def) []*discordgo.ApplicationCommandOption {
	all := d.AllOptions()
	out := make([]*discordgo.ApplicationCommandOption, 0, len(all))
	for _, o := range all {
		opt := &discordgo.ApplicationCommandOption{
			Type: optionTypes[o.Kind], Name: o.Name, Description: chat.Truncate(o.Description, 100), Required: o.Required,
		}
		for _, c := range o.Choices {
			opt.Choices = append(opt.Choices, &discordgo.ApplicationCommandOptionChoice{Name: c, Value: choiceValue(o.Kind, c)})
		}
		out = append(out, opt)
	}
	slices.SortStableFunc(out, func(a, b *discordgo.ApplicationCommandOption) int {
		switch {
		case a.Required == b.Required:
			return 0
		case a.Required:
			return -1
		}
		return 1
	})
	return out
}

func choiceValue(kind chat.OptionKind, c string) any {
	if kind == chat.KindInteger {
		if n, err := strconv.Atoi(c); err == nil {
			return n
		}
	}
	return c
}

// RegisterCommands replaces the guild's application commands with the
// /incident tree (a bulk overwrite, so stale subcommands disappear) and
// returns how many subcommands it has.
func (c *Client) RegisterCommands(ctx context.Context) (int, error) {
	if c.opt.ApplicationID == "" || c.opt.GuildID == "" {
		return 0, fmt.Errorf("discord: registering commands needs discord.application_id and discord.guild_id")
	}
	tree := commands()
	if _, err := c.s.ApplicationCommandBulkOverwrite(c.opt.ApplicationID, c.opt.GuildID, tree, discordgo.WithContext(ctx)); err != nil {
		return 0, deliveryError("register commands", err)
	}
	return len(tree[0].Options), nil
}
