package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

func TestOnCallChangesStoredWithAudit(t *testing.T) {
	ctx := context.Background()
	st := redistest.OpenAny(t)
	at := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	by := incident.Actor{Name: "Alice", Side: incident.Internal, Platform: "slack", User: "U1"}
	ov, err := st.AddOnCallChange(ctx, incident.OnCallChange{Kind: incident.KindOverride, Team: "acme-it",
		Person: "Bob", From: at, To: at.Add(2 * time.Hour), By: by, At: at})
	if err != nil || ov.ID != "OV-1" {
		t.Fatalf("add override = %+v, %v; want OV-1", ov, err)
	}
	sw, err := st.AddOnCallChange(ctx, incident.OnCallChange{Kind: incident.KindSwap, Team: "acme-it",
		Person: "Alice", Other: "Bob", Date: "2026-12-07", By: by, At: at})
	if err != nil || sw.ID != "OV-2" {
		t.Fatalf("add swap = %+v, %v; want OV-2", sw, err)
	}
	if _, err := st.RemoveOnCallChange(ctx, "ov-1", by, at.Add(time.Minute)); err != nil {
		t.Fatalf("remove OV-1: %v", err)
	}
	if _, err := st.RemoveOnCallChange(ctx, "OV-1", by, at); incident.ErrorCode(err) != incident.ENotFound {
		t.Fatalf("removing OV-1 twice: %v, want not found", err)
	}
	all, err := st.OnCallChanges(ctx)
	if err != nil || len(all) != 1 || all[0].ID != "OV-2" || all[0].Other != "Bob" {
		t.Fatalf("changes = %+v, %v; want only the swap OV-2", all, err)
	}
	audit, err := st.OnCallAudit(ctx)
	if err != nil || len(audit) != 3 {
		t.Fatalf("audit = %+v, %v; want 3 lines", audit, err)
	}
	if a := audit[2]; a.Action != "removed" || a.Change.ID != "OV-1" || a.By.Name != "Alice" || !a.At.Equal(at.Add(time.Minute)) {
		t.Errorf("last audit line = %+v, want Alice removed OV-1", a)
	}
}
