package handlers

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
	"github.com/tandemhq/tandem/reports"
)

// tuesday03 is after hours (UTC calendar, business 08:00–18:00 weekdays).
var tuesday03 = time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)

// changes collects committed changes, for the effects they carry.
type changes struct {
	mu  sync.Mutex
	all []incident.Change
}

func (c *changes) add(ch incident.Change) {
	c.mu.Lock()
	c.all = append(c.all, ch)
	c.mu.Unlock()
}

// last returns the effects of the latest change as "kind platform [id]"
// lines, sorted, pages left out.
func (c *changes) last(t *testing.T) []string {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.all) == 0 {
		t.Fatal("nothing committed")
	}
	var out []string
	for _, e := range c.all[len(c.all)-1].Effects {
		switch e.Kind {
		case incident.EffectPage:
		case incident.EffectRoomCreate:
			out = append(out, "create "+e.Platform+" "+e.ID)
		case incident.EffectChannelPost:
			out = append(out, "post "+e.Platform+" "+e.Channel+" "+e.Text)
		case incident.EffectRoomInvite:
			out = append(out, "invite "+e.Platform+" "+e.Person)
		default:
			out = append(out, string(e.Kind)+" "+e.Platform)
		}
	}
	slices.Sort(out)
	return out
}

func team(name string, side incident.Side, channels map[string]string, members ...string) *Team {
	return &Team{Name: name, Side: side, Channels: channels, Members: members}
}

// mirrored is Acme's internal IT on Slack and its MSP's desk on Discord.
func mirrored(t *testing.T, platforms []string, channels map[string]map[string]string) (*Service, *changes) {
	t.Helper()
	teams := map[string]*Team{
		"acme-it": team("acme-it", incident.Internal, channels["acme-it"], "Alice"),
		"noc":     team("noc", incident.MSP, channels["noc"], "Nora"),
		"orphans": team("orphans", incident.Internal, nil, "Olga"),
	}
	mgr := team(ManagersTeam, "", channels["managers"], "Maria")
	dir := NewDirectory(teams, mgr, []Member{
		{Name: "Alice", Side: incident.Internal, Team: "acme-it", Accounts: map[string]string{"slack": "U01ALICE"}},
		{Name: "Nora", Side: incident.MSP, Team: "noc", Accounts: map[string]string{"discord": "333"}},
		{Name: "Olga", Side: incident.Internal, Team: "orphans"},
		{Name: "Maria", Team: ManagersTeam},
	})
	cal := &escalation.Calendar{Name: "office", Location: time.UTC, Spans: []escalation.Span{{
		Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}, StartMin: 8 * 60, EndMin: 18 * 60}}}
	ladder := &escalation.Ladder{Name: "standard", Calendar: cal, Steps: []escalation.Step{
		{Notify: []string{"acme-it"}, When: escalation.BusinessHours, Wait: 10 * time.Minute},
		{Notify: []string{"noc"}, When: escalation.AfterHours, Wait: 15 * time.Minute},
		{Notify: []string{"noc", "acme-it"}, Wait: 15 * time.Minute},
	}}
	got := &changes{}
	s := New(redistest.OpenAny(t), Options{
		Now: func() time.Time { return tuesday03 }, Directory: dir, Platforms: platforms, Committed: got.add,
		Ladders: map[string]*escalation.Ladder{"standard": ladder},
		Services: map[string]ServiceRule{
			"database": {Owner: "acme-it", Ladder: "standard", Severity: incident.Sev2},
			"network":  {Owner: "noc", Ladder: "standard", Severity: incident.Sev3},
			"legacy":   {Owner: "orphans", Ladder: "standard", Severity: incident.Sev3},
		},
		DefaultService: "database",
		SLA:            map[incident.Severity]reports.SLA{incident.Sev2: {Ack: 5 * time.Minute}},
	})
	return s, got
}

var bothChats = map[string]map[string]string{
	"acme-it":  {"slack": "C01OPS"},
	"noc":      {"discord": "2222"},
	"managers": {"slack": "C01MGRS"},
}

func alert(service string) incident.AlertGroup {
	return incident.AlertGroup{Source: "generic", Key: "k-" + service, Title: "Disk full on db-01", Service: service,
		Alerts: []incident.Alert{{Fingerprint: "f1", Status: incident.AlertFiring, Summary: "Disk full on db-01"}}}
}

func fireLadder(t *testing.T, s *Service, id string, cursor string) {
	t.Helper()
	tm := incident.Timer{ID: incident.TimerID(id, incident.TimerLadder), Kind: incident.TimerLadder, Incident: id, Data: map[string]string{"cursor": cursor}}
	if err := s.FireTimer(context.Background(), tm); err != nil {
		t.Fatal(err)
	}
}

func wantEffects(t *testing.T, got *changes, want ...string) {
	t.Helper()
	slices.Sort(want)
	if g := got.last(t); !slices.Equal(g, want) {
		t.Fatalf("effects\n got %q\nwant %q", g, want)
	}
}

// An after-hours alert on Acme's database: its room opens on Slack, where
// the owning team is; when the ladder pages the MSP's desk, the Discord room
// is created, once; later changes sync both rooms.
func TestRoomsFollowTheTeams(t *testing.T) {
	s, got := mirrored(t, []string{"discord", "slack"}, bothChats)
	ctx := context.Background()
	id, err := s.Intake(ctx, alert("database"))
	if err != nil {
		t.Fatal(err)
	}
	wantEffects(t, got, "create slack INC-1/room.create/slack")

	fireLadder(t, s, id, "0") // after hours: step 1 skipped, noc paged
	wantEffects(t, got,
		"create discord INC-1/room.create/discord",
		"room.sync slack",
		"invite discord Nora", "invite slack Nora",
		"post discord 2222 🚨 INC-1 [sev2] Disk full on db-01: Nora (noc) is paged (step 2). Room: {room}")

	fireLadder(t, s, id, "2") // step 3: noc and acme-it; no room is new
	wantEffects(t, got,
		"room.sync discord", "room.sync slack",
		"invite discord Nora", "invite slack Nora", "invite discord Alice", "invite slack Alice",
		"post discord 2222 🚨 INC-1 [sev2] Disk full on db-01: Nora (noc) is paged (step 3). Room: {room}",
		"post slack C01OPS 🚨 INC-1 [sev2] Disk full on db-01: Alice (acme-it) is paged (step 3). Room: {room}")

	// Recording the Discord room's creation syncs it (the whole timeline).
	if err := s.RoomCreated(ctx, id, "discord", "9001", "inc-1-disk-full-on-db-01"); err != nil {
		t.Fatal(err)
	}
	wantEffects(t, got, "room.sync discord", "room.sync slack")
}

// Declared on Discord by the MSP: a room there, and on Slack where the
// service's owner is; escalating to nobody new creates nothing.
func TestRoomsOfADeclaration(t *testing.T) {
	s, got := mirrored(t, []string{"discord", "slack"}, bothChats)
	resp := s.Handle(context.Background(), chat.Request{Platform: "discord", User: "333", Text: "declare VPN flapping --service network"})
	if resp.Ephemeral {
		t.Fatalf("declare: %+v", resp)
	}
	wantEffects(t, got, "create discord INC-1/room.create/discord")

	resp = s.Handle(context.Background(), chat.Request{Platform: "discord", User: "333", Text: "escalate INC-1 acme-it"})
	if resp.Ephemeral {
		t.Fatalf("escalate: %+v", resp)
	}
	wantEffects(t, got,
		"create slack INC-1/room.create/slack",
		"room.sync discord",
		"invite discord Alice", "invite slack Alice",
		"post slack C01OPS 🚨 INC-1 [sev3] VPN flapping: Alice (acme-it) is paged (step manual). Room: {room}")
}

// When neither the opener nor the owning team names a platform, every
// configured platform gets a room.
func TestRoomsWhenNothingSays(t *testing.T) {
	s, got := mirrored(t, []string{"discord", "slack"}, bothChats)
	if _, err := s.Intake(context.Background(), alert("legacy")); err != nil {
		t.Fatal(err)
	}
	wantEffects(t, got, "create discord INC-1/room.create/discord", "create slack INC-1/room.create/slack")
}

// A team told about an incident on a platform where it has no room reads
// where the rooms are, instead of a link that could never be filled.
func TestPostWithoutARoomThere(t *testing.T) {
	s, got := mirrored(t, []string{"discord", "slack"}, map[string]map[string]string{
		"noc": {"discord": "2222"}, "managers": {"slack": "C01MGRS"},
	})
	ctx := context.Background()
	id, err := s.Intake(ctx, alert("network"))
	if err != nil {
		t.Fatal(err)
	}
	sla := incident.Timer{ID: incident.TimerID(id, incident.TimerSLAAck), Kind: incident.TimerSLAAck, Incident: id, Data: map[string]string{"target": "5m"}}
	if err := s.FireTimer(ctx, sla); err != nil {
		t.Fatal(err)
	}
	for _, line := range got.last(t) {
		if strings.HasPrefix(line, "post slack C01MGRS") && strings.HasSuffix(line, "Room: on Discord") {
			return
		}
	}
	t.Fatalf("managers' post: %q", got.last(t))
}

// One chat platform: every incident has its room there, exactly as before
// mirroring existed.
func TestRoomsOnOnePlatform(t *testing.T) {
	s, got := mirrored(t, []string{"console"}, map[string]map[string]string{
		"acme-it": {"console": "#acme-it"}, "noc": {"console": "#noc"}, "orphans": {"console": "#orphans"}, "managers": {"console": "#managers"},
	})
	id, err := s.Intake(context.Background(), alert("network"))
	if err != nil {
		t.Fatal(err)
	}
	wantEffects(t, got, "create console INC-1/room.create/console")
	fireLadder(t, s, id, "0")
	wantEffects(t, got, "room.sync console", "invite console Nora",
		"post console #noc 🚨 INC-1 [sev3] Disk full on db-01: Nora (noc) is paged (step 2). Room: {room}")
}

// A team whose only channel is a PSA's (named-only: a ticket, not a
// room) owns the service: the incident still gets the every-platform chat
// rooms, and its ticket at once; it used to get the ticket and no room.
func TestRoomsWhenTheOwnerFollowsOnlyAPSA(t *testing.T) {
	s, got := mirrored(t, []string{"connectwise", "slack"}, map[string]map[string]string{
		"acme-it": {"slack": "C01OPS"}, "noc": {"connectwise": "MSP Incidents"}, "managers": {"slack": "C01MGRS"},
	})
	s.opt.NamedOnly = []string{"connectwise"}
	if _, err := s.Intake(context.Background(), alert("network")); err != nil {
		t.Fatal(err)
	}
	wantEffects(t, got, "create connectwise INC-1/room.create/connectwise", "create slack INC-1/room.create/slack")
}
