package discordtest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Interaction types and the answers Tandem gives (Discord's numbers).
const (
	InteractionPing      = 1
	InteractionCommand   = 2
	InteractionComponent = 3

	AnswerPong           = 1
	AnswerMessage        = 4
	AnswerDeferred       = 5
	AnswerDeferredUpdate = 6

	FlagEphemeral = 64
)

// Sender plays Discord's side of the interactions endpoint: it signs each
// request with its own Ed25519 key. Configure the bot's discord.public_key
// as PublicKey().
type Sender struct {
	// URL is the bot's interactions endpoint.
	URL           string
	ApplicationID string
	GuildID       string
	Client        *http.Client
	// Clock stamps requests (time.Now).
	Clock func() time.Time
	priv  ed25519.PrivateKey
	n     atomic.Int64
	mu    sync.Mutex
	last  Captured
}

// NewSender returns a sender with a fresh key pair.
func NewSender(url, applicationID, guildID string) *Sender {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	return &Sender{URL: url, ApplicationID: applicationID, GuildID: guildID, Client: &http.Client{Timeout: 10 * time.Second},
		Clock: time.Now, priv: priv}
}

// PublicKey is the hex public key the bot verifies with.
func (s *Sender) PublicKey() string { return hex.EncodeToString(s.priv.Public().(ed25519.PublicKey)) }

// Sign returns the hex signature Discord would send for body at timestamp.
func (s *Sender) Sign(timestamp string, body []byte) string {
	return hex.EncodeToString(ed25519.Sign(s.priv, append([]byte(timestamp), body...)))
}

// User is who clicks or types.
type User struct {
	ID         string
	Username   string
	GlobalName string
	Nick       string // the guild nickname
}

// Option is one option of a subcommand.
type Option struct {
	Name  string `json:"name"`
	Type  int    `json:"type"`
	Value any    `json:"value"`
}

// String, Integer and UserOption build options of those types.
func String(name, v string) Option      { return Option{Name: name, Type: 3, Value: v} }
func Integer(name string, v int) Option { return Option{Name: name, Type: 4, Value: v} }
func UserOption(name, id string) Option { return Option{Name: name, Type: 6, Value: id} }

// Reply is the bot's HTTP answer to one interaction.
type Reply struct {
	Status int
	Body   string
	// Type, Content and Flags are read from an interaction response.
	Type    int
	Content string
	Flags   int
	// Token is the interaction's token: follow-ups are stored under it.
	Token string
}

// Ephemeral reports whether the answer is for the asker only.
func (r Reply) Ephemeral() bool { return r.Flags&FlagEphemeral != 0 }

// Ping sends a PING.
func (s *Sender) Ping() (Reply, error) {
	return s.send(map[string]any{"type": InteractionPing}, "")
}

// Command sends `/incident <sub>` with options from user in channel.
func (s *Sender) Command(u User, channel, sub string, opts ...Option) (Reply, error) {
	if opts == nil {
		opts = []Option{}
	}
	data := map[string]any{"id": "1", "name": "incident", "type": 1,
		"options": []any{map[string]any{"name": sub, "type": 1, "options": opts}}}
	return s.interaction(InteractionCommand, u, channel, data, nil)
}

// Button sends a click on the button customID of message messageID.
func (s *Sender) Button(u User, channel, messageID, customID string) (Reply, error) {
	data := map[string]any{"custom_id": customID, "component_type": 2}
	msg := map[string]any{"id": messageID, "channel_id": channel, "content": "", "timestamp": stamp(), "type": 0}
	return s.interaction(InteractionComponent, u, channel, data, msg)
}

func (s *Sender) interaction(kind int, u User, channel string, data, msg map[string]any) (Reply, error) {
	n := s.n.Add(1)
	token := fmt.Sprintf("itoken-%d-%d", time.Now().UnixNano(), n)
	body := map[string]any{
		"id": strconv.FormatInt(2_000_000_000_000_000_000+n, 10), "application_id": s.ApplicationID, "type": kind,
		"data": data, "guild_id": s.GuildID, "channel_id": channel, "token": token, "version": 1,
		"app_permissions": "0", "locale": "en-US",
		"member": map[string]any{"user": map[string]any{"id": u.ID, "username": u.Username, "global_name": nullable(u.GlobalName)},
			"nick": nullable(u.Nick), "roles": []string{}, "joined_at": "2025-01-01T00:00:00.000000+00:00", "permissions": "0"},
	}
	if msg != nil {
		body["message"] = msg
	}
	return s.send(body, token)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Sender) send(v any, token string) (Reply, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return Reply{}, err
	}
	ts := strconv.FormatInt(s.Clock().Unix(), 10)
	header := map[string]string{"X-Signature-Ed25519": s.Sign(ts, body), "X-Signature-Timestamp": ts}
	s.mu.Lock()
	s.last = Captured{Body: body, Header: header}
	s.mu.Unlock()
	r, err := s.Post(body, header)
	r.Token = token
	return r, err
}

// Captured is a signed interaction as it went over the wire, to send again
// as a replay would.
type Captured struct {
	Body   []byte
	Header map[string]string
}

// Last returns the last interaction sent by Command or Button.
func (s *Sender) Last() Captured {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// Post sends body with exactly the given headers (for unsigned or wrongly
// signed requests) and reads the answer.
func (s *Sender) Post(body []byte, header map[string]string) (Reply, error) {
	req, err := http.NewRequest(http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return Reply{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		return Reply{}, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := Reply{Status: resp.StatusCode, Body: string(raw)}
	var answer struct {
		Type int `json:"type"`
		Data *struct {
			Content string `json:"content"`
			Flags   int    `json:"flags"`
		} `json:"data"`
	}
	if resp.StatusCode == http.StatusOK && json.Unmarshal(raw, &answer) == nil {
		r.Type = answer.Type
		if answer.Data != nil {
			r.Content, r.Flags = answer.Data.Content, answer.Data.Flags
		}
	}
	return r, nil
}
