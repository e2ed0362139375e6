package ical

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Event is one shift in the feed.
type Event struct {
	Member   string
	From, To time.Time
}

// Feed is one team's calendar.
type Feed struct {
	Team     string
	Location *time.Location // the rotation's zone; nil means UTC
	Events   []Event
	// Stamp is DTSTAMP, when the feed was made.
	Stamp time.Time
}

const localLayout = "20060102T150405"

// Bytes renders the feed: CRLF line ends, long lines folded at 75 octets,
// one VEVENT per shift with a UID stable across fetches (the same shift
// keeps its UID, so calendar apps update rather than duplicate).
func (f Feed) Bytes() []byte {
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	w := &writer{}
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:-//Tandem//On-call//EN")
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	w.line("X-WR-CALNAME:" + escape("On call: "+f.Team))
	w.line("X-WR-TIMEZONE:" + loc.String())
	if len(f.Events) > 0 {
		writeTimezone(w, loc, f.Events[0].From, f.Events[len(f.Events)-1].To)
	}
	for _, e := range f.Events {
		w.line("BEGIN:VEVENT")
		w.line("UID:" + UID(f.Team, e))
		w.line("DTSTAMP:" + f.Stamp.UTC().Format(localLayout) + "Z")
		w.line("DTSTART;TZID=" + loc.String() + ":" + e.From.In(loc).Format(localLayout))
		w.line("DTEND;TZID=" + loc.String() + ":" + e.To.In(loc).Format(localLayout))
		w.line("SUMMARY:" + escape(fmt.Sprintf("On call (%s): %s", f.Team, e.Member)))
		w.line("TRANSP:TRANSPARENT")
		w.line("END:VEVENT")
	}
	w.line("END:VCALENDAR")
	return []byte(w.b.String())
}

// UID is the stable identifier of a shift: the same team, person and
// times give the same UID on every fetch.
func UID(team string, e Event) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s|%s|%d|%d", team, e.Member, e.From.Unix(), e.To.Unix())))
	return hex.EncodeToString(sum[:12]) + "@" + team + ".oncall.tandem"
}

// escape escapes a TEXT value (RFC 5545 3.3.11).
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", "").Replace(s)
}

// writer folds content lines at 75 octets without splitting a UTF-8
// character (RFC 5545 3.1).
type writer struct{ b strings.Builder }

func (w *writer) line(s string) {
	max := 75
	for len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		w.b.WriteString(s[:cut] + "\r\n ")
		s, max = s[cut:], 74 // a continuation line starts with its space
	}
	w.b.WriteString(s + "\r\n")
}
