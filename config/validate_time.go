package config

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

func (v *validator) calendars() {
	for _, name := range sortedKeys(v.c.Calendars) {
		cal, p := v.c.Calendars[name], "calendars."+name
		v.name(p, name)
		if cal.Timezone == "" {
			cal.Timezone, cal.Location = v.c.Timezone, v.c.Location
		} else {
			cal.Location = v.zone(p+".timezone", cal.Timezone)
		}
		for i := range cal.BusinessHours {
			v.span(index(p+".business_hours", i), &cal.BusinessHours[i])
		}
		seen := map[string]bool{}
		for i, h := range cal.Holidays {
			hp := index(p+".holidays", i)
			if _, ok := parseDate(h); !ok {
				v.rep.errAt(hp, p+".holidays", "invalid date %q (want YYYY-MM-DD)", h)
			} else if seen[h] {
				v.rep.errAt(hp, p+".holidays", "%s is listed twice", h)
			}
			seen[h] = true
		}
	}
}

func (v *validator) span(p string, s *Span) {
	if len(s.Days) == 0 {
		v.rep.errf(p, "days is required (mon..sun)")
	}
	var ok1, ok2 bool
	s.StartMin, ok1 = v.clock(p, "start", s.Start, false)
	s.EndMin, ok2 = v.clock(p, "end", s.End, true)
	if ok1 && ok2 && s.StartMin == s.EndMin%(24*60) {
		// 00:00-24:00 is the whole day; any other equal pair is empty or ambiguous.
		if !(s.StartMin == 0 && s.EndMin == 24*60) {
			v.rep.errf(p+".end", "must differ from start (an end before the start crosses midnight)")
		}
	}
}

func (v *validator) clock(p, key, s string, allow24 bool) (int, bool) {
	if s == "" {
		v.rep.errf(p, "%s is required (HH:MM)", key)
		return 0, false
	}
	m, ok := parseClock(s)
	if !ok || (m == 24*60 && !allow24) {
		last := "23:59"
		if allow24 {
			last = "24:00"
		}
		v.rep.errf(p+"."+key, "invalid time %q (want HH:MM from 00:00 to %s)", s, last)
		return 0, false
	}
	return m, true
}

var clockRE = regexp.MustCompile(`^([01][0-9]|2[0-4]):([0-5][0-9])$`)

// parseClock parses "HH:MM" into minutes since midnight; "24:00" is 1440, the end of the day.
func parseClock(s string) (int, bool) {
	m := clockRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	if h == 24 && mm != 0 {
		return 0, false
	}
	return h*60 + mm, true
}

// parseHandoff parses "mon 09:00".
func parseHandoff(s string) (time.Weekday, int, bool) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return 0, 0, false
	}
	day, ok := parseWeekday(f[0])
	m, ok2 := parseClock(f[1])
	return day, m, ok && ok2 && m < 24*60
}

// parseDate parses "YYYY-MM-DD" as midnight UTC.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

func (v *validator) reports() {
	if w := v.c.Reports.Weekly; w != "" {
		v.cron("reports.weekly", w)
	}
	if m := v.c.Reports.Monthly; m != "" {
		v.cron("reports.monthly", m)
	}
}
