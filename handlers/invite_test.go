package handlers

import (
	"context"
	"slices"
	"testing"

	"github.com/tandemhq/tandem/incident"
)

// An invite carries the invitee's user on its platform, planned with it:
// Nora has a Discord account and none on Slack, so her Slack invite says so.
func TestInviteCarriesTheUser(t *testing.T) {
	s, got := mirrored(t, []string{"discord", "slack"}, bothChats)
	id, err := s.Intake(context.Background(), alert("database"))
	if err != nil {
		t.Fatal(err)
	}
	fireLadder(t, s, id, "0") // after hours: noc paged, Nora on call
	got.mu.Lock()
	effects := got.all[len(got.all)-1].Effects
	got.mu.Unlock()
	var invites []string
	for _, e := range effects {
		if e.Kind == incident.EffectRoomInvite {
			user, ok := e.Data[incident.DataUser]
			if !ok {
				t.Fatalf("invite without a user: %+v", e)
			}
			invites = append(invites, e.Platform+" "+e.Person+" "+user)
		}
	}
	slices.Sort(invites)
	if want := []string{"discord Nora 333", "slack Nora "}; !slices.Equal(invites, want) {
		t.Fatalf("invites %q, want %q", invites, want)
	}
}

// InviteeUser is the one answer to "this member's user on that platform":
// a thread room's key is its platform's; on the console a person is their
// configured name (what the console shows when they are invited).
func TestInviteeUser(t *testing.T) {
	s, _ := mirrored(t, []string{"discord", "slack"}, bothChats)
	for _, c := range []struct {
		person, platform, user string
		ok                     bool
	}{
		{"Alice", "slack", "U01ALICE", true},
		{"alice", "slack#thread:noc", "U01ALICE", true},
		{"Alice", "discord", "", true},
		{"Nora", "discord", "333", true},
		{"nora", "console", "Nora", true},
		{"Nobody", "slack", "", false},
	} {
		user, ok := s.InviteeUser(c.person, c.platform)
		if user != c.user || ok != c.ok {
			t.Errorf("InviteeUser(%q, %q) = %q, %v; want %q, %v", c.person, c.platform, user, ok, c.user, c.ok)
		}
	}
	if d := s.inviteeData("Nobody", "slack"); d != nil {
		t.Fatalf("a non-member's invite carries %v: delivery must say it could not invite them", d)
	}
}
