package teams

import (
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// CardContentType is an Adaptive Card attachment's content type.
const CardContentType = "application/vnd.microsoft.card.adaptive"

// Card verbs (DESIGN §7): each Action.Execute's verb; its data carries the
// incident ID, echoed back as sent.
const (
	VerbAck      = "tandem_ack"
	VerbEscalate = "tandem_escalate"
	VerbResolve  = "tandem_resolve"
)

// verbActions maps a card verb to the chat action it stands for.
var verbActions = map[string]string{VerbAck: "ack", VerbEscalate: "escalate", VerbResolve: "resolve"}

// Card is the incident card as an Adaptive Card 1.5: the same lines as
// the other chats' cards (chat.StatusLines), its colour by state, and the
// Acknowledge / Escalate / Resolve actions until it is resolved.
func Card(inc incident.Incident, now time.Time) map[string]any {
	lines := chat.StatusLines(inc, now)
	body := []any{
		map[string]any{"type": "TextBlock", "text": chat.Truncate(lines[0], 400), "weight": "Bolder", "size": "Medium",
			"wrap": true, "color": cardColour(inc)},
		map[string]any{"type": "TextBlock", "text": chat.Truncate(strings.Join(lines[1:], "\n\n"), 20000), "wrap": true},
	}
	card := map[string]any{"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"version": "1.5", "body": body}
	if inc.Status != incident.StatusResolved {
		card["actions"] = []any{
			action("Acknowledge", VerbAck, inc.ID, inc.Status != incident.StatusAcked),
			action("Escalate", VerbEscalate, inc.ID, true),
			action("Resolve", VerbResolve, inc.ID, true),
		}
	}
	return card
}

func action(title, verb, id string, enabled bool) map[string]any {
	return map[string]any{"type": "Action.Execute", "title": title, "verb": verb,
		"data": map[string]any{"incident": id}, "isEnabled": enabled}
}

// cardColour: attention while nobody is on it, warning once
// acknowledged, good when resolved (Adaptive Cards' named colours).
func cardColour(inc incident.Incident) string {
	switch inc.Status {
	case incident.StatusResolved:
		return "Good"
	case incident.StatusAcked:
		return "Warning"
	}
	return "Attention"
}

// cardActivity is a message activity carrying the card.
func cardActivity(inc incident.Incident, now time.Time) Activity {
	return Activity{Type: "message", Text: inc.String(),
		Attachments: []Attachment{{ContentType: CardContentType, Content: Card(inc, now)}}}
}

// textActivity is a message activity of markdown text.
func textActivity(text string) Activity {
	return Activity{Type: "message", Text: text, TextFormat: "markdown"}
}
