package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
)

// `tandem discord register` sends the /incident tree, one subcommand per
// grammar command, to the guild's bulk overwrite.
func TestDiscordRegister(t *testing.T) {
	fake := discordtest.Start(t, "reg-token")
	path := filepath.Join(t.TempDir(), "tandem.yaml")
	yaml := `discord: {bot_token_env: TANDEM_DISCORD_BOT_TOKEN, public_key: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", application_id: "111", guild_id: "222", api_url: "` + fake.APIURL() + `"}` + "\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TANDEM_DISCORD_BOT_TOKEN", "reg-token")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"discord", "register", "--config", path}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), fmt.Sprintf("registered /incident with %d subcommands in guild 222", len(chat.Defs))) {
		t.Fatalf("output %q", out.String())
	}
	calls := fake.Calls(discordtest.RouteBulkOverwrite)
	if len(calls) != 1 || calls[0].Method != "PUT" || calls[0].Path != "/api/v10/applications/111/guilds/222/commands" {
		t.Fatalf("calls %+v", calls)
	}
	cmds := fake.Commands("111", "222")
	if len(cmds) != 1 || cmds[0].Name != "incident" || len(cmds[0].Options) != len(chat.Defs) {
		t.Fatalf("registered %+v", cmds)
	}

	// A wrong token is reported with Discord's words, and the exit code says so.
	t.Setenv("TANDEM_DISCORD_BOT_TOKEN", "wrong")
	errOut.Reset()
	if code := run(context.Background(), []string{"discord", "register", "--config", path}, nil, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "401: Unauthorized") {
		t.Fatalf("wrong token: exit %d, %q", code, errOut.String())
	}
	if code := run(context.Background(), []string{"discord"}, nil, &out, &errOut); code != 2 {
		t.Fatalf("no subcommand: exit %d", code)
	}
}
