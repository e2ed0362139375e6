package redisstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// BenchmarkClaimGroup is the claim script alone for a new key, without
// and with the storm guard's counter (limit never reached).
//
//	go test ./redisstore/ -run '^$' -bench BenchmarkClaimGroup -benchtime 20000x -count 3
func BenchmarkClaimGroup(b *testing.B) {
	for _, tc := range []struct {
		name  string
		limit int
	}{{"off", 0}, {"on", 1 << 30}} {
		b.Run(tc.name, func(b *testing.B) {
			st := redistest.Open(b)
			ctx := context.Background()
			for i := range b.N {
				c := incident.GroupClaim{Key: fmt.Sprintf("generic:k%d", i), Source: "generic", Limit: tc.limit, Minute: 1}
				if _, err := st.ClaimGroup(ctx, c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
