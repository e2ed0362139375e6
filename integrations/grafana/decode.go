package grafana

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/alertmanager"
)

// Options are the alertmanager package's: Grafana's payload maps the same
// way, so one configuration shape serves both sources.
type Options = alertmanager.Options

// Version is the payload version Grafana's webhook notifier sends.
const Version = "1"

// payload is Grafana's webhook body. Its Alerts shadow the embedded
// Payload's, so the extra per-alert fields are read too.
type payload struct {
	alertmanager.Payload
	OrgID  *int64  `json:"orgId"`
	Title  string  `json:"title"`
	Alerts []alert `json:"alerts"`
}

type alert struct {
	alertmanager.Alert
	SilenceURL   string `json:"silenceURL"`
	DashboardURL string `json:"dashboardURL"`
	PanelURL     string `json:"panelURL"`
	ImageURL     string `json:"imageURL"`
}

// Decode validates a Grafana webhook body and maps it to an alert group
// with Source "grafana". Every error is an *incident.Error with code
// EInvalid whose message names the field.
func Decode(body []byte, opt Options) (incident.AlertGroup, error) {
	var p payload
	if err := alertmanager.Unmarshal(body, &p); err != nil {
		return incident.AlertGroup{}, err
	}
	if err := alertmanager.CheckVersion(p.Version, Version); err != nil {
		return incident.AlertGroup{}, err
	}
	if p.OrgID == nil {
		return incident.AlertGroup{}, incident.Errorf(incident.EInvalid, "orgId: missing")
	}
	p.Payload.Alerts = p.amAlerts()
	g, err := p.Payload.Group(opt)
	if err != nil {
		return incident.AlertGroup{}, err
	}
	g.Source = "grafana"
	g.Key = "org:" + strconv.FormatInt(*p.OrgID, 10) + ":" + g.Key
	if t := stripStatus(p.Title); t != "" {
		g.Title = t
	}
	g.Links = alertmanager.AppendLink(g.Links, p.ExternalURL, "Grafana")
	return g, nil
}

// amAlerts returns the alerts in the alertmanager shape, carrying Grafana's
// URLs as extra links.
func (p payload) amAlerts() []alertmanager.Alert {
	out := make([]alertmanager.Alert, len(p.Alerts))
	for i, a := range p.Alerts {
		out[i] = a.Alert
		out[i].Links = []incident.Link{
			{Href: a.DashboardURL, Text: "Dashboard"},
			{Href: a.PanelURL, Text: "Panel"},
			{Href: a.SilenceURL, Text: "Silence"},
			{Href: a.ImageURL, Text: "Image"},
		} // empty and unsafe ones are dropped by the mapping
	}
	return out
}

// statusPrefix is what Grafana's default title template puts first:
// "[FIRING:2] " or "[RESOLVED] ". It says nothing the alerts don't, and
// would freeze a count into the incident title.
var statusPrefix = regexp.MustCompile(`^\[(?:FIRING:\d+|RESOLVED)\]`)

func stripStatus(title string) string {
	return strings.TrimSpace(statusPrefix.ReplaceAllString(strings.TrimSpace(title), ""))
}
