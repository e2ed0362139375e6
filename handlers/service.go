// Package handlers holds Tandem's use cases: declare, ack, escalate,
// resolve, notes, status, alert intake and timers, over platform-neutral
// requests. Every state change goes through one loop (update) and one
// policy (plan) that turns timeline events into outbox effects and timers,
// so chat, webhooks and timers all behave the same.
package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// Store is what the use cases need from the state store.
type Store interface {
	NextID(ctx context.Context) (string, error)
	ClaimDedup(ctx context.Context, key, replace string) (id string, created bool, err error)
	ClaimGroup(ctx context.Context, c incident.GroupClaim) (incident.GroupClaimed, error)
	Get(ctx context.Context, id string) (incident.Incident, error)
	List(ctx context.Context, statuses ...incident.Status) ([]incident.Incident, error)
	Timeline(ctx context.Context, id string) ([]incident.Event, error)
	Commit(ctx context.Context, c incident.Change) (int64, error)
	FinishTimer(ctx context.Context, id string) error
	AlertStates(ctx context.Context, id string, fingerprints []string) (map[string]incident.AlertState, error)
	IncidentByRoom(ctx context.Context, platform, channel string) (string, error)
	TimerDue(ctx context.Context, id string) (time.Time, bool, error)
	Count(ctx context.Context, key string, forget time.Duration) (int64, error)
}

// ServiceRule is how incidents of one service are handled.
type ServiceRule struct {
	Owner    string
	Ladder   string
	Severity incident.Severity // default when the alert names none
	// Outage are the severities whose open incidents count as the service
	// being down (availability); empty: sev1 and sev2.
	Outage []incident.Severity
	// AvailabilityTarget is in percent (99.9); 0: none.
	AvailabilityTarget float64
}

// SourceRule is how alerts of one monitoring source map to incidents.
type SourceRule struct {
	AutoResolve  bool
	ReopenWithin time.Duration
	// MaxAlerts bounds the alerts one incident stores; 0: no bound.
	MaxAlerts int
	// MaxNewPerMinute is the storm guard (storm.go); 0: off.
	MaxNewPerMinute int
}

// Options configures the use cases. The bot maps the config file into it.
type Options struct {
	Now       func() time.Time
	Logger    *slog.Logger
	Directory *Directory
	OnCall    OnCallSource
	// OnCallStore keeps overrides and swaps made from chat; nil refuses them.
	OnCallStore OnCallStore
	Services    map[string]ServiceRule
	// Limited, when set, is told of alerts a delivery diverted into a
	// storm incident and of alerts not stored past max_alerts (for metrics).
	Limited func(source string, diverted, notStored int)
	// DefaultService is used for alerts and declarations that name no
	// configured service.
	DefaultService string
	Ladders        map[string]*escalation.Ladder
	// Platforms are the configured chat platforms; rooms.go decides which of
	// them an incident gets a room on.
	Platforms []string
	// NamedOnly are platforms (a PSA's tickets) on which an incident gets
	// a room only when a team of its names the platform in its channels,
	// never as the "every platform" of an incident no team speaks for.
	NamedOnly    []string
	UnackedEvery time.Duration
	UpdateEvery  time.Duration
	SLA          map[incident.Severity]reports.SLA
	Sources      map[string]SourceRule
	// HandoffEmpty posts a hand-over to a team that has nothing open.
	HandoffEmpty bool
	// ArchiveAfter closes a resolved incident's rooms that long after it
	// resolved (lifecycle.go); 0 keeps them open.
	ArchiveAfter time.Duration
	// Committed, when set, is told of every committed change (for metrics).
	Committed func(incident.Change)
	// Refused, when set, is told of every refusal of a known member, and
	// whether it was written on the timeline (for metrics).
	Refused func(recorded bool)
	// Archived, when set, tells a new incident of an alert group which
	// incident the group had before retention trimmed it.
	Archived ArchivedLookup
	// Maintenance configures maintenance windows (maintenance.go).
	Maintenance MaintenanceOptions
	// Customers, set on the MSP's desk only, are the customers it serves
	// (desk.go); nil everywhere else.
	Customers Customers
	// Evidence makes evidence packs for /incident evidence; nil refuses it.
	Evidence EvidenceMaker
}

// Service runs the use cases.
type Service struct {
	store Store
	opt   Options
	log   *slog.Logger
	// locks serialize changes to one incident within this process, so
	// concurrent deliveries for one group queue instead of racing and
	// recomputing; the version guard still protects across replicas.
	locks *keyedMutex
}

// New returns the use cases over store.
func New(store Store, opt Options) *Service {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.OnCall == nil {
		opt.OnCall = RotationOnCall{}
	}
	if opt.Directory == nil {
		opt.Directory = NewDirectory(nil, nil, nil)
	}
	return &Service{store: store, opt: opt, log: opt.Logger, locks: newKeyedMutex()}
}

// Directory returns the people and teams the service knows.
func (s *Service) Directory() *Directory { return s.opt.Directory }

// transition computes a state change from the current incident and now.
// Returning no events means nothing changed: nothing is written.
type transition func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error)

// maxAttempts bounds how often a change is recomputed after losing a race.
const maxAttempts = 20

// outcome is what a transition with extra reads computes: the new state,
// its events, and alert states to store.
type outcome struct {
	inc    incident.Incident
	events []incident.Event
	alerts map[string]incident.AlertState
	// changed commits even without events: a count or title that moved.
	changed bool
}

// update applies fn to incident id and commits the result with the effects
// and timers plan derives from it, retrying when another replica changed the
// incident in between. finish names a claimed timer the change completes.
func (s *Service) update(ctx context.Context, id, finish string, fn transition) (incident.Incident, error) {
	return s.updateWith(ctx, id, finish, func(_ context.Context, inc incident.Incident, now time.Time) (outcome, error) {
		out, events, err := fn(inc, now)
		return outcome{inc: out, events: events}, err
	})
}

// updateWith is update for transitions that read more than the incident.
func (s *Service) updateWith(ctx context.Context, id, finish string, fn func(context.Context, incident.Incident, time.Time) (outcome, error)) (incident.Incident, error) {
	unlock := s.locks.lock(id)
	defer unlock()
	for attempt := range maxAttempts {
		before, err := s.store.Get(ctx, id)
		if err != nil {
			return before, err
		}
		now := s.opt.Now()
		o, err := fn(ctx, before, now)
		if err != nil {
			return before, err
		}
		if len(o.events) == 0 && !o.changed {
			if finish != "" {
				return o.inc, s.store.FinishTimer(ctx, finish)
			}
			return o.inc, nil
		}
		change := s.plan(ctx, before, o.inc, o.events, now)
		change.FinishTimer, change.Alerts = finish, o.alerts
		v, err := s.store.Commit(ctx, change)
		if errors.Is(err, incident.ErrStale) {
			lostRace(ctx, attempt)
			continue
		}
		if err != nil {
			return before, err
		}
		o.inc.Version = v
		s.committed(change)
		return o.inc, nil
	}
	return incident.Incident{}, fmt.Errorf("update %s: %d attempts lost a race: %w", id, maxAttempts, incident.ErrStale)
}

// create commits a new incident (version 0) with its alert states. It
// returns ErrStale when another replica created it first.
func (s *Service) create(ctx context.Context, inc incident.Incident, events []incident.Event, alerts map[string]incident.AlertState) (incident.Incident, error) {
	now := s.opt.Now()
	change := s.plan(ctx, incident.Incident{}, inc, events, now)
	change.Alerts = alerts
	v, err := s.store.Commit(ctx, change)
	if err != nil {
		return inc, err
	}
	inc.Version = v
	s.committed(change)
	return inc, nil
}

func (s *Service) committed(c incident.Change) {
	if s.opt.Committed != nil {
		s.opt.Committed(c)
	}
}

func (s *Service) ladderOf(inc incident.Incident) *escalation.Ladder {
	rule, ok := s.opt.Services[inc.Service]
	if !ok {
		rule = s.opt.Services[s.opt.DefaultService]
	}
	return s.opt.Ladders[rule.Ladder]
}

func (s *Service) serviceRule(name string) (string, ServiceRule) {
	if rule, ok := s.opt.Services[name]; ok {
		return name, rule
	}
	if name == "" {
		name = s.opt.DefaultService
	}
	return name, s.opt.Services[s.opt.DefaultService]
}
