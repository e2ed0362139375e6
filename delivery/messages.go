package delivery

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// roomMessage is one post in a room and the timeline position it covers.
type roomMessage struct {
	event incident.Event
	pos   string
}

// alertRunMax is the longest run of alert entries posted one by one; a
// longer run (an alert storm) becomes one summary message, so a room is
// readable and within chat rate limits. The timeline keeps every entry.
const alertRunMax = 3

// roomMessages are the posts that show entries in a room, in order.
func roomMessages(entries []redisstore.Entry) []roomMessage {
	var out []roomMessage
	var run []redisstore.Entry
	flush := func() {
		if len(run) <= alertRunMax {
			for _, en := range run {
				out = append(out, roomMessage{en.Event, en.Pos})
			}
		} else {
			out = append(out, roomMessage{alertSummary(run), run[len(run)-1].Pos})
		}
		run = nil
	}
	for _, en := range entries {
		if k := en.Event.Kind; k == incident.KindAlertFiring || k == incident.KindAlertResolved {
			run = append(run, en)
			continue
		}
		flush()
		out = append(out, roomMessage{en.Event, en.Pos})
	}
	flush()
	return out
}

// alertSummary is the one message that stands for a run of alert entries:
// how many fired and resolved, and the first few by name.
func alertSummary(run []redisstore.Entry) incident.Event {
	firing, resolved := 0, 0
	var names []string
	for _, en := range run {
		if en.Event.Kind == incident.KindAlertFiring {
			firing++
		} else {
			resolved++
		}
		if len(names) < 3 {
			names = append(names, cmp.Or(en.Event.Details[incident.DetailSummary], en.Event.Details[incident.DetailAlert], en.Event.Details[incident.DetailFingerprint]))
		}
	}
	kind, text := incident.KindAlertFiring, fmt.Sprintf("%d alerts firing", firing)
	if firing == 0 {
		kind, text = incident.KindAlertResolved, fmt.Sprintf("%d alerts resolved", resolved)
	} else if resolved > 0 {
		text += fmt.Sprintf(", %d resolved", resolved)
	}
	last := run[len(run)-1].Event
	return incident.NewEvent(last.At, kind, incident.Monitoring, incident.DetailSummary, text+": "+strings.Join(names, "; ")+"…")
}
