package handlers

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
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
	chart, err := reports.AckChart(r, loc)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("report/weekly/%d", at.Unix())
	name := "time-to-ack-" + at.In(loc).Format("2006-01-02") + ".png"
	mgr := s.opt.Directory.Managers
	platforms := make([]string, 0, len(mgr.Channels))
	for p := range mgr.Channels {
		platforms = append(platforms, p)
	}
	slices.Sort(platforms)
	var out []incident.Effect
	for _, p := range platforms {
		ch := mgr.Channels[p]
		out = append(out,
			incident.Effect{ID: key + "/text/" + p, Kind: incident.EffectChannelPost, Platform: p, Channel: ch, Team: mgr.Name, Text: text},
			incident.Effect{ID: key + "/chart/" + p, Kind: incident.EffectChannelFile, Platform: p, Channel: ch, Team: mgr.Name,
				Text: "Time to acknowledge by side, week to " + at.In(loc).Format("Mon 02 Jan 2006 15:04 MST"),
				Data: map[string]string{incident.DataFilename: name, incident.DataContent: base64.StdEncoding.EncodeToString(chart)}})
	}
	return out, nil
}
