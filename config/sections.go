package config

import (
	"reflect"
	"sync"

	"gopkg.in/yaml.v3"
)

// A chat platform (or any plugin) may bring its own top-level config
// section without a field here: its package registers the key and a
// constructor of its section struct, and the strict walker decodes the
// section into it by the same yaml-tag rules (unknown keys rejected,
// secrets as _env/_file). Registered sections end up in Config.Sections.

// Checker is implemented by a section that validates itself; errf reports
// a problem at key (relative to the section, "" for the section itself).
type Checker interface {
	Check(errf func(key, format string, args ...any))
}

var (
	sectionsMu sync.Mutex
	sections   = map[string]func() any{}
	// platformOf names the chat platform of a section whose key is not the
	// platform's name (msteams: configures the platform teams).
	platformOf = map[string]string{}
)

// RegisterPlatformSection is RegisterSection for a chat platform whose
// section key differs from its name: accounts: and channels: then take
// platform, not key.
func RegisterPlatformSection(key, platform string, newSection func() any) {
	RegisterSection(key, newSection)
	sectionsMu.Lock()
	defer sectionsMu.Unlock()
	platformOf[key] = platform
}

// RegisterSection makes key a top-level section decoded into the pointer
// to a struct that newSection returns. Registering a key twice panics.
func RegisterSection(key string, newSection func() any) {
	sectionsMu.Lock()
	defer sectionsMu.Unlock()
	if _, dup := sections[key]; dup {
		panic("config: section " + key + " registered twice")
	}
	sections[key] = newSection
}

// Section returns the decoded section at key, nil when the file has none.
func (c *Config) Section(key string) any { return c.Sections[key] }

// section decodes a registered top-level section into the Config that v
// is; it reports whether key is one (false for any other struct).
func (w *walker) section(v reflect.Value, key string, n *yaml.Node) bool {
	c, isConfig := v.Addr().Interface().(*Config)
	if !isConfig {
		return false
	}
	sectionsMu.Lock()
	newSection, ok := sections[key]
	sectionsMu.Unlock()
	if !ok {
		return false
	}
	sec := newSection()
	w.value(n, reflect.ValueOf(sec).Elem(), key)
	if c.Sections == nil {
		c.Sections = map[string]any{}
	}
	c.Sections[key] = sec
	return true
}

// checkSections runs each registered section's own checks.
func (v *validator) checkSections() {
	for _, key := range sortedKeys(v.c.Sections) {
		if ch, ok := v.c.Sections[key].(Checker); ok {
			ch.Check(func(k, format string, args ...any) {
				p := key
				if k != "" {
					p = join(key, k)
				}
				v.rep.errf(p, format, args...)
			})
		}
	}
}
