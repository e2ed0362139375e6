package config

import (
	"strings"
	"testing"
)

func TestRoomsPrivate(t *testing.T) {
	t.Run("DefaultTrue", func(t *testing.T) {
		cfg, _ := parse(t, base, nil)
		if !cfg.Rooms.PrivateRooms() || cfg.Rooms.Private != nil {
			t.Fatalf("rooms.private absent: private=%v", cfg.Rooms.PrivateRooms())
		}
		if len(cfg.Warnings) != 0 {
			t.Fatalf("warnings: %v", cfg.Warnings)
		}
	})
	t.Run("ExplicitTrue", func(t *testing.T) {
		cfg, _ := parse(t, base+"rooms:\n  private: true\n", nil)
		if !cfg.Rooms.PrivateRooms() || len(cfg.Warnings) != 0 {
			t.Fatalf("private=%v warnings=%v", cfg.Rooms.PrivateRooms(), cfg.Warnings)
		}
	})
	// The NOC of base is an MSP team scoped to db: public rooms would show
	// every incident to everyone, scope or not.
	t.Run("WarnPublicWithScopedMSP", func(t *testing.T) {
		src := base + "rooms:\n  private: false\n"
		cfg, _ := parse(t, src, nil)
		if cfg.Rooms.PrivateRooms() {
			t.Fatal("private: false was not kept")
		}
		line, _ := posOf(t, src, "private: false")
		if len(cfg.Warnings) != 1 || cfg.Warnings[0].Line != line ||
			!strings.Contains(cfg.Warnings[0].Msg, `rooms.private: rooms are public but msp team "noc" has a scope: scope means nothing if everyone can read the room`) {
			t.Fatalf("warnings: %v", cfg.Warnings)
		}
	})
	t.Run("PublicWithoutScopedMSP", func(t *testing.T) {
		src := edit(t, "    scope: [db]\n", "") + "rooms:\n  private: false\n"
		cfg, _ := parse(t, src, nil)
		for _, w := range cfg.Warnings {
			if strings.Contains(w.Msg, "rooms.private") {
				t.Fatalf("warned without a scoped MSP team: %v", w)
			}
		}
	})
	runRules(t, []ruleCase{
		{name: "ErrPrivateNotBool", src: base + "rooms:\n  private: sometimes\n", want: []string{"rooms.private"}},
		{name: "ErrUnknownRoomsKey", src: base + "rooms:\n  privat: true\n", want: []string{`unknown key "privat"`}},
	})
}

func TestSlackRooms(t *testing.T) {
	slack := "slack: {bot_token_env: SLACK_TOKEN}\n"
	vars := map[string]string{"SLACK_TOKEN": "xoxb-1"}
	runRules(t, []ruleCase{
		{name: "OKThread", src: edit(t, "    scope: [db]\n", "    scope: [db]\n    slack_rooms: thread\n    slack_channel: C0SHARED\n") + slack, env: vars},
		{name: "OKChannel", src: edit(t, "    scope: [db]\n", "    scope: [db]\n    slack_rooms: channel\n")},
		{name: "ErrBadValue", src: edit(t, "    scope: [db]\n", "    scope: [db]\n    slack_rooms: threads\n"),
			want: []string{`teams.noc.slack_rooms: must be channel or thread, not "threads"`}},
		{name: "ErrThreadNoChannel", src: edit(t, "    scope: [db]\n", "    scope: [db]\n    slack_rooms: thread\n") + slack, env: vars,
			want: []string{"teams.noc.slack_rooms: thread needs the team's slack_channel"}},
		{name: "ErrThreadNoSlack", src: edit(t, "    scope: [db]\n", "    scope: [db]\n    slack_rooms: thread\n    slack_channel: C0SHARED\n"),
			want: []string{"teams.noc.slack_rooms: thread needs Slack"}},
	})
	cfg, _ := parse(t, edit(t, "    scope: [db]\n", "    scope: [db]\n    slack_rooms: thread\n    slack_channel: C0SHARED\n")+slack, vars)
	if !cfg.Teams["noc"].ThreadRooms() || cfg.Teams["ops"].ThreadRooms() {
		t.Fatal("ThreadRooms: noc should run threads, ops not")
	}
}
