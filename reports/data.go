package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Data is a report as JSON: the period's figures, the previous period's
// and the change of each headline figure. docs/reports.md shows it;
// docs/metrics.md defines the figures.
type Data struct {
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Incidents int       `json:"incidents"`
	StillOpen int       `json:"still_open"`
	// The time figures are by side bucket, "all" over every side.
	TimeToDetect    StatsData            `json:"time_to_detect"`
	TimeToFirstPage map[string]StatsData `json:"time_to_first_page"`
	TimeToAck       map[string]StatsData `json:"time_to_ack"`
	TimeToResolve   map[string]StatsData `json:"time_to_resolve"`
	Availability    []AvailabilityData   `json:"availability"`
	Previous        *Data                `json:"previous,omitempty"`
	Trends          []Trend              `json:"trends,omitempty"`
}

// StatsData is a Stats in seconds.
type StatsData struct {
	N             int     `json:"n"`
	MedianSeconds float64 `json:"median_seconds"`
	P90Seconds    float64 `json:"p90_seconds"`
}

// AvailabilityData is an Availability in minutes and percent.
type AvailabilityData struct {
	Service          string  `json:"service"`
	Percent          float64 `json:"percent"`
	Target           float64 `json:"target,omitempty"`
	Met              bool    `json:"met"`
	PeriodMinutes    float64 `json:"period_minutes"`
	UnplannedMinutes float64 `json:"unplanned_outage_minutes"`
	PlannedMinutes   float64 `json:"planned_outage_minutes"`
}

// Trend is one figure against the previous period's: Change is Now − Before
// and Arrow its direction (↑ ↓ →).
type Trend struct {
	Figure string  `json:"figure"`
	Now    float64 `json:"now"`
	Before float64 `json:"before"`
	Change float64 `json:"change"`
	Arrow  string  `json:"arrow"`
}

// Data returns the report's JSON form.
func (r Report) Data() Data {
	d := Data{From: r.From, To: r.To, Incidents: r.Total, StillOpen: r.StillOpen,
		TimeToDetect: statsData(r.Detect), TimeToFirstPage: byBucket(r.FirstPage, r.FirstPageAll),
		TimeToAck: byBucket(r.Ack, r.AckAll), TimeToResolve: byBucket(r.Resolve, r.ResolveAll),
		Availability: []AvailabilityData{}}
	for _, a := range r.Availability {
		d.Availability = append(d.Availability, AvailabilityData{Service: a.Service, Percent: Round3(a.Percent),
			Target: a.Target, Met: a.Met(), PeriodMinutes: a.Period.Minutes(),
			UnplannedMinutes: a.Unplanned.Minutes(), PlannedMinutes: a.Planned.Minutes()})
	}
	if r.Previous != nil {
		p := r.Previous.Data()
		d.Previous = &p
		d.Trends = trends(d, p)
	}
	return d
}

// Encode writes the data as indented JSON with a final newline.
func (d Data) Encode() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("encode report data: %w", err)
	}
	return b.Bytes(), nil
}

func statsData(s Stats) StatsData {
	return StatsData{N: s.N, MedianSeconds: s.Median.Seconds(), P90Seconds: s.P90.Seconds()}
}

func byBucket(by map[string]Stats, all Stats) map[string]StatsData {
	out := map[string]StatsData{"all": statsData(all)}
	for b, s := range by {
		out[b] = statsData(s)
	}
	return out
}

// trends compares the headline figures: the medians over every side and
// each service's availability, where both periods have a value.
func trends(now, before Data) []Trend {
	var out []Trend
	add := func(figure string, n, b float64) {
		out = append(out, Trend{Figure: figure, Now: n, Before: b, Change: Round3(n - b), Arrow: Arrow(n, b)})
	}
	medians := []struct {
		name   string
		n, was StatsData
	}{
		{"time_to_detect", now.TimeToDetect, before.TimeToDetect},
		{"time_to_first_page", now.TimeToFirstPage["all"], before.TimeToFirstPage["all"]},
		{"time_to_ack", now.TimeToAck["all"], before.TimeToAck["all"]},
		{"time_to_resolve", now.TimeToResolve["all"], before.TimeToResolve["all"]},
	}
	for _, m := range medians {
		if m.n.N > 0 && m.was.N > 0 {
			add(m.name+".median_seconds", m.n.MedianSeconds, m.was.MedianSeconds)
		}
	}
	for _, a := range now.Availability {
		for _, w := range before.Availability {
			if w.Service == a.Service {
				add("availability."+a.Service+".percent", a.Percent, w.Percent)
			}
		}
	}
	return out
}
