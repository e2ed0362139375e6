package config

import (
	"strings"
	"testing"
)

func TestDemo(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		t.Setenv("TANDEM_HTTP_ADDR", "0.0.0.0:1") // the demo reads no environment
		c := Demo()
		if c.Timezone != "America/Chicago" || c.HTTP.Addr != "127.0.0.1:8080" || !c.Redis.Embedded() {
			t.Fatalf("demo basics: %q %q %+v", c.Timezone, c.HTTP.Addr, c.Redis)
		}
		if len(c.Warnings) != 0 {
			t.Fatalf("demo warnings: %v", c.Warnings)
		}
		ai, noc := c.Teams["acme-it"], c.Teams["noc"]
		if ai.Side != SideInternal || noc.Side != SideMSP || ai.Members[0].Slack != "U01ALICE" || ai.SlackChannel != "C01OPS" ||
			strings.Join(noc.Scope, ",") != "database,network,backup" || ai.Rotation.Every.String() != "168h" {
			t.Fatalf("demo teams: %+v %+v", *ai, *noc)
		}
		l := c.Ladders["standard"]
		if l.Calendar != "office" || l.Repeat != 1 || len(l.Steps) != 4 || l.Steps[3].MinSeverity != "sev1" || l.Steps[0].Wait.String() != "2m" {
			t.Fatalf("demo ladder: %+v", *l)
		}
		if len(c.Calendars["office"].Holidays) != 2 || c.SLA["sev2"].Resolve.String() != "8h" || c.Reminders.UnackedEvery.String() != "1m" {
			t.Fatal("demo calendar, sla or reminders")
		}
		if c.Sources["generic"] != nil || c.Managers.Members[0].Name != "Maria" || len(c.Services) != 2 {
			t.Fatal("demo sources, managers or services")
		}
	})
	t.Run("Fresh", func(t *testing.T) {
		a := Demo()
		a.Teams["noc"].Side = "changed"
		if Demo().Teams["noc"].Side != SideMSP {
			t.Fatal("Demo shares state between calls")
		}
	})
}
