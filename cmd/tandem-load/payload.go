package main

import (
	"fmt"
	"strings"
	"time"
)

// payload builds request n: its group (cycled over --groups; unique when
// groups is 0, and for every --new-every-th request) and --batch alerts with fingerprints unique to the request,
// so every alert is new to its incident. It returns the group key too.
func (o *options) payload(n int, runID string) (body []byte, group string) {
	group = fmt.Sprintf("load-%s-%d", runID, n) // a new group: a new incident
	if o.Groups > 0 && (o.NewEvery == 0 || n%o.NewEvery != 0) {
		group = fmt.Sprintf("load-%s-g%d", runID, n%o.Groups) // joins one of --groups
	}
	if o.Format == "generic" {
		return []byte(fmt.Sprintf(`{"summary":"load test alert %d","dedup_key":%q,"severity":"warning","service":"database","source":"tandem-load"}`, n, group)), group
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	alerts := make([]string, o.Batch)
	for i := range alerts {
		alerts[i] = fmt.Sprintf(`{"status":"firing","labels":{"alertname":"LoadTest","service":"database","severity":"warning","instance":"host-%d-%d"},"annotations":{"summary":"load test %d/%d"},"startsAt":%q,"endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.local/graph","fingerprint":"%s-%d-%d"}`,
			n, i, n, i, now, group, n, i)
	}
	return []byte(fmt.Sprintf(`{"version":"4","groupKey":"{}:{group=\"%s\"}","status":"firing","receiver":"tandem","groupLabels":{"group":%q},"commonLabels":{"alertname":"LoadTest","service":"database"},"commonAnnotations":{},"externalURL":"http://alertmanager.local","truncatedAlerts":0,"alerts":[%s]}`,
		group, group, strings.Join(alerts, ","))), group
}
