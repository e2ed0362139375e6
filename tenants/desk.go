package tenants

import (
	"slices"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
)

var _ handlers.Customers = (*Host)(nil)

// refersToDesk says whether a customer's config takes a team from the
// MSP's desk: the desk serves exactly those customers.
func refersToDesk(cfg *config.Config) bool {
	for _, t := range cfg.Teams {
		if t.From != "" {
			return true
		}
	}
	return false
}

// Served lists the running customers the desk serves, in name order
// (handlers.Customers).
func (h *Host) Served() []string {
	h.mu.RLock()
	defer h.mu.RUnlock()
	var out []string
	for name, t := range h.byName {
		if t.served {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// Customer returns a served customer's use cases, counted as a request in
// flight on its bot until release (handlers.Customers): a reload waits for
// the desk's command before it retires that bot.
func (h *Host) Customer(name string) (*handlers.Service, func(), bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	t := h.byName[name]
	if t == nil || !t.served {
		return nil, nil, false
	}
	t.inflight.Add(1)
	return t.bot.Service(), t.inflight.Done, true
}
