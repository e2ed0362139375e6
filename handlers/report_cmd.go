package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// ReportStore is what reports read besides the Store: incidents by the
// time they opened. The Redis store provides it.
type ReportStore interface {
	OpenedBetween(ctx context.Context, from, to time.Time) ([]incident.Incident, error)
}

// periods are the lengths /incident report accepts.
var periods = map[string]time.Duration{"7d": 7 * 24 * time.Hour, "30d": 30 * 24 * time.Hour}

// report answers /incident report [7d|30d] with the figures of the period
// ending now, over the incidents the asker may see (an MSP member sees the
// services in the MSP's scope only).
func (s *Service) report(ctx context.Context, cmd chat.Command, m *Member) (chat.Response, error) {
	length, ok := periods[cmd.Period]
	if !ok {
		length = periods["7d"]
	}
	to := s.opt.Now()
	r, err := s.Report(ctx, to.Add(-length), to, func(inc incident.Incident) bool {
		return s.opt.Directory.Authorize(m, inc) == nil
	})
	if err != nil {
		return chat.Response{}, err
	}
	return chat.Private(reports.Render(r, s.ReportZone())), nil
}

// Report computes the figures of incidents opened in [from, to) that
// visible accepts (nil: all).
func (s *Service) Report(ctx context.Context, from, to time.Time, visible func(incident.Incident) bool) (reports.Report, error) {
	rs, ok := s.store.(ReportStore)
	if !ok {
		return reports.Report{}, fmt.Errorf("report: the store cannot find incidents by opening time")
	}
	// Two periods back: the previous period's figures, and the outages
	// opened before either period that ran on into it.
	all, err := rs.OpenedBetween(ctx, from.Add(-2*to.Sub(from)), to)
	if err != nil {
		return reports.Report{}, err
	}
	incs := all[:0]
	for _, inc := range all {
		if visible == nil || visible(inc) {
			incs = append(incs, inc)
		}
	}
	rules, err := s.availabilityRules(ctx, s.ReportRules(), visible)
	if err != nil {
		return reports.Report{}, err
	}
	return reports.WithPrevious(incs, from, to, rules), nil
}

// ReportRules are the configured SLA targets, ladder calendars and sides.
func (s *Service) ReportRules() reports.Rules {
	return reports.Rules{
		SLA: s.opt.SLA,
		Calendar: func(inc incident.Incident) *escalation.Calendar {
			if l := s.ladderOf(inc); l != nil {
				return l.Calendar
			}
			return nil
		},
		TeamSide: func(team string) incident.Side {
			if t, ok := s.opt.Directory.Team(team); ok {
				return t.Side
			}
			return ""
		},
	}
}

// ReportZone is the zone reports show times in: the calendar of the
// default service's ladder, else UTC.
func (s *Service) ReportZone() *time.Location {
	return s.displayZone(incident.Incident{Service: s.opt.DefaultService})
}
