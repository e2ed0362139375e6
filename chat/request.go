package chat

import "github.com/tandemhq/tandem/incident"

// Request is one chat interaction, whatever platform it came from.
type Request struct {
	// User is the platform's user ID; Name what the platform calls them.
	// The bot maps them to a configured member (and side) before handlers run.
	Platform string
	User     string
	Name     string
	Actor    incident.Actor
	// Channel is where the command was typed; inside an incident room the
	// incident ID may be left out.
	Channel string
	// Thread is the thread the request came from, when the platform says
	// (Slack: a mention's thread_ts, a button's message or thread ts); a
	// thread can be an incident's room (a team's thread room).
	Thread string
	// Text is a command after "/incident", e.g. "ack INC-3".
	Text string
	// Action and Value come from a button: Action is ack, escalate or
	// resolve, Value the incident ID.
	Action string
	Value  string
}

// Response is what a handler answers. Ephemeral responses are shown only to
// the person who asked. Pages split a long answer within platform limits.
type Response struct {
	Text      string
	Ephemeral bool
}

// Reply returns a response everyone in the channel sees.
func Reply(text string) Response { return Response{Text: text} }

// Private returns a response only the asker sees.
func Private(text string) Response { return Response{Text: text, Ephemeral: true} }
