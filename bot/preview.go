package bot

import (
	"fmt"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// PreviewLadder is the dry run behind `tandem ladder preview`: who the
// service's ladder would notify, when and in which window, for an incident
// of sev opened at at. A zero sev means the service's default severity.
func PreviewLadder(cfg *config.Config, service string, sev incident.Severity, at time.Time) ([]escalation.PreviewStep, *escalation.Ladder, error) {
	svc := cfg.Service(service)
	if svc == nil {
		return nil, nil, fmt.Errorf("there is no service %q in the config", service)
	}
	if !sev.Valid() {
		var err error
		if sev, err = incident.ParseSeverity(svc.Severity); err != nil {
			sev = incident.Sev3
		}
	}
	l := ladders(cfg, calendars(cfg))[svc.Ladder]
	sideOf := func(team string) incident.Side {
		if t, ok := cfg.Teams[team]; ok {
			return incident.Side(t.Side)
		}
		return ""
	}
	if l.Calendar != nil && l.Calendar.Location != nil {
		at = at.In(l.Calendar.Location)
	}
	return l.Preview(sev, at, sideOf), l, nil
}
