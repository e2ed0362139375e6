package config

import (
	"reflect"
	"testing"
)

func TestAvailabilityKeys(t *testing.T) {
	svc := func(extra string) string { return edit(t, "ladder: std}", "ladder: std, "+extra+"}") }
	runRules(t, []ruleCase{
		{name: "OKTarget", src: svc("availability_target: 99.9, outage_severities: [sev1]")},
		{name: "OKHundred", src: svc("availability_target: 100")},
		{name: "ErrTargetZero", src: svc("availability_target: 0"), want: []string{
			"t.yaml:23:62:", "services[0].availability_target: must be a percentage above 0 and at most 100 (e.g. 99.9), not 0"}},
		{name: "ErrTargetOver", src: svc("availability_target: 100.5"), want: []string{"not 100.5"}},
		{name: "ErrTargetText", src: svc("availability_target: high"), want: []string{"services[0].availability_target"}},
		{name: "ErrOutageSeverity", src: svc("outage_severities: [sev1, critical]"), want: []string{
			`services[0].outage_severities[1]: must be sev1, sev2, sev3 or sev4, not "critical"`}},
		{name: "ErrOutageTwice", src: svc("outage_severities: [sev2, sev2]"), want: []string{`services[0].outage_severities[1]: "sev2" is listed twice`}},
		{name: "ErrOutageEmpty", src: svc("outage_severities: []"), want: []string{"services[0].outage_severities: needs at least one severity"}},
	})
	cfg, _ := parse(t, base, nil)
	if s := cfg.Services[0]; s.AvailabilityTarget != nil || !reflect.DeepEqual(s.OutageSeverities, []string{"sev1", "sev2"}) {
		t.Fatalf("defaults: target %v, outage severities %v", s.AvailabilityTarget, s.OutageSeverities)
	}
}
