package bot

import (
	"slices"
	"time"

	"github.com/tandemhq/tandem/config"
)

// PreviewWindow is a recurring maintenance window that covers a service
// at the time a ladder preview asks about.
type PreviewWindow struct {
	Name  string
	Until time.Time
}

// PreviewMaintenance finds the recurring window (config maintenance)
// covering service at at: an alert then opens no incident until the
// window ends, so the ladder would start at Until.
func PreviewMaintenance(cfg *config.Config, service string, at time.Time) (PreviewWindow, bool) {
	for _, mw := range cfg.Maintenance.Windows {
		if !slices.Contains(mw.Services, service) {
			continue
		}
		// The latest start at or before at is within the week before it.
		start := mw.Next(at.Add(-7*24*time.Hour - time.Second))
		for next := mw.Next(start); !next.After(at); next = mw.Next(next) {
			start = next
		}
		if end := start.Add(mw.Duration.Std()); !start.After(at) && at.Before(end) {
			return PreviewWindow{Name: mw.Name, Until: end}, true
		}
	}
	return PreviewWindow{}, false
}
