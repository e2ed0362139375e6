package config

import "time"

// DefaultArchiveAfter is how long after resolving an incident its rooms are
// closed when rooms.archive_after is not written.
const DefaultArchiveAfter = Duration(24 * time.Hour)

// Rooms configures the incident rooms' lifecycle.
type Rooms struct {
	// ArchiveAfterText is rooms.archive_after as written: a Go duration
	// after an incident resolves at which its rooms are closed (Slack:
	// archived; Discord: moved to discord.archive_category_id, else
	// deleted). "0" keeps rooms open. It is a string because, unlike other
	// durations, zero is a value here; ArchiveAfter holds it parsed.
	ArchiveAfterText string   `yaml:"archive_after"`
	ArchiveAfter     Duration `yaml:"-"` // default 24h; 0 keeps rooms open
	// Private: Slack rooms are private channels and Discord rooms deny
	// @everyone, so only the people notified (and the bot) read them. A
	// pointer, so an absent key means the default (true) and a written
	// false is kept (rooms_private.go).
	Private *bool `yaml:"private"`
}

// rooms parses and defaults the rooms section, and checks the Discord
// archive category that goes with it.
func (v *validator) rooms() {
	r := &v.c.Rooms
	r.ArchiveAfter = DefaultArchiveAfter
	if r.ArchiveAfterText != "" {
		d, err := parseDuration(r.ArchiveAfterText)
		if err != nil {
			v.rep.errf("rooms.archive_after", "%v; 0 keeps rooms open", err)
		} else {
			r.ArchiveAfter = d
		}
	}
	if id := v.c.Discord.ArchiveCategoryID; id != "" {
		if !isDigits(id) {
			v.rep.errf("discord.archive_category_id", "must be a Discord ID (digits) of a category")
		} else if id == v.c.Discord.CategoryID {
			v.rep.errf("discord.archive_category_id", "must not be discord.category_id: closed rooms would stay among the open ones")
		}
	}
}
