package bot

import (
	"github.com/tandemhq/tandem/delivery"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/console"
	"github.com/tandemhq/tandem/redisstore"
)

// Chat, Pager and FileUploader are delivery's ports under the names the
// bot's Options have always used; an embedding program passes its own.
type (
	Chat         = delivery.Chat
	Pager        = delivery.Pager
	FileUploader = delivery.FileUploader
)

var (
	_ delivery.Store    = (*redisstore.Store)(nil)
	_ delivery.Recorder = (*handlers.Service)(nil)
	_ delivery.Reviewer = (*handlers.Service)(nil)
	_ delivery.Invitees = (*handlers.Service)(nil)
	_ FileUploader      = (*console.Console)(nil)
)

// worker is the outbox worker that reads as consumer.
func (b *Bot) worker(consumer string) *delivery.Worker {
	return delivery.New(delivery.Options{Store: b.store, Recorder: b.svc, Reviewer: b.svc, Invitees: b.svc,
		Chats: b.chats, Pager: b.pager, Metrics: deliveryMetrics{b.metrics}, Log: b.log, Now: b.opt.Now,
		StaleAfter: b.opt.ClaimStaleAfter}, consumer)
}

// deliveryMetrics counts for delivery in the bot's metrics.
type deliveryMetrics struct{ m *metrics }

func (d deliveryMetrics) DeliveryFailed(kind incident.EffectKind, platform string) {
	d.m.deliveryFailures.WithLabelValues(string(kind), platform).Inc()
}

func (d deliveryMetrics) Paged(team, side string) { d.m.paged(team, side) }
