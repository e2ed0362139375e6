package discord

import (
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Embed limits (Discord's).
const (
	maxEmbedTitle       = 256
	maxEmbedDescription = 4096
)

// CustomIDPrefix starts every button's custom_id: "tandem:<action>:<INC-n>"
// (DESIGN §5.4); the incident travels in the button, so one handler serves
// every card.
const CustomIDPrefix = "tandem"

// Card colours: red while nobody is on it (orange for the milder
// severities), amber once acknowledged, green when resolved.
const (
	colourOpenSevere = 0xE74C3C
	colourOpen       = 0xE67E22
	colourAcked      = 0xF1C40F
	colourResolved   = 0x2ECC71
)

// cardEmbed renders the incident card from the same lines as the console
// and `/incident status`, so the platforms cannot disagree.
func cardEmbed(inc incident.Incident, now time.Time) *discordgo.MessageEmbed {
	lines := chat.StatusLines(inc, now)
	return &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       chat.Truncate(escapeMarkdown(lines[0]), maxEmbedTitle),
		Description: chat.Truncate(escapeMarkdown(strings.Join(lines[1:], "\n")), maxEmbedDescription),
		Color:       cardColour(inc),
		Footer:      &discordgo.MessageEmbedFooter{Text: "Tandem · opened"},
		Timestamp:   inc.OpenedAt.UTC().Format(time.RFC3339),
	}
}

func cardColour(inc incident.Incident) int {
	switch {
	case inc.Status == incident.StatusResolved:
		return colourResolved
	case inc.Status == incident.StatusAcked:
		return colourAcked
	case inc.Severity <= incident.Sev2:
		return colourOpenSevere
	}
	return colourOpen
}

// cardButtons is the row of Acknowledge, Escalate and Resolve; nil once
// the incident is resolved. Acknowledge is greyed out while acknowledged.
func cardButtons(inc incident.Incident) []discordgo.MessageComponent {
	if inc.Status == incident.StatusResolved {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Acknowledge", Style: discordgo.PrimaryButton, CustomID: CustomID("ack", inc.ID), Disabled: inc.Status == incident.StatusAcked},
		discordgo.Button{Label: "Escalate", Style: discordgo.SecondaryButton, CustomID: CustomID("escalate", inc.ID)},
		discordgo.Button{Label: "Resolve", Style: discordgo.SuccessButton, CustomID: CustomID("resolve", inc.ID)},
	}}}
}

// CustomID is a card button's custom_id, e.g. "tandem:ack:INC-7".
func CustomID(action, id string) string { return CustomIDPrefix + ":" + action + ":" + id }
