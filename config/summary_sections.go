package config

// Describer is implemented by a registered section that says what it
// configures in one line for `tandem config check` (secrets as "set" or
// "not set", never their values).
type Describer interface {
	Describe() string
}

// summarySections writes one line per registered section the file has,
// in key order: its description, or "configured" when it has none.
func (c *Config) summarySections(p printer) {
	for _, key := range sortedKeys(c.Sections) {
		desc := "configured"
		if d, ok := c.Sections[key].(Describer); ok {
			desc = d.Describe()
		}
		p("%s: %s", key, desc)
	}
}

// SetOrNot says whether a secret resolved, for a Describer.
func SetOrNot(s Secret) string { return setOrNot(s) }
