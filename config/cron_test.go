package config

import (
	"testing"
	"time"
)

// ParseCron is what both `config check` and the scheduler use: a spec
// without a zone runs in the config's timezone, a spec with one in its own.
func TestParseCron(t *testing.T) {
	monday := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) // a Monday, 06:00 in Chicago
	t.Run("OKDefaultZone", func(t *testing.T) {
		s, loc, err := ParseCron("0 9 * * MON", "America/Chicago")
		if err != nil || loc.String() != "America/Chicago" {
			t.Fatalf("loc %v, err %v", loc, err)
		}
		if next := s.Next(monday); !next.Equal(time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC)) {
			t.Fatalf("next %v, want 09:00 Chicago", next)
		}
	})
	t.Run("OKOwnZone", func(t *testing.T) {
		if _, loc, err := ParseCron("CRON_TZ=Asia/Kolkata @weekly", "America/Chicago"); err != nil || loc.String() != "Asia/Kolkata" {
			t.Fatalf("loc %v, err %v", loc, err)
		}
	})
	t.Run("OKEvery", func(t *testing.T) {
		s, _, err := ParseCron("@every 168h", "UTC")
		if err != nil || !s.Next(monday).Equal(monday.Add(168*time.Hour)) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("ErrZoneAlone", func(t *testing.T) {
		// robfig/cron panics on this one; the scheduler must get an error.
		if _, _, err := ParseCron("CRON_TZ=UTC", ""); err == nil {
			t.Fatal("accepted")
		}
	})
}

// robfig/cron is not ours: no spec may panic the config check or the scheduler.
func FuzzParseCron(f *testing.F) {
	for _, s := range []string{"0 9 * * MON", "CRON_TZ=UTC", "TZ=", "@every 168h", "CRON_TZ=Local @weekly", "*/0 9 * * *", "0 9 * * MOON"} {
		f.Add(s, "UTC")
	}
	f.Fuzz(func(t *testing.T, spec, zone string) {
		_, _, err := ParseCron(spec, zone)
		if msg := cronProblem(spec, zone); (msg == "") != (err == nil) {
			t.Fatalf("%q in %q: ParseCron says %v, the check %q", spec, zone, err, msg)
		}
	})
}
