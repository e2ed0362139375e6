package bot

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
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

// PreviewOnCall fills in who each step of a preview would page, from the
// rotations with their config overrides and changes (overrides and swaps
// stored from chat; nil for none) applied. A team with a PagerDuty
// schedule shows its rotation's answer: the preview does not call out.
func PreviewOnCall(cfg *config.Config, steps []escalation.PreviewStep, changes []incident.OnCallChange) {
	dir := directory(cfg, nil)
	for i, s := range steps {
		steps[i].OnCall = make([]string, len(s.Teams))
		for j, name := range s.Teams {
			if t, ok := dir.Teams[name]; ok {
				steps[i].OnCall[j] = cmp.Or(handlers.OnCallAt(t, changes, s.At).Person, "nobody")
			} else {
				steps[i].OnCall[j] = "-"
			}
		}
	}
}

// StoredOnCallChanges reads the overrides and swaps made from chat from
// the store cfg names (`ladder preview --stored`). The embedded store keeps
// nothing between runs, so it is an error.
func StoredOnCallChanges(ctx context.Context, cfg *config.Config, tenant string) ([]incident.OnCallChange, error) {
	if cfg.Redis.Embedded() {
		return nil, fmt.Errorf("--stored needs redis.url: the embedded store keeps nothing between runs")
	}
	opt, err := storeOptions(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	opt.Tenant = tenant
	st, err := redisstore.Open(ctx, opt)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.OnCallChanges(ctx)
}
