package alertmanager

// Options tune how labels map to an incident. The zero value is usable.
type Options struct {
	ServiceLabels  []string // label names tried in order for the service; default ["service"]
	SeverityLabels []string // default ["severity"]
}

// A delivery has no limit of its own on its alerts: the 1 MiB body cap
// bounds one payload, and sources.<name>.max_alerts bounds what one
// incident stores across all its deliveries (handlers.SourceRule).

func (o Options) withDefaults() Options {
	if len(o.ServiceLabels) == 0 {
		o.ServiceLabels = []string{"service"}
	}
	if len(o.SeverityLabels) == 0 {
		o.SeverityLabels = []string{"severity"}
	}
	return o
}
