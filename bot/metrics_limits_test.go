package bot_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// Alerts that name services at will cannot grow /metrics: the service
// label takes configured names only (anything else is "other"), and no
// label value is longer than 64 bytes.
func TestMetricsLabelsAreBounded(t *testing.T) {
	b := bottest.Start(t, testConfig(t, redistest.URL(t)), bot.Options{})
	long := strings.Repeat("ü", 60) // 120 bytes
	for i := range 30 {
		body := fmt.Sprintf(`{"summary":"odd %d","dedup_key":"odd-%d","service":"%s-%d"}`, i, i, long, i)
		if code, resp := bottest.Do(t, "POST", b.URL+"/webhooks/generic", body, auth); code != 202 {
			t.Fatalf("webhook: %d %s", code, resp)
		}
	}
	openAlert(t, b, "db") // service database, configured
	series := scrape(t, b)
	services := map[string]bool{}
	label := regexp.MustCompile(`(\w+)="((?:[^"\\]|\\.)*)"`)
	for s := range series {
		for _, m := range label.FindAllStringSubmatch(s, -1) {
			if len(m[2]) > 64 {
				t.Errorf("label %s of %s is %d bytes", m[1], s, len(m[2]))
			}
			if m[1] == "service" {
				services[m[2]] = true
			}
		}
	}
	// network: the availability gauge has a series per configured service.
	if len(services) != 3 || !services["database"] || !services["network"] || !services["other"] {
		t.Fatalf("service labels: %v", services)
	}
	other := 0.0
	for s, v := range series {
		if strings.HasPrefix(s, `tandem_incidents_opened_total{service="other",`) {
			other += v
		}
	}
	if other != 30 {
		t.Fatalf("incidents of unknown services counted: %v", other)
	}
}

// With metrics.token_env, /metrics needs Authorization: Bearer <token>.
func TestMetricsToken(t *testing.T) {
	yaml := testYAML(t, redistest.URL(t), "") + "\nmetrics: {token_env: METRICS_TOKEN}\n"
	env := map[string]string{"METRICS_TOKEN": "scrape-me"}
	for k, v := range testEnv {
		env[k] = v
	}
	b := bottest.Start(t, bottest.Config(t, yaml, env), bot.Options{})
	for _, tc := range []struct {
		header map[string]string
		code   int
	}{
		{nil, 401},
		{map[string]string{"Authorization": "Bearer wrong"}, 401},
		{map[string]string{"Authorization": "Bearer api-token"}, 401},
		{map[string]string{"Authorization": "Bearer scrape-me"}, 200},
	} {
		code, body := bottest.Do(t, "GET", b.URL+"/metrics", "", tc.header)
		if code != tc.code || (code == 401 && !strings.Contains(body, "metrics token")) || (code == 200 && !strings.Contains(body, "tandem_outbox_depth")) {
			t.Fatalf("%v: %d %.200s", tc.header, code, body)
		}
	}
}
