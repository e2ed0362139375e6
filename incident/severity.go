package incident

import (
	"fmt"
	"strings"
)

// Severity ranks an incident from Sev1 (most urgent) to Sev4.
type Severity int

// Severities, most urgent first. The zero value is not a valid severity.
const (
	Sev1 Severity = 1
	Sev2 Severity = 2
	Sev3 Severity = 3
	Sev4 Severity = 4
)

// String returns "sev1".."sev4", or "" for an invalid severity.
func (s Severity) String() string {
	if !s.Valid() {
		return ""
	}
	return fmt.Sprintf("sev%d", int(s))
}

// Valid reports whether s is one of Sev1..Sev4.
func (s Severity) Valid() bool { return s >= Sev1 && s <= Sev4 }

// AtLeast reports whether s is as urgent as min or more (sev1 is at least sev2).
func (s Severity) AtLeast(min Severity) bool { return s.Valid() && s <= min }

// ParseSeverity accepts "sev1".."sev4", "1".."4" and the monitoring words
// critical (sev1), error and major (sev2), warning (sev3) and info (sev4).
func ParseSeverity(v string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "sev1", "1", "critical":
		return Sev1, nil
	case "sev2", "2", "error", "major":
		return Sev2, nil
	case "sev3", "3", "warning":
		return Sev3, nil
	case "sev4", "4", "info":
		return Sev4, nil
	}
	return 0, Errorf(EInvalid, "unknown severity %q: use sev1..sev4 (or 1-4, critical, error, warning, info)", v)
}

// MarshalText writes "sev1".."sev4".
func (s Severity) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText accepts what ParseSeverity accepts.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
