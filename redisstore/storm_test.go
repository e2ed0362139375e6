package redisstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// The guard counts new keys per source per minute in the claim script:
// past the limit they all point at one storm incident; a key already
// claimed is not new; a later minute below the limit ends the storm, and
// the next storm gets a new storm incident.
func TestClaimGroupStormGuard(t *testing.T) {
	st := redistest.Open(t)
	ctx := context.Background()
	claim := func(key string, minute int64) incident.GroupClaimed {
		t.Helper()
		got, err := st.ClaimGroup(ctx, incident.GroupClaim{Key: "am:" + key, Source: "am", Limit: 2, Minute: minute})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	a, b := claim("a", 100), claim("b", 100)
	if a.Storm != incident.NoStorm || b.Storm != incident.NoStorm || !a.Created || a.ID == b.ID {
		t.Fatalf("under the limit: %+v %+v", a, b)
	}
	if again := claim("a", 100); again.ID != a.ID || again.Created {
		t.Fatalf("a claimed key is not new: %+v", again)
	}
	c, d := claim("c", 100), claim("d", 100)
	if c.Storm != incident.StormJoined || !c.Created || d.Storm != incident.StormJoined || d.Created || d.ID != c.ID {
		t.Fatalf("past the limit, one storm incident: %+v %+v", c, d)
	}
	if m := claim("c", 100); m.ID != c.ID || m.Storm != incident.StormMember {
		t.Fatalf("a diverted key stays with the storm: %+v", m)
	}
	// Minute 101 is over the limit too: the same storm goes on.
	claim("e", 101)
	claim("f", 101)
	if g := claim("g", 101); g.ID != c.ID || g.Storm != incident.StormJoined {
		t.Fatalf("the storm goes on in the next minute: %+v", g)
	}
	// Minute 102 stays under the limit: the guard has reset.
	if h := claim("h", 102); h.Storm != incident.NoStorm || !h.Created {
		t.Fatalf("after the storm: %+v", h)
	}
	// Minute 104: a new storm, a new storm incident.
	claim("i", 104)
	claim("j", 104)
	k := claim("k", 104)
	if k.Storm != incident.StormJoined || !k.Created || k.ID == c.ID {
		t.Fatalf("a later storm opens a new storm incident: %+v (old %s)", k, c.ID)
	}
	// The storm incident resolved too long ago to reopen: a diverted group
	// that replaces it gets a new storm incident, not the old one again.
	got, err := st.ClaimGroup(ctx, incident.GroupClaim{Key: "am:l", Replace: k.ID, Source: "am", Limit: 2, Minute: 104})
	if err != nil || got.Storm != incident.StormJoined || !got.Created || got.ID == k.ID {
		t.Fatalf("replacing the storm incident: %+v %v (old %s)", got, err, k.ID)
	}
	// Off (limit 0): nothing is counted or diverted.
	for i := range 5 {
		got, err := st.ClaimGroup(ctx, incident.GroupClaim{Key: fmt.Sprintf("am:off%d", i), Source: "am", Minute: 104})
		if err != nil || got.Storm != incident.NoStorm || !got.Created {
			t.Fatalf("guard off: %+v %v", got, err)
		}
	}
}

// Many concurrent claims of distinct keys in one minute open exactly limit
// ordinary incidents and one storm incident.
func TestClaimGroupConcurrentAtomic(t *testing.T) {
	st := redistest.Open(t)
	const limit, keys = 60, 600
	var mu sync.Mutex
	ordinary, storms := map[string]bool{}, map[string]bool{}
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			for i := w; i < keys; i += 16 {
				got, err := st.ClaimGroup(context.Background(), incident.GroupClaim{Key: fmt.Sprintf("generic:k%d", i), Source: "generic", Limit: limit, Minute: 7})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if got.Storm == incident.NoStorm {
					ordinary[got.ID] = true
				} else {
					storms[got.ID] = true
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(ordinary) != limit || len(storms) != 1 {
		t.Fatalf("%d ordinary incidents and %d storm incidents; want %d and 1", len(ordinary), len(storms), limit)
	}
}
