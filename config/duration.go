package config

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Duration is a time.Duration written in YAML as a Go duration string ("90s", "15m",
// "1h30m"). Negative durations are rejected.
type Duration time.Duration

// Std returns the duration as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// String formats compactly: "168h", "1h30m", "2m" rather than "168h0m0s".
func (d Duration) String() string {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// MarshalText encodes the compact form.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := parseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func parseDuration(s string) (Duration, error) {
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (use Go durations like 90s, 15m, 1h30m)", s)
	}
	if v < 0 {
		return 0, errors.New("duration must not be negative")
	}
	return Duration(v), nil
}
