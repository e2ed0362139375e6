package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/reports"
)

// maintenanceReport is the weekly report's line on planned against
// unplanned work: the maintenance windows that ran in [from, to) (their
// time, services and the alerts they held back) beside the incidents
// opened, the unplanned. "" when maintenance is off or no window ran.
func (s *Service) maintenanceReport(ctx context.Context, from, to time.Time, unplanned int) (string, error) {
	if s.opt.Maintenance.Store == nil {
		return "", nil
	}
	all, err := s.opt.Maintenance.Store.Windows(ctx)
	if err != nil {
		return "", err
	}
	var n, held int
	var total time.Duration
	var services []string
	for _, w := range all {
		start, end := reports.Latest(w.Start, from), reports.Earliest(w.Until(), to)
		if !start.Before(end) {
			continue
		}
		n, held, total = n+1, held+w.Suppressed, total+end.Sub(start)
		for _, svc := range w.Services {
			if !slices.Contains(services, svc) {
				services = append(services, svc)
			}
		}
	}
	if n == 0 {
		return "", nil
	}
	slices.Sort(services)
	return fmt.Sprintf("*Planned vs unplanned:* %d maintenance window(s), %s in all on %s, held back %d alert(s); %d incident(s) unplanned.",
		n, chat.Duration(total), strings.Join(services, ", "), held, unplanned), nil
}
