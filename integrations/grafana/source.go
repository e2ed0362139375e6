package grafana

import (
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/alertmanager"
	"github.com/tandemhq/tandem/sources"
)

// Source is Grafana's webhook as an alert source (bot/sources.go
// registers it): /webhooks/grafana, sources.grafana.
var Source = sources.Source{Name: "grafana", Decode: decodeSource, Defaults: sources.Standard()}

func decodeSource(body []byte, opt sources.Options) (incident.AlertGroup, error) {
	return Decode(body, alertmanager.LabelOptions(opt))
}
