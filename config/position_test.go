package config

import (
	"os"
	"strings"
	"testing"
)

// TestPositions checks exact line and column: a problem about a value points at the value, a
// problem about a key at the key, a missing key at the mapping that lacks it.
func TestPositions(t *testing.T) {
	for _, tc := range []struct {
		name, old, repl string
		marker          string // the problem is positioned where this text starts
		msg             string
	}{
		{"ErrUnknownKey", "    side: msp\n", "    side: msp\n    colour: red\n", "colour", `unknown key "colour" in teams.noc`},
		{"ErrUnknownKeyTop", "managers:\n", "colour: red\nmanagers:\n", "colour", `unknown key "colour" at top level`},
		{"ErrDuplicateKey", "    side: msp\n", "    side: msp\n    scope: [x]\n", "scope: [db]", `duplicate key "scope" in teams.noc`},
		{"ErrBadZone", "  office:\n", "  office:\n    timezone: Mars/Base\n", "Mars/Base", `calendars.office.timezone: unknown time zone "Mars/Base"`},
		{"ErrBadHoliday", `["2026-12-25"]`, `["2026-12-25", "2026-02-30"]`, `"2026-02-30"`, `calendars.office.holidays: invalid date "2026-02-30" (want YYYY-MM-DD)`},
		{"ErrNotifyUnknownTeam", "[noc, managers]", "[nocc, managers]", "nocc", `ladders.std.steps[1].notify: unknown team "nocc"`},
		{"ErrRotationMember", "[Alice, Bob]", "[Alice, Zed]", "Zed", `teams.ops.rotation.members: "Zed" is not a member of this team`},
		{"ErrServiceOwner", "owner: ops", "owner: opz", "opz", `services[0].owner: unknown team "opz"`},
		{"ErrDuplicateMember", "{name: Nora}", "{name: ALICE}", "ALICE", `teams.noc.members[0].name: member name "ALICE" is already used at teams.ops.members[0].name`},
		{"ErrMissingKeyAtMapping", "    side: msp\n", "", "scope: [db]", "teams.noc: side is required (internal or msp)"},
		{"ErrLiteralSecret", "managers:\n", "api: {token: hunter2}\nmanagers:\n", "token: hunter2", "api.token: secrets cannot be written in the file; use token_env or token_file"},
		{"ErrSLAKey", "managers:\n", "sla: {sev5: {ack: 5m}}\nmanagers:\n", "sev5", "sla.sev5: unknown severity (want sev1, sev2, sev3 or sev4)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := edit(t, tc.old, tc.repl)
			line, col := posOf(t, src, tc.marker)
			_, ps := parse(t, src, nil)
			want := Problem{File: "t.yaml", Line: line, Col: col, Msg: tc.msg}
			if len(ps) != 1 || ps[0] != want {
				t.Fatalf("want %v, got\n%v", want, ps)
			}
		})
	}
	t.Run("ErrSyntaxLine", func(t *testing.T) {
		_, ps := parse(t, "timezone: UTC\nhttp:\n  addr: a: b\n", nil)
		if len(ps) != 1 || ps[0].Line != 3 || ps[0].Msg != "invalid YAML: mapping values are not allowed in this context" {
			t.Fatalf("got %v", ps)
		}
	})
}

// TestExample checks the shipped example, and that a broken copy of it reports exactly its three
// problems, sorted, at their positions.
func TestExample(t *testing.T) {
	data, err := os.ReadFile("../examples/tandem.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		cfg, err := Check("../examples/tandem.yaml")
		if err != nil {
			t.Fatalf("example does not pass Check:\n%v", err)
		}
		if len(cfg.Teams) < 2 || len(cfg.Services) < 3 || cfg.Sources["alertmanager"] == nil || !cfg.Slack.Configured() {
			t.Fatalf("example lost sections: %+v", cfg)
		}
		for _, w := range cfg.Warnings {
			if !strings.Contains(w.Msg, "is not set") {
				t.Errorf("unexpected warning %v", w)
			}
		}
	})
	t.Run("OKWithSecrets", func(t *testing.T) {
		vars := map[string]string{}
		for _, v := range []string{"TANDEM_PD_NOC", "TANDEM_AM_TOKEN", "TANDEM_GRAFANA_TOKEN", "TANDEM_GENERIC_SECRET",
			"TANDEM_SLACK_BOT_TOKEN", "TANDEM_SLACK_SIGNING_SECRET", "TANDEM_PD_API_TOKEN", "TANDEM_PD_WEBHOOK_SECRET", "TANDEM_API_TOKEN"} {
			vars[v] = "value-of-" + v
		}
		cfg, err := Parse("tandem.yaml", data, env(vars))
		if err != nil {
			t.Fatalf("example with every secret set:\n%v", err)
		}
		if len(cfg.Warnings) != 0 {
			t.Fatalf("warnings: %v", cfg.Warnings)
		}
	})
	t.Run("ErrLoadWithoutSecrets", func(t *testing.T) {
		_, err := ParseWith("tandem.yaml", data, Options{})
		if err == nil || !strings.Contains(err.Error(), "environment variable TANDEM_AM_TOKEN is not set") {
			t.Fatalf("Load must require secrets, got %v", err)
		}
	})
	t.Run("ErrThreeProblems", func(t *testing.T) {
		src := string(data)
		for _, r := range [][2]string{
			{"    side: internal\n", "    side: internal\n    colour: blue\n"},
			{"    timezone: America/Chicago\n", "    timezone: Mars/Base\n"},
			{"{notify: [noc], when: after_hours", "{notify: [nocc], when: after_hours"},
		} {
			if strings.Count(src, r[0]) != 1 {
				t.Fatalf("example changed: %q is not unique", r[0])
			}
			src = strings.Replace(src, r[0], r[1], 1)
		}
		_, err := ParseWith("tandem.yaml", []byte(src), Options{SecretsOptional: true})
		ps, _ := err.(Problems)
		at := func(marker, msg string) Problem {
			l, c := posOf(t, src, marker)
			return Problem{File: "tandem.yaml", Line: l, Col: c, Msg: msg}
		}
		want := Problems{
			at("Mars/Base", `calendars.office.timezone: unknown time zone "Mars/Base"`),
			at("colour", `unknown key "colour" in teams.acme-it`),
			at("nocc", `ladders.standard.steps[1].notify: unknown team "nocc"`),
		}
		if len(ps) != len(want) {
			t.Fatalf("want\n%v\ngot\n%v", want, err)
		}
		for i := range want {
			if ps[i] != want[i] {
				t.Errorf("problem %d: want %v, got %v", i, want[i], ps[i])
			}
		}
	})
}
