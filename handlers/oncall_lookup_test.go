package handlers_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
)

// probeOnCall is an on-call source that counts its lookups and, on the
// first, runs during runs (a chat command on the same incident).
type probeOnCall struct {
	mu     sync.Mutex
	calls  map[string]int
	during func()
}

func (p *probeOnCall) OnCall(_ context.Context, team *handlers.Team, _ time.Time) handlers.OnCall {
	p.mu.Lock()
	p.calls[team.Name]++
	during := p.during
	p.during = nil
	p.mu.Unlock()
	if during != nil {
		during()
	}
	return handlers.OnCall{Person: team.Members[0], Source: "probe"}
}

func (p *probeOnCall) count(team string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[team]
}

// The on-call lookup (a PagerDuty REST call in production) is made outside
// the incident's lock: a change to the same incident made while it runs
// goes through instead of waiting for the lock the page would hold.
func TestOnCallLookupOutsideTheLock(t *testing.T) {
	probe := &probeOnCall{calls: map[string]int{}}
	w := newWorldWith(t, tue10, func(o *handlers.Options, st handlers.Store) handlers.Store {
		o.OnCall = probe
		return st
	})
	w.do("alice", "declare Disk full --service database")
	probe.during = func() { w.do("alice", "note INC-1 looking at it") }
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.svc.FireTimer(context.Background(), incident.Timer{ID: incident.TimerID("INC-1", incident.TimerLadder),
			Kind: incident.TimerLadder, Incident: "INC-1", Data: map[string]string{incident.TimerDataCursor: "0"}})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the ladder step waits for itself: the on-call lookup holds the incident's lock")
	}
	if got := strings.Join(w.pages("INC-1"), ","); got != "acme-it@1" || w.count("INC-1", incident.KindNote) != 1 {
		t.Fatalf("pages %s, %d notes", got, w.count("INC-1", incident.KindNote))
	}
}

// racingStore lets another replica change the incident just before the
// first commit of a page, so that commit loses the race (ErrStale).
type racingStore struct {
	handlers.Store
	race    func()
	commits int
}

func (r *racingStore) Commit(ctx context.Context, c incident.Change) (int64, error) {
	for _, e := range c.Events {
		if e.Kind == incident.KindPaged {
			r.commits++
			if race := r.race; race != nil {
				r.race = nil
				race()
			}
			break
		}
	}
	return r.Store.Commit(ctx, c)
}

// A page whose commit loses a race is committed again without a second
// on-call lookup: the lookup happens once, before the retry loop.
func TestOnCallLookupNotRepeatedOnStale(t *testing.T) {
	probe := &probeOnCall{calls: map[string]int{}}
	var racing *racingStore
	var other *handlers.Service
	w := newWorldWith(t, tue10, func(o *handlers.Options, st handlers.Store) handlers.Store {
		o.OnCall = probe
		other = handlers.New(st, *o) // a second replica: its own locks
		racing = &racingStore{Store: st}
		return racing
	})
	w.do("alice", "declare Disk full --service database")
	racing.race = func() {
		other.Handle(context.Background(), chat.Request{Platform: "console", User: "alice", Text: "note INC-1 from the other replica"})
	}
	w.run()
	if racing.commits != 2 {
		t.Fatalf("%d commits of the page, want 2 (one lost the race)", racing.commits)
	}
	if n := probe.count("acme-it"); n != 1 {
		t.Fatalf("%d on-call lookups of acme-it, want 1", n)
	}
	if got := strings.Join(w.pages("INC-1"), ","); got != "acme-it@1" {
		t.Fatalf("pages %s", got)
	}
}
