package discordtest

// Wire types: the JSON Discord takes and gives, as far as Tandem uses it.

import "time"

// Channel is a guild channel.
type Channel struct {
	ID       string `json:"id"`
	Type     int    `json:"type"`
	GuildID  string `json:"guild_id,omitempty"`
	Name     string `json:"name"`
	Topic    string `json:"topic,omitempty"`
	ParentID string `json:"parent_id,omitempty"`
	// Overwrites are the permission overwrites set, by user or role ID.
	Overwrites map[string]Overwrite `json:"-"`
}

// Overwrite is a channel permission overwrite.
type Overwrite struct {
	Type  int    `json:"type"` // 0 role, 1 member
	Allow string `json:"allow"`
	Deny  string `json:"deny"`
}

// Message is a channel message or an interaction's follow-up.
type Message struct {
	ID              string           `json:"id"`
	ChannelID       string           `json:"channel_id"`
	Content         string           `json:"content"`
	Embeds          []Embed          `json:"embeds"`
	Components      []Row            `json:"components"`
	Flags           int              `json:"flags,omitempty"`
	AllowedMentions *AllowedMentions `json:"allowed_mentions,omitempty"`
	Timestamp       string           `json:"timestamp"`
	Attachments     []Attachment     `json:"attachments"`
	// Nonce and EnforceNonce: sent on creation; with enforce_nonce the
	// nonce deduplicates (NonceWindow). Discord echoes the nonce.
	Nonce        string `json:"nonce,omitempty"`
	EnforceNonce bool   `json:"enforce_nonce,omitempty"`
	// Edits counts PATCHes of this message.
	Edits   int       `json:"-"`
	created time.Time // for the nonce window
}

// NonceWindow is how long the fake remembers an enforced nonce (Discord:
// "the past few minutes").
const NonceWindow = 3 * time.Minute

// Embed is a rich embed.
type Embed struct {
	Type        string       `json:"type,omitempty"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Color       int          `json:"color,omitempty"`
	Timestamp   string       `json:"timestamp,omitempty"`
	Fields      []EmbedField `json:"fields,omitempty"`
	Footer      *struct {
		Text string `json:"text"`
	} `json:"footer,omitempty"`
}

// EmbedField is one field of an embed.
type EmbedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// Row is an action row (type 1) of buttons (type 2).
type Row struct {
	Type       int      `json:"type"`
	Components []Button `json:"components"`
}

// Button is a message button.
type Button struct {
	Type     int    `json:"type"`
	Style    int    `json:"style"`
	Label    string `json:"label,omitempty"`
	CustomID string `json:"custom_id,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
}

// Attachment is a file sent with a message.
type Attachment struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type,omitempty"`
	Size        int    `json:"size"`
	Data        []byte `json:"-"`
}

// AllowedMentions says whom a message may ping.
type AllowedMentions struct {
	Parse []string `json:"parse"`
	Users []string `json:"users,omitempty"`
}

// CustomIDs lists the message's button custom_ids, in order.
func (m Message) CustomIDs() []string {
	var out []string
	for _, r := range m.Components {
		for _, b := range r.Components {
			out = append(out, b.CustomID)
		}
	}
	return out
}

// Command is an application command as registered.
type Command struct {
	ID            string          `json:"id,omitempty"`
	ApplicationID string          `json:"application_id,omitempty"`
	GuildID       string          `json:"guild_id,omitempty"`
	Type          int             `json:"type,omitempty"`
	Name          string          `json:"name"`
	Description   string          `json:"description"`
	Options       []CommandOption `json:"options"`
}

// CommandOption is an option or a subcommand.
type CommandOption struct {
	Type        int             `json:"type"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Required    bool            `json:"required,omitempty"`
	Choices     []Choice        `json:"choices,omitempty"`
	Options     []CommandOption `json:"options,omitempty"`
}

// Choice is one of an option's fixed values.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}
