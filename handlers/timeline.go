package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// timeline answers /incident timeline: every entry, in the zone of the
// incident's ladder calendar. The answer is one text of one line per entry;
// each platform pages it within its limits (chat.Pages cuts between lines,
// so an entry is never split unless it alone is too long).
func (s *Service) timeline(ctx context.Context, inc incident.Incident) (chat.Response, error) {
	events, err := s.store.Timeline(ctx, inc.ID)
	if err != nil {
		return chat.Response{}, err
	}
	return chat.Private(RenderTimeline(inc, events, s.displayZone(inc))), nil
}

// RenderTimeline renders a whole timeline for chat: a header naming the
// zone, a line per local day, a line per entry with its local time and zone
// abbreviation (which shows a DST change), and the chain's head.
func RenderTimeline(inc incident.Incident, events []incident.Event, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "🧾 *Timeline of %s* [%s] %s: %d entries, times in %s\n",
		inc.ID, inc.Severity, chat.Truncate(inc.Title, 80), len(events), loc)
	day := ""
	for _, e := range events {
		if d := e.At.In(loc).Format("Mon 02 Jan 2006"); d != day {
			day = d
			fmt.Fprintf(&b, "── %s ──\n", d)
		}
		b.WriteString(chat.OneLine(chat.FormatEvent(e, loc)))
		b.WriteByte('\n')
	}
	if inc.Head != "" {
		fmt.Fprintf(&b, "🔒 chain head %s… · check it with `tandem audit verify %s`\n", inc.Head[:min(16, len(inc.Head))], inc.ID)
	}
	return b.String()
}
