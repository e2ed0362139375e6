package ical

import (
	"fmt"
	"time"
)

// writeTimezone writes a VTIMEZONE for loc covering [from, to] (with a
// year of margin): one observance per offset change, each with its own
// DTSTART, so no recurrence rule has to match Go's zone data. A zone with
// no change in that span gets one STANDARD observance.
func writeTimezone(w *writer, loc *time.Location, from, to time.Time) {
	w.line("BEGIN:VTIMEZONE")
	w.line("TZID:" + loc.String())
	start, end := from.AddDate(-1, 0, 0), to.AddDate(1, 0, 0)
	_, off := start.In(loc).Zone()
	changes := 0
	for t := start; t.Before(end); {
		_, zoneEnd := t.In(loc).ZoneBounds()
		if zoneEnd.IsZero() || zoneEnd.After(end) {
			break
		}
		name, newOff := zoneEnd.In(loc).Zone()
		if newOff != off {
			observance(w, zoneEnd, name, off, newOff, isDST(zoneEnd.In(loc)))
			changes++
		}
		off, t = newOff, zoneEnd
	}
	if changes == 0 {
		name, o := start.In(loc).Zone()
		observance(w, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(o)*time.Second), name, o, o, false)
	}
	w.line("END:VTIMEZONE")
}

// observance writes one STANDARD or DAYLIGHT block starting at onset,
// whose DTSTART is the onset as the clock read before it (RFC 5545 3.6.5).
func observance(w *writer, onset time.Time, name string, fromOff, toOff int, dst bool) {
	kind := "STANDARD"
	if dst {
		kind = "DAYLIGHT"
	}
	w.line("BEGIN:" + kind)
	w.line("DTSTART:" + onset.UTC().Add(time.Duration(fromOff)*time.Second).Format(localLayout))
	w.line("TZOFFSETFROM:" + offset(fromOff))
	w.line("TZOFFSETTO:" + offset(toOff))
	w.line("TZNAME:" + escape(name))
	w.line("END:" + kind)
}

// isDST tells whether t's zone is daylight time: its offset is above the
// smaller of the year's January and July offsets (so either hemisphere).
func isDST(t time.Time) bool {
	_, now := t.Zone()
	_, jan := time.Date(t.Year(), 1, 1, 12, 0, 0, 0, t.Location()).Zone()
	_, jul := time.Date(t.Year(), 7, 1, 12, 0, 0, 0, t.Location()).Zone()
	return now > min(jan, jul)
}

// offset is a UTC offset as RFC 5545 writes it: +0100, -0530.
func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
}
