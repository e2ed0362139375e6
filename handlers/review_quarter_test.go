package handlers_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports/reportstest"
)

// The quarter's review is attached as review-2026-Q3-database.md, not
// under its first month's name (review-2026-07-database.md reads as July's).
func TestReviewQuarterFileIsNamedForTheQuarter(t *testing.T) {
	svc, st := reviewWorld(t, &clock{t: reportstest.DecFrom.Add(6 * 24 * time.Hour)})
	ctx := context.Background()
	if r := svc.Handle(ctx, chat.Request{Platform: "console", User: "maria", Text: "review quarter database"}); r.Text != "📋 Posting the review of Q3 2026 to the managers' channel." {
		t.Fatalf("reply %+v", r)
	}
	entries, err := st.ReadOutbox(ctx, "test", 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, entry := range entries {
		if entry.Effect.Kind == incident.EffectChannelFile {
			names = append(names, entry.Effect.Data[incident.DataFilename])
		}
	}
	if !slices.Contains(names, "review-2026-Q3-database.md") {
		t.Fatalf("files %v", names)
	}
}
