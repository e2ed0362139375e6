package escalation

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// PreviewStep is one step of a ladder dry run (`tandem ladder preview`).
type PreviewStep struct {
	Step   int           // 1-based index of the step in the pass
	Offset time.Duration // time from the start of the run
	At     time.Time     // when the step is reached, in the calendar's zone
	Window Window
	Teams  []string
	Sides  []incident.Side // Sides[i] is the side of Teams[i]; "" when sideOf knows none (managers)
	// OnCall[i] is who would be paged for Teams[i] at At, overrides and
	// swaps applied; nil when the caller did not look (Preview leaves it).
	OnCall []string
}

// Preview simulates the first pass of the ladder for an incident of severity
// sev opened at start: each step is evaluated when it is reached, in the
// calendar; skipped steps are left out and not waited for. sideOf names each
// team's side; nil leaves every side "".
func (l *Ladder) Preview(sev incident.Severity, start time.Time, sideOf func(team string) incident.Side) []PreviewStep {
	steps := []PreviewStep{}
	if l == nil {
		return steps
	}
	at := start
	for c := 0; c < len(l.Steps); c++ {
		a, ok := l.Next(c, sev, at)
		if !ok || a.Pass > 0 {
			break
		}
		sides := make([]incident.Side, len(a.Teams))
		if sideOf != nil {
			for i, t := range a.Teams {
				sides[i] = sideOf(t)
			}
		}
		steps = append(steps, PreviewStep{
			Step:   a.Index + 1,
			Offset: at.Sub(start),
			At:     at.In(l.Calendar.loc()),
			Window: a.Window,
			Teams:  a.Teams,
			Sides:  sides,
		})
		c = a.Cursor
		at = at.Add(a.Wait)
	}
	return steps
}

// previewJSON is the contract shape of `tandem ladder preview --json`.
type previewJSON struct {
	Service string            `json:"service"`
	At      string            `json:"at"`
	Steps   []previewStepJSON `json:"steps"`
	// Overrides are the stored on-call overrides and swaps the preview
	// applied (`--stored`).
	Overrides []incident.OnCallChange `json:"overrides,omitempty"`
}

type previewStepJSON struct {
	Step   int             `json:"step"`
	Offset string          `json:"offset"` // Go duration, "15m0s"
	At     string          `json:"at"`     // RFC 3339 with the calendar's offset
	Window Window          `json:"window"`
	Teams  []string        `json:"teams"`
	Sides  []incident.Side `json:"sides"`
	OnCall []string        `json:"on_call,omitempty"` // OnCall[i] for Teams[i]
}

// PreviewJSON renders a preview as the `--json` output of
// `tandem ladder preview`: {"service", "at", "steps": [{"step", "offset",
// "at", "window", "teams", "sides", "on_call"}], "overrides"}. Empty lists
// are [] rather than null; on_call and overrides are left out when empty.
func PreviewJSON(service string, at time.Time, steps []PreviewStep, overrides ...incident.OnCallChange) ([]byte, error) {
	out := previewJSON{Service: service, At: at.Format(time.RFC3339), Steps: []previewStepJSON{}, Overrides: overrides}
	for _, s := range steps {
		out.Steps = append(out.Steps, previewStepJSON{
			Step:   s.Step,
			Offset: s.Offset.String(),
			At:     s.At.Format(time.RFC3339),
			Window: s.Window,
			Teams:  nonNil(s.Teams),
			Sides:  nonNil(s.Sides),
			OnCall: s.OnCall,
		})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("ladder preview json: %w", err)
	}
	return b, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// RenderPreview writes a preview as a table for people:
//
//	Ladder preview for service database, incident opened Sat 2026-03-14 03:00 CDT
//	STEP  OFFSET  AT                        WINDOW       TEAMS         SIDES
//	2     0s      Sat 2026-03-14 03:00 CDT  after_hours  noc           MSP
//
// Times are shown in each step's own zone (the calendar's, from Preview).
// The only error is the writer's.
func RenderPreview(w io.Writer, service string, at time.Time, steps []PreviewStep) error {
	const layout = "Mon 2006-01-02 15:04 MST"
	var b strings.Builder
	fmt.Fprintf(&b, "Ladder preview for service %s, incident opened %s\n", service, at.Format(layout))
	if len(steps) == 0 {
		b.WriteString("No step applies: the ladder would only remind.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tOFFSET\tAT\tWINDOW\tTEAMS\tSIDES")
	for _, s := range steps {
		sides := make([]string, len(s.Sides))
		for i, sd := range s.Sides {
			sides[i] = "-"
			if sd != "" {
				sides[i] = sd.Label()
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", s.Step, s.Offset, s.At.Format(layout), s.Window,
			strings.Join(s.Teams, ", "), strings.Join(sides, ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range steps {
		if len(s.OnCall) > 0 {
			fmt.Fprintf(&b, "Step %d pages: %s\n", s.Step, strings.Join(s.OnCall, ", "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PreviewMaintenanceJSON adds to a `--json` preview the maintenance window
// the service is in at the time asked about: "maintenance": {"window",
// "until"}; the steps then start at until.
func PreviewMaintenanceJSON(preview []byte, window string, until time.Time) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(preview, &m); err != nil {
		return nil, fmt.Errorf("ladder preview json: %w", err)
	}
	m["maintenance"] = map[string]string{"window": window, "until": until.Format(time.RFC3339)}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("ladder preview json: %w", err)
	}
	return b, nil
}
