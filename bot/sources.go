package bot

import (
	"fmt"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/integrations/alertmanager"
	"github.com/tandemhq/tandem/integrations/generic"
	"github.com/tandemhq/tandem/integrations/grafana"
	"github.com/tandemhq/tandem/sources"
)

// The alert sources, in the order `config check` lists them. A new source
// is one package under integrations/ declaring a sources.Source, and one
// line here (docs/architecture.md, "Adding an alert source").
func init() {
	RegisterSource(alertmanager.Source)
	RegisterSource(grafana.Source)
	RegisterSource(generic.Source)
}

// registered are the alert sources in registration order.
var registered []sources.Source

// RegisterSource adds an alert source: config accepts sources.<name> with
// the source's defaults, and a bot whose config sets it mounts the decoder
// at s.Path() and gives the intake its options. Call it from an init
// function, before any config is parsed; a bad or repeated name panics.
func RegisterSource(s sources.Source) {
	if s.Decode == nil {
		panic(fmt.Sprintf("bot: source %q has no decoder", s.Name))
	}
	config.RegisterSource(s.Name, configSource(s.Defaults))
	registered = append(registered, s)
}

// configSource is a source's defaults in the config's terms.
func configSource(o sources.Options) config.Source {
	return config.Source{
		AutoResolve: &o.AutoResolve, ReopenWithin: config.Duration(o.ReopenWithin),
		ServiceLabels: o.ServiceLabels, SeverityLabels: o.SeverityLabels,
		MaxAlerts: o.MaxAlerts, MaxNewPerMinute: o.MaxNewPerMinute, RequireTimestamp: o.RequireTimestamp,
	}
}

// sourceOptions is the one path from sources.<name> to a source's options:
// the config's (defaulted by config from the registration), or the
// source's defaults when the config does not set it, so that the demo's
// open endpoints are storm-guarded too.
func sourceOptions(s sources.Source, c *config.Source) sources.Options {
	if c == nil {
		return s.Defaults
	}
	return sources.Options{
		ServiceLabels: c.ServiceLabels, SeverityLabels: c.SeverityLabels,
		AutoResolve: c.AutoResolveOn(), ReopenWithin: c.ReopenWithin.Std(),
		MaxAlerts: c.MaxAlerts, MaxNewPerMinute: c.MaxNewPerMinute, RequireTimestamp: c.RequireTimestamp,
	}
}

// sourceRules are the intake's rules of every registered source.
func sourceRules(cfg *config.Config) map[string]handlers.SourceRule {
	out := make(map[string]handlers.SourceRule, len(registered))
	for _, s := range registered {
		o := sourceOptions(s, cfg.Sources[s.Name])
		out[s.Name] = handlers.SourceRule{AutoResolve: o.AutoResolve, ReopenWithin: o.ReopenWithin,
			MaxAlerts: o.MaxAlerts, MaxNewPerMinute: o.MaxNewPerMinute}
	}
	return out
}
