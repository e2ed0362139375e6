package discord_test

import (
	"testing"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
)

// The tree the fake accepts (it checks Discord's rules: names, lengths,
// required options first) has one subcommand per chat.Def, with its
// options typed.
func TestRegisterCommands(t *testing.T) {
	fake := discordtest.Start(t, token)
	n, err := client(t, fake, "").RegisterCommands(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n != len(chat.Defs) {
		t.Fatalf("%d subcommands, want %d", n, len(chat.Defs))
	}
	calls := fake.Calls(discordtest.RouteBulkOverwrite)
	if len(calls) != 1 || calls[0].Path != "/api/v10/applications/"+app+"/guilds/"+guild+"/commands" || calls[0].Auth != "Bot "+token {
		t.Fatalf("calls %+v", calls)
	}
	cmds := fake.Commands(app, guild)
	if len(cmds) != 1 || cmds[0].Name != "incident" || cmds[0].Type != 1 {
		t.Fatalf("commands %+v", cmds)
	}
	subs := map[string]discordtest.CommandOption{}
	for i, o := range cmds[0].Options {
		if o.Type != 1 || o.Name != chat.Defs[i].Name || o.Description != chat.Defs[i].Summary {
			t.Fatalf("subcommand %d: %+v", i, o)
		}
		subs[o.Name] = o
	}
	note := subs["note"].Options
	if len(note) != 2 || note[0].Name != "text" || !note[0].Required || note[1].Name != "id" || note[1].Required {
		t.Fatalf("note options (required first): %+v", note)
	}
	sev := subs["declare"].Options[1]
	if sev.Name != "sev" || sev.Type != 4 || len(sev.Choices) != 4 || sev.Choices[0].Value != float64(1) {
		t.Fatalf("declare --sev: %+v", sev)
	}
	if u := subs["assign"].Options[0]; u.Name != "user" || u.Type != 6 {
		t.Fatalf("assign user: %+v", u)
	}
	if d := subs["snooze"].Options[0]; d.Name != "duration" || d.Type != 3 {
		t.Fatalf("snooze duration: %+v", d)
	}
}

// Every subcommand, with every option filled, comes back as text the
// grammar parses into the same command.
func TestCommandOptionsRoundTrip(t *testing.T) {
	rec := &recorder{answer: chat.Private("ok")}
	sender, _, _ := endpoint(t, rec, 0)
	tests := []struct {
		sub  string
		opts []discordtest.Option
		text string
	}{
		{"declare", []discordtest.Option{discordtest.String("title", "VPN down"), discordtest.String("service", "network")}, "declare VPN down --service network"},
		{"ack", nil, "ack"},
		{"ack", []discordtest.Option{discordtest.String("id", "INC-4")}, "ack INC-4"},
		{"escalate", []discordtest.Option{discordtest.String("id", "INC-4"), discordtest.String("to", "noc")}, "escalate INC-4 noc"},
		{"resolve", []discordtest.Option{discordtest.String("note", "restarted the tunnel")}, "resolve restarted the tunnel"},
		{"note", []discordtest.Option{discordtest.String("text", "looking"), discordtest.String("id", "INC-2")}, "note INC-2 looking"},
		{"sev", []discordtest.Option{discordtest.Integer("level", 1)}, "sev 1"},
		{"assign", []discordtest.Option{discordtest.UserOption("user", "4242")}, "assign <@4242>"},
		{"snooze", []discordtest.Option{discordtest.String("duration", "30m")}, "snooze 30m"},
		{"report", []discordtest.Option{discordtest.String("period", "30d")}, "report 30d"},
		{"help", nil, "help"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			if _, err := sender.Command(nora, "1", tc.sub, tc.opts...); err != nil {
				t.Fatal(err)
			}
			got := rec.last(t).Text
			if got != tc.text {
				t.Fatalf("text %q, want %q", got, tc.text)
			}
			if _, err := chat.Parse(got); err != nil {
				t.Fatalf("grammar refuses %q: %v", got, err)
			}
		})
	}
}
