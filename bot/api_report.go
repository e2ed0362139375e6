package bot

import (
	"fmt"
	"net/http"
	"time"

	"github.com/tandemhq/tandem/chat"
)

// maxReportPeriod bounds the period GET /api/v1/report computes over (it
// reads two periods more before it, for the trends).
const maxReportPeriod = 400 * 24 * time.Hour

// getReport answers GET /api/v1/report?from=&to= (RFC 3339; default the 7
// days to now) with the report's data: the figures of the weekly report,
// the previous period of equal length and the trends (docs/reports.md).
func (b *Bot) getReport(w http.ResponseWriter, r *http.Request) {
	from, to, err := reportPeriod(r, b.opt.Now())
	if err != nil {
		chat.WriteError(w, http.StatusBadRequest, err.Error())
		return
	}
	rep, err := b.svc.Report(r.Context(), from, to, nil)
	if err != nil {
		b.log.Error("report", "err", err)
		chat.WriteError(w, http.StatusServiceUnavailable, "store unavailable; retry later")
		return
	}
	chat.WriteJSON(w, http.StatusOK, rep.Data())
}

func reportPeriod(r *http.Request, now time.Time) (from, to time.Time, err error) {
	q := r.URL.Query()
	to, from = now, now.Add(-7*24*time.Hour)
	for _, p := range []struct {
		key string
		t   *time.Time
	}{{"to", &to}, {"from", &from}} {
		if v := q.Get(p.key); v != "" {
			if *p.t, err = time.Parse(time.RFC3339, v); err != nil {
				return from, to, fmt.Errorf("%s: %q is not an RFC 3339 time (e.g. 2026-03-02T09:00:00Z)", p.key, v)
			}
		}
	}
	if q.Get("from") == "" && q.Get("to") != "" {
		from = to.Add(-7 * 24 * time.Hour)
	}
	if !from.Before(to) || to.Sub(from) > maxReportPeriod {
		return from, to, fmt.Errorf("from must be before to, at most 400 days apart")
	}
	return from, to, nil
}
