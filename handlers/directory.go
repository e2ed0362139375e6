package handlers

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// ManagersTeam is the name ladders use to notify the managers.
const ManagersTeam = "managers"

// Member is a configured person.
type Member struct {
	Name string
	Side incident.Side // "" for managers
	Team string        // "managers" for managers
	// Accounts is the person's user ID on each chat platform, by platform
	// name ("slack": "U01ALICE").
	Accounts map[string]string
	Email    string
}

// ConsolePlatform is the built-in console chat, where people are known by
// name (case-insensitively) rather than by an account.
const ConsolePlatform = "console"

// Team is a group of people on one side with an on-call.
type Team struct {
	Name     string
	Side     incident.Side
	Members  []string
	Scope    []string          // services an MSP team may see and act on; empty: all
	Channels map[string]string // platform → the team's own channel
	Rotation *escalation.Rotation
	// ThreadRoom is the platform key of the team's thread rooms
	// ("slack#thread:noc"), "" when the team is invited into rooms: the
	// team then takes part in each incident in a thread of its channel on
	// that key's platform (threads.go).
	ThreadRoom string
}

// OnCall is who is on call for a team now, and until when.
type OnCall struct {
	Person string    // member name; "" when nobody could be found
	Until  time.Time // zero when unknown
	Source string    // "rotation", "pagerduty", ... and why it fell back, for people to read
}

// OnCallSource finds a team's on-call person. The built-in rotation is one;
// PagerDuty schedules are another, so a team can take its on-call from either.
type OnCallSource interface {
	OnCall(ctx context.Context, team *Team, now time.Time) OnCall
}

// RotationOnCall is the built-in rotation of each team's config.
type RotationOnCall struct{}

// OnCall returns the rotation's member on call at now.
func (RotationOnCall) OnCall(_ context.Context, team *Team, now time.Time) OnCall {
	if team.Rotation == nil || len(team.Rotation.Members) == 0 {
		if len(team.Members) > 0 {
			return OnCall{Person: team.Members[0], Source: "first member (no rotation)"}
		}
		return OnCall{Source: "nobody configured"}
	}
	who, until := team.Rotation.OnCall(now)
	return OnCall{Person: who, Until: until, Source: "rotation"}
}

// Directory knows the teams and the people, and who may do what.
type Directory struct {
	Teams    map[string]*Team
	Managers *Team
	// mu guards members and byUser, which SetAccount changes while
	// requests read them (people found by e-mail, refreshed daily).
	mu      sync.RWMutex
	members map[string]*Member // by lower-case name
	byUser  map[string]*Member // "platform:user" → member
}

// NewDirectory indexes members for lookup by name and by platform user ID.
func NewDirectory(teams map[string]*Team, managers *Team, members []Member) *Directory {
	d := &Directory{Teams: teams, Managers: managers, members: map[string]*Member{}, byUser: map[string]*Member{}}
	if d.Managers == nil {
		d.Managers = &Team{Name: ManagersTeam}
	}
	for i := range members {
		m := &members[i]
		d.members[strings.ToLower(m.Name)] = m
		d.byUser[ConsolePlatform+":"+strings.ToLower(m.Name)] = m
		for platform, user := range m.Accounts {
			if user != "" {
				d.byUser[platform+":"+user] = m
			}
		}
	}
	return d
}

// Member returns the member called name.
func (d *Directory) Member(name string) (*Member, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	m, ok := d.members[strings.ToLower(name)]
	return m, ok
}

// Lookup maps a platform user to a configured member.
func (d *Directory) Lookup(platform, user string) (*Member, bool) {
	key := platform + ":" + user
	if platform == ConsolePlatform {
		key = strings.ToLower(key)
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	m, ok := d.byUser[key]
	return m, ok
}

// Team returns a team by name, including the managers.
func (d *Directory) Team(name string) (*Team, bool) {
	if name == ManagersTeam {
		return d.Managers, true
	}
	t, ok := d.Teams[name]
	return t, ok
}

// Actor is the timeline actor for member m acting on platform as user.
func Actor(m *Member, platform, user string) incident.Actor {
	return incident.Actor{Name: m.Name, Side: m.Side, Platform: platform, User: user}
}

// MaySee says whether the team may see (and act on) incidents of service:
// an internal team every service; an MSP team the services in its scope,
// or every service when it has no scope.
func (t *Team) MaySee(service string) bool {
	return t.Side != incident.MSP || len(t.Scope) == 0 || slices.Contains(t.Scope, service)
}

// Authorize says whether m may act on inc: managers and internal members
// always; an MSP member only on services within the MSP team's scope.
func (d *Directory) Authorize(m *Member, inc incident.Incident) error {
	if m.Team == ManagersTeam || m.Side != incident.MSP {
		return nil
	}
	t, ok := d.Teams[m.Team]
	if !ok || t.MaySee(inc.Service) {
		return nil
	}
	return incident.Errorf(incident.EUnauthorized,
		"%s is about service %q, which is outside %s's scope (%s); ask the internal team",
		inc.ID, inc.Service, t.Name, strings.Join(t.Scope, ", "))
}
