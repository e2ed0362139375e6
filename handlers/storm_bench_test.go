package handlers_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// BenchmarkIntakeNewGroup measures what the storm guard costs on the path
// it guards: a delivery of a new alert group (claim, create the incident
// with its alert, one commit) against real Redis. "off" claims without the
// counter; "on" counts the group in the same script (limit never reached);
// "storm" is past the limit: every new group joins the storm incident.
//
//	go test ./handlers/ -run '^$' -bench BenchmarkIntakeNewGroup -benchtime 2000x -count 3
func BenchmarkIntakeNewGroup(b *testing.B) {
	for _, tc := range []struct {
		name  string
		limit int
	}{{"off", 0}, {"on", 1 << 30}, {"storm", 1}} {
		b.Run(tc.name, func(b *testing.B) {
			st := redistest.Open(b)
			svc := benchService(st, tc.limit)
			ctx := context.Background()
			if _, err := svc.Intake(ctx, group("warm-up", "warm up", "w")); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := range b.N {
				key := fmt.Sprintf("g%d", i)
				if _, err := svc.Intake(ctx, group(key, "Group "+key, key+"-a")); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchService(st *redisstore.Store, limit int) *handlers.Service {
	now := time.Date(2026, 12, 1, 3, 0, 10, 0, time.UTC)
	return handlers.New(st, handlers.Options{
		Now:            func() time.Time { return now }, // one minute throughout
		Services:       map[string]handlers.ServiceRule{"database": {Severity: incident.Sev2}},
		DefaultService: "database",
		Platforms:      []string{"console"},
		Sources: map[string]handlers.SourceRule{"generic": {
			AutoResolve: true, ReopenWithin: 30 * time.Minute, MaxAlerts: 1 << 30, MaxNewPerMinute: limit,
		}},
	})
}
