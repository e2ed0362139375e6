package generic

import (
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/sources"
)

// Source is the generic event webhook as an alert source (bot/sources.go
// registers it): /webhooks/generic, sources.generic.
var Source = sources.Source{Name: "generic", Decode: decodeSource, Defaults: sources.Standard()}

// decodeSource ignores the label options: an event names its service and
// severity in fields of its own, not in labels.
func decodeSource(body []byte, _ sources.Options) (incident.AlertGroup, error) {
	return Decode(body)
}
