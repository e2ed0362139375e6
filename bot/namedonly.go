package bot

import "slices"

// namedOnlyChat is a chat whose rooms an incident gets only when one of
// its teams names the platform (a PSA's tickets): see handlers.Options.NamedOnly.
type namedOnlyChat interface {
	NamedOnly() bool
}

// namedOnly lists the wired chats that are named-only, sorted.
func (b *Bot) namedOnly() []string {
	var out []string
	for key, c := range b.chats {
		if n, ok := c.(namedOnlyChat); ok && n.NamedOnly() {
			out = append(out, key)
		}
	}
	slices.Sort(out)
	return out
}
