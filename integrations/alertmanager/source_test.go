package alertmanager

import (
	"testing"

	"github.com/tandemhq/tandem/sources"
)

// The registered source hands its label options to the decoder.
func TestSourceUsesItsLabelOptions(t *testing.T) {
	opt := sources.Standard()
	opt.ServiceLabels = []string{"alertname"}
	g, err := Source.Decode(fixtures(t)["minimal.json"], opt)
	if err != nil || g.Service != "HostDown" || Source.Path() != "/webhooks/alertmanager" {
		t.Fatalf("service %q, path %q, err %v", g.Service, Source.Path(), err)
	}
}
