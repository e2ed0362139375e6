package handlers

import (
	"context"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// WeeklyReport returns the effects that post the report of the week before
// at (the same local time seven days earlier, in loc) to each of the managers' channels: the text, and the chart of time to
// acknowledge by side as a PNG file. Their IDs derive from at, so a firing
// enqueued twice is delivered once. The caller makes sure a firing runs
// once (a job claim).
func (s *Service) WeeklyReport(ctx context.Context, at time.Time, loc *time.Location) ([]incident.Effect, error) {
	if loc == nil {
		loc = s.ReportZone()
	}
	// A calendar week in the report's zone: across a DST change it is an
	// hour longer or shorter than 168 hours, and starts at the same local time.
	r, err := s.Report(ctx, at.In(loc).AddDate(0, 0, -7), at, nil)
	if err != nil {
		return nil, err
	}
	text := reports.Render(r, loc)
	if planned, err := s.maintenanceReport(ctx, r.From, r.To, r.Total); err != nil {
		return nil, err
	} else if planned != "" {
		text += "\n" + planned
	}
	chart, err := reports.AckChart(r, loc)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("report/weekly/%d", at.Unix())
	var out []incident.Effect
	name := "time-to-ack-" + at.In(loc).Format("2006-01-02") + ".png"
	for _, post := range s.managersPosts(key+"/text", text) {
		out = append(out, post,
			incident.Effect{ID: key + "/chart/" + post.Platform, Kind: incident.EffectChannelFile, Platform: post.Platform,
				Channel: post.Channel, Team: post.Team,
				Text: "Time to acknowledge by side, week to " + at.In(loc).Format("Mon 02 Jan 2006 15:04 MST"),
				Data: map[string]string{incident.DataFilename: name, incident.DataContent: base64.StdEncoding.EncodeToString(chart)}})
	}
	if s.opt.Customers == nil {
		return out, nil
	}
	// The MSP's desk: a table of the customers it serves, after its own report.
	texts, err := s.customersReport(ctx, r.From, r.To, loc)
	if err != nil {
		return nil, err
	}
	for i, t := range texts {
		out = append(out, s.managersPosts(fmt.Sprintf("%s/customers/%d", key, i), t)...)
	}
	return out, nil
}
