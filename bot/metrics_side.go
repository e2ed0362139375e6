package bot

import (
	"strings"

	"github.com/tandemhq/tandem/incident"
)

// Side label values beyond incident's sides: managers belong to neither
// organisation, and some changes are made by nobody (auto-resolve), so a
// side label is never empty and a dashboard can tell the two apart.
const (
	sideManagers = "managers"
	sideNone     = "none"
)

// actorSide is the side label of who acted: their side, "managers" for a
// manager, "none" for Tandem, monitoring or nobody.
func (m *metrics) actorSide(a *incident.Actor) string {
	switch {
	case a == nil:
		return sideNone
	case a.Side != "":
		return string(a.Side)
	case m.managers[strings.ToLower(a.Name)]:
		return sideManagers
	}
	return sideNone
}

// teamSide is the side label of a page to team.
func teamSide(team, side string) string {
	switch {
	case side != "":
		return side
	case team == sideManagers:
		return sideManagers
	}
	return sideNone
}
