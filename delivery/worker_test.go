package delivery

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Backoff grows from about 500 ms, keeps jitter within half of each step,
// and never passes maxBackoff.
func TestBackoff(t *testing.T) {
	for attempt, base := range map[int]time.Duration{1: 500 * time.Millisecond, 3: 2 * time.Second, 12: maxBackoff, 40: maxBackoff} {
		for range 50 {
			if d := backoff(attempt); d < base/2 || d > base {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", attempt, d, base/2, base)
			}
		}
	}
}

// The timeline shows the service's own words, not our wrapping.
func TestFailureText(t *testing.T) {
	inner := errors.New("channel_not_found")
	if got := failureText(fmt.Errorf("post: %w", chat.Permanent(inner))); got != "channel_not_found" {
		t.Fatalf("failureText = %q", got)
	}
	if got := failureText(errors.New("plain")); got != "plain" {
		t.Fatalf("failureText = %q", got)
	}
}

// directory answers for invites of an older version.
type directory map[string]string

func (d directory) InviteeUser(person, platform string) (string, bool) {
	user, ok := d[person+"@"+platform]
	return user, ok
}

// The invitee is the user planned with the effect; an effect of a version
// before that is looked up by name, and a person not found is a permanent
// failure (recorded on the timeline), as before.
func TestInvitee(t *testing.T) {
	d := &Worker{opt: Options{Invitees: directory{"Omar@slack": "U0OMAR"}}}
	planned := func(user string) incident.Effect {
		return incident.Effect{Kind: incident.EffectRoomInvite, Platform: "slack", Person: "Omar", Data: map[string]string{incident.DataUser: user}}
	}
	for _, c := range []struct {
		name string
		e    incident.Effect
		want string
	}{
		{"planned", planned("U0PLANNED"), "U0PLANNED"},
		{"no account", planned(""), ""},
		{"old version", incident.Effect{Kind: incident.EffectRoomInvite, Platform: "slack", Person: "Omar"}, "U0OMAR"},
	} {
		if got, err := d.invitee(c.e); err != nil || got != c.want {
			t.Errorf("%s: invitee = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	_, err := d.invitee(incident.Effect{Kind: incident.EffectRoomInvite, Platform: "slack", Person: "Nobody"})
	if !chat.IsPermanent(err) {
		t.Fatalf("unknown person: %v, want a permanent error", err)
	}
}
