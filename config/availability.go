package config

import "slices"

// DefaultOutageSeverities are the severities whose open incidents count as
// a service's outage when services[].outage_severities is left out.
var DefaultOutageSeverities = []string{"sev1", "sev2"}

// availability checks services[].availability_target (a percentage above 0,
// at most 100) and services[].outage_severities (known, not repeated, not
// empty).
func (v *validator) availability(p string, s *Service) {
	if t := s.AvailabilityTarget; t != nil && (*t <= 0 || *t > 100) {
		v.rep.errf(p+".availability_target", "must be a percentage above 0 and at most 100 (e.g. 99.9), not %v", *t)
	}
	if s.OutageSeverities != nil && len(s.OutageSeverities) == 0 {
		v.rep.errf(p+".outage_severities", "needs at least one severity (left out, it is [sev1, sev2])")
	}
	for i, sev := range s.OutageSeverities {
		switch {
		case !IsSeverity(sev):
			v.rep.errf(index(p+".outage_severities", i), "must be sev1, sev2, sev3 or sev4, not %q", sev)
		case slices.Index(s.OutageSeverities, sev) < i:
			v.rep.errf(index(p+".outage_severities", i), "%q is listed twice", sev)
		}
	}
}
