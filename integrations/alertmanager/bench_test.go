package alertmanager

import (
	"encoding/json"
	"fmt"
	"testing"
)

// batch returns an Alertmanager payload of n firing alerts shaped like the
// captured fixtures.
func batch(tb testing.TB, n int) []byte {
	p := Payload{Version: "4", GroupKey: `{}:{alertname="PostgresReplicationLag", service="database"}`,
		Status: "firing", Receiver: "full", ExternalURL: "http://vm:19094",
		GroupLabels:  map[string]string{"alertname": "PostgresReplicationLag", "service": "database"},
		CommonLabels: map[string]string{"alertname": "PostgresReplicationLag", "service": "database", "severity": "critical"}}
	for i := range n {
		p.Alerts = append(p.Alerts, Alert{Status: "firing",
			Labels: map[string]string{"alertname": "PostgresReplicationLag", "instance": fmt.Sprintf("db-%02d:9187", i),
				"service": "database", "severity": "critical", "team": "acme-it"},
			Annotations: map[string]string{"summary": fmt.Sprintf("Replica db-%02d is behind primary", i),
				"runbook_url": "https://runbooks.example.com/postgres/replication-lag"},
			StartsAt: "2026-11-26T23:32:40.800178474Z", EndsAt: "0001-01-01T00:00:00Z",
			GeneratorURL: "http://prometheus.example.com:9090/graph", Fingerprint: fmt.Sprintf("%016x", i)})
	}
	b, err := json.Marshal(p)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func BenchmarkDecode(b *testing.B) {
	body := batch(b, 10)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(body, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
