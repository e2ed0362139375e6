package bot

import "context"

// setupDiscord wires Discord when it is configured. (Discord support
// arrives with its own issue.)
func (b *Bot) setupDiscord(ctx context.Context) error { return nil }
