package bot

import (
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/redisstore"
)

var _ handlers.OnCallStore = (*redisstore.Store)(nil)

// storedOnCall is the on-call source of the use cases: the overrides and
// swaps made from chat over the rotation or PagerDuty (b.oncall).
func (b *Bot) storedOnCall() handlers.OnCallSource {
	var base handlers.OnCallSource = handlers.RotationOnCall{}
	if b.oncall != nil {
		base = b.oncall
	}
	return handlers.StoredOnCall{Base: base, Store: b.store, Log: b.log}
}
