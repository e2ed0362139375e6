package bot

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tandemhq/tandem/redisstore"
)

// registeredNames lists every metric family the bot registers, with or
// without samples yet.
func registeredNames(t *testing.T) map[string]bool {
	t.Helper()
	st, err := redisstore.OpenEmbedded(context.Background(), redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := newMetrics(st, nil)
	names := map[string]bool{}
	fq := regexp.MustCompile(`fqName: "([^"]+)"`)
	ch := make(chan *prometheus.Desc, 64)
	for _, c := range []prometheus.Collector{m.alerts, m.opened, m.pages, m.slaBreaches, m.tta, m.ttr, m.ttd, m.ttfp, m.deliveryFailures,
		m.timerLateness, m.webhookDuration, newAvailabilityCollector(m, nil, nil)} {
		c.Describe(ch)
	}
	close(ch)
	for d := range ch {
		names[fq.FindStringSubmatch(d.String())[1]] = true
	}
	fams, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		names[f.GetName()] = true
	}
	return names
}

// The Grafana dashboard is valid JSON whose every query names registered
// series, and it charts every series family of DESIGN §5.6.
func TestGrafanaDashboardUsesRegisteredMetrics(t *testing.T) {
	data, err := os.ReadFile("../docs/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Title  string `json:"title"`
		Panels []struct {
			Type    string `json:"type"`
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(data, &dash); err != nil {
		t.Fatalf("dashboard is not valid JSON: %v", err)
	}
	names := registeredNames(t)
	used := map[string]bool{}
	series := regexp.MustCompile(`tandem_[a-z_]+`)
	for _, p := range dash.Panels {
		if p.Type == "row" {
			continue
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			for _, s := range series.FindAllString(tg.Expr, -1) {
				base := s
				for _, suf := range []string{"_bucket", "_count", "_sum"} {
					if n := strings.TrimSuffix(s, suf); n != s && names[n] {
						base = n
					}
				}
				if !names[base] {
					t.Errorf("panel %q queries %s, which the bot does not export", p.Title, s)
				}
				used[base] = true
			}
		}
	}
	for _, want := range []string{"tandem_alerts_received_total", "tandem_incidents_opened_total", "tandem_pages_total",
		"tandem_time_to_ack_seconds", "tandem_time_to_resolve_seconds", "tandem_outbox_depth",
		"tandem_outbox_delivery_failures_total", "tandem_timer_lateness_seconds", "tandem_time_to_detect_seconds",
		"tandem_time_to_first_page_seconds", "tandem_service_availability_ratio", "tandem_service_availability_target_ratio"} {
		if !names[want] {
			t.Errorf("%s (DESIGN §5.6) is not registered", want)
		}
		if !used[want] {
			t.Errorf("no dashboard panel charts %s", want)
		}
	}
}
