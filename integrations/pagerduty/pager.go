package pagerduty

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Retry spacing after a 429 that names no Retry-After. PagerDuty suggests
// retrying about 30 seconds apart, backing off to a few minutes.
const (
	rateLimitedBase = 30 * time.Second
	rateLimitedMax  = 5 * time.Minute
)

// Fallback pages teams that have no routing key (the console, in the demo).
type Fallback interface {
	Page(ctx context.Context, e incident.Effect, inc incident.Incident) error
}

// PagerOptions configures a Pager.
type PagerOptions struct {
	// EventsURL is the Events API root; "" is PagerDuty's.
	EventsURL string
	// RoutingKeys maps a team to its Events API v2 integration key.
	RoutingKeys map[string]string
	// Fallback pages teams without a routing key; nil leaves them unpaged.
	Fallback Fallback
	// RoomLinks returns how to reach the incident's rooms (platform → link),
	// shown in the page's details; nil or empty when there is no room yet.
	RoomLinks func(incident.Incident) map[string]string
	// RoomURL returns a web link to the incident's room (the trigger's
	// client_url); nil or "" when there is none.
	RoomURL func(incident.Incident) string
	// DedupPrefix starts every dedup key (PrefixedDedupKey): one per
	// deployment, so two Tandems on one PagerDuty service never merge.
	DedupPrefix string
	// Hosts maps a service to the host or system it runs on, the trigger's
	// source; a service without one is sourced "tandem".
	Hosts map[string]string
	// PerMinute is the events allowed per routing key a minute (default 120).
	PerMinute int
	// Now is the clock of the rate limiter (time.Now).
	Now        func() time.Time
	Logger     *slog.Logger
	HTTPClient *http.Client
}

// Pager delivers page effects through the Events API v2: a trigger per page
// with dedup key "[<prefix>:]<INC-n>/<team>", then acknowledge and resolve with the
// same key and routing key.
type Pager struct {
	sender  *Sender
	opt     PagerOptions
	limiter *limiter
	log     *slog.Logger
}

// NewPager returns a pager for opt.
func NewPager(opt PagerOptions) *Pager {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	return &Pager{sender: NewSender(opt.EventsURL, opt.HTTPClient), opt: opt,
		limiter: newLimiter(opt.PerMinute), log: opt.Logger}
}

// Page sends e for inc. Its error tells the outbox what to do: a
// chat.DeliveryError to give up (400) or to wait (429, the local limit);
// any other error is retried with backoff (5xx, network).
func (p *Pager) Page(ctx context.Context, e incident.Effect, inc incident.Incident) error {
	key, ok := p.opt.RoutingKeys[e.Team]
	if !ok || key == "" {
		if p.opt.Fallback != nil {
			return p.opt.Fallback.Page(ctx, e, inc)
		}
		return nil
	}
	ev, err := p.event(e, inc, key)
	if err != nil {
		return chat.Permanent(err)
	}
	if wait := p.limiter.take(key, p.opt.Now()); wait > 0 {
		return chat.WaitFor(wait, fmt.Errorf("the %s for %s waits: PagerDuty takes %d events a minute per routing key",
			ev.Action, e.Team, p.limiter.max))
	}
	_, err = p.sender.Send(ctx, ev)
	if err == nil {
		p.log.Debug("PagerDuty event sent", "incident", inc.ID, "team", e.Team, "action", ev.Action)
	}
	return p.outcome(ev, e, err)
}

// outcome maps PagerDuty's answer to what the outbox does next, and words
// the error for the timeline (a refusal shows PagerDuty's own message).
func (p *Pager) outcome(ev Event, e incident.Effect, err error) error {
	var se *SendError
	if err == nil || !errors.As(err, &se) {
		return err
	}
	what := fmt.Sprintf("PagerDuty refused the %s for %s", ev.Action, e.Team)
	switch {
	case se.Status == http.StatusTooManyRequests:
		wait := se.RetryAfter
		if wait <= 0 {
			wait = min(rateLimitedBase<<min(e.Attempt, 8), rateLimitedMax)
		}
		wait = max(wait, time.Second)
		p.limiter.block(ev.RoutingKey, p.opt.Now().Add(wait))
		return chat.RetryAfter(wait, fmt.Errorf("%s: %w", what, se))
	case se.Status == http.StatusRequestTimeout || se.Status >= 500:
		return fmt.Errorf("%s: %w", what, se)
	}
	return chat.Permanent(fmt.Errorf("%s: %w", what, se))
}

// event builds the Events API event of a page effect.
func (p *Pager) event(e incident.Effect, inc incident.Incident, key string) (Event, error) {
	ev := Event{RoutingKey: key, Action: e.Data[incident.DataAction], DedupKey: PrefixedDedupKey(p.opt.DedupPrefix, inc.ID, e.Team)}
	if len(ev.DedupKey) > maxDedupKey {
		return ev, fmt.Errorf("dedup key of %s for %s is longer than PagerDuty's %d characters", inc.ID, e.Team, maxDedupKey)
	}
	switch ev.Action {
	case ActionAcknowledge, ActionResolve:
		return ev, nil
	case ActionTrigger:
	default:
		return ev, fmt.Errorf("page of %s for %s: unknown action %q", e.Team, inc.ID, ev.Action)
	}
	ev.Summary, ev.Source, ev.Severity = Summary(inc), cmp.Or(p.opt.Hosts[inc.Service], "tandem"), Severity(inc.Severity)
	ev.Timestamp = inc.OpenedAt.UTC().Format(time.RFC3339)
	if p.opt.RoomURL != nil {
		ev.ClientURL = p.opt.RoomURL(inc)
	}
	ev.Component, ev.Group, ev.Class = inc.Service, inc.Service, inc.Source
	ev.Details = p.details(e, inc)
	ev.Links = inc.Links
	return ev, nil
}

// details are the trigger's custom details: what a responder reading the
// page in PagerDuty needs to find the incident and its room.
func (p *Pager) details(e incident.Effect, inc incident.Incident) map[string]string {
	d := map[string]string{
		"incident": inc.ID, "title": inc.Title, "severity": inc.Severity.String(), "service": inc.Service,
		"team": e.Team, "side": e.Data[incident.DataSide], "step": e.Data[incident.DataStep], "window": e.Data[incident.DataWindow],
		"on_call": e.Person, "opened_at": inc.OpenedAt.UTC().Format(time.RFC3339),
	}
	if inc.RoomName != "" {
		d["room"] = "#" + inc.RoomName
	}
	if p.opt.RoomLinks != nil {
		for platform, link := range p.opt.RoomLinks(inc) {
			d["room_"+platform] = link
		}
	}
	for k, v := range d {
		if v == "" {
			delete(d, k)
		}
	}
	return d
}
