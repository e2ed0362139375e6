package alertmanager

// Options tune how labels map to an incident. The zero value is usable.
type Options struct {
	ServiceLabels  []string // label names tried in order for the service; default ["service"]
	SeverityLabels []string // default ["severity"]
	MaxAlerts      int      // default 1000; more alerts in one payload is an EInvalid error
}

// DefaultMaxAlerts bounds the alerts of one delivery: a group that large is
// a misconfigured route, and each alert costs a timeline entry.
const DefaultMaxAlerts = 1000

func (o Options) withDefaults() Options {
	if len(o.ServiceLabels) == 0 {
		o.ServiceLabels = []string{"service"}
	}
	if len(o.SeverityLabels) == 0 {
		o.SeverityLabels = []string{"severity"}
	}
	if o.MaxAlerts <= 0 {
		o.MaxAlerts = DefaultMaxAlerts
	}
	return o
}
