package doctor

import (
	"context"
	"fmt"
	"sort"

	"github.com/tandemhq/tandem/config"
)

// webhookLines checks each source's credential and shows how its sender
// should be configured: Alertmanager's webhook_configs (Prometheus
// docs, "webhook_config": url, send_resolved, http_config.authorization)
// and Grafana's webhook contact point (Grafana docs, "Configure webhook
// notifications": URL, HTTP Method, Authorization Header Scheme and
// Credentials).
func webhookLines(_ context.Context, opt Options) []Line {
	names := make([]string, 0, len(opt.Config.Sources))
	for name := range opt.Config.Sources {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []Line
	for _, name := range names {
		out = append(out, source(opt.PublicURL, name, opt.Config.Sources[name]))
	}
	return out
}

func source(base, name string, s *config.Source) Line {
	check := "Webhook " + name
	url := base + "/webhooks/" + name
	if s.Token.Declared() {
		if l := secretMissing(check, "sources."+name+".token", s.Token); l != nil {
			return *l
		}
	} else if l := secretMissing(check, "sources."+name+".hmac_secret", s.HMACSecret); l != nil {
		return *l
	}
	l := Line{Info: true, Check: check, Detail: "POST " + url}
	switch {
	case name == "alertmanager" && s.Token.IsSet():
		l.Detail += "; in alertmanager.yml:"
		l.Snippet = alertmanagerSnippet(url, s.Token.Origin())
	case name == "alertmanager":
		return fail(check, "only an HMAC secret: Alertmanager cannot sign its webhooks",
			"set sources.alertmanager.token_env and give Alertmanager the same token (http_config.authorization)")
	case name == "grafana":
		l.Detail += "; Grafana contact point (Alerting → Contact points → Webhook):"
		l.Snippet = grafanaSnippet(url, s)
	}
	return l
}

func alertmanagerSnippet(url, origin string) string {
	return fmt.Sprintf(`route:
  receiver: tandem
  group_by: [alertname, service]
receivers:
  - name: tandem
    webhook_configs:
      - url: %s
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials_file: /etc/alertmanager/tandem-token   # holds the value of %s
`, url, origin)
}

func grafanaSnippet(url string, s *config.Source) string {
	if !s.Token.IsSet() {
		return fmt.Sprintf("URL: %s\nHTTP Method: POST\n(sources.grafana has only an HMAC secret: set token_env too, for the Authorization header)\n", url)
	}
	return fmt.Sprintf("URL: %s\nHTTP Method: POST\nAuthorization Header - Scheme: Bearer\nAuthorization Header - Credentials: the value of %s\n", url, s.Token.Origin())
}
