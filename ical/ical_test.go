package ical

import (
	"strings"
	"testing"
	"time"
)

func TestHolidaysFromICS(t *testing.T) {
	in := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Christmas\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261227\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nDTSTART;TZID=America/Chicago:2027010\r\n 1T000000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	got, err := Holidays(strings.NewReader(in))
	if err != nil || strings.Join(got, ",") != "2026-12-25,2026-12-26,2027-01-01" {
		t.Fatalf("Holidays = %v, %v", got, err)
	}
	if _, err := Holidays(strings.NewReader("BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n")); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("an event without DTSTART: %v", err)
	}
}

func TestFeedFoldsAndEscapes(t *testing.T) {
	f := Feed{Team: "noc", Location: time.UTC, Stamp: time.Unix(0, 0), Events: []Event{{
		Member: strings.Repeat("Ünïcødé, name; ", 8), From: time.Unix(3600, 0), To: time.Unix(7200, 0)}}}
	out := string(f.Bytes())
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line over 75 octets: %q", l)
		}
	}
	if !strings.Contains(out, `\, name\; `) || !strings.Contains(out, "TZOFFSETFROM:+0000") {
		t.Errorf("not escaped, or no fixed-zone VTIMEZONE:\n%s", out)
	}
}
