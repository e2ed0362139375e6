package config

import (
	"fmt"
	"log/slog"
)

const redacted = "<secret>"

// Secret holds a credential read from the environment or a file. Every way of printing it
// (String, GoString, fmt verbs including %v %+v %#v %s %q %x, JSON, YAML, slog) yields
// "<secret>", or "" when it is empty, so a Config can be logged or dumped without leaking.
// Only Value returns the credential itself.
type Secret struct {
	value  string
	origin string // "env NAME" or "file PATH": where it was (to be) read; never the value
}

// NewSecret wraps a value, for configs built in Go (tests, embedders).
func NewSecret(value string) Secret { return Secret{value: value, origin: "literal"} }

// Value returns the credential.
func (s Secret) Value() string { return s.value }

// IsSet reports whether the secret has a non-empty value.
func (s Secret) IsSet() bool { return s.value != "" }

// Declared reports whether the config names a source for the secret (`_env` or `_file`), even
// if that source could not be read. [Check] uses it to validate configs whose secrets live
// elsewhere.
func (s Secret) Declared() bool { return s.origin != "" }

// Origin describes where the secret comes from, e.g. "env TANDEM_API_TOKEN"; "" if undeclared.
// It never contains the value.
func (s Secret) Origin() string { return s.origin }

// String returns "<secret>" or "".
func (s Secret) String() string {
	if s.value == "" {
		return ""
	}
	return redacted
}

// GoString returns the same as String, for %#v.
func (s Secret) GoString() string { return s.String() }

// Format makes every fmt verb print the redacted form.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// MarshalJSON encodes the redacted form.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// MarshalYAML encodes the redacted form.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// MarshalText encodes the redacted form (for encoders that look for TextMarshaler only).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// LogValue keeps secrets out of structured logs.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
