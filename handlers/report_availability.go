package handlers

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// defaultOutage are the severities whose open incidents count as a
// service's outage when its rule names none.
var defaultOutage = []incident.Severity{incident.Sev1, incident.Sev2}

// availabilityRules adds to rules the configured services, by name, whose
// incidents visible accepts (nil: all), and the maintenance windows (the
// planned outage).
func (s *Service) availabilityRules(ctx context.Context, rules reports.Rules, visible func(incident.Incident) bool) (reports.Rules, error) {
	names := make([]string, 0, len(s.opt.Services))
	for name := range s.opt.Services {
		if visible == nil || visible(incident.Incident{Service: name}) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		rule := s.opt.Services[name]
		outage := rule.Outage
		if len(outage) == 0 {
			outage = defaultOutage
		}
		rules.Services = append(rules.Services, reports.ServiceRule{Service: name, Outage: outage, Target: rule.AvailabilityTarget})
	}
	if s.opt.Maintenance.Store == nil || len(names) == 0 {
		return rules, nil
	}
	var err error
	rules.Windows, err = s.opt.Maintenance.Store.Windows(ctx)
	return rules, err
}

// Availability computes each configured service's availability over
// [from, to), counting the outages opened up to one period before it.
func (s *Service) Availability(ctx context.Context, from, to time.Time) ([]reports.Availability, error) {
	rs, ok := s.store.(ReportStore)
	if !ok {
		return nil, fmt.Errorf("availability: the store cannot find incidents by opening time")
	}
	incs, err := rs.OpenedBetween(ctx, from.Add(-to.Sub(from)), to)
	if err != nil {
		return nil, err
	}
	rules, err := s.availabilityRules(ctx, reports.Rules{}, nil)
	if err != nil {
		return nil, err
	}
	out := make([]reports.Availability, 0, len(rules.Services))
	for _, rule := range rules.Services {
		out = append(out, reports.ServiceAvailability(rule, incs, rules.Windows, from, to))
	}
	return out, nil
}
