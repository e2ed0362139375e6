package config

// DefaultRoomsPrivate is rooms.private when the key is absent.
const DefaultRoomsPrivate = true

// PrivateRooms reports whether incident rooms are private (the default).
func (r Rooms) PrivateRooms() bool {
	if r.Private == nil {
		return DefaultRoomsPrivate
	}
	return *r.Private
}

// roomAccess checks who can read rooms: rooms.private and the teams' slack_rooms.
func (v *validator) roomAccess() {
	v.publicRooms()
	v.threadRooms()
}

// publicRooms warns when public rooms would undo an MSP team's scope: a
// scope decides what the MSP may act on, but anyone in the workspace or
// guild can read a public room.
func (v *validator) publicRooms() {
	if v.c.Rooms.PrivateRooms() {
		return
	}
	for _, name := range sortedKeys(v.c.Teams) {
		if t := v.c.Teams[name]; t != nil && t.Side == SideMSP && len(t.Scope) > 0 {
			v.rep.warnf("rooms.private", "rooms are public but msp team %q has a scope: scope means nothing if everyone can read the room; set rooms.private: true (the default)", name)
			return
		}
	}
}
