package slack

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/tandemhq/tandem/chat"
)

// Inbound kinds.
const (
	kindCommand = "command"
	kindAction  = "action"
	kindEvent   = "event"
)

// inbound is one verified thing Slack sent, whatever the transport (HTTP
// or Socket Mode): the neutral request, where to answer later, and the key
// that makes a retried delivery harmless.
type inbound struct {
	kind        string
	req         chat.Request
	responseURL string
	key         string // idempotency key; "" when there is nothing to run
	challenge   string // Events API url_verification
	thread      string // app_mention: the thread to answer in
	app, team   string // api_app_id and the workspace the request came through
}

// slashCommand is the part of a slash command Tandem reads. Over HTTP it
// arrives form-encoded; over Socket Mode as JSON with the same names.
type slashCommand struct {
	Command     string `json:"command"`
	Text        string `json:"text"`
	UserID      string `json:"user_id"`
	UserName    string `json:"user_name"`
	ChannelID   string `json:"channel_id"`
	TeamID      string `json:"team_id"`
	ResponseURL string `json:"response_url"`
	TriggerID   string `json:"trigger_id"`
	APIAppID    string `json:"api_app_id"`
}

// decodeCommandForm decodes a slash command sent over HTTP.
func decodeCommandForm(body []byte) (inbound, error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return inbound{}, fmt.Errorf("slash command: the body is not form-encoded: %w", err)
	}
	if form.Get("ssl_check") == "1" {
		return inbound{kind: kindCommand}, nil // Slack checking the certificate: nothing to run
	}
	return commandInbound(slashCommand{
		Command: form.Get("command"), Text: form.Get("text"), UserID: form.Get("user_id"),
		UserName: form.Get("user_name"), ChannelID: form.Get("channel_id"), TeamID: form.Get("team_id"),
		ResponseURL: form.Get("response_url"), TriggerID: form.Get("trigger_id"), APIAppID: form.Get("api_app_id"),
	})
}

// decodeCommandJSON decodes a slash command sent over Socket Mode.
func decodeCommandJSON(payload []byte) (inbound, error) {
	var c slashCommand
	if err := json.Unmarshal(payload, &c); err != nil {
		return inbound{}, fmt.Errorf("slash command: %w", err)
	}
	return commandInbound(c)
}

func commandInbound(c slashCommand) (inbound, error) {
	if c.UserID == "" {
		return inbound{}, errors.New("slash command: user_id is missing")
	}
	key := c.TriggerID
	if key == "" {
		key = c.UserID + "/" + c.ChannelID + "/" + c.Text + "/" + c.ResponseURL
	}
	return inbound{
		kind: kindCommand,
		req: chat.Request{Platform: "slack", User: c.UserID, Name: c.UserName, Channel: c.ChannelID,
			Text: commandText(c.Command, unescape(strings.TrimSpace(c.Text)))},
		responseURL: c.ResponseURL,
		key:         "slack:command:" + key,
		app:         c.APIAppID, team: c.TeamID,
	}, nil
}

// commandText is a slash command's text in the /incident grammar: /oncall
// is `/incident oncall`, so one parser serves both.
func commandText(command, text string) string {
	if command == "/oncall" {
		return strings.TrimSpace("oncall " + text)
	}
	return text
}

// decodeInteractionForm decodes an interaction sent over HTTP: a form with
// one field, payload, holding JSON.
func decodeInteractionForm(body []byte) (inbound, error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return inbound{}, fmt.Errorf("interaction: the body is not form-encoded: %w", err)
	}
	p := form.Get("payload")
	if p == "" {
		return inbound{}, errors.New("interaction: the payload field is missing")
	}
	return decodeInteractionJSON([]byte(p))
}

// interaction is the part of an interaction payload Tandem reads.
type interaction struct {
	Type     string `json:"type"`
	APIAppID string `json:"api_app_id"`
	Team     struct {
		ID string `json:"id"`
	} `json:"team"`
	TriggerID   string `json:"trigger_id"`
	ResponseURL string `json:"response_url"`
	User        struct {
		ID       string `json:"id"`
		Username string `json:"username"`
		Name     string `json:"name"`
	} `json:"user"`
	Channel struct {
		ID string `json:"id"`
	} `json:"channel"`
	// Container is the message holding the button; in a thread it
	// carries thread_ts, and so may message (block_actions payload).
	Container struct {
		ChannelID string `json:"channel_id"`
		MessageTS string `json:"message_ts"`
		ThreadTS  string `json:"thread_ts"`
	} `json:"container"`
	Message struct {
		ThreadTS string `json:"thread_ts"`
	} `json:"message"`
	Actions []struct {
		ActionID string `json:"action_id"`
		Value    string `json:"value"`
		ActionTs string `json:"action_ts"`
	} `json:"actions"`
}

// decodeInteractionJSON decodes an interaction payload. A button of the
// incident card becomes a request with Action and Value; anything else
// (another app's buttons, shortcuts, modals) is acknowledged and ignored.
func decodeInteractionJSON(payload []byte) (inbound, error) {
	var cb interaction
	if err := json.Unmarshal(payload, &cb); err != nil {
		return inbound{}, fmt.Errorf("interaction: %w", err)
	}
	if cb.Type != "block_actions" {
		return inbound{kind: kindAction}, nil
	}
	for _, a := range cb.Actions {
		action, ok := actions[a.ActionID]
		if !ok {
			continue
		}
		if cb.User.ID == "" {
			return inbound{}, errors.New("interaction: user.id is missing")
		}
		key := cb.TriggerID
		if key == "" {
			key = cb.User.ID + "/" + a.ActionTs + "/" + a.ActionID
		}
		return inbound{
			kind: kindAction,
			req: chat.Request{Platform: "slack", User: cb.User.ID, Name: cmp.Or(cb.User.Name, cb.User.Username),
				Channel: cmp.Or(cb.Channel.ID, cb.Container.ChannelID), Action: action, Value: strings.TrimSpace(a.Value),
				// A card that starts a thread has no thread_ts until it has
				// replies: its own ts names the thread then.
				Thread: cmp.Or(cb.Container.ThreadTS, cb.Message.ThreadTS, cb.Container.MessageTS)},
			responseURL: cb.ResponseURL,
			key:         "slack:action:" + key,
			app:         cb.APIAppID, team: cb.Team.ID,
		}, nil
	}
	return inbound{kind: kindAction}, nil
}

// eventEnvelope is the Events API's outer shape.
type eventEnvelope struct {
	Type      string `json:"type"`
	Challenge string `json:"challenge"`
	EventID   string `json:"event_id"`
	APIAppID  string `json:"api_app_id"`
	TeamID    string `json:"team_id"`
	Event     struct {
		Type     string `json:"type"`
		User     string `json:"user"`
		BotID    string `json:"bot_id"`
		Text     string `json:"text"`
		Channel  string `json:"channel"`
		TS       string `json:"ts"`
		ThreadTS string `json:"thread_ts"`
	} `json:"event"`
}

// leadingMention is the "<@U123>" an app_mention starts with.
var leadingMention = regexp.MustCompile(`^\s*<@[A-Z0-9]+(\|[^>]*)?>\s*`)

// decodeEvent decodes an Events API delivery: the url_verification
// handshake, or an event callback, deduplicated by its event_id.
func decodeEvent(body []byte) (inbound, error) {
	var env eventEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return inbound{}, fmt.Errorf("event: %w", err)
	}
	switch env.Type {
	case "url_verification":
		if env.Challenge == "" {
			return inbound{}, errors.New("event: url_verification without a challenge")
		}
		return inbound{kind: kindEvent, challenge: env.Challenge}, nil
	case "event_callback":
		if env.EventID == "" {
			return inbound{}, errors.New("event: event_callback without an event_id")
		}
		m := inbound{kind: kindEvent, key: "slack:event:" + env.EventID, app: env.APIAppID, team: env.TeamID}
		// "@Tandem ack INC-3" is /incident ack INC-3, answered in a thread.
		if ev := env.Event; ev.Type == "app_mention" && ev.User != "" && ev.BotID == "" {
			m.req = chat.Request{Platform: "slack", User: ev.User, Channel: ev.Channel, Thread: ev.ThreadTS,
				Text: unescape(strings.TrimSpace(leadingMention.ReplaceAllString(ev.Text, "")))}
			m.thread = cmp.Or(ev.ThreadTS, ev.TS)
		}
		return m, nil
	}
	return inbound{kind: kindEvent}, nil
}
