package teams

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Activity is the part of a Bot Framework activity Tandem reads and
// writes (the Bot Framework Activity schema).
type Activity struct {
	Type         string          `json:"type"`
	ID           string          `json:"id,omitempty"`
	Name         string          `json:"name,omitempty"`
	ServiceURL   string          `json:"serviceUrl,omitempty"`
	ChannelID    string          `json:"channelId,omitempty"`
	From         *Account        `json:"from,omitempty"`
	Conversation *Conversation   `json:"conversation,omitempty"`
	ReplyToID    string          `json:"replyToId,omitempty"`
	Text         string          `json:"text,omitempty"`
	TextFormat   string          `json:"textFormat,omitempty"`
	Attachments  []Attachment    `json:"attachments,omitempty"`
	Entities     []Entity        `json:"entities,omitempty"`
	ChannelData  *ChannelData    `json:"channelData,omitempty"`
	Value        json.RawMessage `json:"value,omitempty"`
}

// Account is a user or the bot.
type Account struct {
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	AADObjectID string `json:"aadObjectId,omitempty"`
}

// Conversation is where an activity happened: a channel's thread
// ("19:…@thread.tacv2;messageid=…"), a group chat or a personal chat.
type Conversation struct {
	ID               string `json:"id"`
	ConversationType string `json:"conversationType,omitempty"`
	TenantID         string `json:"tenantId,omitempty"`
	IsGroup          bool   `json:"isGroup,omitempty"`
}

// ChannelData is Teams' part of an activity.
type ChannelData struct {
	Channel *IDOnly `json:"channel,omitempty"`
	Team    *IDOnly `json:"team,omitempty"`
	Tenant  *IDOnly `json:"tenant,omitempty"`
}

// IDOnly is an object known by its id.
type IDOnly struct {
	ID string `json:"id"`
}

// Attachment carries a card.
type Attachment struct {
	ContentType string `json:"contentType"`
	Content     any    `json:"content"`
}

// Entity is a mention (or another entity Tandem ignores).
type Entity struct {
	Type      string   `json:"type"`
	Text      string   `json:"text,omitempty"`
	Mentioned *Account `json:"mentioned,omitempty"`
}

// invokeValue is an adaptiveCard/action invoke's value.
type invokeValue struct {
	Action struct {
		Type string         `json:"type"`
		Verb string         `json:"verb"`
		Data map[string]any `json:"data"`
	} `json:"action"`
}

// maxActivity caps the body of an inbound activity.
const maxActivity = 256 << 10

// DecodeActivity parses an inbound activity and checks what Tandem needs
// of it: a type, the sender, the conversation and the serviceUrl.
func DecodeActivity(body []byte) (Activity, error) {
	var a Activity
	if len(body) > maxActivity {
		return a, errors.New("activity: larger than 256 KiB")
	}
	if err := json.Unmarshal(body, &a); err != nil {
		return a, fmt.Errorf("activity: %w", err)
	}
	switch {
	case a.Type == "":
		return a, errors.New("activity: no type")
	case a.ServiceURL == "":
		return a, errors.New("activity: no serviceUrl")
	case a.Conversation == nil || a.Conversation.ID == "":
		return a, errors.New("activity: no conversation.id")
	case a.From == nil || a.From.ID == "":
		return a, errors.New("activity: no from.id")
	}
	return a, nil
}

// invoke reads an adaptiveCard/action invoke's verb and data.
func (a Activity) invoke() (verb string, data map[string]any, err error) {
	var v invokeValue
	if err := json.Unmarshal(a.Value, &v); err != nil {
		return "", nil, fmt.Errorf("invoke value: %w", err)
	}
	if v.Action.Type != "Action.Execute" || v.Action.Verb == "" {
		return "", nil, fmt.Errorf("invoke value: not an Action.Execute with a verb")
	}
	return v.Action.Verb, v.Action.Data, nil
}

var (
	mentionTag = regexp.MustCompile(`(?s)<at>.*?</at>`)
	htmlTag    = regexp.MustCompile(`<[^>]+>`)
)

// commandText is a message's text less the bot's @mention (Teams puts
// "<at>Tandem</at>" in the text) and any markup.
func (a Activity) commandText() string {
	t := mentionTag.ReplaceAllString(a.Text, " ")
	t = htmlTag.ReplaceAllString(t, " ")
	t = strings.NewReplacer("&nbsp;", " ", "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(t)
	t = strings.Join(strings.Fields(t), " ")
	return strings.TrimPrefix(strings.TrimPrefix(t, "/incident "), "incident ")
}

// place splits where the activity happened into the channel and, in a
// channel's thread, the thread's root message ID.
func (a Activity) place() (channel, thread string) {
	conv := a.Conversation.ID
	base, root, threaded := strings.Cut(conv, ";messageid=")
	if a.ChannelData != nil && a.ChannelData.Channel != nil && a.ChannelData.Channel.ID != "" {
		base = a.ChannelData.Channel.ID
	}
	if threaded {
		return base, root
	}
	return base, ""
}

// user is the sender's AAD object ID, or its Bot Framework ID without one.
func (a Activity) user() string {
	if a.From.AADObjectID != "" {
		return a.From.AADObjectID
	}
	return a.From.ID
}
