package bot

import "context"

// setupSlack wires Slack when it is configured: its chat platform and its
// inbound routes. (Slack support arrives with its own issue.)
func (b *Bot) setupSlack(ctx context.Context) error { return nil }
