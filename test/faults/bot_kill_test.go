package faults

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// scriptScenario: two teams on Slack and PagerDuty, the NOC on Microsoft
// Teams too, a ladder with 2 s waits and reminders every 2 s, so the
// whole script takes a few seconds of real time (child processes run on
// the real clock).
func scriptScenario() bottest.Scenario {
	return onTeams(onSlackAndPagerDuty(acmeAndNOC("unacked_every: 2s, update_every: 2s", step("2s", "acme-it"), step("2s", "noc"))))
}

var (
	pdKeyACME = strings.Repeat("a", 32)
	pdKeyNOC  = strings.Repeat("n", 32)
)

// scriptEnv is the environment of a scripted bot: every secret it reads.
func scriptEnv() []string {
	return []string{"FAULTS_TOKEN=" + webhookToken, "FAULTS_API_TOKEN=" + apiToken,
		"SLACK_BOT_TOKEN=" + slacktest.BotToken, "SLACK_SIGNING_SECRET=" + slackSecret,
		"PD_ACME=" + pdKeyACME, "PD_NOC=" + pdKeyNOC, "TEAMS_APP_PASSWORD=" + teamstest.AppPassword}
}

// scriptRun is one run of the scripted incident against its own bot,
// fakes and key prefix.
type scriptRun struct {
	name      string
	killAfter time.Duration // < 0: undisturbed
	base      string
	path      string
	slack     *slacktest.Server
	pd        *pagerdutytest.Server
	teams     *teamstest.Server
	bin       string
	redisAddr string
	prefix    string

	mu    sync.Mutex
	procs []*proc
	out   syncBuffer

	// Results.
	err      error
	killedAt string // the timeline at the kill: the last entry's kind
	took     time.Duration
	started  time.Time
	timeline []incident.Event
	final    scriptOutcome
}

// scriptOutcome is what users see at the end of a run.
type scriptOutcome struct {
	status    string
	kinds     string         // timeline kinds, less the timing-only ones
	pdOpened  map[string]int // PagerDuty incidents opened per team: each paged the on-call
	pdStatus  map[string]string
	triggers  map[string]int // PagerDuty trigger events per team (calls, merged by dedup key)
	acks      map[string]int // acknowledge events per team
	resolves  map[string]int // resolve events per team
	minRemind time.Duration  // closest two reminders (0: fewer than two)
	// heldPastResolve: the bot logged that it did not send a team's page
	// because the incident was resolved by the time it could.
	heldPastResolve map[string]bool
	lookups         int            // conversations.history calls: retried posts looking for themselves
	teamsLookups    int            // Graph message listings: Teams posts looking for themselves
	rooms           int            // channels created (conversations.create that succeeded)
	cards           int            // incident cards in the room
	teamPosts       map[string]int // posts per team channel
	dupes           []string       // room messages posted twice
	unposted        []string       // timeline entries missing from the room
	reminders       int
	failedKind      int // delivery.failed entries
	teams           teamsReport
}

// compare returns how o differs from the undisturbed run ref in what
// users see, which must never differ: status, timeline, rooms, cards, team
// posts, room messages, PagerDuty incidents (each one paged someone) and
// their final state, reminders no closer than their period. Apart from
// that it counts the PagerDuty calls repeated: a trigger sent again for an
// open incident is merged by its dedup key and pages nobody; an
// acknowledge or resolve sent again changes nothing.
func (o scriptOutcome) compare(ref scriptOutcome) (diff, repeatedCalls []string, repeats int) {
	check := func(what string, got, want any) {
		if fmt.Sprint(got) != fmt.Sprint(want) {
			diff = append(diff, fmt.Sprintf("%s: %v, undisturbed %v", what, got, want))
		}
	}
	check("status", o.status, ref.status)
	check("timeline kinds", o.kinds, ref.kinds)
	check("rooms", o.rooms, ref.rooms)
	check("cards", o.cards, ref.cards)
	check("room messages posted twice", o.dupes, []string(nil))
	check("timeline entries not posted", len(o.unposted), 0)
	check("delivery.failed entries", o.failedKind, 0)
	check("Teams incident threads", o.teams.threads, ref.teams.threads)
	check("Teams replies posted twice", o.teams.dupes, []string(nil))
	check("timeline entries not in the Teams thread", len(o.teams.unposted), 0)
	for _, ch := range []string{"C01OPS", "C02NOC"} {
		check("posts in "+ch, o.teamPosts[ch], ref.teamPosts[ch])
	}
	if o.minRemind > 0 && o.minRemind < remindEvery*3/4 {
		diff = append(diff, fmt.Sprintf("two reminders %v apart (every %v)", o.minRemind, remindEvery))
	}
	for _, team := range []string{"acme-it", "noc"} {
		// A page the kill held until after the incident was resolved is
		// not sent (it would wake someone for nothing): fewer PagerDuty
		// incidents is right then; more never is, nor one left open.
		if o.pdOpened[team] > ref.pdOpened[team] {
			diff = append(diff, fmt.Sprintf("PagerDuty incidents (pages) for %s: %d, undisturbed %d", team, o.pdOpened[team], ref.pdOpened[team]))
		}
		if st := o.pdStatus[team]; st != ref.pdStatus[team] && st != "" {
			diff = append(diff, fmt.Sprintf("PagerDuty incident of %s: %s, undisturbed %s", team, st, ref.pdStatus[team]))
		}
		if o.pdOpened[team] < ref.pdOpened[team] {
			if !o.heldPastResolve[team] {
				diff = append(diff, fmt.Sprintf("PagerDuty incidents (pages) for %s: %d, undisturbed %d, and the bot did not say it held the page back",
					team, o.pdOpened[team], ref.pdOpened[team]))
			}
			repeatedCalls = append(repeatedCalls, fmt.Sprintf("page to %s held past the resolution, not sent", team))
		}
		more := func(what string, got, want int) {
			switch {
			case got > want:
				repeats += got - want
				repeatedCalls = append(repeatedCalls, fmt.Sprintf("%s: %d, undisturbed %d", what, got, want))
			}
		}
		more("trigger calls for "+team, o.triggers[team], ref.triggers[team])
		more("acknowledge calls for "+team, o.acks[team], ref.acks[team])
		more("resolve calls for "+team, o.resolves[team], ref.resolves[team])
	}
	return diff, repeatedCalls, repeats
}

// remindEvery is the script's reminders.unacked_every.
const remindEvery = 2 * time.Second

func (r *scriptRun) startBot() error {
	p, err := startProc(r.bin, r.path, scriptEnv(), &r.out)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.procs = append(r.procs, p)
	r.mu.Unlock()
	return nil
}

func (r *scriptRun) current() *proc {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.procs[len(r.procs)-1]
}

func (r *scriptRun) killAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.procs {
		p.kill()
	}
}

// run plays the script: an alert opens INC-1 (room, card, page to
// acme-it), the ladder pages noc 2 s later, Alice acknowledges, Nora adds a
// note, the alert resolves and the incident with it. Every step is retried
// the way its sender would (a monitoring source until a 2xx; a person
// until the change shows), so a bot that is down for a moment only delays
// it. With killAfter ≥ 0 the bot is killed with SIGKILL that long after
// the start and started again at once.
func (r *scriptRun) run() {
	began := time.Now()
	defer func() { r.took = time.Since(began) }()
	if err := r.startBot(); err != nil {
		r.err = err
		return
	}
	if err := waitHealthy(r.base, r.current(), 20*time.Second); err != nil {
		r.err = err
		return
	}
	killed := make(chan struct{})
	r.started = time.Now()
	if r.killAfter >= 0 {
		go func() {
			defer close(killed)
			time.Sleep(r.killAfter)
			r.current().kill()
			r.killedAt = r.lastKind()
			if err := r.startBot(); err != nil {
				r.err = err
			}
		}()
	} else {
		close(killed)
	}
	err := r.script()
	<-killed
	if err == nil {
		err = r.settle()
	}
	if r.err == nil {
		r.err = err
	}
	if r.err != nil {
		r.err = fmt.Errorf("%w\n--- bot output:\n%s", r.err, r.out.String())
	}
	r.current().stop()
	r.killAll()
}

// lastKind reads the timeline straight from Redis (the bot is dead).
func (r *scriptRun) lastKind() string {
	out, err := redistest.Command(r.redisAddr, "XREVRANGE", r.prefix+"{default}:tl:INC-1", "+", "-", "COUNT", "1")
	if err != nil || out == "" {
		return "nothing yet"
	}
	if i := strings.Index(out, `"kind":"`); i >= 0 {
		rest := out[i+8:]
		return "after " + rest[:strings.Index(rest, `"`)]
	}
	return "?"
}

const scriptTimeout = 90 * time.Second

func (r *scriptRun) script() error {
	ids, err := deliver(r.base, alert("db", "firing"), scriptTimeout)
	if err != nil {
		return err
	}
	if len(ids) != 1 || ids[0] != "INC-1" {
		return fmt.Errorf("webhook named %v, want INC-1", ids)
	}
	var inc apiIncident
	if !until(scriptTimeout, func() bool {
		var ok bool
		inc, ok = getIncident(r.base, "INC-1")
		return ok && count(inc.Timeline, incident.KindPaged) >= 2
	}) {
		return fmt.Errorf("the ladder did not page both teams: %s", kindsOf(inc.Timeline))
	}
	seq := 0
	person := func(user, text string, done func(apiIncident) bool) error {
		deadline := time.Now().Add(scriptTimeout)
		for time.Now().Before(deadline) {
			inc, ok := getIncident(r.base, "INC-1")
			if !ok {
				time.Sleep(50 * time.Millisecond)
				continue
			}
			if done(inc) {
				return nil
			}
			seq++
			if slackCommand(r.slack, r.base, user, "C01OPS", text, seq) == 200 {
				// Answered: the change is committed (or was refused); give a
				// slow answer time to show before asking again.
				until(2*time.Second, func() bool { inc, ok := getIncident(r.base, "INC-1"); return ok && done(inc) })
			} else {
				time.Sleep(100 * time.Millisecond)
			}
		}
		return fmt.Errorf("%q by %s did not take effect", text, user)
	}
	if err := person("U01ALICE", "ack INC-1", func(inc apiIncident) bool { return inc.Status == "acked" }); err != nil {
		return err
	}
	if err := person("U02NORA", "note INC-1 failing over to the replica", func(inc apiIncident) bool {
		return count(inc.Timeline, incident.KindNote) > 0
	}); err != nil {
		return err
	}
	_, err = deliver(r.base, alert("db", "resolved"), scriptTimeout)
	return err
}

// settle waits until everything the script caused has left the bot: the
// room shows every timeline entry, PagerDuty has every resolve; then waits
// a little more, so a duplicate has time to show.
func (r *scriptRun) settle() error {
	var o scriptOutcome
	ok := until(scriptTimeout, func() bool {
		o = r.outcome()
		return o.status == "resolved" && len(o.unposted) == 0 && len(o.teams.unposted) == 0 && o.resolves["acme-it"] >= 1 && o.resolves["noc"] >= 1
	})
	if !ok {
		return fmt.Errorf("the incident did not settle: %+v", o)
	}
	time.Sleep(1500 * time.Millisecond)
	r.final = r.outcome()
	inc, _ := getIncident(r.base, "INC-1")
	r.timeline = inc.Timeline
	return nil
}

// timingOnly are timeline kinds whose number depends on timing, not on
// what happened: reminders come every 2 s while the incident waits.
var timingOnly = map[incident.Kind]bool{incident.KindReminded: true}

func kindsOf(events []incident.Event) string {
	var out []string
	for _, e := range events {
		k := string(e.Kind)
		if e.Kind == incident.KindPaged {
			k += "(" + e.Details["team"] + ")"
		}
		out = append(out, k)
	}
	return strings.Join(out, ",")
}

func (r *scriptRun) outcome() scriptOutcome {
	inc, _ := getIncident(r.base, "INC-1")
	o := scriptOutcome{status: inc.Status, pdOpened: map[string]int{}, pdStatus: map[string]string{}, heldPastResolve: map[string]bool{},
		triggers: map[string]int{}, acks: map[string]int{}, resolves: map[string]int{}, teamPosts: map[string]int{}}
	var kinds []incident.Event
	lastRemind := map[string]time.Time{} // per kind of reminder (unacked, update)
	for _, e := range inc.Timeline {
		switch {
		case timingOnly[e.Kind]:
			o.reminders++
			last := lastRemind[e.Details["reminder"]]
			if gap := e.At.Sub(last); !last.IsZero() && (o.minRemind == 0 || gap < o.minRemind) {
				o.minRemind = gap
			}
			lastRemind[e.Details["reminder"]] = e.At
		case e.Kind == incident.KindRoomCreated:
			// Its place among the first pages depends on which worker is
			// first; that there is exactly one is checked with the rooms.
		default:
			kinds = append(kinds, e)
		}
		if e.Kind == incident.KindDeliveryFailed {
			o.failedKind++
		}
	}
	o.kinds = kindsOf(kinds)
	for team, key := range map[string]string{"acme-it": "INC-1/acme-it", "noc": "INC-1/noc"} {
		o.pdOpened[team], o.pdStatus[team] = r.pd.Incidents(key)
		o.heldPastResolve[team] = slices.ContainsFunc(strings.Split(r.out.String(), "\n"), func(l string) bool {
			return strings.Contains(l, "page not sent: the incident was resolved") && strings.Contains(l, "team="+team)
		})
		o.triggers[team] = len(r.pd.EventsFor("trigger", key))
		o.acks[team] = len(r.pd.EventsFor("acknowledge", key))
		o.resolves[team] = len(r.pd.EventsFor("resolve", key))
	}
	o.rooms = len(r.slack.OKCalls("conversations.create"))
	o.lookups = len(r.slack.OKCalls("conversations.history"))
	for _, ch := range []string{"C01OPS", "C02NOC"} {
		o.teamPosts[ch] = len(r.slack.Messages(ch))
	}
	o.teams = readTeams(r.teams, inc.Timeline, time.UTC)
	o.teamsLookups = r.teams.Lookups()
	room := inc.Room["slack"]
	if room == "" {
		o.unposted = []string{"(no room yet)"}
		return o
	}
	rr := readRoom(r.slack, room)
	o.cards, o.dupes = rr.cards, rr.duplicates
	for _, e := range inc.Timeline {
		desc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(chat.DescribeEvent(e))
		if !slices.ContainsFunc(rr.messages, func(m string) bool { return shows(m, e.At.Unix(), desc) }) {
			o.unposted = append(o.unposted, string(e.Kind))
		}
	}
	return o
}

// The bot is killed with SIGKILL at 20 points spread over a scripted
// incident and started again at once: each run ends as the undisturbed run
// does (status, timeline, PagerDuty incidents and their state), with no
// room, card, page, team post, room message or reminder twice.
func TestBotKilledMidIncidentEndsAsUndisturbed(t *testing.T) {
	redistest.NeedReal(t)
	t.Parallel()
	srv := redistest.Start(t)
	bin := tandemBinary(t)
	newRun := func(name string, after time.Duration) *scriptRun {
		r := &scriptRun{name: name, killAfter: after, slack: slacktest.New(t), pd: pagerdutytest.New(t), teams: teamstest.Start(t), bin: bin,
			redisAddr: srv.Addr, prefix: redistest.Prefix(t)}
		r.teams.AddChannel(nocTeams, "NOC")
		for id, name := range map[string]string{"C01OPS": "acme-it", "C02NOC": "noc"} {
			r.slack.AddChannel(id, name)
		}
		addr := freeAddr(t)
		r.base = "http://" + addr
		r.path = writeFile(t, "tandem.yaml", asProcess(scriptScenario(), addr, srv.URL(),
			bottest.Where{Prefix: r.prefix, Slack: r.slack.APIURL(), PagerDuty: r.pd.URL, MSTeams: r.teams.URL}))
		t.Cleanup(r.killAll)
		return r
	}
	// Kill times, at random within the phases of the script: the alert
	// (intake, room, card, first page: the first 100 ms), the second step
	// with the ack, note and resolution (2.0–2.2 s), and the room catching
	// up at Slack's pace of about a message a second (2.2–9 s).
	phases := []struct {
		from, to time.Duration
		n        int
	}{{0, 100 * time.Millisecond, 7}, {2 * time.Second, 2200 * time.Millisecond, 7}, {2200 * time.Millisecond, 9 * time.Second, 6}}
	ref := newRun("undisturbed", -1)
	runs := []*scriptRun{ref}
	for _, ph := range phases {
		for range ph.n {
			runs = append(runs, newRun(fmt.Sprintf("kill%02d", len(runs)), ph.from+rand.N(ph.to-ph.from)))
		}
	}
	// All at once: each bot mostly waits (on the ladder, on Slack's pace,
	// on the 30 s after which a dead worker's effects are taken over).
	var wg sync.WaitGroup
	for _, r := range runs {
		wg.Go(r.run)
	}
	wg.Wait()
	if ref.err != nil {
		t.Fatalf("undisturbed run: %v", ref.err)
	}
	t.Logf("undisturbed (%v): %s; reminders %d; PagerDuty incidents %v", ref.took.Round(100*time.Millisecond), ref.final.kinds, ref.final.reminders, ref.final.pdOpened)
	for _, e := range ref.timeline {
		t.Logf("  %6v %s", e.At.Sub(ref.started).Round(time.Millisecond), e.Kind)
	}
	runs = runs[1:]
	slices.SortFunc(runs, func(a, b *scriptRun) int { return int(a.killAfter - b.killAfter) })
	// Between a chat or PagerDuty call and the write that records it (the
	// delivered mark, the room cursor) there is a window of a few
	// milliseconds. A chat post cut there is found on the next attempt (by
	// its key) and not posted again; a PagerDuty event cut there is sent
	// again, which PagerDuty merges by its dedup key. So everything users
	// see must be as undisturbed; the repeated PagerDuty calls are counted.
	failed, repeated, repeats, held := 0, 0, 0, 0
	for _, r := range runs {
		if r.err != nil {
			t.Errorf("%s (killed at %v): %v", r.name, r.killAfter.Round(time.Millisecond), r.err)
			failed++
			continue
		}
		diff, rep, n := r.final.compare(ref.final)
		t.Logf("%s: killed at %5v (%s); took %v; reminders %d; retried posts looked up %d (Teams %d); %s", r.name, r.killAfter.Round(time.Millisecond), r.killedAt,
			r.took.Round(100*time.Millisecond), r.final.reminders, r.final.lookups, r.final.teamsLookups, verdict(diff, rep))
		if n > 0 {
			repeated++
			repeats += n
		}
		for _, team := range []string{"acme-it", "noc"} {
			if r.final.pdOpened[team] < ref.final.pdOpened[team] {
				held++
			}
		}
		if len(diff) > 0 {
			failed++
			t.Errorf("%s differs from the undisturbed run: %s (room messages twice: %q; not posted: %v)", r.name,
				strings.Join(append(diff, rep...), "; "), r.final.dupes, r.final.unposted)
		}
	}
	t.Logf("%d of %d killed runs ended as the undisturbed run in all users see (%d differ); %d sent a PagerDuty event again (%d calls in all, merged by PagerDuty); %d pages held by the kill past the resolution and not sent",
		len(runs)-failed, len(runs), failed, repeated, repeats, held)
}

func verdict(diff, repeated []string) string {
	switch {
	case len(diff) > 0:
		return "DIFFERS: " + strings.Join(append(diff, repeated...), "; ")
	case len(repeated) > 0:
		return "as undisturbed; PagerDuty: " + strings.Join(repeated, "; ")
	}
	return "same as undisturbed"
}
