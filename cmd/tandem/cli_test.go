package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, nil, &out, &errOut)
	return code, out.String(), errOut.String()
}

// `tandem --help`, `-h` and `help` print every command and exit 0 (they
// once started serve); `--version` and `-version` print the version.
func TestTopLevelHelpAndVersion(t *testing.T) {
	every := []string{"tandem serve", "tandem config check FILE", "tandem ladder preview", "tandem healthcheck", "tandem export INC-n",
		"tandem audit verify", "tandem audit anchor", "tandem discord register", "tandem archive verify FILE...", "tandem archive trim", "tandem init", "tandem doctor", "tandem slack manifest", "tandem version", "tandem help"}
	for _, arg := range []string{"--help", "-h", "-help", "help"} {
		code, out, errOut := runCLI(arg)
		if code != 0 || errOut != "" {
			t.Fatalf("%s: exit %d, stderr %q", arg, code, errOut)
		}
		for _, c := range every {
			if !strings.Contains(out, "  "+c) {
				t.Errorf("%s: %q missing from:\n%s", arg, c, out)
			}
		}
	}
	for _, arg := range []string{"--version", "-version", "version"} {
		if code, out, _ := runCLI(arg); code != 0 || !strings.HasPrefix(out, "tandem "+Version+"\n") {
			t.Errorf("%s: exit %d, %q", arg, code, out)
		}
	}
	if code, _, errOut := runCLI("bogus"); code != 2 || !strings.Contains(errOut, `unknown command "bogus"`) || !strings.Contains(errOut, "tandem export") {
		t.Errorf("unknown command: exit %d, %q", code, errOut)
	}
}

// Every subcommand's -h/--help prints its usage on stdout and exits 0;
// a group's (`tandem archive -h`) lists its subcommands.
func TestSubcommandHelp(t *testing.T) {
	cases := map[string]string{
		"serve -h":              "usage: tandem [serve] [--config FILE]",
		"--config x.yaml -h":    "usage: tandem [serve]",
		"config check -h":       "usage: tandem config check FILE",
		"config -h":             "tandem config check FILE",
		"ladder preview --help": "usage: tandem ladder preview --config FILE --service NAME",
		"ladder -h":             "tandem ladder preview",
		"healthcheck -h":        "usage: tandem healthcheck [--url URL]",
		"export -h":             "usage: tandem export INC-n [--format md|json] [--config FILE]",
		"export INC-3 --help":   "usage: tandem export INC-n",
		"audit verify -h":       "usage: tandem audit verify INC-n|--all",
		"audit --help":          "tandem audit verify",
		"audit anchor -h":       "usage: tandem audit anchor [--anchors FILE] [--config FILE]",
		"discord register -h":   "usage: tandem discord register [--config FILE]",
		"discord -h":            "tandem discord register",
		"archive verify -h":     "usage: tandem archive verify FILE... [--config FILE]",
		"archive trim --help":   "usage: tandem archive trim [--config FILE]",
		"archive -h":            "tandem archive trim",
		"help export":           "usage: tandem export INC-n",
		"help archive verify":   "usage: tandem archive verify FILE...",
		"help help":             "tandem help [COMMAND]",
		"init -h":               "usage: tandem init [--non-interactive]",
		"doctor -h":             "usage: tandem doctor [--config FILE] [--url URL]",
		"slack manifest -h":     "usage: tandem slack manifest [--url URL] [--socket]",
		"slack -h":              "tandem slack manifest",
	}
	for args, want := range cases {
		code, out, errOut := runCLI(strings.Fields(args)...)
		if code != 0 || !strings.Contains(out, want) || errOut != "" {
			t.Errorf("tandem %s: exit %d, stdout %q, stderr %q; want exit 0 and %q", args, code, out, errOut, want)
		}
	}
}

// Flags are read after positional arguments too (`tandem audit verify
// INC-3 --config f.yaml`): each of these fails on the config it was given.
func TestFlagsAfterPositionals(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	for _, args := range [][]string{
		{"audit", "verify", "INC-3", "--config", missing},
		{"audit", "anchor", "--config", missing},
		{"archive", "verify", "x.jsonl", "--config", missing},
		{"export", "INC-3", "--config", missing},
		{"export", "INC-3", "--format", "json", "--config", missing},
		{"discord", "register", "--config", missing},
		{"doctor", "--config", missing},
		{"archive", "trim", "--config", missing},
		{"ladder", "preview", "--service", "db", "--config", missing},
		{"serve", "--config", missing},
	} {
		code, _, errOut := runCLI(args...)
		if code != 1 || !strings.Contains(errOut, missing) {
			t.Errorf("%v: exit %d, %q; want exit 1 naming %s", args, code, errOut, missing)
		}
	}
	// A positional where a command takes none is a usage error, not ignored.
	for _, args := range [][]string{{"serve", "extra"}, {"healthcheck", "extra"}, {"archive", "trim", "extra"}, {"config", "check", "a", "b"}} {
		if code, _, errOut := runCLI(args...); code != 2 || !strings.Contains(errOut, "usage: tandem") {
			t.Errorf("%v: exit %d, %q; want 2 and the usage", args, code, errOut)
		}
	}
	if code, _, errOut := runCLI("export", "--bogus", "INC-1"); code != 2 || !strings.Contains(errOut, "flag provided but not defined: -bogus") {
		t.Errorf("bad flag: exit %d, %q", code, errOut)
	}
}

// `tandem export` and `tandem discord register` ask only for the secrets
// they use: with the Slack and PagerDuty secrets unset, both get past
// loading the config, which serve refuses.
func TestToolsNeedOnlyTheirSecrets(t *testing.T) {
	fake := discordtest.Start(t, "reg-token")
	path := filepath.Join(t.TempDir(), "tandem.yaml")
	yaml := `redis: {url: "` + redistest.URL(t) + `", prefix: "` + redistest.Prefix(t) + `"}
slack: {bot_token_env: TANDEM_TEST_UNSET_SLACK_TOKEN, signing_secret_env: TANDEM_TEST_UNSET_SLACK_SECRET}
pagerduty: {api_token_env: TANDEM_TEST_UNSET_PD_TOKEN}
discord: {bot_token_env: TANDEM_TEST_DISCORD_TOKEN, application_id: "111", guild_id: "222", api_url: "` + fake.APIURL() + `"}
`
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TANDEM_TEST_DISCORD_TOKEN", "reg-token")
	if code, out, errOut := runCLI("discord", "register", "--config", path); code != 0 || !strings.Contains(out, "registered /incident") {
		t.Fatalf("discord register: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := runCLI("export", "INC-1", "--config", path); code != 1 || !strings.Contains(errOut, "INC-1 does not exist") {
		t.Fatalf("export: exit %d, %q; want it to reach the store", code, errOut)
	}
	if code, _, errOut := runCLI("audit", "verify", "--all", "--config", path); code != 0 {
		t.Fatalf("audit verify: exit %d, %q", code, errOut)
	}
	// What each tool does use is still required.
	t.Setenv("TANDEM_TEST_DISCORD_TOKEN", "")
	if code, _, errOut := runCLI("discord", "register", "--config", path); code != 1 || !strings.Contains(errOut, "TANDEM_TEST_DISCORD_TOKEN is not set") {
		t.Fatalf("discord register without its token: exit %d, %q", code, errOut)
	}
	// serve needs every secret.
	if code, _, errOut := runCLI("serve", "--config", path); code != 1 || !strings.Contains(errOut, "TANDEM_TEST_UNSET_SLACK_TOKEN is not set") {
		t.Fatalf("serve: exit %d, %q", code, errOut)
	}
}
