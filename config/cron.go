package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// cronField is the range and names of one field of a standard 5-field cron spec.
type cronField struct {
	name     string
	min, max int
	names    []string // names[i] stands for min+i
}

var cronFields = []cronField{
	{"minute", 0, 59, nil},
	{"hour", 0, 23, nil},
	{"day of month", 1, 31, nil},
	{"month", 1, 12, strings.Fields("jan feb mar apr may jun jul aug sep oct nov dec")},
	{"day of week", 0, 6, strings.Fields("sun mon tue wed thu fri sat")},
}

var cronDescriptors = map[string]bool{
	"@yearly": true, "@annually": true, "@monthly": true, "@weekly": true,
	"@daily": true, "@midnight": true, "@hourly": true,
}

// checkCron validates a schedule the way the standard cron parser (robfig/cron) reads it:
// optional CRON_TZ=Zone (or TZ=Zone), then 5 fields or a descriptor like @weekly. It returns
// a message, or "" when the spec is fine. Parsing is left to the scheduler.
func checkCron(spec string) string {
	f := strings.Fields(spec)
	if len(f) > 0 && (strings.HasPrefix(f[0], "CRON_TZ=") || strings.HasPrefix(f[0], "TZ=")) {
		zone := f[0][strings.IndexByte(f[0], '=')+1:]
		if _, err := time.LoadLocation(zone); err != nil || zone == "Local" {
			return fmt.Sprintf("unknown time zone %q", zone)
		}
		f = f[1:]
	}
	if len(f) == 1 && cronDescriptors[f[0]] {
		return ""
	}
	if len(f) != 5 {
		return "want 5 fields (minute hour day-of-month month day-of-week), optionally after CRON_TZ=Zone"
	}
	for i, cf := range cronFields {
		if err := cf.check(f[i]); err != "" {
			return fmt.Sprintf("%s field %q: %s", cf.name, f[i], err)
		}
	}
	return ""
}

func (cf cronField) check(s string) string {
	for _, item := range strings.Split(s, ",") {
		rng, step, hasStep := strings.Cut(item, "/")
		if hasStep {
			if n, err := strconv.Atoi(step); err != nil || n <= 0 {
				return "bad step"
			}
		}
		if rng == "*" || rng == "?" {
			continue
		}
		lo, hi, isRange := strings.Cut(rng, "-")
		a, ok := cf.value(lo)
		b := a
		if isRange {
			var ok2 bool
			b, ok2 = cf.value(hi)
			ok = ok && ok2
		}
		if !ok {
			return fmt.Sprintf("want values from %d to %d", cf.min, cf.max)
		}
		if a > b {
			return "range start after its end"
		}
	}
	return ""
}

func (cf cronField) value(s string) (int, bool) {
	for i, n := range cf.names {
		if strings.EqualFold(s, n) {
			return cf.min + i, true
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= cf.min && n <= cf.max
}
