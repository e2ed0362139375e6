package bot_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/redisstore"
)

// replicas is n bots sharing one real Redis, one fake Discord and one
// clock, configured as chats() (Discord only) plus extra.
type replicas struct {
	bots    []*bottest.Bot
	discord *discordtest.Server
	clock   *bottest.Clock
}

func startReplicas(t *testing.T, n int, extra, archive string) *replicas {
	t.Helper()
	sc := chats()
	sc.At, sc.Bots, sc.YAML = night, n, extra
	// 120 incidents in one minute: not a storm for these tests (see storm_guard_test.go).
	sc.Sources = []bottest.Source{{Name: "generic", Keys: "token_env: TOKEN, max_new_per_minute: 1000000"}}
	if archive != "" {
		sc.Discord.Keys = `archive_category_id: "` + archive + `",`
		sc.Discord.Before = func(f *discordtest.Server) { f.AddChannel(archive, "closed incidents", discordtest.TypeCategory) }
	}
	w := sc.Start(t)
	return &replicas{bots: w.Bots, discord: w.Discord, clock: w.Clock}
}

// post sends a generic event to replica i.
func (r *replicas) post(t *testing.T, i int, body string) {
	t.Helper()
	if code, resp := bottest.Do(t, "POST", r.bots[i%len(r.bots)].URL+"/webhooks/generic", body, auth); code != 202 {
		t.Fatalf("webhook: %d %s", code, resp)
	}
}

func event(n int, status string) string {
	return fmt.Sprintf(`{"summary":"Disk full on db-%02d","dedup_key":"disk-%d","severity":"sev2","service":"database","status":%q}`, n, n, status)
}

// rooms returns the incident rooms (text channels named inc-…) by parent.
func (r *replicas) rooms() map[string][]discordtest.Channel {
	out := map[string][]discordtest.Channel{}
	for _, ch := range r.discord.Channels() {
		if ch.Type == discordtest.TypeText && strings.HasPrefix(ch.Name, "inc-") {
			out[ch.ParentID] = append(out[ch.ParentID], ch)
		}
	}
	return out
}

func (r *replicas) category(name string) string {
	for _, ch := range r.discord.Channels() {
		if ch.Type == discordtest.TypeCategory && ch.Name == name {
			return ch.ID
		}
	}
	return ""
}

// deletes counts the DELETE calls per channel, and how many were refused.
func (r *replicas) deletes() (map[string]int, int) {
	per, refused := map[string]int{}, 0
	for _, c := range r.discord.Calls(discordtest.RouteDeleteChannel) {
		per[c.Path[strings.LastIndexByte(c.Path, '/')+1:]]++
		if c.Status != http.StatusOK {
			refused++
		}
	}
	return per, refused
}

// 120 incidents through Discord on two replicas: every room is created
// (the configured category holds 50; Discord's refusals open a second and
// a third), every room is deleted exactly once archive_after after its
// incident resolved, and a reopening brings a new room that links the
// closed one.
func TestDiscordRoomsOverflowAndCloseOnceAcrossReplicas(t *testing.T) {
	const n = 120
	r := startReplicas(t, 2, "rooms: {archive_after: 5s}\n", "")
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { r.post(t, i, event(i+1, "firing")) })
	}
	wg.Wait()
	bottest.Eventually(t, 60*time.Second, func() bool {
		total := 0
		for _, rs := range r.rooms() {
			total += len(rs)
		}
		return total == n
	}, "rooms: %d categories", len(r.rooms()))
	two, three := r.category("incidents 2"), r.category("incidents 3")
	rooms := r.rooms()
	if len(rooms[discordCategory]) != 50 || len(rooms[two]) != 50 || len(rooms[three]) != 20 || len(rooms) != 3 {
		t.Fatalf("rooms by category: first %d, second %d, third %d (%d categories)", len(rooms[discordCategory]), len(rooms[two]), len(rooms[three]), len(rooms))
	}
	if ids := categoriesCalled(r.discord, "incidents 2"); ids != 1 {
		t.Fatalf("%d categories named incidents 2", ids)
	}
	var channels []string
	for _, rs := range rooms {
		for _, ch := range rs {
			channels = append(channels, ch.ID)
		}
	}
	for i := range n {
		wg.Go(func() { r.post(t, i+1, event(i+1, "resolved")) })
	}
	wg.Wait()
	store := r.bots[0].Store()
	bottest.Eventually(t, 60*time.Second, func() bool {
		incs, _ := store.List(t.Context(), incident.StatusResolved)
		return len(incs) == n
	}, "not every incident resolved")
	r.clock.Advance(6 * time.Second)
	// Every room's delete, not just as many deletes as rooms: a replica
	// that lost a race to make a category deletes its duplicate too.
	bottest.Eventually(t, 60*time.Second, func() bool {
		per, _ := r.deletes()
		for _, ch := range channels {
			if per[ch] == 0 {
				return false
			}
		}
		return true
	}, "rooms not all deleted")
	drainedAll(t, r)
	per, refused := r.deletes()
	for _, ch := range channels {
		if per[ch] != 1 {
			t.Errorf("room %s deleted %d times (%s)", ch, per[ch], r.roomStory(t, ch))
		}
		if _, ok := r.discord.Channel(ch); ok {
			t.Errorf("room %s still there", ch)
		}
	}
	if refused != 0 {
		t.Errorf("%d DELETE calls refused: a room was closed twice", refused)
	}

	// A reopening brings the room back: a new channel, the old name with a
	// suffix, whose first message links the deleted one.
	first := closedRoom(t, store, "INC-1")
	r.post(t, 0, event(incNumber(t, store, "INC-1"), "firing"))
	bottest.Eventually(t, 20*time.Second, func() bool {
		inc, _ := store.Get(t.Context(), "INC-1")
		return inc.Room["discord"] != first.Channel && inc.Room["discord"] != ""
	}, "no new room for the reopened incident")
	inc, _ := store.Get(t.Context(), "INC-1")
	ch, _ := r.discord.Channel(inc.Room["discord"])
	if ch.Name != first.Name+"-2" {
		t.Fatalf("new room %q, want %q", ch.Name, first.Name+"-2")
	}
	if msgs := r.discord.Messages(ch.ID); len(msgs) == 0 || !strings.Contains(msgs[0].Content, "<#"+first.Channel+">") {
		t.Fatalf("first message does not link the closed room: %+v", msgs)
	}
	t.Logf("%d rooms over 3 categories, each deleted once; %d Discord calls", n, len(r.discord.Calls("")))
}

type roomRef struct{ Channel, Name string }

// closedRoom is incident id's closed Discord room.
func closedRoom(t *testing.T, store *redisstore.Store, id string) roomRef {
	t.Helper()
	inc, err := store.Get(t.Context(), id)
	if err != nil || !inc.RoomClosed("discord") {
		t.Fatalf("%s: room not closed: %+v %v", id, inc, err)
	}
	return roomRef{Channel: inc.Closed["discord"], Name: inc.RoomName}
}

// incNumber is the event number whose dedup key opened incident id.
func incNumber(t *testing.T, store *redisstore.Store, id string) int {
	t.Helper()
	inc, err := store.Get(t.Context(), id)
	var n int
	if err == nil {
		_, err = fmt.Sscanf(inc.DedupKey, "generic:disk-%d", &n)
	}
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return n
}

func categoriesCalled(fake *discordtest.Server, name string) int {
	n := 0
	for _, ch := range fake.Channels() {
		if ch.Type == discordtest.TypeCategory && ch.Name == name {
			n++
		}
	}
	return n
}

// drainedAll waits until nothing is left to deliver.
func drainedAll(t *testing.T, r *replicas) {
	t.Helper()
	bottest.Eventually(t, 30*time.Second, func() bool {
		d, _ := r.bots[0].Store().OutboxDepth(t.Context())
		return d == 0
	}, "outbox not drained")
}

// roomStory says what became of a room channel: its name, and every
// channel of that name with the incident that names it, for a failure.
func (r *replicas) roomStory(t *testing.T, id string) string {
	var name string
	for _, c := range r.discord.Calls(discordtest.RouteCreateChannel) {
		if strings.Contains(c.Answer, id) {
			name = string(c.Body)
		}
	}
	story := fmt.Sprintf("created by %.200s;", name)
	all, _ := r.bots[0].Store().List(t.Context(), incident.StatusOpen, incident.StatusAcked, incident.StatusResolved)
	for _, inc := range all {
		if inc.Room["discord"] == id || inc.Closed["discord"] == id {
			story += fmt.Sprintf(" named by %s (room %v, closed %v);", inc.ID, inc.Room, inc.Closed)
		}
	}
	for _, c := range r.discord.Calls("") {
		if strings.Contains(c.Path, id) {
			story += fmt.Sprintf(" %s %s %d;", c.Method, c.Path, c.Status)
		}
	}
	incs, _ := r.bots[0].Store().List(t.Context(), incident.StatusOpen, incident.StatusAcked, incident.StatusResolved)
	for _, inc := range incs {
		if strings.Contains(name, `"`+strings.ToLower(inc.ID)+"-") {
			story += fmt.Sprintf(" %s room %v closed %v;", inc.ID, inc.Room, inc.Closed)
		}
	}
	return story
}
