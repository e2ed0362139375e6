package handlers

import (
	"maps"
	"slices"

	"github.com/tandemhq/tandem/incident"
)

// namesChatRoom reports whether want names a configured platform that is
// not named-only: a team whose only channel is a PSA's still leaves the
// incident's chat rooms to the "every platform" fallback, rather than
// giving it a ticket and no room.
func (s *Service) namesChatRoom(want map[string]bool) bool {
	for _, p := range s.opt.Platforms {
		if want[p] && !slices.Contains(s.opt.NamedOnly, p) {
			return true
		}
	}
	return false
}

// withNamedOnly adds to rooms, an incident's fallback "every platform",
// the named-only platforms (Options.NamedOnly: a PSA, whose room is a
// ticket) in named (the declarer's and the service owner's), named by a
// team paged for the incident, or on which it has a room already: a ticket
// opens when a team following the PSA owns the service or is paged, not
// for every incident nobody speaks for.
func (s *Service) withNamedOnly(rooms []string, inc incident.Incident, named map[string]bool) []string {
	if len(s.opt.NamedOnly) == 0 {
		return rooms
	}
	want := maps.Clone(named)
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
