package incident

import (
	"testing"
	"time"
)

func TestCloseRoomsOnlyWhenResolvedAndOnce(t *testing.T) {
	inc := open(t)
	inc, _ = inc.WithRoom("slack", "C1", "inc-7-disk-full", now)
	inc, _ = inc.WithRoom("discord", "9", "inc-7-disk-full", now)
	if _, evs := inc.CloseRooms(now); len(evs) != 0 {
		t.Fatalf("an open incident's rooms must stay open: %v", evs)
	}
	res, _, _ := inc.Resolve(alice, "", now)
	closed, evs := res.CloseRooms(now.Add(time.Hour))
	if len(evs) != 1 || evs[0].Kind != KindRoomClosed || evs[0].Details["platforms"] != "discord,slack" {
		t.Fatalf("close: %v", evs)
	}
	if !closed.RoomClosed("slack") || !closed.RoomClosed("discord") || closed.RoomsClosed != 1 {
		t.Fatalf("closed state: %+v", closed)
	}
	if res.RoomClosed("slack") || res.Closed != nil {
		t.Fatal("CloseRooms changed its input")
	}
	if again, evs := closed.CloseRooms(now.Add(2 * time.Hour)); len(evs) != 0 || again.RoomsClosed != 1 {
		t.Fatalf("closing twice: %v", evs)
	}
}

func TestReopenedRoomIsReplaced(t *testing.T) {
	inc := open(t)
	inc, _ = inc.WithRoom("slack", "C1", "inc-7-disk-full", now)
	inc, _, _ = inc.Resolve(alice, "", now)
	inc, _ = inc.CloseRooms(now)
	inc, _, _ = inc.Reopen(Monitoring, "fires again", now)
	if !inc.RoomClosed("slack") {
		t.Fatal("reopening alone does not make a room: the room stays closed until its replacement exists")
	}
	inc, evs := inc.WithRoom("slack", "C2", "inc-7-disk-full-2", now)
	if len(evs) != 1 || inc.RoomClosed("slack") || inc.Room["slack"] != "C2" || inc.Closed["slack"] != "C1" {
		t.Fatalf("replacement: %+v %v", inc, evs)
	}
	if inc.RoomName != "inc-7-disk-full" {
		t.Fatalf("the incident keeps its first room name: %q", inc.RoomName)
	}
}
