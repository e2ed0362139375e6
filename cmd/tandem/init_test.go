package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/config"
)

// Interactively, tandem init asks what the flags did not say (Enter
// keeps the default) and writes a config that config check accepts, with
// the holidays file's dates and a .env.example naming every secret.
func TestInitInteractive(t *testing.T) {
	dir := t.TempDir()
	holidays := filepath.Join(dir, "holidays.txt")
	os.WriteFile(holidays, []byte("# Germany 2026\n2026-12-25 Christmas Day\n2026-12-26 Boxing Day\n"), 0o600)
	answers := strings.Join([]string{
		"slack,discord", "Europe/Berlin", "mon-fri 07:30-17:00", holidays,
		"acme-it", "Alice <alice@example.com>", "C01OPS", // internal team, people, channel
		"", "Nora <nora@msp.example>, omar@msp.example", "", // MSP: default name, people, no channel
		"msp", "", "", // PagerDuty for the MSP only; default Redis and address
		"123456789012345678", strings.Repeat("ab", 32), "876543210987654321", // Discord
	}, "\n") + "\n"
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"init", "--dir", dir}, strings.NewReader(answers), &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	cfg, err := config.Check(filepath.Join(dir, "tandem.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	office := cfg.Calendars["office"]
	if cfg.Timezone != "Europe/Berlin" || len(office.Holidays) != 2 || office.BusinessHours[0].Start != "07:30" || len(office.BusinessHours[0].Days) != 5 {
		t.Errorf("timezone %q, calendar %+v", cfg.Timezone, office)
	}
	if it, msp := cfg.Teams["acme-it"], cfg.Teams["msp"]; it == nil || msp == nil || it.PagerDuty != nil || msp.PagerDuty == nil ||
		len(msp.Members) != 2 || msp.Members[1].Name != "Omar" || it.Channels["slack"] != "C01OPS" {
		t.Errorf("teams %+v", cfg.Teams)
	}
	if cfg.Discord.ApplicationID != "123456789012345678" || cfg.Discord.GuildID != "876543210987654321" {
		t.Errorf("discord %+v", cfg.Discord)
	}
	env, _ := os.ReadFile(filepath.Join(dir, ".env.example"))
	for _, v := range []string{"TANDEM_SLACK_BOT_TOKEN=", "TANDEM_SLACK_SIGNING_SECRET=", "TANDEM_DISCORD_BOT_TOKEN=", "TANDEM_PD_MSP=", "TANDEM_ALERTMANAGER_TOKEN=", "TANDEM_GRAFANA_TOKEN="} {
		if !strings.Contains(string(env), "\n"+v+"\n") {
			t.Errorf(".env.example lacks %s:\n%s", v, env)
		}
	}
	if strings.Contains(string(env), "TANDEM_PD_ACME_IT") {
		t.Errorf(".env.example names a routing key nobody uses:\n%s", env)
	}
	for _, want := range []string{"users:read.email", "client_id=123456789012345678&permissions=268553232"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// Run twice, it keeps the file someone may have edited since.
	code = run(context.Background(), []string{"init", "--dir", dir, "--non-interactive", "--internal", "a@example.com", "--msp", "b@example.com"}, nil, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "tandem.yaml exists already") {
		t.Errorf("second init: exit %d, %s", code, errOut.String())
	}
}

// Wrong answers are all named at once, and nothing is written.
func TestInitRefusesBadAnswers(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := runCLI("init", "--non-interactive", "--dir", dir, "--timezone", "Mars/Olympus", "--hours", "weekdays 9-5",
		"--internal", "alice-at-example", "--msp-team", "NOC!", "--chats", "slack,teams", "--pagerduty", "everyone")
	for _, want := range []string{`time zone "Mars/Olympus"`, `business hours "weekdays 9-5"`, `people "alice-at-example"`,
		`team "NOC!"`, `chat "teams"`, `--pagerduty "everyone"`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("error lacks %q:\n%s", want, errOut)
		}
	}
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("files written despite the errors: %v", entries)
	}
}
