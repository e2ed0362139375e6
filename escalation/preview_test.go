package escalation

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/incident"
)

func TestPreview(t *testing.T) {
	l := standardLadder(t)
	chi := l.Calendar.Location
	at := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, chi) }
	internal, msp := incident.Internal, incident.MSP
	cases := []struct {
		name  string
		sev   incident.Severity
		start time.Time
		want  []PreviewStep
	}{
		{
			// Saturday: step 1 (business hours) is skipped, so the MSP is
			// paged first, at offset 0; the sev1-only step is left out.
			"saturday 03:00 MSP first", incident.Sev2, at(2026, 3, 14, 3, 0),
			[]PreviewStep{
				{Step: 2, Offset: 0, At: at(2026, 3, 14, 3, 0), Window: AfterHours, Teams: []string{"noc"}, Sides: []incident.Side{msp}},
				{Step: 3, Offset: 15 * time.Minute, At: at(2026, 3, 14, 3, 15), Window: AfterHours, Teams: []string{"noc", "acme-it"}, Sides: []incident.Side{msp, internal}},
			},
		},
		{
			"saturday 03:00 sev1 adds managers", incident.Sev1, at(2026, 3, 14, 3, 0),
			[]PreviewStep{
				{Step: 2, Offset: 0, At: at(2026, 3, 14, 3, 0), Window: AfterHours, Teams: []string{"noc"}, Sides: []incident.Side{msp}},
				{Step: 3, Offset: 15 * time.Minute, At: at(2026, 3, 14, 3, 15), Window: AfterHours, Teams: []string{"noc", "acme-it"}, Sides: []incident.Side{msp, internal}},
				{Step: 4, Offset: 30 * time.Minute, At: at(2026, 3, 14, 3, 30), Window: AfterHours, Teams: []string{"managers"}, Sides: []incident.Side{""}},
			},
		},
		{
			// Tuesday 10:00: internal first; at 10:10 step 2 (after hours
			// only) is skipped without waiting and step 3 follows.
			"tuesday 10:00 internal first", incident.Sev2, at(2026, 3, 10, 10, 0),
			[]PreviewStep{
				{Step: 1, Offset: 0, At: at(2026, 3, 10, 10, 0), Window: BusinessHours, Teams: []string{"acme-it"}, Sides: []incident.Side{internal}},
				{Step: 3, Offset: 10 * time.Minute, At: at(2026, 3, 10, 10, 10), Window: BusinessHours, Teams: []string{"noc", "acme-it"}, Sides: []incident.Side{msp, internal}},
			},
		},
		{
			// Christmas is a Friday: after hours all day, MSP first.
			"holiday MSP first", incident.Sev2, at(2026, 12, 25, 10, 0),
			[]PreviewStep{
				{Step: 2, Offset: 0, At: at(2026, 12, 25, 10, 0), Window: AfterHours, Teams: []string{"noc"}, Sides: []incident.Side{msp}},
				{Step: 3, Offset: 15 * time.Minute, At: at(2026, 12, 25, 10, 15), Window: AfterHours, Teams: []string{"noc", "acme-it"}, Sides: []incident.Side{msp, internal}},
			},
		},
		{
			// 17:55: acme-it, then 18:05 is after hours so noc follows.
			"tuesday 17:55 crosses 18:00", incident.Sev2, at(2026, 3, 10, 17, 55),
			[]PreviewStep{
				{Step: 1, Offset: 0, At: at(2026, 3, 10, 17, 55), Window: BusinessHours, Teams: []string{"acme-it"}, Sides: []incident.Side{internal}},
				{Step: 2, Offset: 10 * time.Minute, At: at(2026, 3, 10, 18, 5), Window: AfterHours, Teams: []string{"noc"}, Sides: []incident.Side{msp}},
				{Step: 3, Offset: 25 * time.Minute, At: at(2026, 3, 10, 18, 20), Window: AfterHours, Teams: []string{"noc", "acme-it"}, Sides: []incident.Side{msp, internal}},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := l.Preview(tc.sev, tc.start.UTC(), sideOf)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Preview:\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestPreviewNoSideOf(t *testing.T) {
	l := standardLadder(t)
	got := l.Preview(incident.Sev2, chicagoLocal(t, 2026, 3, 14, 3, 0), nil)
	if len(got) != 2 || !reflect.DeepEqual(got[1].Sides, []incident.Side{"", ""}) {
		t.Errorf("nil sideOf: %+v", got)
	}
	onlyBusiness := &Ladder{Calendar: l.Calendar, Steps: []Step{{Notify: []string{"acme-it"}, When: BusinessHours}}}
	if got := onlyBusiness.Preview(incident.Sev2, chicagoLocal(t, 2026, 3, 14, 3, 0), sideOf); got == nil || len(got) != 0 {
		t.Errorf("no step applies: %#v, want an empty non-nil slice", got)
	}
}

func TestPreviewJSON(t *testing.T) {
	l := standardLadder(t)
	start := chicagoLocal(t, 2026, 3, 14, 3, 0)
	b, err := PreviewJSON("database", start, l.Preview(incident.Sev2, start, sideOf))
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "service": "database",
  "at": "2026-03-14T03:00:00-05:00",
  "steps": [
    {
      "step": 2,
      "offset": "0s",
      "at": "2026-03-14T03:00:00-05:00",
      "window": "after_hours",
      "teams": [
        "noc"
      ],
      "sides": [
        "msp"
      ]
    },
    {
      "step": 3,
      "offset": "15m0s",
      "at": "2026-03-14T03:15:00-05:00",
      "window": "after_hours",
      "teams": [
        "noc",
        "acme-it"
      ],
      "sides": [
        "msp",
        "internal"
      ]
    }
  ]
}`
	if string(b) != want {
		t.Errorf("PreviewJSON:\n%s\nwant\n%s", b, want)
	}
	empty, err := PreviewJSON("x", start, nil)
	if err != nil || !strings.Contains(string(empty), `"steps": []`) {
		t.Errorf("empty preview: %s %v", empty, err)
	}
}

func TestRenderPreview(t *testing.T) {
	l := standardLadder(t)
	start := chicagoLocal(t, 2026, 3, 14, 3, 0)
	var b strings.Builder
	if err := RenderPreview(&b, "database", start, l.Preview(incident.Sev1, start, sideOf)); err != nil {
		t.Fatal(err)
	}
	want := `Ladder preview for service database, incident opened Sat 2026-03-14 03:00 CDT
STEP  OFFSET  AT                        WINDOW       TEAMS         SIDES
2     0s      Sat 2026-03-14 03:00 CDT  after_hours  noc           MSP
3     15m0s   Sat 2026-03-14 03:15 CDT  after_hours  noc, acme-it  MSP, internal
4     30m0s   Sat 2026-03-14 03:30 CDT  after_hours  managers      -
`
	if b.String() != want {
		t.Errorf("RenderPreview:\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := RenderPreview(&b, "database", start, nil); err != nil || !strings.Contains(b.String(), "No step applies") {
		t.Errorf("empty: %q %v", b.String(), err)
	}
}
