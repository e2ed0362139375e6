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
// Acknowledge / Escalate / Resolve actions until it is resolved. key, when
// set, is the post's key (its first element's id, posted.go).
func Card(inc incident.Incident, now time.Time, key string) map[string]any {
	lines := chat.StatusLines(inc, now)
	title := map[string]any{"type": "TextBlock", "text": chat.Truncate(lines[0], 400), "weight": "Bolder", "size": "Medium",
		"wrap": true, "color": cardColour(inc)}
	if key != "" {
		title["id"] = key
	}
	body := []any{title,
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

// cardActivity is a message activity carrying the card, keyed.
func cardActivity(inc incident.Incident, now time.Time, key chat.PostKey) Activity {
	return Activity{Type: "message", Text: inc.String(),
		Attachments: []Attachment{{ContentType: CardContentType, Content: Card(inc, now, keyID(key))}}}
}

// textActivity is a message activity of markdown text (answers to
// commands, which need no key).
func textActivity(text string) Activity {
	return Activity{Type: "message", Text: text, TextFormat: "markdown"}
}

// postActivity is a post Tandem may need to find again: its text as the
// one TextBlock of an Adaptive Card whose id is the key.
func postActivity(text string, key chat.PostKey) Activity {
	card := map[string]any{"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": "1.5",
		"body": []any{map[string]any{"type": "TextBlock", "id": keyID(key), "text": chat.Truncate(text, 20000), "wrap": true}}}
	return Activity{Type: "message", Attachments: []Attachment{{ContentType: CardContentType, Content: card}}}
}
