package webhookchat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/tandemhq/tandem/chat"
)

// message is what an incoming webhook takes.
type message struct {
	Channel  string `json:"channel"`
	Text     string `json:"text"`
	Username string `json:"username,omitempty"`
}

// send posts one message. A 429 is retried after its Retry-After, a 5xx or
// a network error with backoff, any other 4xx never (the URL or the
// channel is wrong, and retrying will not fix it).
func (c *Client) send(ctx context.Context, channel, text string) error {
	body, err := json.Marshal(message{Channel: channel, Text: text, Username: c.username})
	if err != nil {
		return chat.Permanent(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return chat.Permanent(fmt.Errorf("webhookchat: %w", err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		// The URL holds the webhook's token: say which call failed, not where.
		return fmt.Errorf("webhookchat: post to %s: %w", channel, unwrapURL(err))
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	return statusError(resp, channel, snippet)
}

// statusError maps the webhook's answer to what the outbox should do.
func statusError(resp *http.Response, channel string, snippet []byte) error {
	code := resp.StatusCode
	if code/100 == 2 {
		return nil
	}
	err := fmt.Errorf("webhookchat: post to %s: HTTP %d: %s", channel, code, bytes.TrimSpace(snippet))
	return chat.StatusError(code, resp.Header, err)
}

// unwrapURL drops the *url.Error wrapper, whose message repeats the URL.
func unwrapURL(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}
