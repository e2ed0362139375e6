package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule tells when a cron spec fires next. It is robfig/cron's Schedule, named here so
// the library stays inside this package.
type Schedule interface {
	Next(time.Time) time.Time
}

// ParseCron parses a cron spec with robfig/cron's standard parser: 5 fields or a descriptor
// (@weekly, @every 168h), optionally after CRON_TZ=Zone (or TZ=Zone). A spec without a zone
// runs in zone (the config's timezone) rather than the process's local one. `config check`
// and the scheduler both call it, so a spec is accepted exactly when it runs. loc is the
// zone the spec fires in (UTC for @every, which has none).
func ParseCron(spec, zone string) (s Schedule, loc *time.Location, err error) {
	if !strings.HasPrefix(spec, "CRON_TZ=") && !strings.HasPrefix(spec, "TZ=") && zone != "" {
		spec = "CRON_TZ=" + zone + " " + spec
	}
	defer func() {
		// robfig/cron slices out of range on a zone with nothing after it ("CRON_TZ=UTC").
		if r := recover(); r != nil {
			s, loc, err = nil, nil, fmt.Errorf("%s", cronShape)
		}
	}()
	cs, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, nil, err
	}
	loc = time.UTC
	if ss, ok := cs.(*cron.SpecSchedule); ok && ss.Location != nil {
		loc = ss.Location
	}
	return cs, loc, nil
}

// cronShape is what a spec looks like, for messages.
const cronShape = "want 5 fields (minute hour day-of-month month day-of-week) or a descriptor " +
	"such as @weekly or @every 168h, optionally after CRON_TZ=Zone"

var cronFieldNames = []string{"minute", "hour", "day of month", "month", "day of week"}

// cron reports a problem at path when the scheduler would refuse spec.
func (v *validator) cron(path, spec string) {
	zone := v.c.Timezone
	if v.c.Location == nil {
		zone = "" // the timezone is refused already: say it once
	}
	if msg := cronProblem(spec, zone); msg != "" {
		v.rep.errf(path, "%s", msg)
	}
}

// cronProblem returns why ParseCron refuses spec, naming the field at fault, or "" when
// it accepts it.
func cronProblem(spec, zone string) string {
	_, _, err := ParseCron(spec, zone)
	if err == nil {
		return ""
	}
	f := strings.Fields(spec)
	if len(f) > 0 && (strings.HasPrefix(f[0], "CRON_TZ=") || strings.HasPrefix(f[0], "TZ=")) {
		f = f[1:]
	}
	if len(f) != len(cronFieldNames) {
		if msg := err.Error(); msg != cronShape {
			return cronShape + " (robfig/cron: " + msg + ")"
		}
		return cronShape
	}
	// The parser's message does not say which field it refused: parse each on its own.
	for i, name := range cronFieldNames {
		probe := []string{"*", "*", "*", "*", "*"}
		probe[i] = f[i]
		if _, perr := cron.ParseStandard(strings.Join(probe, " ")); perr != nil {
			return fmt.Sprintf("%s field %q: %v", name, f[i], perr)
		}
	}
	return err.Error()
}
