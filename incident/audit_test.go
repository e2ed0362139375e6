package incident_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
)

var auditT0 = time.Date(2026, 11, 1, 6, 30, 0, 123456789, time.UTC)

func chained(t *testing.T) ([]incident.Event, string) {
	t.Helper()
	alice := incident.Actor{Name: "Alice", Side: incident.Internal, Platform: "slack", User: "U01"}
	evs := []incident.Event{
		incident.NewEvent(auditT0, incident.KindOpened, incident.Monitoring, "title", "Disk full", "severity", "sev2"),
		incident.NewEvent(auditT0.Add(time.Minute), incident.KindAcked, alice),
		incident.NewEvent(auditT0.Add(2*time.Minute), incident.KindNote, alice, "text", "a|b\nc 12:3,"),
	}
	// Two commits: the second continues from the first's head.
	first, head := incident.Chain("INC-7", "", evs[:2], nil)
	second, head := incident.Chain("INC-7", head, evs[2:], nil)
	return append(first, second...), head
}

func TestChainVerifies(t *testing.T) {
	evs, head := chained(t)
	if m := incident.Verify("INC-7", evs, head, incident.VerifyOptions{}); m != nil {
		t.Fatalf("untouched timeline: %v", m)
	}
	if evs[0].Prev != "" || evs[1].Prev != evs[0].Hash || evs[2].Prev != evs[1].Hash || head != evs[2].Hash {
		t.Fatalf("links: %+v", evs)
	}
	if len(head) != 64 {
		t.Fatalf("head %q is not hex SHA-256", head)
	}
}

// The canonical encoding is pinned: changing it silently would make every
// stored timeline fail its audit.
func TestEntryHashIsPinned(t *testing.T) {
	e := incident.Event{At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Kind: incident.KindNote,
		Actor:   incident.Actor{Name: "Nora", Side: incident.MSP, Platform: "discord", User: "333"},
		Details: map[string]string{"text": "hello", "a": "1"}}
	// Computed outside Go: printf '%s' '18:tandem-timeline-v1,5:INC-1,0:,20:2026-01-02T03:04:05Z,4:note,4:Nora,3:msp,7:discord,3:333,1:2,1:a,1:1,4:text,5:hello,' | sha256sum
	const want = "042b1dbd271f010584e26d25e3008a58f47eb75705e02a5cc0cbf6024e23f564"
	if got := incident.EntryHash("INC-1", e, nil); got != want {
		t.Fatalf("EntryHash = %s, want %s", got, want)
	}
}

func TestVerifyNamesTheChangedEntry(t *testing.T) {
	tests := []struct {
		name   string
		change func(evs []incident.Event) []incident.Event
		pos    int
		reason string
	}{
		{"At", func(e []incident.Event) []incident.Event { e[1].At = e[1].At.Add(time.Nanosecond); return e }, 2, "content hashes to"},
		{"Kind", func(e []incident.Event) []incident.Event { e[1].Kind = incident.KindUnacked; return e }, 2, "content hashes to"},
		{"ActorName", func(e []incident.Event) []incident.Event { e[1].Actor.Name = "Bob"; return e }, 2, "content hashes to"},
		{"ActorSide", func(e []incident.Event) []incident.Event { e[1].Actor.Side = incident.MSP; return e }, 2, "content hashes to"},
		{"ActorPlatform", func(e []incident.Event) []incident.Event { e[1].Actor.Platform = "discord"; return e }, 2, "content hashes to"},
		{"ActorUser", func(e []incident.Event) []incident.Event { e[1].Actor.User = "U02"; return e }, 2, "content hashes to"},
		{"DetailValue", func(e []incident.Event) []incident.Event { e[2].Details["text"] = "edited"; return e }, 3, "content hashes to"},
		{"DetailAdded", func(e []incident.Event) []incident.Event { e[1].Details = map[string]string{"x": ""}; return e }, 2, "content hashes to"},
		{"DetailKeyRenamed", func(e []incident.Event) []incident.Event {
			e[0].Details["Title"] = e[0].Details["title"]
			delete(e[0].Details, "title")
			return e
		}, 1, "content hashes to"},
		{"Hash", func(e []incident.Event) []incident.Event { e[0].Hash = strings.Repeat("0", 64); return e }, 1, "content hashes to"},
		{"Prev", func(e []incident.Event) []incident.Event { e[2].Prev = e[0].Hash; return e }, 3, "is not entry 2's hash"},
		{"FirstPrev", func(e []incident.Event) []incident.Event { e[0].Prev = "ab"; return e }, 1, "first entry"},
		{"Removed", func(e []incident.Event) []incident.Event { return append(e[:1], e[2:]...) }, 2, "is not entry 1's hash"},
		{"Swapped", func(e []incident.Event) []incident.Event { e[1], e[2] = e[2], e[1]; return e }, 2, "is not entry 1's hash"},
		{"HashRemoved", func(e []incident.Event) []incident.Event { e[2].Hash = ""; return e }, 3, "no hash"},
		{"LastRemoved", func(e []incident.Event) []incident.Event { return e[:2] }, 3, "head"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, head := chained(t)
			m := incident.Verify("INC-7", tt.change(evs), head, incident.VerifyOptions{})
			if m == nil {
				t.Fatal("tampering went unnoticed")
			}
			if m.Position != tt.pos || !strings.Contains(m.Reason, tt.reason) {
				t.Fatalf("mismatch %v, want entry %d with %q", m, tt.pos, tt.reason)
			}
		})
	}
	t.Run("OtherIncident", func(t *testing.T) {
		evs, head := chained(t)
		if m := incident.Verify("INC-8", evs, head, incident.VerifyOptions{}); m == nil || m.Position != 1 {
			t.Fatalf("a timeline moved to another incident: %v", m)
		}
	})
}

func TestChainDoesNotChangeItsInput(t *testing.T) {
	evs := []incident.Event{incident.NewEvent(auditT0, incident.KindNote, incident.Tandem, "text", "x")}
	out, _ := incident.Chain("INC-1", "", evs, nil)
	if evs[0].Hash != "" || out[0].Hash == "" {
		t.Fatalf("input %+v, output %+v", evs[0], out[0])
	}
}
