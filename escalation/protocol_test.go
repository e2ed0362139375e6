package escalation

import (
	"fmt"
	"maps"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestDecodeStoredFormat reads paged events and ladder timers exactly as
// the previous version wrote them to Redis (and still writes them).
func TestDecodeStoredFormat(t *testing.T) {
	events := []struct {
		details map[string]string
		want    Reached
		step    string
	}{
		{map[string]string{"team": "acme-it", "side": "internal", "person": "Alice", "oncall_source": "rotation",
			"step": "1", "pass": "1", "cursor": "0", "window": "business_hours", "wait": "10m0s"},
			Reached{Index: 0, Pass: 0, Cursor: 0, Window: BusinessHours, Wait: 10 * time.Minute, HasWait: true}, "1"},
		// The second team of a step carries no wait: it sets no timer.
		{map[string]string{"team": "noc", "side": "msp", "step": "3", "pass": "2", "cursor": "6", "window": "after_hours"},
			Reached{Index: 2, Pass: 1, Cursor: 6, Window: AfterHours}, "3"},
		// The last step waits 0s: the next is evaluated at once.
		{map[string]string{"step": "4", "pass": "1", "cursor": "3", "window": "after_hours", "wait": "0s"},
			Reached{Index: 3, Cursor: 3, Window: AfterHours, HasWait: true}, "4"},
		// A manual page of one team, without a ladder window.
		{map[string]string{"team": "managers", "step": "manual", "pass": "1", "cursor": "-1"},
			Reached{Index: -1, Cursor: -1}, "manual"},
		// Damaged or older records read leniently; a bad wait sets no timer.
		{map[string]string{"step": "2", "wait": "soon"}, Reached{Index: 1}, "2"},
		{nil, Reached{Index: -1}, "manual"},
	}
	for _, tc := range events {
		got := DecodeReached(tc.details)
		if got != tc.want || got.Step() != tc.step {
			t.Errorf("DecodeReached(%v) = %+v step %q, want %+v step %q", tc.details, got, got.Step(), tc.want, tc.step)
		}
	}
	timers := map[string]int{"3": 3, "0": 0, "": 0, "x": 0}
	for cursor, want := range timers {
		if got := DecodePending(map[string]string{"cursor": cursor}); got.Cursor != want {
			t.Errorf("DecodePending(cursor %q) = %d, want %d", cursor, got.Cursor, want)
		}
	}
}

// TestEncodeStoredFormat writes what the previous version wrote, key for key.
func TestEncodeStoredFormat(t *testing.T) {
	a := Action{Cursor: 5, Pass: 1, Index: 1, Teams: []string{"noc"}, Window: AfterHours, Wait: 15 * time.Minute}
	want := map[string]string{"step": "2", "pass": "2", "cursor": "5", "window": "after_hours", "wait": "15m0s"}
	if got := a.Reached().Encode(); !maps.Equal(got, want) {
		t.Errorf("Reached.Encode = %v, want %v", got, want)
	}
	want = map[string]string{"step": "manual", "pass": "1", "cursor": "1"}
	if got := Manual(2, "").Encode(); !maps.Equal(got, want) {
		t.Errorf("Manual.Encode = %v, want %v", got, want)
	}
	if got := (Pending{Cursor: a.NextCursor()}).Encode(); !maps.Equal(got, map[string]string{"cursor": "6"}) {
		t.Errorf("Pending.Encode = %v", got)
	}
}

func TestPropProtocolRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := Reached{
			Index:   rapid.IntRange(-1, 20).Draw(t, "index"),
			Cursor:  rapid.IntRange(-1, 200).Draw(t, "cursor"),
			Window:  rapid.SampledFrom([]Window{"", BusinessHours, AfterHours}).Draw(t, "window"),
			HasWait: rapid.Bool().Draw(t, "haswait"),
		}
		if r.Index >= 0 {
			r.Pass = rapid.IntRange(0, 5).Draw(t, "pass")
		}
		if r.HasWait {
			r.Wait = time.Duration(rapid.Int64Range(0, int64(48*time.Hour)).Draw(t, "wait"))
		}
		if got := DecodeReached(r.Encode()); got != r {
			t.Fatalf("round trip %+v -> %v -> %+v", r, r.Encode(), got)
		}
		p := Pending{Cursor: rapid.IntRange(0, 1000).Draw(t, "next")}
		if got := DecodePending(p.Encode()); got != p {
			t.Fatal(fmt.Sprint("pending round trip ", p, got))
		}
	})
}
