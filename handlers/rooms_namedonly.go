package handlers

import (
	"slices"

	"github.com/tandemhq/tandem/incident"
)

// withNamedOnly adds to rooms, an incident's fallback "every platform",
// the named-only platforms (Options.NamedOnly: a PSA, whose room is a
// ticket) that a team paged for the incident names, or on which it has a
// room already: a ticket opens when a team following the PSA is paged,
// not for every incident nobody speaks for.
func (s *Service) withNamedOnly(rooms []string, inc incident.Incident) []string {
	if len(s.opt.NamedOnly) == 0 {
		return rooms
	}
	want := map[string]bool{}
	for p := range inc.Room {
		want[p] = true
	}
	for _, team := range inc.Paged {
		s.addTeamPlatforms(want, team)
	}
	for _, p := range s.opt.NamedOnly {
		if want[p] && !slices.Contains(rooms, p) {
			rooms = append(rooms, p)
		}
	}
	slices.SortStableFunc(rooms, func(a, b string) int {
		return slices.Index(s.opt.Platforms, a) - slices.Index(s.opt.Platforms, b)
	})
	return rooms
}
