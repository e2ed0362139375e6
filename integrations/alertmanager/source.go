package alertmanager

import (
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/sources"
)

// Source is Alertmanager's webhook as an alert source (bot/sources.go
// registers it): /webhooks/alertmanager, sources.alertmanager.
var Source = sources.Source{Name: "alertmanager", Decode: decodeSource, Defaults: sources.Standard()}

func decodeSource(body []byte, opt sources.Options) (incident.AlertGroup, error) {
	return Decode(body, LabelOptions(opt))
}

// LabelOptions picks the label names of a source's options; the Grafana
// source maps its labels the same way.
func LabelOptions(opt sources.Options) Options {
	return Options{ServiceLabels: opt.ServiceLabels, SeverityLabels: opt.SeverityLabels}
}
