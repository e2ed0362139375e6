package config

import (
	"fmt"
	"regexp"
	"slices"
)

// registered are the alert sources config accepts under sources.<name>, in the order they
// were registered (the order `config check` lists them), with the defaults of each.
var registered struct {
	names    []string
	defaults map[string]Source
}

// sourceName is what a source name may look like: it is also a URL path element.
var sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// RegisterSource makes sources.<name> a key config accepts, and defaults what fills the keys the
// file leaves out (AutoResolve nil means true). The bot registers each alert source (package
// sources) before any config is parsed; config itself imports no integration. It panics on a
// malformed or duplicate name: both are programming errors, found by any test.
func RegisterSource(name string, defaults Source) {
	if !sourceName.MatchString(name) {
		panic(fmt.Sprintf("config: source name %q: want lowercase letters, digits, - and _", name))
	}
	if _, dup := registered.defaults[name]; dup {
		panic(fmt.Sprintf("config: source %q registered twice", name))
	}
	if registered.defaults == nil {
		registered.defaults = map[string]Source{}
	}
	registered.names = append(registered.names, name)
	registered.defaults[name] = defaults
}

// SourceNames returns the registered source names, in registration order.
func SourceNames() []string { return slices.Clone(registered.names) }

// knownKey makes the strict decoder treat sources like struct fields (walk.go): an
// unregistered source is an unknown key, and one written empty ("generic:") is not configured.
func (Sources) knownKey(name string) bool {
	_, ok := registered.defaults[name]
	return ok
}

type namedSource struct {
	name string
	src  *Source // nil when not configured
}

// list returns every registered source in order, with its config (nil when not written).
func (s Sources) list() []namedSource {
	out := make([]namedSource, 0, len(registered.names))
	for _, name := range registered.names {
		out = append(out, namedSource{name, s[name]})
	}
	return out
}

// applyDefaults fills each written source from its registered defaults. A written
// max_alerts or max_new_per_minute of 0 is kept so that validation rejects it: the storm guard
// is turned off by a high number, never by accident.
func (s Sources) applyDefaults(rep *report) {
	for _, ns := range s.list() {
		src, d, p := ns.src, registered.defaults[ns.name], "sources."+ns.name
		if src == nil {
			continue
		}
		if src.AutoResolve == nil {
			on := d.AutoResolveOn()
			src.AutoResolve = &on
		}
		setDefault(&src.ReopenWithin, d.ReopenWithin)
		if !rep.has(p + ".max_alerts") {
			src.MaxAlerts = d.MaxAlerts
		}
		if !rep.has(p + ".max_new_per_minute") {
			src.MaxNewPerMinute = d.MaxNewPerMinute
		}
		if len(src.ServiceLabels) == 0 {
			src.ServiceLabels = slices.Clone(d.ServiceLabels)
		}
		if len(src.SeverityLabels) == 0 {
			src.SeverityLabels = slices.Clone(d.SeverityLabels)
		}
	}
}
