package alertmanager

import "github.com/tandemhq/tandem/incident"

// Version is the only webhook payload version Alertmanager has sent since
// 0.16; another value means a format this decoder has never seen.
const Version = "4"

// Decode validates an Alertmanager webhook body and maps it to an alert
// group with Source "alertmanager". Every error is an *incident.Error with
// code EInvalid whose message names the field, e.g.
// `alerts[3].fingerprint: missing`.
func Decode(body []byte, opt Options) (incident.AlertGroup, error) {
	var p Payload
	if err := Unmarshal(body, &p); err != nil {
		return incident.AlertGroup{}, err
	}
	if err := CheckVersion(p.Version, Version); err != nil {
		return incident.AlertGroup{}, err
	}
	g, err := p.Group(opt)
	if err != nil {
		return incident.AlertGroup{}, err
	}
	g.Source = "alertmanager"
	g.Links = AppendLink(g.Links, p.ExternalURL, "Alertmanager")
	return g, nil
}

// CheckVersion reports a payload version other than want.
func CheckVersion(got, want string) error {
	switch got {
	case want:
		return nil
	case "":
		return incident.Errorf(incident.EInvalid, "version: missing (want %q)", want)
	}
	return incident.Errorf(incident.EInvalid, "version: %q is not supported (want %q)", got, want)
}
