package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/reports"
)

// reviewService is the use cases with the maintenance windows of the
// store, which the review's planned outage needs (Tools' own service reads
// incidents and timelines only).
func (t *Tools) reviewService() *handlers.Service {
	opt := handlerOptions(t.cfg, nil)
	opt.Maintenance = handlers.MaintenanceOptions{Store: t.store, Zone: t.cfg.Location}
	return handlers.New(t.store, opt)
}

// ReviewZone is the zone reviews are computed and shown in: the calendar
// of the default service's ladder, as the chat reports.
func (t *Tools) ReviewZone() *time.Location { return t.svc.ReportZone() }

// Review renders the operational review of b's period (of service, ""
// for all) as "md", "json" or "pdf"; created dates the PDF.
func (t *Tools) Review(ctx context.Context, b reports.PeriodBounds, service, format string, created time.Time) ([]byte, error) {
	r, err := t.reviewService().PeriodReview(ctx, b, service)
	if err != nil {
		return nil, err
	}
	loc := b.From.Location()
	switch format {
	case "json":
		return r.Data().Encode()
	case "md":
		return []byte(reports.RenderReviewMarkdown(r, loc)), nil
	case "pdf":
		charts, err := reports.ReviewCharts(r, loc)
		if err != nil {
			return nil, err
		}
		return reports.RenderReviewPDF(reports.RenderReviewMarkdown(r, loc), charts, created)
	}
	return nil, fmt.Errorf("unknown review format %q: use md, json or pdf", format)
}
