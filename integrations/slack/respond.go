package slack

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/slack-go/slack"

	"github.com/tandemhq/tandem/chat"
)

// message is one answer to Slack: the body of a slash command's response,
// a Socket Mode ack payload, or a response_url post.
type message struct {
	ResponseType    string        `json:"response_type"`
	Text            string        `json:"text"`
	Blocks          []slack.Block `json:"blocks,omitempty"`
	ReplaceOriginal bool          `json:"replace_original"`
}

// messages renders a handler's answer: ephemeral or in_channel as the
// handler says, the text paged into sections within Block Kit's limits,
// as many messages as it takes (response_url takes five; a longer answer
// ends with a note that it was cut).
func messages(resp chat.Response) []message {
	typ := "in_channel"
	if resp.Ephemeral {
		typ = "ephemeral"
	}
	text := escape(resp.Text)
	var out []message
	for _, blocks := range textMessages(text) {
		out = append(out, message{ResponseType: typ, Text: firstLine(text), Blocks: blocks})
	}
	if len(out) > maxMessages {
		out = out[:maxMessages]
		last := &out[maxMessages-1]
		last.Blocks[len(last.Blocks)-1] = section("… (cut: Slack takes five answers to one command; see the incident's room or the API for the rest)")
	}
	return out
}

// respondLater posts answers to response_url, for work that finished
// after Slack was answered (or a button, which is always answered here).
func (in *Inbound) respondLater(ctx context.Context, responseURL string, msgs []message) {
	if responseURL == "" {
		return
	}
	for _, m := range msgs {
		if err := in.postResponse(ctx, responseURL, m); err != nil {
			in.log.Warn("answer through response_url failed", "err", err)
			return
		}
	}
}

func (in *Inbound) postResponse(ctx context.Context, responseURL string, m message) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, responseURL, bytes.NewReader(encode(m)))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := in.opt.HTTPClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("response_url answered HTTP %d", resp.StatusCode)
	}
	return nil
}
