package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// ReviewData is a review as JSON (tandem review --format json): the
// report's data of the period (with the previous period's and its trends),
// the review's own figures of both periods, and the trends of those.
// docs/reports.md shows it.
type ReviewData struct {
	Service  string     `json:"service,omitempty"`
	Report   Data       `json:"report"`
	Period   PeriodData `json:"period"`
	Previous PeriodData `json:"previous"`
	Trends   []Trend    `json:"trends"`
	Weeks    []WeekData `json:"weeks"`
	// HoursOfDay counts the incidents by the hour they opened (in the
	// review's zone) and the side paged first.
	HoursOfDay [24]map[string]int `json:"hours_of_day"`
}

// WeekData is one week's medians by side bucket, in seconds.
type WeekData struct {
	From          time.Time          `json:"from"`
	Incidents     int                `json:"incidents"`
	TimeToAck     map[string]float64 `json:"time_to_ack_median_seconds"`
	TimeToResolve map[string]float64 `json:"time_to_resolve_median_seconds"`
}

func medians(by map[string]Stats) map[string]float64 {
	out := map[string]float64{}
	for b, s := range by {
		out[b] = s.Median.Seconds()
	}
	return out
}

// PeriodData is a Period's own figures.
type PeriodData struct {
	BySeverity          []GroupData     `json:"by_severity"`
	ByService           []GroupData     `json:"by_service"`
	SLA                 []SLAData       `json:"sla"`
	SLAMet              RatioData       `json:"sla_met"`
	AutoResolvedUnacked int             `json:"auto_resolved_unacked"`
	Escalations         EscalationsData `json:"escalations_to_msp"`
	Noisiest            []NoiseData     `json:"noisiest_alerts"`
	Tickets             TicketsData     `json:"tickets"`
	Slowest             []SlowData      `json:"slowest"`
}

// GroupData is a Group in seconds.
type GroupData struct {
	Name                string    `json:"name"`
	Incidents           int       `json:"incidents"`
	StillOpen           int       `json:"still_open"`
	TimeToDetect        StatsData `json:"time_to_detect"`
	TimeToAck           StatsData `json:"time_to_ack"`
	TimeToResolve       StatsData `json:"time_to_resolve"`
	SLAAck              RatioData `json:"sla_ack"`
	SLAResolve          RatioData `json:"sla_resolve"`
	AutoResolvedUnacked int       `json:"auto_resolved_unacked"`
}

// RatioData is a Ratio with its rounded percentage.
type RatioData struct {
	Met     int `json:"met"`
	Of      int `json:"of"`
	Percent int `json:"percent"`
}

// SLAData is one SLA row: a severity and side bucket's ack and resolve
// targets met (of 0 when the row has no such target counted).
type SLAData struct {
	Severity string    `json:"severity"`
	Side     string    `json:"side"`
	Ack      RatioData `json:"ack"`
	Resolve  RatioData `json:"resolve"`
}

// EscalationsData is Escalations with its counts.
type EscalationsData struct {
	Reached  int                 `json:"reached"`
	Of       int                 `json:"of"`
	ByReason map[string][]string `json:"by_reason"`
}

// NoiseData is one noisy alert.
type NoiseData struct {
	Alert               string `json:"alert"`
	Firings             int    `json:"firings"`
	Incidents           int    `json:"incidents"`
	AutoResolvedUnacked int    `json:"auto_resolved_unacked"`
}

// TicketsData is Tickets in seconds.
type TicketsData struct {
	Opened         int                  `json:"opened"`
	Open           int                  `json:"open"`
	ResolutionTime map[string]StatsData `json:"resolution_time"`
}

// SlowData is one of the slowest incidents.
type SlowData struct {
	ID      string  `json:"id"`
	Seconds float64 `json:"seconds"`
	Open    bool    `json:"open"`
}

// Data returns the review's JSON form.
func (r Review) Data() ReviewData {
	rep := r.Period.Report
	prev := r.Previous.Report
	rep.Previous = &prev
	d := ReviewData{Service: r.Service, Report: rep.Data(), Period: r.Period.data(), Previous: r.Previous.data()}
	d.Trends = reviewTrends(d.Report, d.Period, d.Previous)
	d.Weeks = []WeekData{}
	for _, w := range r.Weeks {
		d.Weeks = append(d.Weeks, WeekData{From: w.From, Incidents: w.Incidents, TimeToAck: medians(w.Ack), TimeToResolve: medians(w.Resolve)})
	}
	d.HoursOfDay = r.Hours
	return d
}

func (p Period) data() PeriodData {
	d := PeriodData{BySeverity: groupsData(p.BySeverity), ByService: groupsData(p.ByService), SLA: slaData(p.Report),
		SLAMet: ratioData(p.SLAMet()), AutoResolvedUnacked: p.AutoResolvedUnacked(),
		Escalations: EscalationsData{Reached: p.Escalations.Reached, Of: p.Report.Total, ByReason: p.Escalations.ByReason},
		Noisiest:    []NoiseData{}, Slowest: []SlowData{},
		Tickets: TicketsData{Opened: p.Tickets.Opened, Open: p.Tickets.Open,
			ResolutionTime: byBucket(p.Tickets.ByPlatform, p.Tickets.All)}}
	for _, n := range p.Noisiest {
		d.Noisiest = append(d.Noisiest, NoiseData(n))
	}
	for _, s := range p.Report.Slowest {
		d.Slowest = append(d.Slowest, SlowData{ID: s.Incident.ID, Seconds: s.Took.Seconds(), Open: s.Open})
	}
	return d
}

func groupsData(gs []Group) []GroupData {
	out := []GroupData{}
	for _, g := range gs {
		out = append(out, GroupData{Name: g.Name, Incidents: g.Total, StillOpen: g.StillOpen,
			TimeToDetect: statsData(g.Detect), TimeToAck: statsData(g.Ack), TimeToResolve: statsData(g.Resolve),
			SLAAck: ratioData(g.SLAAck), SLAResolve: ratioData(g.SLAResolve), AutoResolvedUnacked: g.AutoResolvedUnacked})
	}
	return out
}

func ratioData(r Ratio) RatioData { return RatioData{Met: r.Met, Of: r.Of, Percent: r.Percent()} }

// slaData lists the SLA rows in report order (severity, then side).
func slaData(r Report) []SLAData {
	out := []SLAData{}
	for _, k := range slaKeys(r) {
		out = append(out, SLAData{Severity: k.Severity.String(), Side: k.Bucket,
			Ack: ratioData(r.SLAAck[k]), Resolve: ratioData(r.SLAResolve[k])})
	}
	return out
}

func slaKeys(r Report) []SLAKey {
	var out []SLAKey
	for _, sev := range severities {
		for _, b := range Buckets {
			k := SLAKey{sev, b}
			_, a := r.SLAAck[k]
			_, res := r.SLAResolve[k]
			if a || res {
				out = append(out, k)
			}
		}
	}
	return out
}

// reviewTrends are the report's trends (medians, availability) and the
// review's own: incidents, SLA met, escalations to the MSP, auto-resolved
// unacknowledged, and the tickets' median resolution time.
func reviewTrends(rep Data, now, before PeriodData) []Trend {
	out := []Trend{}
	add := func(figure string, n, b float64) {
		out = append(out, Trend{Figure: figure, Now: n, Before: b, Change: Round3(n - b), Arrow: Arrow(n, b)})
	}
	if rep.Previous != nil {
		add("incidents", float64(rep.Incidents), float64(rep.Previous.Incidents))
	}
	out = append(out, rep.Trends...)
	if now.SLAMet.Of > 0 && before.SLAMet.Of > 0 {
		add("sla_met.percent", float64(now.SLAMet.Percent), float64(before.SLAMet.Percent))
	}
	add("escalations_to_msp", float64(now.Escalations.Reached), float64(before.Escalations.Reached))
	add("auto_resolved_unacked", float64(now.AutoResolvedUnacked), float64(before.AutoResolvedUnacked))
	n, b := now.Tickets.ResolutionTime["all"], before.Tickets.ResolutionTime["all"]
	if n.N > 0 && b.N > 0 {
		add("ticket_resolution.median_seconds", n.MedianSeconds, b.MedianSeconds)
	}
	return out
}

// Encode writes the data as indented JSON with a final newline.
func (d ReviewData) Encode() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("encode review data: %w", err)
	}
	return b.Bytes(), nil
}
