package handlers

import (
	"context"
	"fmt"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// Export formats.
const (
	FormatMarkdown = "md"
	FormatJSON     = "json"
)

// Export renders incident id as a Markdown review or as JSON.
func (s *Service) Export(ctx context.Context, id, format string) ([]byte, error) {
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	events, err := s.store.Timeline(ctx, id)
	if err != nil {
		return nil, err
	}
	switch format {
	case FormatJSON:
		return reports.NewExportJSON(inc, events).Encode()
	case FormatMarkdown, "":
		return []byte(s.review(inc, events)), nil
	}
	return nil, incident.Errorf(incident.EInvalid, "unknown export format %q: use md or json", format)
}

// Review returns the post-incident review of id as a Markdown file: its
// name, content, and a one-line comment to post with it.
func (s *Service) Review(ctx context.Context, id string) (name string, data []byte, comment string, err error) {
	data, err = s.Export(ctx, id, FormatMarkdown)
	if err != nil {
		return "", nil, "", err
	}
	return id + "-review.md", data, fmt.Sprintf("📄 Post-incident review of %s (timeline, who acted on which side, TTA/TTR against SLA).", id), nil
}

// review renders the Markdown review with the configured SLA, calendar
// and sides.
func (s *Service) review(inc incident.Incident, events []incident.Event) string {
	rules := s.ReportRules()
	sla, hasSLA := rules.SLA[inc.Severity]
	return reports.RenderReview(reports.ReviewInput{
		Incident: inc, Events: events, Zone: s.displayZone(inc), SLA: sla, HasSLA: hasSLA,
		Calendar: rules.Calendar(inc), TeamSide: rules.TeamSide,
	})
}
