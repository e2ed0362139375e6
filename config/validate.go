package config

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
)

// validator checks what decoding cannot: required keys, enumerations, references between
// sections and uniqueness, filling derived fields (zones, minutes) on the way. Every check is
// nil-safe and keeps going, so one run reports everything.
type validator struct {
	c   *Config
	rep *report
}

func validate(c *Config, rep *report) {
	v := &validator{c: c, rep: rep}
	c.Location = v.zone("timezone", c.Timezone)
	v.calendars()
	v.foldChats()
	v.members()
	v.teams()
	v.channelKeys()
	v.channelIDs()
	v.emailOnDiscord()
	v.services()
	v.ladders()
	v.sla()
	v.reports()
	v.http()
	v.redis()
	v.sources()
	v.slack()
	v.discord()
	v.pagerduty()
	v.roomAccess()
	v.retention()
	v.audit()
	v.rooms()
	v.maintenance()
	v.log()
	v.checkSections()
}

// Severities, most severe first.
var severities = []string{"sev1", "sev2", "sev3", "sev4"}

// IsSeverity reports whether s is sev1..sev4.
func IsSeverity(s string) bool { return slices.Contains(severities, s) }

// nameRE is what team, ladder and calendar names look like: they are typed in chat commands.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func (v *validator) name(path, name string) {
	if !nameRE.MatchString(name) {
		v.rep.errKey(path, "names may contain only letters, digits, '.', '_' and '-'")
	}
}

func (v *validator) zone(path, name string) *time.Location {
	if name == "Local" {
		v.rep.errf(path, "use an IANA zone name such as America/Chicago, not Local")
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		v.rep.errf(path, "unknown time zone %q", name)
		return nil
	}
	return loc
}

// known checks a reference into a section; references into a section that failed to decode
// are not reported, as they would only repeat that problem.
func known[T any](v *validator, section string, m map[string]T, name string) bool {
	_, ok := m[name]
	return ok || v.rep.broken[section]
}

func sortedKeys[T any](m map[string]T) []string { return slices.Sorted(maps.Keys(m)) }

func (v *validator) services() {
	seen := map[string]string{}
	for i := range v.c.Services {
		s, p := &v.c.Services[i], index("services", i)
		switch {
		case s.Name == "":
			v.rep.errf(p, "name is required")
		case strings.TrimSpace(s.Name) != s.Name || strings.ContainsAny(s.Name, " \t\n"):
			v.rep.errf(p+".name", "must not contain spaces")
		case seen[s.Name] != "":
			v.rep.errf(p+".name", "duplicate service %q (also %s)", s.Name, seen[s.Name])
		default:
			seen[s.Name] = p
		}
		switch {
		case s.Owner == "":
			v.rep.errf(p, "owner is required (a team)")
		case !known(v, "teams", v.c.Teams, s.Owner):
			v.rep.errf(p+".owner", "unknown team %q", s.Owner)
		}
		switch {
		case s.Ladder == "":
			v.rep.errf(p, "ladder is required")
		case !known(v, "ladders", v.c.Ladders, s.Ladder):
			v.rep.errf(p+".ladder", "unknown ladder %q", s.Ladder)
		}
		if !IsSeverity(s.Severity) {
			v.rep.errf(p+".severity", "must be sev1, sev2, sev3 or sev4, not %q", s.Severity)
		}
		v.outOfScope(p+".ladder", s)
		v.availability(p, s)
	}
}

// outOfScope warns when a service's ladder pages an MSP team whose scope
// leaves the service out: its people would be woken for an incident they
// may neither see nor act on.
func (v *validator) outOfScope(p string, s *Service) {
	l := v.c.Ladders[s.Ladder]
	if l == nil {
		return
	}
	warned := map[string]bool{}
	for i, step := range l.Steps {
		for _, name := range step.Notify {
			t := v.c.Teams[name]
			if t == nil || t.Side != SideMSP || len(t.Scope) == 0 || slices.Contains(t.Scope, s.Name) || warned[name] {
				continue
			}
			warned[name] = true
			v.rep.warnf(p, "ladder %q pages MSP team %q (step %d) for service %q, outside its scope %v: they would be woken for an incident they can neither see nor act on; add %q to its scope or use another ladder",
				s.Ladder, name, i+1, s.Name, t.Scope, s.Name)
		}
	}
}

func (v *validator) ladders() {
	for _, name := range sortedKeys(v.c.Ladders) {
		l, p := v.c.Ladders[name], "ladders."+name
		v.name(p, name)
		switch {
		case l.Calendar == "":
			v.rep.errf(p, "calendar is required")
		case !known(v, "calendars", v.c.Calendars, l.Calendar):
			v.rep.errf(p+".calendar", "unknown calendar %q", l.Calendar)
		}
		if l.Repeat < 0 {
			v.rep.errf(p+".repeat", "must not be negative")
		}
		if len(l.Steps) == 0 {
			v.rep.errf(p, "needs at least one step")
		}
		for i := range l.Steps {
			v.step(index(p+".steps", i), &l.Steps[i], i == len(l.Steps)-1)
		}
	}
}

func (v *validator) step(p string, s *Step, last bool) {
	if len(s.Notify) == 0 {
		v.rep.errf(p, "notify needs at least one team (or managers)")
	}
	seen := map[string]bool{}
	for j, n := range s.Notify {
		at := index(p+".notify", j)
		switch {
		case seen[n]:
			v.rep.errAt(at, p+".notify", "%q is listed twice", n)
		case n == ManagersName:
			if len(v.c.Managers.Members) == 0 && len(v.c.Managers.Channels) == 0 {
				v.rep.warnf(at, "managers has no members or channel to notify")
			}
		case !known(v, "teams", v.c.Teams, n):
			v.rep.errAt(at, p+".notify", "unknown team %q", n)
		}
		seen[n] = true
	}
	if s.When != WhenAlways && s.When != WhenBusinessHours && s.When != WhenAfterHours {
		v.rep.errf(p+".when", "must be business_hours or after_hours (or left out), not %q", s.When)
	}
	if s.MinSeverity != "" && !IsSeverity(s.MinSeverity) {
		v.rep.errf(p+".min_severity", "must be sev1, sev2, sev3 or sev4, not %q", s.MinSeverity)
	}
	if s.Wait == 0 && !last {
		v.rep.errf(p, "wait is required on every step but the last")
	}
}

func (v *validator) sla() {
	for _, sev := range sortedKeys(v.c.SLA) {
		p := "sla." + sev
		if !IsSeverity(sev) {
			v.rep.errKey(p, "unknown severity (want sev1, sev2, sev3 or sev4)")
			continue
		}
		if s := v.c.SLA[sev]; s.Ack != 0 && s.Resolve != 0 && s.Ack > s.Resolve {
			v.rep.errf(p+".ack", "is longer than resolve (%s > %s)", s.Ack, s.Resolve)
		}
	}
}
