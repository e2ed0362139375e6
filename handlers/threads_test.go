package handlers

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
)

// threaded is mirrored with the MSP's desk in a thread of its Slack
// Connect channel instead of a Discord channel.
func threaded(t *testing.T) (*Service, *changes) {
	t.Helper()
	s, got := mirrored(t, []string{"discord", "slack", "slack#thread:noc"}, map[string]map[string]string{
		"acme-it": {"slack": "C01OPS"}, "noc": {"slack": "C0SHARED"}, "managers": {"slack": "C01MGRS"},
	})
	s.opt.Directory.Teams["noc"].ThreadRoom = "slack#thread:noc"
	return s, got
}

// The desk joins through its thread: no channel room is made for it and
// it is invited into none (a Slack Connect guest cannot be); the page is
// told in the thread, where the on-call is mentioned.
func TestThreadRoomJoinsWithTheTeam(t *testing.T) {
	s, got := threaded(t)
	ctx := context.Background()
	id, err := s.Intake(ctx, alert("database"))
	if err != nil {
		t.Fatal(err)
	}
	wantEffects(t, got, "create slack INC-1/room.create/slack")

	fireLadder(t, s, id, "0") // after hours: the desk is paged
	wantEffects(t, got,
		"create slack#thread:noc INC-1/room.create/slack#thread:noc",
		"room.sync slack",
		"invite slack#thread:noc Nora",
		"post slack#thread:noc {room} 🚨 INC-1 [sev2] Disk full on db-01: Nora (noc) is paged (step 2).")

	fireLadder(t, s, id, "2") // step 3: both teams; Alice is invited into the channel rooms only
	wantEffects(t, got,
		"room.sync slack", "room.sync slack#thread:noc",
		"invite slack#thread:noc Nora", "invite slack Alice",
		"post slack#thread:noc {room} 🚨 INC-1 [sev2] Disk full on db-01: Nora (noc) is paged (step 3).",
		"post slack C01OPS 🚨 INC-1 [sev2] Disk full on db-01: Alice (acme-it) is paged (step 3). Room: {room}")
}

// An incident no team claims gets the channel rooms, never a team's
// thread: a thread in a shared channel is shown to another organisation.
func TestThreadRoomNotByDefault(t *testing.T) {
	s, got := threaded(t)
	if _, err := s.Intake(context.Background(), alert("legacy")); err != nil {
		t.Fatal(err)
	}
	wantEffects(t, got, "create discord INC-1/room.create/discord", "create slack INC-1/room.create/slack")
}

// In the thread, a command needs no incident ID (a mention carries its
// thread); a slash command in the shared channel cannot tell its thread
// and says how to name the incident.
func TestThreadRoomFindsTheIncident(t *testing.T) {
	s, _ := threaded(t)
	s.opt.Directory = NewDirectory(s.opt.Directory.Teams, s.opt.Directory.Managers, []Member{
		{Name: "Nora", Side: incident.MSP, Team: "noc", Accounts: map[string]string{"slack": "U0NORA"}},
	})
	ctx := context.Background()
	id, err := s.Intake(ctx, alert("database"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.store.(*redisstore.Store).SaveRoom(ctx, id, "slack#thread:noc", redisstore.Room{Channel: "C0SHARED/1700000000.000100"}); err != nil {
		t.Fatal(err)
	}
	resp := s.Handle(ctx, chat.Request{Platform: "slack", User: "U0NORA", Channel: "C0SHARED", Thread: "1700000000.000100", Text: "note on it"})
	if resp.Ephemeral || !strings.Contains(resp.Text, id) {
		t.Fatalf("note in the thread: %+v", resp)
	}
	resp = s.Handle(ctx, chat.Request{Platform: "slack", User: "U0NORA", Channel: "C0SHARED", Text: "note on it"})
	if !resp.Ephemeral || !strings.Contains(resp.Text, "Slack does not tell Tandem which thread") || !strings.Contains(resp.Text, "`@Tandem note`") {
		t.Fatalf("slash command in the shared channel: %+v", resp)
	}
	resp = s.Handle(ctx, chat.Request{Platform: "slack", User: "U0NORA", Channel: "C0SHARED", Thread: "1699999999.000100", Text: "note on it"})
	if !resp.Ephemeral {
		t.Fatalf("another thread is no incident's: %+v", resp)
	}
}

// A thread team's member is invited into the rooms on other platforms
// (Discord) but into no channel on the thread's own (Slack); others into
// every channel room and no thread.
func TestThreadRoomInvites(t *testing.T) {
	s, _ := threaded(t)
	inc := incident.Incident{ID: "INC-1", Service: "database", Paged: []string{"noc"},
		Room: map[string]string{"discord": "9001", "slack": "C9", "slack#thread:noc": "C0SHARED/1.0001"}}
	if got := strings.Join(s.invitePlatforms(inc, "Nora"), " "); got != "discord slack#thread:noc" {
		t.Fatalf("Nora (thread team) invited on %q", got)
	}
	if got := strings.Join(s.invitePlatforms(inc, "Alice"), " "); got != "discord slack" {
		t.Fatalf("Alice invited on %q", got)
	}
}
