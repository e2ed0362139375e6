package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
)

// A full guild (30013): the Discord room fails for good with a clear
// error, on the timeline and in the team's channel; the incident goes on
// in its Slack room and nothing waits for the Discord one.
func TestDiscordGuildFullIncidentGoesOn(t *testing.T) {
	e := startChats(t, chatsSetup{slack: true, at: night, before: func(f *discordtest.Server) { f.SetLimits(2, 0) }})
	id := e.Alert(t, diskAlert)
	bottest.Eventually(t, 10*time.Second, func() bool {
		for _, ev := range eventsOf(e.Timeline(t, id), incident.KindDeliveryFailed) {
			if ev.Details["effect"] == "room.create" && strings.Contains(ev.Details["error"], "limit of 500 channels (code 30013)") {
				return true
			}
		}
		return false
	}, "no clear room.create failure on the timeline")
	bottest.Eventually(t, 10*time.Second, func() bool {
		return e.CountDiscord(nocChannel, "no room on discord") == 1 && e.CountDiscord(nocChannel, "30013") == 1
	}, "the NOC's channel is not told: %+v", e.Discord.Messages(nocChannel))
	bottest.Eventually(t, 10*time.Second, func() bool { return len(e.Slack.OKCalls("conversations.create")) == 1 }, "no Slack room")
	bottest.Eventually(t, 10*time.Second, func() bool {
		d, _ := e.Bot.Store().OutboxDepth(t.Context())
		return d == 0
	}, "something waits for the Discord room")
	if n := len(e.Discord.Calls(discordtest.RouteCreateChannel)); n != 1 {
		t.Fatalf("channel creation tried %d times", n)
	}
	if !strings.Contains(e.Bot.Logs.String(), "30013") {
		t.Fatal("the full guild is not in the log")
	}
}

// A category a person deleted: the next room makes it again and goes on.
func TestDiscordCategoryDeletedByAPerson(t *testing.T) {
	r := startReplicas(t, 1, "", "")
	r.post(t, 0, event(1, "firing"))
	bottest.Eventually(t, 10*time.Second, func() bool { return len(r.rooms()[discordCategory]) == 1 }, "first room")
	r.discord.DeleteChannel(discordCategory)
	r.post(t, 0, event(2, "firing"))
	r.post(t, 0, event(3, "firing"))
	bottest.Eventually(t, 10*time.Second, func() bool {
		again := r.category("incidents")
		return again != "" && len(r.rooms()[again]) == 2
	}, "rooms after the category was deleted: %v", r.rooms())
	drainedAll(t, r)
	if n := categoriesCalled(r.discord, "incidents"); n != 1 {
		t.Fatalf("%d categories named incidents", n)
	}
	// At most: the first room, each of the other two once under the lost
	// category (they may be created at the same time), the category again,
	// and the two again under it.
	if n := len(r.discord.Calls(discordtest.RouteCreateChannel)); n > 6 {
		t.Fatalf("%d create calls for 3 rooms and 1 category: a loop?", n)
	}
}

// A room a person deleted before Tandem closed it is already closed: no
// error, one DELETE (refused 10003), no retry.
func TestDiscordRoomDeletedByAPerson(t *testing.T) {
	r := startReplicas(t, 1, "rooms: {archive_after: 5s}\n", "")
	for i := 1; i <= 2; i++ {
		r.post(t, 0, event(i, "firing"))
	}
	bottest.Eventually(t, 10*time.Second, func() bool { return len(r.rooms()[discordCategory]) == 2 }, "rooms")
	drainedAll(t, r)
	gone := r.rooms()[discordCategory][0].ID
	r.discord.DeleteChannel(gone)
	for i := 1; i <= 2; i++ {
		r.post(t, 0, event(i, "resolved"))
	}
	drainedAll(t, r)
	r.clock.Advance(6 * time.Second)
	bottest.Eventually(t, 10*time.Second, func() bool {
		per, _ := r.deletes()
		return len(per) == 2
	}, "rooms not closed")
	drainedAll(t, r)
	per, refused := r.deletes()
	if per[gone] != 1 || refused != 1 {
		t.Fatalf("deletes %v (%d refused): want one each, the gone one refused", per, refused)
	}
	outcomes := map[string]int{}
	for _, inc := range resolvedIncidents(t, r) {
		tl, _ := r.bots[0].Store().Timeline(t.Context(), inc.ID)
		for _, ev := range tl {
			if ev.Kind == incident.KindDeliveryFailed && ev.Details["effect"] == "room.close" {
				t.Fatalf("a room a person deleted is no failure: %v", ev.Details)
			}
			if ev.Kind == incident.KindRoomClosed && ev.Details["outcome"] != "" {
				outcomes[ev.Details["outcome"]]++
			}
		}
	}
	if outcomes["deleted"] != 1 || outcomes["already closed"] != 1 {
		t.Fatalf("outcomes %v", outcomes)
	}
}

// With discord.archive_category_id, closed rooms are moved there (on into
// "<name> 2" when it is full), not deleted.
func TestDiscordRoomsMovedToArchiveCategory(t *testing.T) {
	const archive = "7100"
	r := startReplicas(t, 1, "rooms: {archive_after: 5s}\n", archive)
	r.discord.SetLimits(0, 3)
	for i := 1; i <= 5; i++ {
		r.post(t, 0, event(i, "firing"))
	}
	bottest.Eventually(t, 10*time.Second, func() bool { return len(r.rooms()[discordCategory]) == 3 && len(r.rooms()) == 2 }, "rooms %v", r.rooms())
	drainedAll(t, r)
	for i := 1; i <= 5; i++ {
		r.post(t, 0, event(i, "resolved"))
	}
	drainedAll(t, r)
	r.clock.Advance(6 * time.Second)
	bottest.Eventually(t, 10*time.Second, func() bool {
		rooms := r.rooms()
		return len(rooms[archive]) == 3 && len(rooms[r.category("closed incidents 2")]) == 2
	}, "rooms not moved: %v", r.rooms())
	if per, _ := r.deletes(); len(per) != 0 {
		t.Fatalf("rooms deleted: %v", per)
	}
}

func resolvedIncidents(t *testing.T, r *replicas) []incident.Incident {
	incs, err := r.bots[0].Store().List(t.Context(), incident.StatusResolved)
	if err != nil {
		t.Fatal(err)
	}
	return incs
}
