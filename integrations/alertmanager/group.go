package alertmanager

import (
	"cmp"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// Group validates p and maps it to an alert group: Key, Title, Service,
// Severity, Alerts and the links the alerts share. It leaves Source and the
// externalURL link to the caller, which knows what sent the payload, and
// does not check the version, which differs for Grafana.
//
// The title is the first that is set of: commonAnnotations.summary; the
// first firing alert's summary (or description) annotation;
// commonLabels.alertname; the first firing alert's alertname (the first
// alert's when none fires); "Alert group <receiver>". When the alerts carry
// more than one distinct alertname, the second to fourth choices speak for
// one alert only, so " and N more" counts the other names ("DiskFull and 2
// more").
func (p Payload) Group(opt Options) (incident.AlertGroup, error) {
	opt = opt.withDefaults()
	if p.GroupKey == "" {
		return incident.AlertGroup{}, incident.Errorf(incident.EInvalid, "groupKey: missing")
	}
	if len(p.Alerts) == 0 {
		return incident.AlertGroup{}, incident.Errorf(incident.EInvalid, "alerts: empty (a delivery needs at least one alert)")
	}
	alerts := make([]incident.Alert, len(p.Alerts))
	for i, a := range p.Alerts {
		out, err := a.toIncident(i)
		if err != nil {
			return incident.AlertGroup{}, err
		}
		alerts[i] = out
	}
	g := incident.AlertGroup{
		Key:      p.GroupKey,
		Title:    p.title(alerts),
		Service:  p.service(opt.ServiceLabels),
		Severity: p.severity(opt.SeverityLabels),
		Alerts:   alerts,
	}
	g.Links = AppendLink(g.Links, p.CommonAnnotations["runbook_url"], "Runbook")
	g.Links = appendDashboard(g.Links, p.CommonAnnotations)
	return g, nil
}

// toIncident validates alert i and maps it.
func (a Alert) toIncident(i int) (incident.Alert, error) {
	if a.Fingerprint == "" {
		return incident.Alert{}, incident.Errorf(incident.EInvalid, "alerts[%d].fingerprint: missing", i)
	}
	status := incident.AlertStatus(a.Status)
	if status != incident.AlertFiring && status != incident.AlertResolved {
		return incident.Alert{}, incident.Errorf(incident.EInvalid, `alerts[%d].status: must be "firing" or "resolved"`, i)
	}
	starts, err := parseTime(a.StartsAt, i, "startsAt")
	if err != nil {
		return incident.Alert{}, err
	}
	ends, err := parseTime(a.EndsAt, i, "endsAt")
	if err != nil {
		return incident.Alert{}, err
	}
	return incident.Alert{
		Fingerprint: a.Fingerprint,
		Status:      status,
		Name:        a.Labels["alertname"],
		Summary:     cmp.Or(a.Annotations["summary"], a.Annotations["description"], a.Labels["alertname"]),
		Labels:      a.Labels,
		Annotations: a.Annotations,
		StartsAt:    starts,
		EndsAt:      ends,
		Links:       a.links(),
	}, nil
}

func (a Alert) links() []incident.Link {
	var links []incident.Link
	links = AppendLink(links, a.GeneratorURL, "Source")
	links = AppendLink(links, a.Annotations["runbook_url"], "Runbook")
	links = appendDashboard(links, a.Annotations)
	for _, l := range a.Links {
		links = AppendLink(links, l.Href, l.Text)
	}
	return links
}

// appendDashboard adds the dashboard annotation; rule authors spell it both
// ways.
func appendDashboard(links []incident.Link, annotations map[string]string) []incident.Link {
	return AppendLink(links, cmp.Or(annotations["dashboard"], annotations["dashboard_url"]), "Dashboard")
}

// parseTime reads an RFC 3339 time. Empty and Go's zero time (what
// Alertmanager sends for "no end yet") are the zero time.
func parseTime(v string, i int, field string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, incident.Errorf(incident.EInvalid, "alerts[%d].%s: %q is not an RFC 3339 time", i, field, v)
	}
	if t.IsZero() {
		return time.Time{}, nil
	}
	return t.UTC(), nil
}
