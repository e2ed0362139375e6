package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration written in YAML as a Go duration string ("90s", "15m",
// "1h30m"), optionally led by whole days ("400d", "1d12h"), which Go durations lack and
// retention periods need. Negative durations are rejected.
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
	v, err := parseDays(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (use Go durations like 90s, 15m, 1h30m, or days like 400d)", s)
	}
	if v < 0 {
		return 0, errors.New("duration must not be negative")
	}
	return Duration(v), nil
}

// parseDays parses a Go duration, optionally led by a number of days ("400d", "1d12h").
func parseDays(s string) (time.Duration, error) {
	days, rest, ok := strings.Cut(s, "d")
	if !ok {
		return time.ParseDuration(s)
	}
	n, err := strconv.ParseUint(days, 10, 32)
	if err != nil {
		return 0, err
	}
	v := time.Duration(n) * 24 * time.Hour
	if rest == "" {
		return v, nil
	}
	r, err := time.ParseDuration(rest)
	if err != nil || r < 0 {
		return 0, errors.New("bad duration after the days")
	}
	return v + r, nil
}
