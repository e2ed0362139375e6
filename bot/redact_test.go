package bot

import (
	"bytes"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"testing"
)

// Credentials inside URLs never reach the log: user-info, Slack
// response_urls, Discord interaction tokens, in the message, in attributes,
// in errors (as Go's HTTP client words them) and in groups.
func TestLogsRedactURLCredentials(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(redacting(slog.NewTextHandler(&buf, nil))).With("store", "redis://tandem:hunter2@redis:6379/0")
	respURL := "https://hooks.slack.com/commands/T0001/1234567890/QWERTYsecretTOKEN"
	follow := "https://discord.com/api/v10/webhooks/900000000000000001/aW50ZXJhY3Rpb246c2VjcmV0/messages/@original"
	callback := "https://discord.com/api/v10/interactions/1122334455/interaction-token-SECRET/callback"
	log.Warn("answer through "+respURL+" failed",
		"err", &url.Error{Op: "Post", URL: respURL, Err: errors.New("connection refused")},
		"followup", follow, slog.Group("discord", "callback", callback), "fine", "https://example.com/status")
	out := buf.String()
	for _, secret := range []string{"hunter2", "QWERTYsecretTOKEN", "T0001/1234567890", "aW50ZXJhY3Rpb246c2VjcmV0", "interaction-token-SECRET"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q in the log:\n%s", secret, out)
		}
	}
	for _, kept := range []string{"redis://<redacted>@redis:6379/0", "hooks.slack.com/<redacted>", "webhooks/900000000000000001/<redacted>/messages", "interactions/1122334455/<redacted>/callback", "https://example.com/status", "connection refused"} {
		if !strings.Contains(out, kept) {
			t.Errorf("%q missing from the log:\n%s", kept, out)
		}
	}
}
