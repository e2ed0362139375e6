package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// DefaultMaxWindow bounds a maintenance window opened from chat.
const DefaultMaxWindow = Duration(24 * time.Hour)

// Maintenance is the maintenance section. It is written either as a
// mapping, `maintenance: {max_duration: 24h, windows: [...]}`, or, when only
// recurring windows are configured, as their plain list, `maintenance:
// [...]` (the walker reads a list into Windows).
type Maintenance struct {
	// MaxDuration bounds a window opened from chat (default 24h).
	MaxDuration Duration `yaml:"max_duration"`
	// Windows are the recurring windows.
	Windows []MaintenanceWindow `yaml:"windows"`
}

// MaintenanceWindow is a recurring maintenance window: every week at
// Every (e.g. "tue 22:00" in the calendar's zone, DST included) for
// Duration, on Services.
type MaintenanceWindow struct {
	Name     string   `yaml:"name"`
	Services []string `yaml:"services"`
	Every    string   `yaml:"every"`
	Duration Duration `yaml:"duration"`
	Calendar string   `yaml:"calendar"` // its zone; default the top-level timezone
	// HoldOpen pauses the ladders of open incidents of the services for
	// the window.
	HoldOpen bool `yaml:"hold_open"`

	Day      time.Weekday   `yaml:"-"`
	Minute   int            `yaml:"-"` // minutes since local midnight
	Location *time.Location `yaml:"-"`
}

// Alertmanager is where Tandem makes silences for maintenance windows.
type Alertmanager struct {
	// APIURL is the Alertmanager's base URL (the product appends
	// /api/v2/silences); empty: no silences.
	APIURL string `yaml:"api_url"`
}

var maintenanceType = reflect.TypeFor[Maintenance]()

// maintenance decodes the section in either of its forms.
func (w *walker) maintenance(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.SequenceNode {
		w.list(n, v.FieldByName("Windows"), join(path, "windows"))
		return
	}
	w.object(n, v, path)
}

// Next returns the window's first start after now.
func (m MaintenanceWindow) Next(now time.Time) time.Time {
	local := now.In(m.Location)
	for d := 0; d <= 7; d++ {
		day := local.AddDate(0, 0, d)
		t := time.Date(day.Year(), day.Month(), day.Day(), m.Minute/60, m.Minute%60, 0, 0, m.Location)
		if day.Weekday() == m.Day && t.After(now) {
			return t
		}
	}
	return time.Date(local.Year(), local.Month(), local.Day()+8, m.Minute/60, m.Minute%60, 0, 0, m.Location)
}

func (v *validator) maintenance() {
	m := &v.c.Maintenance
	seen := map[string]bool{}
	for i := range m.Windows {
		v.maintenanceWindow(fmt.Sprintf("maintenance.windows[%d]", i), &m.Windows[i], seen)
	}
	if u := v.c.Alertmanager.APIURL; u != "" {
		v.baseURL("alertmanager.api_url", u, false)
	}
}

func (v *validator) maintenanceWindow(p string, mw *MaintenanceWindow, seen map[string]bool) {
	switch {
	case mw.Name == "":
		v.rep.errf(p+".name", "a recurring maintenance window needs a name")
	case seen[mw.Name]:
		v.rep.errf(p+".name", "maintenance window %q is defined twice", mw.Name)
	default:
		v.name(p+".name", mw.Name)
	}
	seen[mw.Name] = true
	if len(mw.Services) == 0 {
		v.rep.errf(p+".services", "name at least one service")
	}
	for i, s := range mw.Services {
		if !slices.ContainsFunc(v.c.Services, func(c Service) bool { return c.Name == s }) {
			v.rep.errf(fmt.Sprintf("%s.services[%d]", p, i), "unknown service %q", s)
		}
	}
	if day, min, ok := parseHandoff(mw.Every); ok {
		mw.Day, mw.Minute = day, min
	} else {
		v.rep.errf(p+".every", "must be a day and a time like \"tue 22:00\", not %q", mw.Every)
	}
	if mw.Duration <= 0 || mw.Duration > 7*Duration(24*time.Hour) {
		v.rep.errf(p+".duration", "must be a duration of at most a week, like 4h")
	}
	mw.Location = v.c.Location
	if mw.Calendar != "" {
		if cal := v.c.Calendars[mw.Calendar]; cal == nil {
			v.rep.errf(p+".calendar", "unknown calendar %q", mw.Calendar)
		} else {
			mw.Location = cal.Location
		}
	}
}

func (m Maintenance) describe(am Alertmanager) string {
	s := "windows from chat up to " + m.MaxDuration.String()
	for _, w := range m.Windows {
		s += fmt.Sprintf("; %s every %s for %s on %s", w.Name, w.Every, w.Duration, strings.Join(w.Services, ", "))
		if w.HoldOpen {
			s += " (holds open ladders)"
		}
	}
	if am.APIURL != "" {
		s += "; Alertmanager silences at " + am.APIURL
	}
	return s
}
