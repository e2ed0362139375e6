package redistest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// SeedResolved writes n incidents the way the product does over an
// incident's life, through the store's commit path: a dedup key claimed,
// opened by two alerts (alert states stored, a ladder timer set), a room
// created and saved (with its channel index), acknowledged, the alerts
// resolved and the incident resolved, a pending reminder left behind. The
// n-th starts at start + n seconds and resolves 20 minutes later. It
// returns the IDs. Outbox effects are left out: these are incidents from
// long ago, whose effects were delivered long since.
func SeedResolved(t testing.TB, st *redisstore.Store, n int, start time.Time, source string) []string {
	t.Helper()
	ids := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				id, err := seedOne(context.Background(), st, i, start.Add(time.Duration(i)*time.Second), source)
				if err != nil {
					errs <- err
					return
				}
				ids[i] = id
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("seed: %v", err)
	}
	return ids
}

func seedOne(ctx context.Context, st *redisstore.Store, i int, at time.Time, source string) (string, error) {
	key := fmt.Sprintf("%s:seed-%d", source, i)
	id, _, err := st.ClaimDedup(ctx, key, "")
	if err != nil {
		return "", err
	}
	inc, events, err := incident.Open(id, incident.Spec{Title: fmt.Sprintf("Disk full on db-%d", i), Severity: incident.Sev2,
		Service: "database", Source: source, DedupKey: key}, incident.Monitoring, at)
	if err != nil {
		return "", err
	}
	alerts := []incident.Alert{{Fingerprint: "a", Status: incident.AlertFiring, Name: "DiskFull"}, {Fingerprint: "b", Status: incident.AlertFiring, Name: "DiskSlow"}}
	inc, more, states := inc.ApplyAlerts(nil, alerts, false, at)
	ladder := incident.Timer{ID: incident.TimerID(id, incident.TimerLadder), Kind: incident.TimerLadder, Incident: id, Due: at.Add(10 * time.Minute)}
	c := incident.Change{Incident: inc, Events: append(events, more...), Alerts: states, Timers: []incident.Timer{ladder}}
	channel := fmt.Sprintf("C%08d", i)
	steps := []func(incident.Incident, time.Time) (incident.Incident, []incident.Event, error){
		func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			out, ev := inc.WithRoom("console", channel, fmt.Sprintf("inc-%d-disk-full", inc.Number()), now)
			return out, ev, st.SaveRoom(ctx, id, "console", redisstore.Room{Channel: channel, Name: out.RoomName, Card: "card-" + channel})
		},
		func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			return inc.Ack(incident.Actor{Name: "Alice", Side: incident.Internal, Platform: "slack", User: "U01ALICE"}, now)
		},
		func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
			inc, ev, _ := inc.ApplyAlerts(states, []incident.Alert{{Fingerprint: "a", Status: incident.AlertResolved}, {Fingerprint: "b", Status: incident.AlertResolved}}, false, now)
			out, ev2, err := inc.Resolve(incident.Monitoring, "disk cleaned", now)
			return out, append(ev, ev2...), err
		},
	}
	return id, commitSteps(ctx, st, c, steps, at)
}

func commitSteps(ctx context.Context, st *redisstore.Store, c incident.Change, steps []func(incident.Incident, time.Time) (incident.Incident, []incident.Event, error), at time.Time) error {
	inc, err := commit(ctx, st, c)
	for k, step := range steps {
		if err != nil {
			return err
		}
		next, events, err := step(inc, at.Add(time.Duration(k+1)*5*time.Minute))
		if err != nil {
			return err
		}
		change := incident.Change{Before: inc.Version, Incident: next, Events: events}
		if k == len(steps)-1 {
			// A reminder left pending, as a crash between resolve and its
			// cancellation could: the trim must take it too.
			change.Timers = []incident.Timer{{ID: incident.TimerID(inc.ID, incident.TimerRemindUpdate), Kind: incident.TimerRemindUpdate, Incident: inc.ID, Due: at.Add(time.Hour)}}
			change.Cancel = []string{incident.TimerID(inc.ID, incident.TimerLadder)}
		}
		inc, err = commit(ctx, st, change)
	}
	return err
}

// commit commits c and returns the incident as stored: its version, and
// the head the store chained the events to (as Commit computes it, which
// saves reading it back). Seeded stores are unkeyed (no Options.AuditKey).
func commit(ctx context.Context, st *redisstore.Store, c incident.Change) (incident.Incident, error) {
	v, err := st.Commit(ctx, c)
	inc := c.Incident
	_, inc.Head = incident.Chain(inc.ID, inc.Head, c.Events, nil)
	inc.Version = v
	return inc, err
}
