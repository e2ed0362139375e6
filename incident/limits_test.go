package incident

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestTitleCutAt250Runes(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	long := strings.Repeat("é", 1000) // two bytes each: a byte cut would split one
	inc, _, err := Open("INC-1", Spec{Title: long, Severity: Sev3}, Monitoring, now)
	if err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(inc.Title); n != 250 || !utf8.ValidString(inc.Title) || !strings.HasSuffix(inc.Title, "…") {
		t.Fatalf("title has %d runes (valid UTF-8 %v), ends %q", n, utf8.ValidString(inc.Title), inc.Title[len(inc.Title)-6:])
	}
}

func alertsN(prefix string, n int) []Alert {
	out := make([]Alert, n)
	for i := range out {
		out[i] = Alert{Fingerprint: fmt.Sprintf("%s%d", prefix, i), Status: AlertFiring}
	}
	return out
}

func TestCapAlerts(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	inc, _, _ := Open("INC-1", Spec{Title: "t", Severity: Sev3}, Monitoring, now)
	kept, over := inc.CapAlerts(nil, append(alertsN("a", 5), alertsN("a", 5)...), 3)
	dropped := over.NotStored
	if len(kept) != 6 || kept[3].Fingerprint != "a0" || dropped != 2 {
		t.Fatalf("first delivery: kept %d dropped %d, want a0-a2 twice and 2 dropped (repeats within one delivery count once)", len(kept), dropped)
	}
	inc, _, states := inc.ApplyAlerts(nil, kept, true, now)
	// The next delivery repeats the stored ones (kept) and brings 4 new.
	kept, over = inc.CapAlerts(states, append(alertsN("a", 3), alertsN("b", 4)...), 3)
	dropped = over.NotStored
	if len(kept) != 3 || dropped != 4 || over.Firing != 4 {
		t.Fatalf("second delivery: kept %d dropped %d, want the 3 stored kept and 4 dropped", len(kept), dropped)
	}
	if kept, over := inc.CapAlerts(states, alertsN("b", 4), 0); len(kept) != 4 || over != (Overflow{}) {
		t.Fatal("max 0 must mean no limit")
	}
	inc, rec, ok := inc.CountNotStored(AlertState{}, Overflow{NotStored: 4, Firing: 4})
	if !ok || inc.Alerts.NotStored != 4 || rec.NotStored != 4 {
		t.Fatalf("count: %+v %+v", inc.Alerts, rec)
	}
	if _, _, ok := inc.CountNotStored(rec, Overflow{NotStored: 4, Firing: 4}); ok {
		t.Fatal("a repeated delivery with the same overflow must change nothing")
	}
	inc, _, _ = inc.CountNotStored(rec, Overflow{NotStored: 6, Firing: 6})
	if inc.Alerts.NotStored != 6 || inc.Alerts.Text() != "3 firing, 0 resolved, +6 alerts not stored" {
		t.Fatalf("grown overflow: %+v %q", inc.Alerts, inc.Alerts.Text())
	}
}

func TestStormTitle(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	inc, _, _ := Open("INC-61", Spec{Title: "storm", Severity: Sev3}, Monitoring, now)
	inc = inc.StartStorm("alertmanager")
	for i := range 5 {
		inc = inc.JoinStorm(fmt.Sprintf("DiskFull host-%d %s", i, strings.Repeat("x", 100)))
		inc, _, _ = inc.ApplyAlerts(nil, alertsN(fmt.Sprintf("g%d-", i), 2), true, now)
	}
	inc = inc.RetitleStorm()
	want := "Alert storm from alertmanager: 10 alerts from 5 groups (DiskFull host-0 xxx"
	if !strings.HasPrefix(inc.Title, want) || !strings.HasSuffix(inc.Title, " +2 more)") || utf8.RuneCountInString(inc.Title) > MaxTitle {
		t.Fatalf("title %q", inc.Title)
	}
}
