package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/reports"
)

// postMonthlyReview enqueues the operational review of the last complete
// month before at (in the spec's zone) for the managers' channels, unless
// another replica (or an earlier run of this timer) already did: the job
// claim makes a firing post once however many replicas there are.
func (b *Bot) postMonthlyReview(ctx context.Context, at time.Time, loc *time.Location) error {
	if loc == nil {
		loc = b.svc.ReportZone()
	}
	month, err := reports.LastComplete("month", at, loc)
	if err != nil {
		return err
	}
	// Computed before the claim: a failure leaves the firing unclaimed for
	// the timer's next try.
	effects, err := b.svc.ReviewPosts(ctx, fmt.Sprintf("review/monthly/%d", at.Unix()), month, "")
	if err != nil {
		return fmt.Errorf("monthly review %s: %w", at.Format(time.RFC3339), err)
	}
	first, err := b.store.EnqueueJob(ctx, "monthly-review", at, effects...)
	if err == nil && first {
		b.log.Info("monthly review posted", "at", at, "month", month.Name, "posts", len(effects))
	}
	return err
}
