// Package alertmanager decodes Prometheus Alertmanager webhook deliveries
// (payload version 4) into an incident.AlertGroup.
//
// One delivery describes one alert group (its groupKey); Tandem opens one
// incident per group and tracks the group's alerts by fingerprint. The
// mapping (DESIGN §5.2):
//
//   - Key is groupKey (required).
//   - Each alert needs a fingerprint and a status of firing or resolved.
//     Name is labels.alertname; Summary is annotations.summary, else
//     annotations.description, else the alertname. Labels and annotations
//     are kept as sent. An endsAt of 0001-01-01T00:00:00Z means "not yet
//     ended" and becomes the zero time; times are kept in UTC so a repeated
//     delivery compares equal whatever offset the sender used.
//   - Alert links: generatorURL (Source), annotation runbook_url (Runbook),
//     annotation dashboard or dashboard_url (Dashboard). Group links: the
//     runbook and dashboard the alerts share (commonAnnotations) and
//     externalURL (Alertmanager). Only absolute http(s) URLs become links;
//     anything else is dropped, never shown on a card.
//   - Service is the first of Options.ServiceLabels found in commonLabels,
//     else in groupLabels, else in the first alert's labels.
//   - Severity comes from Options.SeverityLabels in commonLabels, else it is
//     the most severe among the alerts' labels. Values go through
//     incident.ParseSeverity; a value it does not know gives 0 (the service
//     default applies) rather than an error, because label values are the
//     source's business.
//   - The title is described at [Payload.Group].
//
// Besides Decode, the package exports what the grafana package reuses for
// Grafana's Alertmanager-shaped payload: Payload with its Group method,
// Unmarshal, CheckVersion and AppendLink.
//
// truncatedAlerts > 0 is not an error: Alertmanager's max_alerts kept some
// alerts out of this delivery. Nothing records the number; the missing
// alerts are tracked once a later delivery carries them.
//
// Unknown JSON fields are ignored, because Alertmanager (and Grafana, which
// reuses this mapping) add fields across versions.
package alertmanager
