package incident

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// Room lifecycle: a resolved incident's rooms are closed after a grace
// period (rooms.archive_after). Closing records, per platform, the channel
// closed (Closed); the room stays in Room so that links and the API still
// name it. A room is closed while Room and Closed name the same channel:
// nothing is posted there any more, and a reopening gets a new room on
// that platform, which replaces Room when it is created.

// RoomClosed reports whether the incident's room on platform is closed.
func (inc Incident) RoomClosed(platform string) bool {
	c := inc.Closed[platform]
	return c != "" && inc.Room[platform] == c
}

// CloseRooms records that the rooms of a resolved incident are being
// closed: one room.closed entry naming the platforms. Rooms already closed
// are left out; an incident that is not resolved (reopened since the
// timer was set) or has no open room is unchanged.
func (inc Incident) CloseRooms(now time.Time) (Incident, []Event) {
	if inc.Status != StatusResolved {
		return inc, nil
	}
	var platforms []string
	for _, p := range slices.Sorted(maps.Keys(inc.Room)) {
		if inc.Room[p] != "" && !inc.RoomClosed(p) {
			platforms = append(platforms, p)
		}
	}
	if len(platforms) == 0 {
		return inc, nil
	}
	out := inc.clone()
	if out.Closed == nil {
		out.Closed = map[string]string{}
	}
	for _, p := range platforms {
		out.Closed[p] = inc.Room[p]
	}
	out.RoomsClosed++
	return out, []Event{NewEvent(now, KindRoomClosed, Tandem, DetailPlatforms, strings.Join(platforms, ","))}
}

// RoomCloseOutcome records how closing channel on platform went (archived,
// moved, deleted, or already gone because a person closed it first).
func (inc Incident) RoomCloseOutcome(platform, channel, outcome string, now time.Time) (Incident, []Event) {
	return inc, []Event{NewEvent(now, KindRoomClosed, Tandem, DetailPlatform, platform, DetailChannel, channel, DetailOutcome, outcome)}
}

// RoomCloseEffectID is the ID of the effect that closes channel, the room
// of incident id on platform: one per channel, so a room is closed once.
func RoomCloseEffectID(id, platform, channel string) string {
	return id + "/room.close/" + platform + "/" + channel
}

// ReplacementRoomEffectID is the ID of the effect that creates the room
// replacing the closed channel when the incident is reopened.
func ReplacementRoomEffectID(id, platform, closed string) string {
	return id + "/room.create/" + platform + "/" + closed
}
