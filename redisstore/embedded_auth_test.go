package redisstore

import (
	"context"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// The demo's embedded store listens on loopback with a random password:
// another local process that finds the port cannot read or write it.
func TestEmbeddedStoreNeedsItsPassword(t *testing.T) {
	ctx := context.Background()
	st, err := OpenEmbedded(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Ping(ctx); err != nil {
		t.Fatalf("the store's own client: %v", err)
	}
	stranger := redis.NewClient(&redis.Options{Addr: st.embed.Addr()})
	defer stranger.Close()
	if err := stranger.Set(ctx, "tandem:{default}:seq:incident", "0", 0).Err(); err == nil || !strings.Contains(err.Error(), "NOAUTH") {
		t.Fatalf("a client without the password: %v", err)
	}
	guess := redis.NewClient(&redis.Options{Addr: st.embed.Addr(), Password: "password"})
	defer guess.Close()
	if err := guess.Ping(ctx).Err(); err == nil {
		t.Fatal("a guessed password was accepted")
	}
}
