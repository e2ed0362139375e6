package discord_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/discord"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
)

const category = "800000000000000001"

// privateCategory is a category only the bot and one role may see.
func privateCategory(fake *discordtest.Server) discordtest.Overwrite {
	fake.AddChannel(category, "Incidents", discordtest.TypeCategory)
	deny := discordtest.Overwrite{Type: 0, Allow: "0", Deny: "1024"}
	fake.SetOverwrite(category, guild, deny) // @everyone may not view
	return deny
}

func categoriesNamed(fake *discordtest.Server, name string) []discordtest.Channel {
	var out []discordtest.Channel
	for _, ch := range fake.Channels() {
		if ch.Type == discordtest.TypeCategory && ch.Name == name {
			out = append(out, ch)
		}
	}
	return out
}

// 120 rooms: 50 in the configured category, then Discord's refusal opens
// "Incidents 2" and "Incidents 3", each with the first one's overwrites.
func TestCategoryOverflow(t *testing.T) {
	fake := discordtest.Start(t, token)
	deny := privateCategory(fake)
	c := client(t, fake, category)
	for i := range 120 {
		if _, _, err := c.CreateRoom(t.Context(), fmt.Sprintf("inc-%d", i+1), testIncident()); err != nil {
			t.Fatalf("room %d: %v", i+1, err)
		}
	}
	want := map[string]int{"Incidents": 50, "Incidents 2": 50, "Incidents 3": 20}
	for name, n := range want {
		cats := categoriesNamed(fake, name)
		if name == "Incidents" {
			cats = []discordtest.Channel{{ID: category}}
		}
		if len(cats) != 1 {
			t.Fatalf("%d categories named %q", len(cats), name)
		}
		if got := len(fake.Children(cats[0].ID)); got != n {
			t.Errorf("%s holds %d rooms, want %d", name, got, n)
		}
		if ch, _ := fake.Channel(cats[0].ID); ch.Overwrites[guild] != deny {
			t.Errorf("%s overwrites %+v, want the first category's", name, ch.Overwrites)
		}
	}
	// Two refusals, one per full category, then it goes straight on.
	if n := refused(fake, discordtest.CodeParentMax); n != 2 {
		t.Fatalf("%d CHANNEL_PARENT_MAX_CHANNELS answers, want 2", n)
	}
}

func refused(fake *discordtest.Server, code string) int {
	n := 0
	for _, call := range fake.Calls(discordtest.RouteCreateChannel) {
		if call.Status == http.StatusBadRequest && strings.Contains(call.Answer, code) {
			n++
		}
	}
	return n
}

// Discord has refused below 50: the answer decides, not a count.
func TestCategoryFullBelowFifty(t *testing.T) {
	fake := discordtest.Start(t, token)
	privateCategory(fake)
	fake.SetLimits(0, 48)
	c := client(t, fake, category)
	for i := range 50 {
		if _, _, err := c.CreateRoom(t.Context(), fmt.Sprintf("inc-%d", i+1), testIncident()); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(fake.Children(category)); n != 48 {
		t.Fatalf("%d rooms in the first category", n)
	}
	if cats := categoriesNamed(fake, "Incidents 2"); len(cats) != 1 || len(fake.Children(cats[0].ID)) != 2 {
		t.Fatalf("overflow: %+v", cats)
	}
}

// Deliveries racing over a full category make one next category, in one
// process and across two (replicas).
func TestCategoryOverflowRace(t *testing.T) {
	fake := discordtest.Start(t, token)
	privateCategory(fake)
	clients := []*discord.Client{client(t, fake, category), client(t, fake, category)}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 100 {
		wg.Go(func() {
			_, _, err := clients[i%2].CreateRoom(t.Context(), fmt.Sprintf("inc-%d", i+1), testIncident())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	cats := categoriesNamed(fake, "Incidents 2")
	if len(cats) != 1 {
		t.Fatalf("%d categories named Incidents 2", len(cats))
	}
	if a, b := len(fake.Children(category)), len(fake.Children(cats[0].ID)); a+b != 100 || a != 50 {
		t.Fatalf("rooms %d + %d", a, b)
	}
}

// A full guild (30013) is a clear, permanent error.
func TestGuildFull(t *testing.T) {
	fake := discordtest.Start(t, token)
	privateCategory(fake)
	fake.SetLimits(3, 0)
	c := client(t, fake, category)
	for i := range 2 {
		if _, _, err := c.CreateRoom(t.Context(), fmt.Sprintf("inc-%d", i+1), testIncident()); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := c.CreateRoom(t.Context(), "inc-3", testIncident())
	if !chat.IsPermanent(err) || !strings.Contains(err.Error(), "limit of 500 channels (code 30013)") || !strings.Contains(err.Error(), "rooms.archive_after") {
		t.Fatalf("guild full: %v", err)
	}
}

// A category a person deleted: the next room makes it again (same name,
// same overwrites) and the rooms after it go there too.
func TestCategoryDeletedByAPerson(t *testing.T) {
	fake := discordtest.Start(t, token)
	deny := privateCategory(fake)
	c := client(t, fake, category)
	if _, _, err := c.CreateRoom(t.Context(), "inc-1", testIncident()); err != nil {
		t.Fatal(err)
	}
	fake.DeleteChannel(category)
	for i := range 3 {
		if _, _, err := c.CreateRoom(t.Context(), fmt.Sprintf("inc-%d", i+2), testIncident()); err != nil {
			t.Fatalf("after the category was deleted: %v", err)
		}
	}
	cats := categoriesNamed(fake, "Incidents")
	if len(cats) != 1 || cats[0].ID == category || cats[0].Overwrites[guild] != deny {
		t.Fatalf("category made again: %+v", cats)
	}
	if n := len(fake.Children(cats[0].ID)); n != 3 {
		t.Fatalf("%d rooms in the new category", n)
	}
	if n := refused(fake, discordtest.CodeParentInvalid); n != 1 {
		t.Fatalf("%d refusals, want 1 (then it remembers)", n)
	}
	// A process started after the deletion finds the new one by name.
	fresh := client(t, fake, category)
	if _, _, err := fresh.CreateRoom(t.Context(), "inc-9", testIncident()); err != nil {
		t.Fatal(err)
	}
	if n := len(categoriesNamed(fake, "Incidents")); n != 1 {
		t.Fatalf("%d categories named Incidents", n)
	}
}

// Closing: deleted, or moved into the archive category (and on into
// "<name> 2" when it is full); a channel a person deleted is already closed.
func TestCloseRoom(t *testing.T) {
	fake := discordtest.Start(t, token)
	privateCategory(fake)
	c := client(t, fake, category)
	ch, _, _ := c.CreateRoom(t.Context(), "inc-1", testIncident())
	if how, err := c.CloseRoom(t.Context(), ch); err != nil || how != "deleted" {
		t.Fatalf("close: %q %v", how, err)
	}
	if _, ok := fake.Channel(ch); ok {
		t.Fatal("channel not deleted")
	}
	if how, err := c.CloseRoom(t.Context(), ch); err != nil || how != "already closed" {
		t.Fatalf("close again: %q %v", how, err)
	}

	fake.AddChannel("700", "Closed incidents", discordtest.TypeCategory)
	fake.SetLimits(0, 2)
	arch, err := discord.New(discord.Options{Token: token, APIURL: fake.APIURL(), GuildID: guild, CategoryID: category, ArchiveCategoryID: "700"})
	if err != nil {
		t.Fatal(err)
	}
	var rooms []string
	for i := range 3 {
		ch, _, err := arch.CreateRoom(t.Context(), fmt.Sprintf("inc-%d", i+2), testIncident())
		if err != nil {
			t.Fatal(err)
		}
		rooms = append(rooms, ch)
	}
	for _, ch := range rooms {
		if how, err := arch.CloseRoom(t.Context(), ch); err != nil || how != "moved" {
			t.Fatalf("move: %q %v", how, err)
		}
	}
	next := categoriesNamed(fake, "Closed incidents 2")
	if len(fake.Children("700")) != 2 || len(next) != 1 || len(fake.Children(next[0].ID)) != 1 {
		t.Fatalf("archive: %d, %+v", len(fake.Children("700")), next)
	}
	fake.DeleteChannel(rooms[0])
	if how, err := arch.CloseRoom(t.Context(), rooms[0]); err != nil || how != "already closed" {
		t.Fatalf("move a deleted room: %q %v", how, err)
	}
}

// Should Discord answer a create under a deleted category with 10003
// Unknown Channel instead, it is read the same way.
func TestCategoryGoneAsUnknownChannel(t *testing.T) {
	fake := discordtest.Start(t, token)
	privateCategory(fake)
	c := client(t, fake, category)
	if _, _, err := c.CreateRoom(t.Context(), "inc-1", testIncident()); err != nil {
		t.Fatal(err)
	}
	fake.DeleteChannel(category)
	fake.Fail(discordtest.RouteCreateChannel, 1, http.StatusNotFound, 10003, "Unknown Channel")
	if _, _, err := c.CreateRoom(t.Context(), "inc-2", testIncident()); err != nil {
		t.Fatal(err)
	}
	if cats := categoriesNamed(fake, "Incidents"); len(cats) != 1 || len(fake.Children(cats[0].ID)) != 1 {
		t.Fatalf("category made again: %+v", cats)
	}
}
