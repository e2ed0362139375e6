package discord

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// kind is what an interaction asks for.
type kind int

const (
	kindPing kind = iota + 1
	kindCommand
	kindButton
	kindOther // autocomplete, modals: nothing Tandem registers
)

// inbound is one decoded interaction: the neutral request, and what is
// needed to answer it later (application ID and token for follow-ups).
type inbound struct {
	kind  kind
	id    string
	appID string
	guild string // the server it came from; "" in a DM
	token string
	req   chat.Request
	// problem is why the request cannot be served (an unknown command or
	// button); it is answered to the asker only.
	problem error
}

// decode reads an interaction. Its error means the body is not an
// interaction at all (400); a well-formed interaction Tandem cannot serve
// carries a problem instead, answered in chat.
func decode(body []byte) (inbound, error) {
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		return inbound{}, fmt.Errorf("invalid interaction JSON: %w", err)
	}
	in := inbound{id: i.ID, appID: i.AppID, guild: i.GuildID, token: i.Token}
	switch i.Type {
	case discordgo.InteractionPing:
		in.kind = kindPing
		return in, nil
	case discordgo.InteractionApplicationCommand:
		in.kind = kindCommand
	case discordgo.InteractionMessageComponent:
		in.kind = kindButton
	case 0:
		return inbound{}, errors.New("interaction has no type")
	default:
		in.kind = kindOther
		in.problem = incident.Errorf(incident.EInvalid, "Tandem does not handle this kind of interaction (%d)", i.Type)
		return in, nil
	}
	in.req = requestOf(&i)
	if in.req.User == "" {
		in.problem = incident.Errorf(incident.EInvalid, "the interaction names no user")
		return in, nil
	}
	if in.kind == kindCommand {
		in.req.Text, in.problem = commandText(i.Data)
	} else {
		in.req.Action, in.req.Value, in.problem = buttonAction(i.Data)
	}
	return in, nil
}

// requestOf maps who and where: the guild member's user (or, in a DM, the
// user) and the channel.
func requestOf(i *discordgo.Interaction) chat.Request {
	req := chat.Request{Platform: "discord", Channel: i.ChannelID}
	u := i.User
	if i.Member != nil && i.Member.User != nil {
		u = i.Member.User
		req.Name = i.Member.Nick
	}
	if u != nil {
		req.User = u.ID
		req.Name = cmp.Or(req.Name, u.GlobalName, u.Username)
	}
	return req
}

// commandText turns the chosen subcommand and its options back into the
// /incident grammar, so one parser serves every platform. Options the usage
// writes as flags ("--sev") become flags; the others follow in order.
func commandText(data discordgo.InteractionData) (string, error) {
	d, ok := data.(discordgo.ApplicationCommandInteractionData)
	if !ok || d.Name != CommandName {
		return "", incident.Errorf(incident.EInvalid, "unknown command; Tandem answers `/%s`", CommandName)
	}
	if len(d.Options) == 0 {
		return "help", nil
	}
	sub := d.Options[0]
	def, ok := chat.Lookup(sub.Name)
	if !ok || sub.Type != discordgo.ApplicationCommandOptionSubCommand {
		return "", incident.Errorf(incident.EInvalid, "unknown subcommand %q; try `/incident help`", sub.Name)
	}
	given := map[string]string{}
	for _, o := range sub.Options {
		given[o.Name] = optionText(o)
	}
	parts := []string{def.Name}
	for _, o := range def.AllOptions() {
		v := given[o.Name]
		switch {
		case v == "":
		case strings.Contains(def.Usage, "--"+o.Name):
			parts = append(parts, "--"+o.Name, v)
		default:
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " "), nil
}

// optionText is an option's value as typed text: integers without a
// decimal point, users as mentions (the parser keeps the ID).
func optionText(o *discordgo.ApplicationCommandInteractionDataOption) string {
	switch v := o.Value.(type) {
	case string:
		if o.Type == discordgo.ApplicationCommandOptionUser {
			return "<@" + v + ">"
		}
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// buttonAction reads a card button's custom_id "tandem:<action>:<INC-n>".
func buttonAction(data discordgo.InteractionData) (action, value string, err error) {
	d, ok := data.(discordgo.MessageComponentInteractionData)
	if !ok {
		return "", "", incident.Errorf(incident.EInvalid, "unknown component")
	}
	parts := strings.Split(d.CustomID, ":")
	if len(parts) != 3 || parts[0] != CustomIDPrefix || parts[1] == "" || parts[2] == "" {
		return "", "", incident.Errorf(incident.EInvalid, "unknown button %q", d.CustomID)
	}
	return parts[1], parts[2], nil
}
