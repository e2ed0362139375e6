package chat

import (
	"strings"
	"testing"
	"time"
)

func TestParseOnCall(t *testing.T) {
	ok := map[string]OnCallArgs{
		"oncall":                         {},
		"oncall override ACME-IT Bob 2h": {Action: OnCallOverride, Team: "acme-it", Person: "Bob", For: 2 * time.Hour},
		"oncall override acme-it Bob until 2026-12-07 09:00": {Action: OnCallOverride, Team: "acme-it", Person: "Bob", Until: "2026-12-07 09:00"},
		"oncall override remove ov-3":                        {Action: OnCallRemove, ID: "OV-3"},
		"oncall swap acme-it Alice Bob 2026-12-07":           {Action: OnCallSwap, Team: "acme-it", Person: "Alice", Other: "Bob", Date: "2026-12-07"},
	}
	for text, want := range ok {
		c, err := Parse(text)
		if err != nil || c.OnCall != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", text, c.OnCall, err, want)
		}
	}
	bad := map[string]string{
		"oncall override acme-it Bob":                "needs a team, a person and a duration",
		"oncall override acme-it Bob soon":           `"soon" is not a duration`,
		"oncall override acme-it Bob until":          "until needs a time",
		"oncall override remove 3":                   "needs one ID",
		"oncall swap acme-it Alice Bob tomorrow":     "not a date",
		"oncall swap acme-it Alice alice 2026-12-07": "two different people",
		"oncall pause":                               "unknown oncall action",
	}
	for text, want := range bad {
		if _, err := Parse(text); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "Usage:") {
			t.Errorf("Parse(%q) = %v, want %q with the usage", text, err, want)
		}
	}
}
