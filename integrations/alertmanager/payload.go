package alertmanager

import "github.com/tandemhq/tandem/incident"

// Payload is the body Alertmanager posts to a webhook receiver: its
// notify/webhook Message, that is template.Data plus version, groupKey and
// truncatedAlerts. Grafana's webhook embeds it and adds fields.
type Payload struct {
	Version           string            `json:"version"`
	GroupKey          string            `json:"groupKey"`
	TruncatedAlerts   uint64            `json:"truncatedAlerts"`
	Status            string            `json:"status"`
	Receiver          string            `json:"receiver"`
	GroupLabels       map[string]string `json:"groupLabels"`
	CommonLabels      map[string]string `json:"commonLabels"`
	CommonAnnotations map[string]string `json:"commonAnnotations"`
	ExternalURL       string            `json:"externalURL"`
	Alerts            []Alert           `json:"alerts"`
}

// Alert is one alert of a Payload. Times stay strings so that a bad one is
// reported with its field name rather than as a JSON type error.
type Alert struct {
	Status       string            `json:"status"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     string            `json:"startsAt"`
	EndsAt       string            `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
	Fingerprint  string            `json:"fingerprint"`

	// Links are extra links a wrapping decoder adds (Grafana's dashboard,
	// panel, silence and image URLs); never read from JSON.
	Links []incident.Link `json:"-"`
}
