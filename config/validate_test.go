package config

import (
	"fmt"
	"strings"
	"testing"
)

type ruleCase struct {
	name string
	src  string
	env  map[string]string
	want []string // each must appear in the problems; none means the config is valid
}

func runRules(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := parse(t, tc.src, tc.env)
			if len(tc.want) == 0 {
				if ps != nil {
					t.Fatalf("unexpected problems:\n%v", ps)
				}
				return
			}
			if ps == nil {
				t.Fatalf("want problems %q, got none", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(ps.Error(), w) {
					t.Errorf("want %q in:\n%v", w, ps)
				}
			}
		})
	}
}

func TestDecodeRules(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "OK", src: base},
		{name: "ErrUnknownKeyTop", src: base + "colour: red\n", want: []string{`unknown key "colour" at top level`}},
		{name: "ErrUnknownKey", src: edit(t, "    side: msp\n", "    side: msp\n    colour: red\n"),
			want: []string{`unknown key "colour" in teams.noc`}},
		{name: "ErrUnknownKeyInList", src: edit(t, "{name: Nora}", "{name: Nora, phone: 1}"),
			want: []string{`unknown key "phone" in teams.noc.members[0]`}},
		{name: "ErrDuplicateKey", src: edit(t, "    side: msp\n", "    side: msp\n    side: internal\n"),
			want: []string{`duplicate key "side" in teams.noc`}},
		{name: "ErrDuplicateTeam", src: edit(t, "  noc:\n", "  ops:\n    side: msp\n  noc:\n"),
			want: []string{`duplicate key "ops" in teams`}},
		{name: "ErrTopLevelNotMapping", src: "- a\n- b\n", want: []string{"the config must be a mapping"}},
		{name: "ErrWrongTypeString", src: edit(t, "{name: Nora}", "{name: [Nora]}"),
			want: []string{"teams.noc.members[0].name: must be a string"}},
		{name: "ErrWrongTypeList", src: edit(t, "scope: [db]", "scope: db"), want: []string{"teams.noc.scope: must be a list"}},
		{name: "ErrWrongTypeMapping", src: edit(t, "managers:\n  members:\n    - {name: Maria}\n", "managers: [Maria]\n"),
			want: []string{"managers: must be a mapping"}},
		{name: "ErrWrongTypeDict", src: strings.Replace(edit(t, "  std:\n", "  - std:\n"), "    calendar: office", "      calendar: office", 1),
			want: []string{"ladders: must be a mapping"}},
		{name: "ErrWrongTypeInt", src: edit(t, "calendar: office\n", "calendar: office\n    repeat: twice\n"),
			want: []string{"ladders.std.repeat: must be an integer"}},
		{name: "ErrWrongTypeBool", src: base + "reports: {handoff: yes}\n", want: []string{"reports.handoff: must be true or false"}},
		{name: "ErrBadDuration", src: edit(t, "wait: 5m", "wait: 5"), want: []string{`ladders.std.steps[0].wait: invalid duration "5"`}},
		{name: "ErrNegativeDuration", src: edit(t, "wait: 5m", "wait: -5m"), want: []string{"ladders.std.steps[0].wait: duration must not be negative"}},
		{name: "ErrZeroDuration", src: edit(t, "wait: 5m", "wait: 0s"), want: []string{"ladders.std.steps[0].wait: duration must be greater than zero"}},
		{name: "ErrBadDay", src: edit(t, "[mon, tue,", "[mon, funday,"), want: []string{`calendars.office.business_hours[0].days[1]: unknown day "funday"`}},
		{name: "ErrMergeKey", src: base + "x: &a {addr: ':1'}\nhttp:\n  <<: *a\n", want: []string{"merge keys (<<) are not supported"}},
		{name: "ErrCustomTag", src: base + "http: {addr: !vault x}\n", want: []string{"http.addr: custom YAML tag !vault is not supported"}},
		{name: "OKAliases", src: strings.Replace(edit(t, "{name: Bob}", "&bob {name: Bob}"), "managers:\n", "x_unused: 1\nmanagers:\n", 1),
			want: []string{`unknown key "x_unused"`}},
		{name: "OKNullSections", src: base + "http:\nsources:\nslack:\n"},
	})
}

func TestYAMLShapes(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "ErrSyntax", src: "teams:\n  ops: {side: internal\nladders: {}\n", want: []string{"t.yaml:"}},
		{name: "ErrSyntaxTab", src: "teams:\n\tops: {}\n", want: []string{"invalid YAML:"}},
		{name: "ErrEmpty", src: "", want: []string{"t.yaml: config is empty"}},
		{name: "ErrOnlyComments", src: "# nothing\n", want: []string{"t.yaml: config is empty"}},
		{name: "ErrTwoDocuments", src: base + "---\ntimezone: UTC\n", want: []string{"only one YAML document is allowed"}},
	})
	t.Run("ErrSyntaxIsOneProblem", func(t *testing.T) {
		_, ps := parse(t, "a: [1, 2\nb: c: d\n", nil)
		if len(ps) != 1 || ps[0].Line == 0 {
			t.Fatalf("want one positioned problem, got %v", ps)
		}
	})
	t.Run("ErrAliasBomb", func(t *testing.T) {
		// 3 small lists of 100 aliases multiply to a million nodes for a naive walker.
		list := func(item string) string { return "[" + strings.Repeat(item+", ", 99) + item + "]" }
		src := "x_n: &n " + list("ops") + "\nx_s: &s " + list("{notify: *n}") + "\nladders:\n"
		for i := range 100 {
			src += fmt.Sprintf("  l%d: {steps: *s}\n", i)
		}
		_, ps := parse(t, src, nil)
		if !strings.Contains(ps.Error(), "config too large") {
			t.Fatalf("got %.500v", ps)
		}
	})
}

func TestZoneRules(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "ErrBadZone", src: edit(t, "  office:\n", "  office:\n    timezone: Mars/Base\n"),
			want: []string{`calendars.office.timezone: unknown time zone "Mars/Base"`}},
		{name: "ErrBadTopZone", src: edit(t, "timezone: UTC", "timezone: Europe/Atlantis"), want: []string{`timezone: unknown time zone "Europe/Atlantis"`}},
		{name: "ErrLocalZone", src: edit(t, "timezone: UTC", "timezone: Local"), want: []string{"timezone: use an IANA zone name"}},
		{name: "OKEtcGMT", src: edit(t, "  office:\n", "  office:\n    timezone: Etc/GMT+5\n")},
	})
	t.Run("EtcGMTOffset", func(t *testing.T) {
		cfg, _ := parse(t, edit(t, "  office:\n", "  office:\n    timezone: Etc/GMT+5\n"), nil)
		_, off := timeIn(cfg.Calendars["office"].Location).Zone()
		if off != -5*3600 {
			t.Fatalf("Etc/GMT+5 offset %d, want -5h", off)
		}
	})
	t.Run("CalendarInheritsTopZone", func(t *testing.T) {
		cfg, _ := parse(t, edit(t, "timezone: UTC", "timezone: Asia/Kolkata"), nil)
		if c := cfg.Calendars["office"]; c.Timezone != "Asia/Kolkata" || c.Location.String() != "Asia/Kolkata" {
			t.Fatalf("calendar zone %q %v", c.Timezone, c.Location)
		}
	})
}

func TestCalendarRules(t *testing.T) {
	span := `start: "08:00", end: "18:00"`
	runRules(t, []ruleCase{
		{name: "ErrClockOneDigit", src: edit(t, span, `start: "8:00", end: "18:00"`), want: []string{`calendars.office.business_hours[0].start: invalid time "8:00"`}},
		{name: "ErrClockHour25", src: edit(t, span, `start: "08:00", end: "25:00"`), want: []string{`business_hours[0].end: invalid time "25:00"`}},
		{name: "ErrClockMinute60", src: edit(t, span, `start: "08:60", end: "18:00"`), want: []string{`invalid time "08:60"`}},
		{name: "ErrClock2401", src: edit(t, span, `start: "08:00", end: "24:01"`), want: []string{`invalid time "24:01"`}},
		{name: "ErrStart2400", src: edit(t, span, `start: "24:00", end: "18:00"`), want: []string{`start: invalid time "24:00" (want HH:MM from 00:00 to 23:59)`}},
		{name: "ErrStartEqualsEnd", src: edit(t, span, `start: "09:00", end: "09:00"`), want: []string{"business_hours[0].end: must differ from start"}},
		{name: "ErrMissingStart", src: edit(t, span, `end: "18:00"`), want: []string{"calendars.office.business_hours[0]: start is required"}},
		{name: "ErrNoDays", src: edit(t, "days: [mon, tue, wed, thu, fri], ", ""), want: []string{"business_hours[0]: days is required"}},
		{name: "OKEndOfDay", src: edit(t, span, `start: "08:00", end: "24:00"`)},
		{name: "OKWholeDay", src: edit(t, span, `start: "00:00", end: "24:00"`)},
		{name: "OKCrossesMidnight", src: edit(t, span, `start: "22:00", end: "06:00"`)},
		{name: "ErrBadHoliday", src: edit(t, `["2026-12-25"]`, `["2026-12-25", "2026-02-30"]`), want: []string{`calendars.office.holidays: invalid date "2026-02-30"`}},
		{name: "ErrDuplicateHoliday", src: edit(t, `["2026-12-25"]`, `["2026-12-25", "2026-12-25"]`), want: []string{"calendars.office.holidays: 2026-12-25 is listed twice"}},
		{name: "ErrBadCalendarName", src: strings.ReplaceAll(base, "office", "the office"), want: []string{"calendars.the office: names may contain only"}},
	})
	t.Run("Minutes", func(t *testing.T) {
		for _, tc := range []struct {
			span       string
			start, end int
		}{
			{`start: "08:00", end: "18:00"`, 480, 1080},
			{`start: "08:00", end: "24:00"`, 480, 1440},
			{`start: "22:00", end: "06:30"`, 1320, 390},
		} {
			cfg, _ := parse(t, edit(t, span, tc.span), nil)
			s := cfg.Calendars["office"].BusinessHours[0]
			if s.StartMin != tc.start || s.EndMin != tc.end || len(s.Days) != 5 {
				t.Errorf("%s: got %d-%d days %v", tc.span, s.StartMin, s.EndMin, s.Days)
			}
		}
	})
}

func TestTeamRules(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "ErrSideMissing", src: edit(t, "    side: msp\n", ""), want: []string{"teams.noc: side is required (internal or msp)"}},
		{name: "ErrSideBad", src: edit(t, "side: msp", "side: vendor"), want: []string{`teams.noc.side: must be internal or msp, not "vendor"`}},
		{name: "ErrTeamNamedManagers", src: edit(t, "  noc:\n", "  managers:\n    side: msp\n  noc:\n"), want: []string{"teams.managers: the name managers is reserved"}},
		{name: "ErrBadTeamName", src: edit(t, "  noc:\n", "  \"night shift\":\n    side: msp\n  noc:\n"), want: []string{"teams.night shift: names may contain only"}},
		{name: "ErrTeamCalendarUnknown", src: edit(t, "side: msp", "side: msp\n    calendar: offic"), want: []string{`teams.noc.calendar: unknown calendar "offic"`}},
		{name: "OKTeamCalendar", src: edit(t, "side: msp", "side: msp\n    calendar: office")},
		{name: "ErrMemberNameMissing", src: edit(t, "{name: Nora}", "{slack: U9}"), want: []string{"teams.noc.members[0]: name is required"}},
		{name: "ErrDuplicateMemberAcrossTeams", src: edit(t, "{name: Nora}", "{name: Alice}"),
			want: []string{`teams.noc.members[0].name: member name "Alice" is already used at teams.ops.members[0].name`}},
		{name: "ErrDuplicateMemberCase", src: edit(t, "{name: Maria}", "{name: bob}"), want: []string{`managers.members[0].name: member name "bob" is already used`}},
		{name: "ErrDuplicateSlackID", src: edit(t, "{name: Nora}", "{name: Nora, slack: U1}"), want: []string{"teams.noc.members[0].slack: Slack user U1 is already used at teams.ops.members[0]"}},
		{name: "ErrDiscordIDNotDigits", src: edit(t, "{name: Nora}", "{name: Nora, discord: nora#1}"), want: []string{"teams.noc.members[0].discord: must be a Discord user ID"}},
		{name: "OKDiscordIDUnquoted", src: edit(t, "{name: Nora}", "{name: Nora, discord: 123456789012345678}")},
		{name: "ErrBadEmail", src: edit(t, "{name: Nora}", "{name: Nora, email: nora-at-msp}"), want: []string{`teams.noc.members[0].email: invalid email address "nora-at-msp"`}},
		{name: "ErrDiscordChannel", src: edit(t, "side: msp", "side: msp\n    discord_channel: general"), want: []string{"teams.noc.discord_channel: must be a Discord channel ID"}},
		{name: "ErrRotationMemberUnknown", src: edit(t, "[Alice, Bob]", "[Alice, Nora]"),
			want: []string{`teams.ops.rotation.members: "Nora" is not a member of this team`}},
		{name: "ErrRotationNoMembers", src: edit(t, "{members: [Alice, Bob]}", "{handoff: mon 09:00}"), want: []string{"teams.ops.rotation: members is required"}},
		{name: "ErrHandoffBad", src: edit(t, "{members: [Alice, Bob]}", "{members: [Alice, Bob], handoff: monday 9am}"), want: []string{`teams.ops.rotation.handoff: must be a day and a time like "mon 09:00", not "monday 9am"`}},
		{name: "ErrHandoff2400", src: edit(t, "{members: [Alice, Bob]}", "{members: [Alice, Bob], handoff: \"fri 24:00\"}"), want: []string{"teams.ops.rotation.handoff: must be a day and a time"}},
		{name: "ErrRotationEveryZero", src: edit(t, "{members: [Alice, Bob]}", "{members: [Alice, Bob], every: 0h}"), want: []string{"teams.ops.rotation.every: duration must be greater than zero"}},
		{name: "ErrRotationStart", src: edit(t, "{members: [Alice, Bob]}", "{members: [Alice, Bob], start: 2026-13-01}"), want: []string{`teams.ops.rotation.start: must be a date like 2026-01-05, not "2026-13-01"`}},
		{name: "ErrOverrideMemberUnknown", src: edit(t, "{members: [Alice, Bob]}", "{members: [Alice, Bob], overrides: [{member: Maria, from: \"2026-03-01T00:00:00Z\", to: \"2026-03-02T00:00:00Z\"}]}"),
			want: []string{`teams.ops.rotation.overrides[0].member: "Maria" is not a member of this team`}},
		{name: "ErrOverrideToBeforeFrom", src: edit(t, "{members: [Alice, Bob]}", "{members: [Alice, Bob], overrides: [{member: Bob, from: \"2026-03-02T00:00:00Z\", to: \"2026-03-01T00:00:00Z\"}]}"),
			want: []string{"teams.ops.rotation.overrides[0].to: must be after from"}},
		{name: "ErrOverrideMissingTo", src: edit(t, "{members: [Alice, Bob]}", "{members: [Alice, Bob], overrides: [{member: Bob, from: \"2026-03-02T00:00:00Z\"}]}"),
			want: []string{"teams.ops.rotation.overrides[0]: from and to are both required"}},
		{name: "ErrOverrideBadTime", src: edit(t, "{members: [Alice, Bob]}", "{members: [Alice, Bob], overrides: [{member: Bob, from: \"2026-03-02 09:00\", to: \"2026-03-03T00:00:00Z\"}]}"),
			want: []string{`teams.ops.rotation.overrides[0].from: invalid time "2026-03-02 09:00"`}},
		{name: "ErrTeamPagerDutyNoRoutingKey", src: edit(t, "side: msp", "side: msp\n    pagerduty: {schedule_id: P1}"),
			want: []string{"teams.noc.pagerduty: needs routing_key_env or routing_key_file", "teams.noc.pagerduty: schedule_id and escalation_policy_id need pagerduty.api_token_env"}},
		{name: "OKTeamPagerDuty", src: edit(t, "side: msp", "side: msp\n    pagerduty: {routing_key_env: PD_NOC}"), env: map[string]string{"PD_NOC": "rk"}},
	})
	t.Run("RotationDefaults", func(t *testing.T) {
		cfg, _ := parse(t, base, nil)
		r := cfg.Teams["ops"].Rotation
		if r.Handoff != "mon 09:00" || r.HandoffDay != 1 || r.HandoffMin != 540 || r.Every.Std().Hours() != 168 ||
			r.Start != "2026-01-05" || r.StartDate.Weekday() != 1 {
			t.Fatalf("rotation defaults: %+v", *r)
		}
	})
	t.Run("Warnings", func(t *testing.T) {
		cfg, _ := parse(t, edit(t, "    scope: [db]\n", ""), nil)
		if len(cfg.Warnings) != 1 || !strings.Contains(cfg.Warnings[0].Msg, "teams.noc: msp team has no scope") {
			t.Fatalf("warnings: %v", cfg.Warnings)
		}
	})
	// The ladder of db pages the NOC, whose scope leaves db out: its people
	// would be woken for an incident they may not touch.
	t.Run("WarnLadderPagesMSPOutOfScope", func(t *testing.T) {
		cfg, _ := parse(t, edit(t, "scope: [db]", "scope: [network]"), nil)
		want := `services[0].ladder: ladder "std" pages MSP team "noc" (step 2) for service "db", outside its scope [network]`
		if len(cfg.Warnings) != 1 || !strings.Contains(cfg.Warnings[0].Msg, want) || cfg.Warnings[0].Line == 0 {
			t.Fatalf("warnings: %v", cfg.Warnings)
		}
	})
}

func TestServiceAndLadderRules(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "ErrServiceNameMissing", src: edit(t, "{name: db, ", "{"), want: []string{"services[0]: name is required"}},
		{name: "ErrDuplicateService", src: edit(t, "ladders:\n", "  - {name: db, owner: noc, ladder: std}\nladders:\n"), want: []string{`services[1].name: duplicate service "db" (also services[0])`}},
		{name: "ErrServiceOwnerMissing", src: edit(t, "owner: ops, ", ""), want: []string{"services[0]: owner is required"}},
		{name: "ErrServiceUnknownOwner", src: edit(t, "owner: ops", "owner: opz"), want: []string{`services[0].owner: unknown team "opz"`}},
		{name: "ErrServiceLadderMissing", src: edit(t, ", ladder: std", ""), want: []string{"services[0]: ladder is required"}},
		{name: "ErrServiceUnknownLadder", src: edit(t, "ladder: std", "ladder: gold"), want: []string{`services[0].ladder: unknown ladder "gold"`}},
		{name: "ErrSeverityBad", src: edit(t, "ladder: std}", "ladder: std, severity: critical}"), want: []string{`services[0].severity: must be sev1, sev2, sev3 or sev4, not "critical"`}},
		{name: "ErrNoCascadeIntoBrokenTeams", src: edit(t, "teams:\n", "teams: 3\nx_teams:\n"), want: []string{"teams: must be a mapping"}},
		{name: "ErrLadderNoCalendar", src: edit(t, "    calendar: office\n", ""), want: []string{"ladders.std: calendar is required"}},
		{name: "ErrLadderUnknownCalendar", src: edit(t, "calendar: office", "calendar: home"), want: []string{`ladders.std.calendar: unknown calendar "home"`}},
		{name: "ErrNegativeRepeat", src: edit(t, "calendar: office\n", "calendar: office\n    repeat: -1\n"), want: []string{"ladders.std.repeat: must not be negative"}},
		{name: "ErrNoSteps", src: edit(t, "      - {notify: [ops], wait: 5m}\n      - {notify: [noc, managers]}\n", "      []\n"), want: []string{"ladders.std: needs at least one step"}},
		{name: "ErrNotifyEmpty", src: edit(t, "{notify: [ops], wait: 5m}", "{notify: [], wait: 5m}"), want: []string{"ladders.std.steps[0]: notify needs at least one team"}},
		{name: "ErrNotifyUnknownTeam", src: edit(t, "[noc, managers]", "[nocc, managers]"), want: []string{`ladders.std.steps[1].notify: unknown team "nocc"`}},
		{name: "ErrNotifyDuplicate", src: edit(t, "[noc, managers]", "[noc, noc]"), want: []string{`ladders.std.steps[1].notify: "noc" is listed twice`}},
		{name: "ErrWhenBad", src: edit(t, "{notify: [ops], wait: 5m}", "{notify: [ops], when: weekdays, wait: 5m}"), want: []string{`ladders.std.steps[0].when: must be business_hours or after_hours (or left out), not "weekdays"`}},
		{name: "ErrMinSeverityBad", src: edit(t, "{notify: [noc, managers]}", "{notify: [noc, managers], min_severity: high}"), want: []string{`ladders.std.steps[1].min_severity: must be sev1, sev2, sev3 or sev4, not "high"`}},
		{name: "ErrWaitMissing", src: edit(t, "{notify: [ops], wait: 5m}", "{notify: [ops]}"), want: []string{"ladders.std.steps[0]: wait is required on every step but the last"}},
		{name: "OKLastStepWait", src: edit(t, "{notify: [noc, managers]}", "{notify: [noc, managers], wait: 1m}")},
		{name: "ErrSLAUnknownSeverity", src: base + "sla: {sev5: {ack: 5m}}\n", want: []string{"sla.sev5: unknown severity"}},
		{name: "ErrSLAAckAfterResolve", src: base + "sla: {sev1: {ack: 5h, resolve: 4h}}\n", want: []string{"sla.sev1.ack: is longer than resolve (5h > 4h)"}},
		{name: "ErrRemindersZero", src: base + "reminders: {unacked_every: 0m}\n", want: []string{"reminders.unacked_every: duration must be greater than zero"}},
	})
	t.Run("Defaults", func(t *testing.T) {
		cfg, _ := parse(t, base, nil)
		if cfg.Services[0].Severity != "sev3" || cfg.Reminders.UnackedEvery.String() != "5m" || cfg.Reminders.UpdateEvery.String() != "30m" ||
			cfg.HTTP.Addr != ":8080" || cfg.Redis.Prefix != "tandem:" || !cfg.Redis.Embedded() || cfg.Location.String() != "UTC" {
			t.Fatalf("defaults: %+v", cfg)
		}
	})
	t.Run("NoTimezoneMeansUTC", func(t *testing.T) {
		cfg, _ := parse(t, edit(t, "timezone: UTC\n", ""), nil)
		if cfg.Timezone != "UTC" || cfg.Calendars["office"].Location != cfg.Location {
			t.Fatalf("zone %q", cfg.Timezone)
		}
	})
}

func TestReportRules(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "OKCronTZ", src: base + "reports: {weekly: \"CRON_TZ=America/Chicago 0 9 * * MON\", handoff: true}\n"},
		{name: "OKCronPlain", src: base + "reports: {weekly: \"30 8 * 1-6,9 mon-fri/2\"}\n"},
		{name: "OKCronDescriptor", src: base + "reports: {weekly: \"@weekly\"}\n"},
		{name: "ErrCronZone", src: base + "reports: {weekly: \"CRON_TZ=Mars/Base 0 9 * * MON\"}\n", want: []string{`reports.weekly: provided bad location Mars/Base: unknown time zone Mars/Base`}},
		{name: "ErrCronFields", src: base + "reports: {weekly: \"CRON_TZ=UTC 0 9 * *\"}\n", want: []string{"reports.weekly: want 5 fields"}},
		{name: "ErrCronValue", src: base + "reports: {weekly: \"0 25 * * MON\"}\n", want: []string{`reports.weekly: hour field "25": end of range (25) above maximum (23)`}},
		{name: "ErrCronName", src: base + "reports: {weekly: \"0 9 * * MOON\"}\n", want: []string{`day of week field "MOON"`}},
		{name: "ErrCronStep", src: base + "reports: {weekly: \"*/0 9 * * *\"}\n", want: []string{"minute field \"*/0\": step of range should be a positive number"}},
		// robfig/cron runs these, so config check accepts them (it refused them once).
		{name: "OKCronEvery", src: base + "reports: {weekly: \"@every 168h\"}\n"},
		{name: "OKMonthly", src: base + "reports: {monthly: \"CRON_TZ=Europe/London 0 9 1 * *\"}\n"},
		{name: "ErrMonthly", src: base + "reports: {monthly: \"0 9 32 * *\"}\n", want: []string{`reports.monthly: day of month field "32"`}},
		{name: "OKCronLocal", src: base + "reports: {weekly: \"CRON_TZ=Local 0 9 * * MON\"}\n"},
		{name: "ErrCronBadSpec", src: base + "reports: {weekly: \"every monday\"}\n", want: []string{"reports.weekly: want 5 fields", "(robfig/cron: expected exactly 5 fields, found 2: [every monday])"}},
		{name: "ErrCronZoneAlone", src: base + "reports: {weekly: \"CRON_TZ=UTC\"}\n", want: []string{"reports.weekly: want 5 fields"}},
		{name: "ErrCronDescriptor", src: base + "reports: {weekly: \"@fortnightly\"}\n", want: []string{"reports.weekly: want 5 fields", "unrecognized descriptor: @fortnightly"}},
	})
}

func TestIntegrationRules(t *testing.T) {
	vars := map[string]string{"TOK": "t0k", "SIG": "s1g"}
	runRules(t, []ruleCase{
		{name: "ErrHTTPAddr", src: base + "http: {addr: localhost}\n", want: []string{`http.addr: must be host:port or :port, not "localhost"`}},
		{name: "OKHTTPAddr", src: base + "http: {addr: \"[::1]:9000\"}\n"},
		{name: "ErrRedisScheme", src: base + "redis: {url: \"http://user:hunter2@x:6379\"}\n", want: []string{"redis.url: must be a redis://, rediss:// or unix:// URL"}},
		{name: "ErrRedisURLAndSentinel", src: base + "redis: {url: \"redis://x:6379\", sentinel_addrs: [\"a:26379\"], sentinel_master: m}\n", want: []string{"redis.sentinel_addrs: set redis.url or redis.sentinel_addrs, not both"}},
		{name: "ErrSentinelNoMaster", src: base + "redis: {sentinel_addrs: [\"a:26379\"]}\n", want: []string{"redis: sentinel_master is required"}},
		{name: "ErrSentinelMasterAlone", src: base + "redis: {sentinel_master: m}\n", want: []string{"redis.sentinel_master: needs sentinel_addrs"}},
		{name: "ErrSentinelAddr", src: base + "redis: {sentinel_addrs: [\"a\"], sentinel_master: m}\n", want: []string{`redis.sentinel_addrs: must be host:port, not "a"`}},
		{name: "OKSentinel", src: base + "redis: {sentinel_addrs: [\"a:26379\", \"b:26379\"], sentinel_master: m, password_env: TOK}\n", env: vars},
		{name: "ErrSourceNoCredentials", src: base + "sources:\n  generic: {auto_resolve: false}\n", want: []string{"sources.generic: needs token_env/token_file or hmac_secret_env/hmac_secret_file"}},
		{name: "ErrSourceEmpty", src: base + "sources:\n  grafana: {}\n", want: []string{"sources.grafana: needs token_env/token_file"}},
		{name: "OKSourceHMACOnly", src: base + "sources:\n  generic: {hmac_secret_env: SIG}\n", env: vars},
		{name: "ErrMaxAlertsZero", src: base + "sources:\n  alertmanager: {token_env: TOK, max_alerts: 0}\n", env: vars, want: []string{"sources.alertmanager.max_alerts: must be at least 1"}},
		{name: "ErrEmptyLabel", src: base + "sources:\n  alertmanager: {token_env: TOK, service_labels: [service, \"\"]}\n", env: vars, want: []string{"sources.alertmanager.service_labels: label names must not be empty"}},
		{name: "ErrSlackNoBotToken", src: base + "slack: {signing_secret_env: SIG}\n", env: vars, want: []string{"slack: needs bot_token_env or bot_token_file"}},
		{name: "ErrSlackAPIURLNoSlash", src: base + "slack: {bot_token_env: TOK, api_url: \"http://127.0.0.1:9999/api\"}\n", env: vars, want: []string{`slack.api_url: must end with "/"`}},
		{name: "ErrSlackAPIURLScheme", src: base + "slack: {bot_token_env: TOK, api_url: \"ftp://x/\"}\n", env: vars, want: []string{"slack.api_url: must be an http:// or https:// URL"}},
		{name: "OKSlack", src: base + "slack: {bot_token_env: TOK, app_token_env: SIG, api_url: \"http://127.0.0.1:9999/api/\"}\n", env: vars},
		{name: "ErrDiscordNoBotToken", src: base + "discord: {application_id: \"1\"}\n", want: []string{"discord: needs bot_token_env or bot_token_file"}},
		{name: "ErrDiscordPublicKey", src: base + "discord: {bot_token_env: TOK, public_key: abc}\n", env: vars, want: []string{"discord.public_key: must be 64 hexadecimal characters"}},
		{name: "ErrDiscordIDs", src: base + "discord: {bot_token_env: TOK, guild_id: my-guild}\n", env: vars, want: []string{"discord.guild_id: must be a Discord ID"}},
		{name: "ErrDiscordAPIURL", src: base + "discord: {bot_token_env: TOK, api_url: \"http://127.0.0.1:1\"}\n", env: vars, want: []string{`discord.api_url: must end with "/"`}},
		{name: "OKDiscord", src: base + "discord: {bot_token_env: TOK, public_key: " + strings.Repeat("ab", 32) + ", application_id: 123, guild_id: \"456\"}\n", env: vars},
		{name: "ErrPagerDutyEventsURL", src: base + "pagerduty: {events_url: \"events.pagerduty.com\"}\n", want: []string{"pagerduty.events_url: must be an http:// or https:// URL"}},
	})
	t.Run("PagerDutyRootsTrimmed", func(t *testing.T) {
		cfg, _ := parse(t, base+"pagerduty: {events_url: \"http://127.0.0.1:1/\", api_url: \"http://127.0.0.1:2\"}\n", nil)
		if cfg.PagerDuty.EventsURL != "http://127.0.0.1:1" || cfg.PagerDuty.APIURL != "http://127.0.0.1:2" {
			t.Fatalf("got %q %q", cfg.PagerDuty.EventsURL, cfg.PagerDuty.APIURL)
		}
	})
	t.Run("SourceDefaults", func(t *testing.T) {
		cfg, _ := parse(t, base+"sources:\n  alertmanager: {token_env: TOK}\n  generic: {token_env: TOK, auto_resolve: false, max_alerts: 5, service_labels: [app]}\n", vars)
		am, gen := cfg.Sources["alertmanager"], cfg.Sources["generic"]
		if !am.AutoResolveOn() || am.ReopenWithin.String() != "30m" || am.MaxAlerts != 1000 ||
			strings.Join(am.ServiceLabels, ",") != "service" || strings.Join(am.SeverityLabels, ",") != "severity" {
			t.Fatalf("alertmanager defaults: %+v", *am)
		}
		if gen.AutoResolveOn() || gen.MaxAlerts != 5 || gen.ServiceLabels[0] != "app" || cfg.Sources["grafana"] != nil {
			t.Fatalf("generic: %+v", *gen)
		}
	})
}

func TestEnvOverrides(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		cfg, _ := parse(t, base+"http: {addr: \":1\"}\n", map[string]string{"TANDEM_HTTP_ADDR": "127.0.0.1:9", "TANDEM_REDIS_URL": "redis://r:6379/1"})
		if cfg.HTTP.Addr != "127.0.0.1:9" || cfg.Redis.URL != "redis://r:6379/1" || cfg.Redis.Embedded() {
			t.Fatalf("overrides not applied: %+v %+v", cfg.HTTP, cfg.Redis)
		}
	})
	t.Run("ErrBadOverrideNamesVariable", func(t *testing.T) {
		_, ps := parse(t, base, map[string]string{"TANDEM_HTTP_ADDR": "nope", "TANDEM_REDIS_URL": "mysql://u:pw@x"})
		want := []string{
			`t.yaml: http.addr (from TANDEM_HTTP_ADDR): must be host:port or :port, not "nope"`,
			"t.yaml: redis.url (from TANDEM_REDIS_URL): must be a redis://",
		}
		for _, w := range want {
			if !strings.Contains(ps.Error(), w) {
				t.Errorf("want %q in %v", w, ps)
			}
		}
		if strings.Contains(ps.Error(), "pw@") {
			t.Errorf("redis URL echoed: %v", ps)
		}
	})
}

func TestRedisPassword(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "ErrPasswordInFileURL", src: base + "redis: {url: \"redis://:hunter2@r:6379\"}\n", want: []string{"redis.url: must not contain a password; use redis.password_env or redis.password_file"}},
		{name: "ErrPasswordTwice", src: base + "redis: {password_env: PW}\n", env: map[string]string{"PW": "a", "TANDEM_REDIS_URL": "redis://:b@r:6379"},
			want: []string{"redis.url (from TANDEM_REDIS_URL): has a password, and so does redis.password_env/_file"}},
	})
	t.Run("OKPasswordFromEnvURL", func(t *testing.T) {
		cfg, _ := parse(t, base, map[string]string{"TANDEM_REDIS_URL": "rediss://:hunter2@r:6380/2"})
		if cfg.Redis.URL != "rediss://r:6380/2" || cfg.Redis.Password.Value() != "hunter2" {
			t.Fatalf("got %q %q", cfg.Redis.URL, cfg.Redis.Password.Origin())
		}
	})
}
