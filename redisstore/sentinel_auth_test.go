package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// A Sentinel set-up where the data servers and the Sentinels each require
// a password: with both, the store works and follows a failover; without
// the Sentinels' password it cannot even find the primary.
func TestSentinelWithPasswords(t *testing.T) {
	auth := redistest.SentinelAuth{Data: "data-pw", Sentinel: "sentinel-pw"}
	s := redistest.StartSentinelAuth(t, 1, auth)
	ctx := context.Background()
	open := func(sentinelPassword string) (*redisstore.Store, error) {
		return redisstore.Open(ctx, redisstore.Options{SentinelAddrs: s.Addrs, SentinelMaster: redistest.MasterName,
			Password: auth.Data, SentinelPassword: sentinelPassword, Prefix: redistest.Prefix(t)})
	}
	if st, err := open(""); err == nil {
		st.Close()
		t.Fatal("opened without the Sentinels' password")
	}
	st, err := open(auth.Sentinel)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	id := create(ctx, st, t, "generic:before")
	s.Failover()
	var after string
	for range 50 { // the client finds the new primary through the Sentinels
		if after, err = st.NextID(ctx); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil || after == id {
		t.Fatalf("after the failover: %q %v", after, err)
	}
}
