package incident

import (
	"fmt"
	"strings"
)

// Storm is what a storm incident knows of the alert groups that joined it:
// past a source's max_new_per_minute, new groups join one storm incident
// instead of opening one incident (and one page) each.
type Storm struct {
	Source string   `json:"source"`
	Groups int      `json:"groups"`          // groups that joined
	Names  []string `json:"names,omitempty"` // the first few groups' names, for the title
}

const (
	stormNames    = 3  // group names the title shows; the rest are "+N more"
	stormNameRune = 40 // each cut to this many characters
)

// StartStorm makes inc (just opened) the storm incident of source.
func (inc Incident) StartStorm(source string) Incident {
	out := inc.clone()
	out.Storm = &Storm{Source: source}
	return out.retitleStorm()
}

// JoinStorm records that the group called name joined the storm incident.
// Its alerts are applied separately (ApplyAlerts); the title is refreshed
// then by RetitleStorm.
func (inc Incident) JoinStorm(name string) Incident {
	if inc.Storm == nil {
		return inc
	}
	out := inc.clone()
	st := *inc.Storm
	st.Groups++
	if len(st.Names) < stormNames {
		st.Names = append(append([]string(nil), st.Names...), shortName(name))
	}
	out.Storm = &st
	return out.retitleStorm()
}

// RetitleStorm sets a storm incident's title from its counts; any other
// incident is returned unchanged.
func (inc Incident) RetitleStorm() Incident {
	if inc.Storm == nil {
		return inc
	}
	return inc.clone().retitleStorm()
}

func (inc Incident) retitleStorm() Incident {
	st := inc.Storm
	groups := strings.Join(st.Names, ", ")
	if more := st.Groups - len(st.Names); more > 0 {
		groups += fmt.Sprintf(" +%d more", more)
	}
	inc.Title = fmt.Sprintf("Alert storm from %s: %d alerts from %d groups (%s)", st.Source, inc.Alerts.Total(), st.Groups, groups)
	return inc
}

func shortName(name string) string {
	name = strings.Join(strings.Fields(cleanText(name)), " ")
	if name == "" {
		name = "unnamed"
	}
	if r := []rune(name); len(r) > stormNameRune {
		name = string(r[:stormNameRune-1]) + "…"
	}
	return name
}
