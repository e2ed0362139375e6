package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// The demo's embedded store must run the same scripts as Redis.
func TestEmbeddedStoreRunsTheSameScripts(t *testing.T) {
	ctx := context.Background()
	st, err := redisstore.OpenEmbedded(ctx, redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !st.Embedded() {
		t.Fatal("not embedded")
	}
	id := create(ctx, st, t, "generic:x")
	if again := create(ctx, st, t, "generic:x"); again != id {
		t.Fatalf("dedup: %s then %s", id, again)
	}
	entries, err := st.ReadOutbox(ctx, "w", 10, 50*time.Millisecond)
	if err != nil || len(entries) != 1 || entries[0].Effect.Kind != incident.EffectRoomCreate {
		t.Fatalf("outbox: %+v %v", entries, err)
	}
	if err := st.DoneOutbox(ctx, entries[0].ID, entries[0].Effect.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.SetTimers(ctx, incident.Timer{ID: "x", Kind: incident.TimerRemindUnack, Due: t0}); err != nil {
		t.Fatal(err)
	}
	got, err := st.ClaimTimers(ctx, "", t0, time.Minute, 10)
	if err != nil || len(got) != 1 {
		t.Fatalf("timers: %v %v", got, err)
	}
	if ok, _ := st.Lock(ctx, "l", "a", t0, time.Second); !ok {
		t.Fatal("lock")
	}
	_ = redisstore.ErrStale
}
