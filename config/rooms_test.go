package config

import (
	"testing"
	"time"
)

func TestRoomsArchiveAfter(t *testing.T) {
	for src, want := range map[string]time.Duration{
		base:                                      24 * time.Hour,
		base + "rooms: {archive_after: 5s}\n":     5 * time.Second,
		base + "rooms: {archive_after: 0}\n":      0,
		base + "rooms: {archive_after: \"0s\"}\n": 0,
	} {
		cfg, ps := parse(t, src, nil)
		if ps != nil {
			t.Fatalf("%v", ps)
		}
		if got := cfg.Rooms.ArchiveAfter.Std(); got != want {
			t.Errorf("archive_after %v, want %v", got, want)
		}
	}
}

func TestRoomsRules(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "BadDuration", src: base + "rooms: {archive_after: soon}\n", want: []string{"t.yaml:30:24:", "rooms.archive_after", `invalid duration "soon"`, "0 keeps rooms open"}},
		{name: "Negative", src: base + "rooms: {archive_after: -1h}\n", want: []string{"rooms.archive_after", "must not be negative"}},
		{name: "UnknownKey", src: base + "rooms: {archive: 1h}\n", want: []string{`unknown key "archive" in rooms`}},
		{name: "ArchiveCategoryNotDigits", src: base + "discord: {bot_token_env: T, guild_id: \"1\", archive_category_id: old}\n",
			env: map[string]string{"T": "x"}, want: []string{"discord.archive_category_id", "must be a Discord ID"}},
		{name: "ArchiveCategoryIsTheRoomsCategory", src: base + "discord: {bot_token_env: T, guild_id: \"1\", category_id: \"5\", archive_category_id: \"5\"}\n",
			env: map[string]string{"T": "x"}, want: []string{"discord.archive_category_id", "must not be discord.category_id"}},
		{name: "ArchiveCategoryOK", src: base + "discord: {bot_token_env: T, guild_id: \"1\", category_id: \"5\", archive_category_id: \"6\"}\n",
			env: map[string]string{"T": "x"}},
	})
}
