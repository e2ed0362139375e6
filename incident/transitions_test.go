package incident

import (
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)

var alice = Actor{Name: "Alice", Side: Internal, Platform: "slack", User: "U1"}
var nora = Actor{Name: "Nora", Side: MSP, Platform: "discord", User: "2"}

func open(t *testing.T) Incident {
	t.Helper()
	inc, evs, err := Open("INC-7", Spec{Title: "  Disk full\x07 on db-01 ", Severity: Sev2, Service: "database"}, Monitoring, now)
	if err != nil || len(evs) != 1 || evs[0].Kind != KindOpened {
		t.Fatalf("open: %v %v", evs, err)
	}
	if inc.Title != "Disk full on db-01" {
		t.Fatalf("title not cleaned: %q", inc.Title)
	}
	return inc
}

func TestOpenValidates(t *testing.T) {
	if _, _, err := Open("INC-1", Spec{Title: " ", Severity: Sev1}, alice, now); ErrorCode(err) != EInvalid {
		t.Fatalf("empty title: %v", err)
	}
	if _, _, err := Open("INC-1", Spec{Title: "x", Severity: 9}, alice, now); ErrorCode(err) != EInvalid {
		t.Fatalf("bad severity: %v", err)
	}
	long, _, _ := Open("INC-1", Spec{Title: strings.Repeat("é", 300), Severity: Sev1}, alice, now)
	if n := len([]rune(long.Title)); n != MaxTitle {
		t.Fatalf("long title kept %d runes", n)
	}
}

func TestAckIsIdempotentAndKeepsFirstAckTime(t *testing.T) {
	inc := open(t)
	acked, evs, err := inc.Ack(nora, now.Add(4*time.Minute))
	if err != nil || len(evs) != 1 || acked.Status != StatusAcked || acked.AckedBy.Side != MSP {
		t.Fatalf("ack: %+v %v %v", acked, evs, err)
	}
	if inc.Status != StatusOpen {
		t.Fatal("Ack changed its input")
	}
	again, evs, err := acked.Ack(alice, now.Add(5*time.Minute))
	if err != nil || len(evs) != 0 || again.AckedBy.Name != "Nora" {
		t.Fatalf("second ack must be a no-op: %v %v", evs, err)
	}
	if tta, _ := again.TimeToAck(); tta != 4*time.Minute {
		t.Fatalf("TTA %v", tta)
	}
	reopened, _, _ := acked.Unack(alice, now.Add(6*time.Minute))
	reacked, _, _ := reopened.Ack(alice, now.Add(9*time.Minute))
	if tta, _ := reacked.TimeToAck(); tta != 4*time.Minute {
		t.Fatalf("TTA after unack/ack %v: the first ack counts", tta)
	}
}

func TestResolveAndReopen(t *testing.T) {
	inc := open(t)
	res, evs, err := inc.Resolve(alice, "cleaned logs", now.Add(time.Hour))
	if err != nil || len(evs) != 1 || evs[0].Details["note"] != "cleaned logs" {
		t.Fatalf("resolve: %v %v", evs, err)
	}
	if ttr, ok := res.TimeToResolve(); !ok || ttr != time.Hour {
		t.Fatalf("TTR %v", ttr)
	}
	if _, evs, err := res.Resolve(alice, "", now); err != nil || len(evs) != 0 {
		t.Fatal("second resolve must be a no-op")
	}
	if _, _, err := res.Ack(alice, now); ErrorCode(err) != EConflict {
		t.Fatalf("ack of resolved: %v", err)
	}
	re, evs, _ := res.Reopen(Monitoring, "fires again", now.Add(2*time.Hour))
	if re.Status != StatusOpen || len(evs) != 1 || !re.ResolvedAt.IsZero() || re.Step != 0 {
		t.Fatalf("reopen: %+v", re)
	}
}

func TestNoteSeverityAssign(t *testing.T) {
	inc := open(t)
	if _, _, err := inc.Note(alice, "  ", now); ErrorCode(err) != EInvalid {
		t.Fatal("empty note accepted")
	}
	up, evs, _ := inc.SetSeverity(alice, Sev1, now)
	if up.Severity != Sev1 || evs[0].Details["from"] != "sev2" || evs[0].Details["to"] != "sev1" {
		t.Fatalf("sev: %+v", evs)
	}
	if _, evs, _ := up.SetSeverity(alice, Sev1, now); len(evs) != 0 {
		t.Fatal("same severity must be a no-op")
	}
	as, evs, _ := inc.Assign(alice, nora, now)
	if as.Holder().Name != "Nora" || evs[0].Kind != KindAssigned {
		t.Fatalf("assign: %+v", evs)
	}
}

func TestApplyAlerts(t *testing.T) {
	inc := open(t)
	fire := []Alert{{Fingerprint: "a", Status: AlertFiring}, {Fingerprint: "b", Status: AlertFiring}}
	inc, evs, states := inc.ApplyAlerts(nil, fire, true, now)
	if len(evs) != 2 || inc.Counts() != (AlertCounts{Firing: 2}) || len(states) != 2 {
		t.Fatalf("firing: %v %+v", evs, inc.Counts())
	}
	// Repeated delivery: nothing.
	if _, evs, _ := inc.ApplyAlerts(states, fire, true, now); len(evs) != 0 {
		t.Fatalf("repeat added %v", evs)
	}
	half, evs, st2 := inc.ApplyAlerts(states, []Alert{{Fingerprint: "a", Status: AlertResolved}}, true, now)
	if len(evs) != 1 || half.Counts() != (AlertCounts{Firing: 1, Resolved: 1}) || half.Status != StatusOpen {
		t.Fatalf("one resolved: %v %+v", evs, half.Counts())
	}
	states["a"] = st2["a"]
	all, evs, _ := half.ApplyAlerts(states, []Alert{{Fingerprint: "b", Status: AlertResolved}}, true, now)
	if all.Status != StatusResolved || evs[len(evs)-1].Kind != KindResolved || evs[len(evs)-1].Actor != Monitoring {
		t.Fatalf("auto-resolve: %v", evs)
	}
	if manual, _, _ := half.ApplyAlerts(states, []Alert{{Fingerprint: "b", Status: AlertResolved}}, false, now); manual.Status != StatusOpen {
		t.Fatal("auto_resolve off resolved anyway")
	}
}

func TestRoomName(t *testing.T) {
	tests := []struct {
		id, title string
		max       int
		want      string
	}{
		{"INC-7", "Disk full on DB-01!", 80, "inc-7-disk-full-on-db-01"},
		{"INC-12", "  ", 80, "inc-12"},
		{"INC-3", "Ünïcode & spaces__ok", 80, "inc-3-n-code-spaces__ok"},
		{"INC-9", strings.Repeat("word ", 40), 80, "inc-9-" + strings.TrimSuffix(strings.Repeat("word-", 14), "-")},
	}
	for _, tc := range tests {
		got := RoomName(tc.id, tc.title, tc.max)
		if got != tc.want || len(got) > tc.max {
			t.Errorf("RoomName(%q, %q) = %q, want %q", tc.id, tc.title, got, tc.want)
		}
	}
	if got := RoomNameWithSuffix(strings.Repeat("a", 80), 2, 80); len(got) != 80 || !strings.HasSuffix(got, "-2") {
		t.Errorf("suffix: %q", got)
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Severity{"sev1": Sev1, "CRITICAL": Sev1, "error": Sev2, "major": Sev2, "3": Sev3, "info": Sev4} {
		if got, err := ParseSeverity(in); err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %v %v", in, got, err)
		}
	}
	if _, err := ParseSeverity("urgent"); ErrorCode(err) != EInvalid {
		t.Error("urgent accepted")
	}
	for in, want := range map[string]string{"INC-7": "INC-7", "inc-7": "INC-7", "7": "INC-7"} {
		if got, err := ParseID(in); err != nil || got != want {
			t.Errorf("ParseID(%q) = %q %v", in, got, err)
		}
	}
	for _, bad := range []string{"INC-", "INC-0", "x", "INC--3"} {
		if _, err := ParseID(bad); err == nil {
			t.Errorf("ParseID(%q) accepted", bad)
		}
	}
	if ErrorMessage(errString("redis: connection refused to 10.0.0.1")) != "Internal error." {
		t.Error("internal error text leaked")
	}
}

type errString string

func (e errString) Error() string { return string(e) }
