package ical

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// Holidays reads the dates of the events of an iCalendar file (a holiday
// calendar): each VEVENT's DTSTART date, "2006-01-02", and every following
// date up to its DTEND (exclusive) for a multi-day event. An event with
// no usable DTSTART is an error naming its line.
func Holidays(r io.Reader) ([]string, error) {
	var out []string
	var start, end string
	n, inEvent := 0, false
	for line := range unfold(r, &n) {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		prop, _, _ := strings.Cut(strings.ToUpper(name), ";")
		switch {
		case prop == "BEGIN" && strings.EqualFold(value, "VEVENT"):
			inEvent, start, end = true, "", ""
		case prop == "END" && strings.EqualFold(value, "VEVENT"):
			dates, err := eventDates(start, end)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			out, inEvent = append(out, dates...), false
		case inEvent && prop == "DTSTART":
			start = value
		case inEvent && prop == "DTEND":
			end = value
		}
	}
	return out, nil
}

// maxEventDays bounds a multi-day holiday, so a typo cannot list years.
const maxEventDays = 31

func eventDates(start, end string) ([]string, error) {
	if len(start) < 8 {
		return nil, fmt.Errorf("event has no DTSTART date (got %q)", start)
	}
	from, err := time.Parse("20060102", start[:8])
	if err != nil {
		return nil, fmt.Errorf("DTSTART %q is not a date", start)
	}
	to := from.AddDate(0, 0, 1)
	if len(end) >= 8 && len(start) == 8 {
		if t, err := time.Parse("20060102", end[:8]); err == nil && t.After(from) && t.Sub(from) <= maxEventDays*24*time.Hour {
			to = t
		}
	}
	var out []string
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out, nil
}

// unfold yields the content lines of r with folded lines joined (RFC 5545
// 3.1), keeping *n at the number of the last physical line read.
func unfold(r io.Reader, n *int) func(func(string) bool) {
	return func(yield func(string) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		cur := ""
		for sc.Scan() {
			*n++
			l := strings.TrimRight(sc.Text(), "\r")
			if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
				cur += l[1:]
				continue
			}
			if cur != "" && !yield(cur) {
				return
			}
			cur = l
		}
		if cur != "" {
			yield(cur)
		}
	}
}
