package incident

import "strings"

// Side says which organisation a team or person belongs to.
type Side string

// The two sides of co-managed IT.
const (
	Internal Side = "internal"
	MSP      Side = "msp"
)

// Valid reports whether s is internal or msp.
func (s Side) Valid() bool { return s == Internal || s == MSP }

// Label is the side as people read it: "internal" or "MSP".
func (s Side) Label() string {
	if s == MSP {
		return "MSP"
	}
	return string(s)
}

// Actor is whoever caused a timeline event: a person on a chat platform, a
// monitoring source, or Tandem itself.
type Actor struct {
	Name     string `json:"name"`
	Side     Side   `json:"side,omitempty"`
	Platform string `json:"platform,omitempty"` // slack, discord, console, pagerduty, monitoring, tandem
	User     string `json:"user,omitempty"`     // the platform's user ID
}

// System actors.
var (
	// Tandem is the actor of escalations, reminders and other automatic steps.
	Tandem = Actor{Name: "Tandem", Platform: "tandem"}
	// Monitoring is the actor of alert intake and auto-resolve.
	Monitoring = Actor{Name: "monitoring", Platform: "monitoring"}
)

// String renders the actor for chat, e.g. "Nora (MSP)".
func (a Actor) String() string {
	if a.Side == "" {
		return a.Name
	}
	return a.Name + " (" + a.Side.Label() + ")"
}

// FromPlatform renders "Nora (MSP) from Discord" style provenance; the
// platform suffix is left out for system actors.
func (a Actor) FromPlatform() string {
	switch a.Platform {
	case "", "tandem", "monitoring":
		return a.String()
	case "pagerduty":
		if a.User == "" {
			return a.String() // PagerDuty itself, e.g. an escalation timeout
		}
		return a.String() + " from PagerDuty"
	}
	return a.String() + " from " + strings.ToUpper(a.Platform[:1]) + a.Platform[1:]
}
