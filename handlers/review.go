package handlers

import (
	"context"
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// JobStore enqueues the effects of a job once per name and instant; the
// Redis store provides it (EnqueueJob).
type JobStore interface {
	EnqueueJob(ctx context.Context, name string, at time.Time, effects ...incident.Effect) (bool, error)
}

// PeriodReview computes the operational review of b's period, and of the one
// before, over every incident or those of service ("" for all). It reads
// the incidents opened from one more period back (outages running into
// the previous period) and the timelines of those of both periods.
func (s *Service) PeriodReview(ctx context.Context, b reports.PeriodBounds, service string) (reports.Review, error) {
	if service != "" {
		if _, ok := s.opt.Services[service]; !ok {
			return reports.Review{}, incident.Errorf(incident.EInvalid, "no service %q is configured; services: %s",
				service, strings.Join(slices.Sorted(maps.Keys(s.opt.Services)), ", "))
		}
	}
	rs, ok := s.store.(ReportStore)
	if !ok {
		return reports.Review{}, fmt.Errorf("review: the store cannot find incidents by opening time")
	}
	incs, err := rs.OpenedBetween(ctx, b.PrevFrom.Add(-b.From.Sub(b.PrevFrom)), b.To)
	if err != nil {
		return reports.Review{}, err
	}
	timelines := map[string][]incident.Event{}
	for _, inc := range incs {
		if inc.OpenedAt.Before(b.PrevFrom) || (service != "" && inc.Service != service) {
			continue
		}
		if timelines[inc.ID], err = s.store.Timeline(ctx, inc.ID); err != nil {
			return reports.Review{}, err
		}
	}
	rules, err := s.availabilityRules(ctx, s.ReportRules(), nil)
	if err != nil {
		return reports.Review{}, err
	}
	return reports.ComputeReview(reports.PeriodInput{Incidents: incs, Timelines: timelines, From: b.From, To: b.To,
		PrevFrom: b.PrevFrom, Service: service, Rules: rules, Zone: b.From.Location()}), nil
}

// ReviewPosts returns the effects that post the review of b to each of the
// managers' channels: the summary, the whole review as a Markdown file and
// the charts as PNG files. Their IDs derive from key, so a post enqueued
// twice is delivered once.
func (s *Service) ReviewPosts(ctx context.Context, key string, b reports.PeriodBounds, service string) ([]incident.Effect, error) {
	loc := b.From.Location()
	r, err := s.PeriodReview(ctx, b, service)
	if err != nil {
		return nil, err
	}
	charts, err := reports.ReviewCharts(r, loc)
	if err != nil {
		return nil, err
	}
	stem := "review-" + b.From.Format("2006-01")
	if b.To.Equal(b.From.AddDate(0, 3, 0)) {
		// A quarter's file is not named for its first month.
		stem = fmt.Sprintf("review-%d-Q%d", b.From.Year(), (int(b.From.Month())-1)/3+1)
	}
	if service != "" {
		stem += "-" + service
	}
	files := append([]reports.Chart{{Name: stem + ".md", Title: "Operational review " + b.Name,
		PNG: []byte(reports.RenderReviewMarkdown(r, loc))}}, charts...)
	var out []incident.Effect
	for _, post := range s.managersPosts(key+"/text", reports.RenderReviewSummary(r, b.Name, loc)) {
		out = append(out, post)
		for _, f := range files {
			out = append(out, incident.Effect{ID: key + "/" + f.Name + "/" + post.Platform, Kind: incident.EffectChannelFile,
				Platform: post.Platform, Channel: post.Channel, Team: post.Team, Text: f.Title,
				Data: map[string]string{incident.DataFilename: f.Name, incident.DataContent: base64.StdEncoding.EncodeToString(f.PNG)}})
		}
	}
	return out, nil
}

// reviewCommand answers /incident review month|quarter [service]: a
// manager's request to post the review of the last complete period to the
// managers' channels.
func reviewCommand(s *Service, ctx context.Context, c call) (chat.Response, error) {
	if c.member.Team != ManagersTeam {
		return chat.Response{}, incident.Errorf(incident.EUnauthorized, "only managers may post a review; ask one, or run `tandem review`")
	}
	js, ok := s.store.(JobStore)
	if !ok {
		return chat.Response{}, fmt.Errorf("review: the store cannot enqueue posts")
	}
	now := s.opt.Now()
	b, err := reports.LastComplete(c.cmd.Period, now, s.ReportZone())
	if err != nil {
		return chat.Response{}, incident.Errorf(incident.EInvalid, "%v", err)
	}
	name := fmt.Sprintf("review/%s/%d/%s/%s", c.cmd.Period, b.From.Unix(), c.cmd.Service, c.member.Name)
	effects, err := s.ReviewPosts(ctx, fmt.Sprintf("%s/%d", name, now.UnixNano()), b, c.cmd.Service)
	if err != nil {
		return chat.Response{}, err
	}
	if len(effects) == 0 {
		return chat.Response{}, incident.Errorf(incident.EConflict, "no managers' channel is configured to post the review to")
	}
	if first, err := js.EnqueueJob(ctx, name, now, effects...); err != nil {
		return chat.Response{}, err
	} else if !first {
		return chat.Private("📋 The review of " + b.Name + " is already on its way to the managers' channel."), nil
	}
	return chat.Private("📋 Posting the review of " + b.Name + " to the managers' channel."), nil
}
