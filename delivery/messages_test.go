package delivery

import (
	"strconv"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

func entry(pos int, kind incident.Kind, kv ...string) redisstore.Entry {
	at := time.Date(2026, 12, 1, 3, 0, pos, 0, time.UTC)
	return redisstore.Entry{Pos: strconv.Itoa(pos), Event: incident.NewEvent(at, kind, incident.Monitoring, kv...)}
}

// A short run of alert entries is posted entry by entry.
func TestRoomMessagesShortRun(t *testing.T) {
	msgs := roomMessages([]redisstore.Entry{
		entry(1, incident.KindOpened),
		entry(2, incident.KindAlertFiring, "summary", "disk"),
		entry(3, incident.KindAlertResolved, "summary", "disk"),
		entry(4, incident.KindNote, "text", "looking"),
	})
	if len(msgs) != 4 {
		t.Fatalf("%d messages, want one per entry: %+v", len(msgs), msgs)
	}
	for i, m := range msgs {
		if m.pos != strconv.Itoa(i+1) {
			t.Fatalf("message %d covers %s", i, m.pos)
		}
	}
}

// A storm (more than alertRunMax alert entries in a row) becomes one
// summary, which covers the run's last position and names the first three
// alerts by summary, else alert name, else fingerprint.
func TestRoomMessagesStormSummary(t *testing.T) {
	msgs := roomMessages([]redisstore.Entry{
		entry(1, incident.KindAlertFiring, "summary", "disk full"),
		entry(2, incident.KindAlertFiring, "alert", "HighLoad"),
		entry(3, incident.KindAlertResolved, "fingerprint", "f3"),
		entry(4, incident.KindAlertFiring, "summary", "fourth"),
		entry(5, incident.KindNote, "text", "on it"),
	})
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want summary and note: %+v", len(msgs), msgs)
	}
	sum := msgs[0]
	if sum.pos != "4" || sum.event.Kind != incident.KindAlertFiring {
		t.Fatalf("summary covers %s as %s", sum.pos, sum.event.Kind)
	}
	if got, want := sum.event.Details["summary"], "3 alerts firing, 1 resolved: disk full; HighLoad; f3…"; got != want {
		t.Fatalf("summary %q, want %q", got, want)
	}
}

// A run of resolutions only is summarised as resolved.
func TestAlertSummaryResolvedOnly(t *testing.T) {
	var run []redisstore.Entry
	for i := range 4 {
		run = append(run, entry(i, incident.KindAlertResolved, "summary", "a"+strconv.Itoa(i)))
	}
	ev := alertSummary(run)
	if ev.Kind != incident.KindAlertResolved || ev.Details["summary"] != "4 alerts resolved: a0; a1; a2…" {
		t.Fatalf("summary %s %q", ev.Kind, ev.Details["summary"])
	}
}
