// Package grafana decodes Grafana Alerting webhook deliveries (contact
// point type "webhook", payload version 1) into an incident.AlertGroup.
//
// Grafana's payload is Alertmanager's (Grafana runs an Alertmanager inside)
// plus orgId, title, state and message, and per alert values, valueString,
// silenceURL, dashboardURL, panelURL and imageURL. The mapping is therefore
// the alertmanager package's, with these differences:
//
//   - Source is "grafana" and the version must be "1".
//   - Key is "org:<orgId>:" + groupKey, so equal groups in two Grafana
//     organisations never merge into one incident; orgId is required.
//   - Title is the payload's title without the "[FIRING:n] " or
//     "[RESOLVED] " prefix of Grafana's default title template, falling
//     back to the alertmanager title rules when that leaves nothing.
//   - Alert links add dashboardURL (Dashboard), panelURL (Panel),
//     silenceURL (Silence) and imageURL (Image) when present; the group link
//     to externalURL reads "Grafana".
//
// state and message (deprecated by Grafana) and values/valueString are not
// used. A contact point with a custom payload template sends whatever its
// template renders; such bodies fail to decode unless they keep this shape.
// Unknown fields are ignored.
package grafana
