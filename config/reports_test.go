package config

import "testing"

// reports.handoff defaults to true (hand-overs were always on before the
// key was honoured); a written false turns them off; handoff_empty
// defaults to false.
func TestReportsHandoffDefaults(t *testing.T) {
	for _, tc := range []struct {
		name, extra    string
		handoff, empty bool
	}{
		{"Absent", "", true, false},
		{"Off", "reports: {handoff: false}\n", false, false},
		{"Empty", "reports: {handoff_empty: true}\n", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ps := parse(t, base+tc.extra, nil)
			if ps != nil {
				t.Fatal(ps)
			}
			if c.Reports.Handoff != tc.handoff || c.Reports.HandoffEmpty != tc.empty {
				t.Fatalf("handoff %v, handoff_empty %v; want %v, %v", c.Reports.Handoff, c.Reports.HandoffEmpty, tc.handoff, tc.empty)
			}
		})
	}
}
