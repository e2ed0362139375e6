package faults

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
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// closeScenario: Discord only, rooms closed 5 s after resolve (deleted:
// no archive category); 120 new incidents a minute are no storm here.
func closeScenario() bottest.Scenario {
	sc := acmeAndNOC("", step("", "noc"))
	sc.Teams = []bottest.Team{{Name: "noc", Side: "msp", Scope: []string{"database"}, NoRotation: true,
		Members: []bottest.Member{{Name: "Nora", Discord: "333"}}, DiscordChannel: "2222"}}
	sc.Services[0].Owner = "noc"
	sc.Sources = []bottest.Source{{Name: "generic", Keys: "token_env: FAULTS_TOKEN, max_new_per_minute: 1000000"}}
	sc.Discord = &bottest.Discord{NoPublicKey: true}
	sc.YAML = "rooms: {archive_after: 5s}\n"
	return sc
}

const closeDiscordToken = "faults-discord-token"

// 120 incidents on two tandem processes sharing one Redis and one fake
// Discord (50 channels a category, 500 a server): every room is created,
// overflowing into a second and a third category; all are resolved, and
// one process is killed with SIGKILL while the rooms are being closed.
// Every room is still deleted, once: the survivor takes over what the
// dead one held, and a repeat finds the room gone (10003), which is not
// a second close.
func TestRoomsClosedOnceDespiteSIGKILL(t *testing.T) {
	redistest.NeedReal(t)
	t.Parallel()
	const n = 120
	srv := redistest.Start(t)
	fake := discordtest.Start(t, closeDiscordToken)
	fake.AddChannel("7000", "incidents", discordtest.TypeCategory)
	fake.AddChannel("2222", "noc-desk", discordtest.TypeText)
	bin, prefix := tandemBinary(t), redistest.Prefix(t)
	env := append(scriptEnv(), "DISCORD_TOKEN="+closeDiscordToken)
	var bases []string
	var procs []*proc
	for range 2 {
		addr := freeAddr(t)
		path := writeFile(t, "tandem.yaml", asProcess(closeScenario(), addr, srv.URL(), bottest.Where{Prefix: prefix, Discord: fake.APIURL()}))
		p, err := startProc(bin, path, env, &syncBuffer{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.kill)
		procs, bases = append(procs, p), append(bases, "http://"+addr)
	}
	for i, p := range procs {
		if err := waitHealthy(bases[i], p, 20*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	send := func(status string) []string {
		ids := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				got, err := deliver(bases[i%2], alert(fmt.Sprintf("db-%d", i), status), 20*time.Second)
				if err != nil {
					t.Error(err)
				} else if len(got) > 0 {
					ids[i] = got[0]
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
		return ids
	}
	ids := send("firing")
	rooms := func() map[string]int {
		out := map[string]int{}
		for _, ch := range fake.Channels() {
			if ch.Type == discordtest.TypeText && strings.HasPrefix(ch.Name, "inc-") {
				out[ch.ParentID]++
			}
		}
		return out
	}
	if !until(40*time.Second, func() bool { r := rooms(); return r["7000"] == 50 && len(r) == 3 && total(r) == n }) {
		t.Fatalf("rooms by category: %v", rooms())
	}
	byCategory := rooms()
	created := map[string]bool{}
	for _, ch := range fake.Channels() {
		if ch.Type == discordtest.TypeText && strings.HasPrefix(ch.Name, "inc-") {
			created[ch.ID] = true
		}
	}
	send("resolved")
	// Kill one process as soon as the first room is deleted.
	deletes := func() int { return len(fake.Calls(discordtest.RouteDeleteChannel)) }
	if !until(30*time.Second, func() bool { return deletes() > 0 }) {
		t.Fatal("no room closed")
	}
	procs[0].kill()
	atKill := deletes()
	killed := time.Now()
	if !until(60*time.Second, func() bool { return total(rooms()) == 0 }) {
		t.Fatalf("%d rooms left open after the kill", total(rooms()))
	}
	settled := time.Since(killed)
	time.Sleep(2 * time.Second) // a repeat would show by now
	ok, refused := map[string]int{}, 0
	for _, c := range fake.Calls(discordtest.RouteDeleteChannel) {
		id := c.Path[strings.LastIndexByte(c.Path, '/')+1:]
		switch {
		case c.Status == http.StatusOK:
			ok[id]++
		case strings.Contains(c.Answer, "10003"):
			refused++
		}
	}
	once := 0
	for id := range created {
		if ok[id] != 1 {
			t.Errorf("room %s deleted %d times", id, ok[id])
		} else {
			once++
		}
	}
	for _, id := range ids[:5] {
		inc, found := getIncident(bases[1], id)
		if !found || count(inc.Timeline, incident.KindRoomClosed, "outcome", "deleted")+count(inc.Timeline, incident.KindRoomClosed, "outcome", "already closed") != 1 {
			t.Errorf("%s: room.closed outcomes %v", id, found)
		}
	}
	t.Logf("%d rooms over %d categories %v; replica 1 killed after %d of %d deletes; all closed %v after the kill; "+
		"%d rooms deleted once each, %d deletes repeated (answered 10003: already closed), %d duplicate categories deleted",
		n, len(byCategory), byCategory, atKill, n, settled.Round(100*time.Millisecond), once, refused, len(ok)-once)
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
