package evidence

import (
	"fmt"
	"time"

	"github.com/tandemhq/tandem/reports"
)

// DefaultDays is the period when no start is given: the last 90 days, a
// quarter, the span of the quarterly review an auditor usually samples.
const DefaultDays = 90

// ParsePeriod reads a period from its two ends as written on the command
// line or in chat. A date (2026-10-01) is a whole day in loc: the start is
// its midnight, the end includes it (the period ends at the next
// midnight). An RFC 3339 time is taken as it is. An empty end is now; an
// empty start is DefaultDays before the end. now is also the pack's time.
func ParsePeriod(from, to string, now time.Time, loc *time.Location) (Period, error) {
	p := Period{To: now, Made: now}
	var err error
	if to != "" {
		if p.To, err = reports.ParseDay(to, loc, true); err != nil {
			return p, err
		}
	}
	p.From = p.To.AddDate(0, 0, -DefaultDays)
	if from != "" {
		if p.From, err = reports.ParseDay(from, loc, false); err != nil {
			return p, err
		}
	}
	if !p.From.Before(p.To) {
		return p, fmt.Errorf("the period's start %s is not before its end %s", p.From.Format(time.RFC3339), p.To.Format(time.RFC3339))
	}
	return p, nil
}
