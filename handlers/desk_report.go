package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// customersReport is the desk's weekly table, customer by customer: the
// incidents the MSP covers there (services within the scope of that
// customer's MSP teams), time to acknowledge and to resolve by side
// (medians) and the SLA met. Each customer is read on its own, within its
// own tenant; the text is cut into posts of at most reports.MaxText. It is
// empty when the desk serves no customer.
func (s *Service) customersReport(ctx context.Context, from, to time.Time, loc *time.Location) ([]string, error) {
	served := s.opt.Customers.Served()
	if len(served) == 0 {
		return nil, nil
	}
	lines := []string{fmt.Sprintf("🏢 *Customers* %s – %s (median time to ack · to resolve, internal / MSP; SLA met ack · resolve)",
		from.In(loc).Format("Mon 02 Jan"), to.In(loc).Format("Mon 02 Jan 2006"))}
	for _, name := range served {
		line, err := s.customerLine(ctx, name, from, to)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
	}
	return chunkLines(lines, reports.MaxText), nil
}

// customerLine is one customer's row of the desk's weekly table.
func (s *Service) customerLine(ctx context.Context, name string, from, to time.Time) (string, error) {
	svc, release, ok := s.opt.Customers.Customer(name)
	if !ok {
		return fmt.Sprintf("• %s: not running now", name), nil
	}
	defer release()
	r, err := svc.Report(ctx, from, to, svc.coveredByMSP)
	if err != nil {
		return "", fmt.Errorf("customer %s: %w", name, err)
	}
	if r.Total == 0 {
		return fmt.Sprintf("• %s: no incidents", name), nil
	}
	return fmt.Sprintf("• %s: %d incident(s) · ack %s / %s · resolve %s / %s · SLA %s · %s", name, r.Total,
		median(r.Ack, reports.BucketInternal), median(r.Ack, reports.BucketMSP),
		median(r.Resolve, reports.BucketInternal), median(r.Resolve, reports.BucketMSP),
		slaTotal(r.SLAAck), slaTotal(r.SLAResolve)), nil
}

// coveredByMSP says whether an MSP team of this customer may see inc.
func (s *Service) coveredByMSP(inc incident.Incident) bool {
	for _, t := range s.opt.Directory.Teams {
		if t.Side == incident.MSP && t.MaySee(inc.Service) {
			return true
		}
	}
	return false
}

func median(by map[string]reports.Stats, bucket string) string {
	if st, ok := by[bucket]; ok && st.N > 0 {
		return reports.Duration(st.Median)
	}
	return "–"
}

// slaTotal sums SLA results over severities and sides: "3/4 (75%)".
func slaTotal(m map[reports.SLAKey]reports.Ratio) string {
	var sum reports.Ratio
	for _, r := range m {
		sum.Met, sum.Of = sum.Met+r.Met, sum.Of+r.Of
	}
	if sum.Of == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/%d (%d%%)", sum.Met, sum.Of, sum.Percent())
}

// chunkLines joins lines into texts of at most limit bytes, never cutting
// a line (a longer line is a text of its own).
func chunkLines(lines []string, limit int) []string {
	var out []string
	var b strings.Builder
	for _, l := range lines {
		if b.Len() > 0 && b.Len()+1+len(l) > limit {
			out = append(out, b.String())
			b.Reset()
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}
