package slack

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// The incident card's buttons (DESIGN §5.4). The value is the incident ID,
// so one handler serves every card.
const (
	ActionAck      = "tandem_ack"
	ActionEscalate = "tandem_escalate"
	ActionResolve  = "tandem_resolve"
)

// actions maps a button's action_id to the chat.Request action.
var actions = map[string]string{ActionAck: "ack", ActionEscalate: "escalate", ActionResolve: "resolve"}

var statusIcon = map[incident.Status]string{
	incident.StatusOpen: "🔴", incident.StatusAcked: "🟡", incident.StatusResolved: "✅",
}

// cardBlocks renders the incident card. Every text is escaped and cut to
// its Block Kit limit, so no title or link can make Slack refuse the card.
func cardBlocks(inc incident.Incident, now time.Time) []slack.Block {
	header := fmt.Sprintf("%s %s · %s · %s", statusIcon[inc.Status], inc.ID, strings.ToUpper(inc.Severity.String()), inc.Title)
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(cut(header, MaxHeaderText))),
		section("*" + escape(inc.Title) + "*"),
		slack.NewSectionBlock(nil, cardFields(inc, now), nil),
	}
	if links := linkLines(inc.Links); links != "" {
		blocks = append(blocks, section(links))
	}
	opened := fmt.Sprintf("Opened by %s at %s", escape(inc.OpenedBy.FromPlatform()), inc.OpenedAt.UTC().Format("2006-01-02 15:04 MST"))
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(cut(opened, maxContextText))))
	if inc.Status != incident.StatusResolved {
		blocks = append(blocks, slack.NewActionBlock("tandem_card",
			button(ActionAck, "Acknowledge", inc.ID).WithStyle(slack.StylePrimary),
			button(ActionEscalate, "Escalate", inc.ID),
			button(ActionResolve, "Resolve", inc.ID).WithStyle(slack.StyleDanger)))
	}
	return blocks
}

func button(actionID, label, id string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, id, plain(cut(label, MaxButtonText)))
}

func cardFields(inc incident.Incident, now time.Time) []*slack.TextBlockObject {
	field := func(name, value string) *slack.TextBlockObject {
		return mrkdwn(cut("*"+name+"*\n"+value, MaxFieldText))
	}
	holder := "nobody yet"
	if h := inc.Holder(); h != nil {
		holder = escape(h.String())
	}
	tta := "not yet"
	if d, ok := inc.TimeToAck(); ok {
		tta = chat.Duration(d)
	}
	c := inc.Counts()
	return []*slack.TextBlockObject{
		field("Status", strings.ToUpper(string(inc.Status))),
		field("Severity", strings.ToUpper(inc.Severity.String())),
		field("Service", escape(orDash(inc.Service))),
		field("Held by", holder),
		field("Open for", chat.Duration(openFor(inc, now))),
		field("Time to ack", tta),
		field("Alerts", c.Text()),
	}
}

// linkLines renders the card's links, as many as fit one section.
func linkLines(links []incident.Link) string {
	var b strings.Builder
	for _, l := range links {
		text := l.Text
		if text == "" {
			text = l.Href
		}
		line := fmt.Sprintf("🔗 <%s|%s>\n", linkTarget(l.Href), escape(chat.Truncate(text, 200)))
		if b.Len()+len(line) > MaxSectionText {
			break
		}
		b.WriteString(line)
	}
	return strings.TrimRight(b.String(), "\n")
}

// linkTarget keeps a URL from breaking out of Slack's <url|text> syntax.
func linkTarget(href string) string {
	return strings.NewReplacer("<", "%3C", ">", "%3E", "|", "%7C", " ", "%20").Replace(chat.Truncate(href, 1000))
}

func openFor(inc incident.Incident, now time.Time) time.Duration {
	if !inc.ResolvedAt.IsZero() {
		return inc.ResolvedAt.Sub(inc.OpenedAt)
	}
	return max(0, now.Sub(inc.OpenedAt))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// topic is the room's channel topic: severity, status and who holds it.
func topic(inc incident.Incident) string {
	holder := "nobody"
	if h := inc.Holder(); h != nil {
		holder = h.String()
	}
	t := fmt.Sprintf("%s %s · %s · %s · held by %s · %s", statusIcon[inc.Status], inc.ID,
		strings.ToUpper(inc.Severity.String()), strings.ToUpper(string(inc.Status)), escape(holder), escape(inc.Title))
	return cut(t, maxTopic)
}
