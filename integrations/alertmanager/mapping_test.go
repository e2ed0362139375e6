package alertmanager

import (
	"testing"

	"github.com/tandemhq/tandem/incident"
)

func TestSeverityMapping(t *testing.T) {
	tests := []struct {
		value string
		want  incident.Severity
	}{
		{"critical", incident.Sev1},
		{"CRITICAL", incident.Sev1},
		{"sev1", incident.Sev1},
		{"1", incident.Sev1},
		{"error", incident.Sev2},
		{"major", incident.Sev2},
		{"sev2", incident.Sev2},
		{"warning", incident.Sev3},
		{"sev3", incident.Sev3},
		{"info", incident.Sev4},
		{"sev4", incident.Sev4},
		{"page", 0}, // unknown: the service default applies
		{"", 0},
		{"sev5", 0},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			body := `{"version":"4","groupKey":"k","commonLabels":{"severity":"` + tt.value + `"},` +
				`"alerts":[{"status":"firing","fingerprint":"f","labels":{"severity":"` + tt.value + `"}}]}`
			g, err := Decode([]byte(body), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if g.Severity != tt.want {
				t.Errorf("severity=%q: got %v, want %v", tt.value, g.Severity, tt.want)
			}
		})
	}
}

func TestSeverityOrder(t *testing.T) {
	tests := []struct {
		name   string
		common map[string]string
		alerts []map[string]string
		opt    Options
		want   incident.Severity
	}{
		{"common wins over alerts", map[string]string{"severity": "warning"},
			[]map[string]string{{"severity": "critical"}}, Options{}, incident.Sev3},
		{"most severe alert", nil,
			[]map[string]string{{"severity": "info"}, {"severity": "error"}, {"severity": "nope"}}, Options{}, incident.Sev2},
		{"unknown common falls to alerts", map[string]string{"severity": "page"},
			[]map[string]string{{"severity": "page", "priority": "sev2"}}, Options{SeverityLabels: []string{"severity", "priority"}}, incident.Sev2},
		{"label names in order", map[string]string{"priority": "critical", "severity": "info"},
			nil, Options{SeverityLabels: []string{"priority", "severity"}}, incident.Sev1},
		{"none", nil, []map[string]string{{"team": "x"}}, Options{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Payload{CommonLabels: tt.common}
			for _, l := range tt.alerts {
				p.Alerts = append(p.Alerts, Alert{Labels: l})
			}
			if got := p.severity(tt.opt.withDefaults().SeverityLabels); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestServiceOrder(t *testing.T) {
	tests := []struct {
		name          string
		common, group map[string]string
		first         map[string]string
		names         []string
		want          string
	}{
		{"common first", map[string]string{"service": "db"}, map[string]string{"service": "x"}, map[string]string{"service": "y"}, nil, "db"},
		{"then group", nil, map[string]string{"service": "x"}, map[string]string{"service": "y"}, nil, "x"},
		{"then first alert", nil, nil, map[string]string{"service": "y"}, nil, "y"},
		{"names in order", map[string]string{"app": "web", "service": "db"}, nil, nil, []string{"app", "service"}, "web"},
		{"empty value skipped", map[string]string{"app": "", "service": "db"}, nil, nil, []string{"app", "service"}, "db"},
		{"common any name before group", map[string]string{"service": "db"}, map[string]string{"app": "web"}, nil, []string{"app", "service"}, "db"},
		{"none", nil, nil, map[string]string{"job": "node"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Payload{CommonLabels: tt.common, GroupLabels: tt.group, Alerts: []Alert{{Labels: tt.first}}}
			if got := p.service(Options{ServiceLabels: tt.names}.withDefaults().ServiceLabels); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTitle(t *testing.T) {
	alert := func(name, status, summary, description string) Alert {
		return Alert{Status: status, Fingerprint: name + status,
			Labels:      map[string]string{"alertname": name},
			Annotations: map[string]string{"summary": summary, "description": description}}
	}
	tests := []struct {
		name string
		p    Payload
		want string
	}{
		{"common summary", Payload{CommonAnnotations: map[string]string{"summary": " Disk full "},
			Alerts: []Alert{alert("A", "firing", "a", ""), alert("B", "firing", "b", "")}}, "Disk full"},
		{"first firing summary", Payload{Alerts: []Alert{alert("A", "resolved", "was a", ""), alert("A", "firing", "is a", "")}}, "is a"},
		{"first firing description", Payload{Alerts: []Alert{alert("A", "firing", "", "about a")}}, "about a"},
		{"summary with other names", Payload{Alerts: []Alert{alert("A", "firing", "is a", ""), alert("B", "firing", "", "")}}, "is a and 1 more"},
		{"common alertname", Payload{CommonLabels: map[string]string{"alertname": "DiskFull"},
			Alerts: []Alert{alert("DiskFull", "resolved", "gone", "")}}, "DiskFull"},
		{"first firing alertname", Payload{Alerts: []Alert{alert("ReadOnly", "resolved", "", ""),
			alert("DiskFull", "firing", "", ""), alert("Inodes", "firing", "", "")}}, "DiskFull and 2 more"},
		{"first alertname when none fires", Payload{Alerts: []Alert{alert("ReadOnly", "resolved", "", "")}}, "ReadOnly"},
		{"receiver", Payload{Receiver: "ops", Alerts: []Alert{{Status: "firing", Fingerprint: "f"}}}, "Alert group ops"},
		{"nothing", Payload{Alerts: []Alert{{Status: "firing", Fingerprint: "f"}}}, "Alert group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.GroupKey = "k"
			g, err := tt.p.Group(Options{})
			if err != nil {
				t.Fatal(err)
			}
			if g.Title != tt.want {
				t.Errorf("got %q, want %q", g.Title, tt.want)
			}
		})
	}
}

func TestLinks(t *testing.T) {
	p := Payload{GroupKey: "k", ExternalURL: "https://am.example.com",
		CommonAnnotations: map[string]string{"runbook_url": "https://rb/x", "dashboard_url": "https://grafana/d/1"},
		Alerts: []Alert{{Status: "firing", Fingerprint: "f", GeneratorURL: "https://prom/graph",
			Annotations: map[string]string{"runbook_url": "https://rb/x", "dashboard": "https://grafana/d/1",
				"dashboard_url": "https://grafana/d/2"},
			Links: []incident.Link{{Href: "https://prom/graph", Text: "Dup"}, {Href: "ftp://x/y", Text: "FTP"}, {Href: "https://img/1", Text: "Image"}}}}}
	g, err := p.Group(Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantAlert := []incident.Link{{Href: "https://prom/graph", Text: "Source"}, {Href: "https://rb/x", Text: "Runbook"},
		{Href: "https://grafana/d/1", Text: "Dashboard"}, {Href: "https://img/1", Text: "Image"}}
	if got := g.Alerts[0].Links; !equalLinks(got, wantAlert) {
		t.Errorf("alert links %v, want %v", got, wantAlert)
	}
	wantGroup := []incident.Link{{Href: "https://rb/x", Text: "Runbook"}, {Href: "https://grafana/d/1", Text: "Dashboard"}}
	if !equalLinks(g.Links, wantGroup) {
		t.Errorf("group links %v, want %v", g.Links, wantGroup)
	}
	full, _ := Decode([]byte(`{"version":"4","groupKey":"k","externalURL":"https://am.example.com","alerts":[{"status":"firing","fingerprint":"f"}]}`), Options{})
	if want := []incident.Link{{Href: "https://am.example.com", Text: "Alertmanager"}}; !equalLinks(full.Links, want) {
		t.Errorf("Decode group links %v, want %v", full.Links, want)
	}
}

func TestAppendLinkRejectsUnsafe(t *testing.T) {
	for _, href := range []string{"", "  ", "javascript:alert(1)", "/relative", "mailto:a@b", "http://", "https//x", "data:text/html,x"} {
		if got := AppendLink(nil, href, "x"); len(got) != 0 {
			t.Errorf("AppendLink(%q) kept %v", href, got)
		}
	}
	if got := AppendLink(nil, " http://a/b ", "x"); len(got) != 1 || got[0].Href != "http://a/b" {
		t.Errorf("AppendLink trims: %v", got)
	}
}

func equalLinks(a, b []incident.Link) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
