package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestSecretRedaction(t *testing.T) {
	s := NewSecret("hunter2")
	t.Run("OK", func(t *testing.T) {
		if s.Value() != "hunter2" || !s.IsSet() || !s.Declared() {
			t.Fatal("value lost")
		}
	})
	t.Run("Formats", func(t *testing.T) {
		type holder struct{ S Secret }
		for _, out := range []string{
			s.String(), s.GoString(),
			fmt.Sprintf("%v %+v %#v %s %q %x %d", s, s, s, s, s, s, s),
			fmt.Sprintf("%v %+v %#v", holder{s}, &holder{s}, []Secret{s}),
		} {
			if strings.Contains(out, "hunter2") || !strings.Contains(out, "<secret>") {
				t.Errorf("leaked or not redacted: %q", out)
			}
		}
	})
	t.Run("Encoders", func(t *testing.T) {
		j, _ := json.Marshal(map[string]Secret{"a": s})
		j = bytes.ReplaceAll(j, []byte(`\u003c`), []byte("<"))
		j = bytes.ReplaceAll(j, []byte(`\u003e`), []byte(">"))
		y, _ := yaml.Marshal(map[string]Secret{"a": s})
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "s", s)
		for _, out := range []string{string(j), string(y), buf.String()} {
			if strings.Contains(out, "hunter2") || !strings.Contains(out, "<secret>") {
				t.Errorf("leaked or not redacted: %q", out)
			}
		}
	})
	t.Run("Empty", func(t *testing.T) {
		var e Secret
		if e.String() != "" || fmt.Sprintf("%v|%#v", e, e) != "|" || e.IsSet() || e.Declared() {
			t.Fatalf("empty secret: %q", fmt.Sprintf("%v|%#v", e, e))
		}
	})
}

func TestSecretSources(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tok := write("tok", "  file-token\n\n")
	empty := write("empty", " \n")
	hooks := write("hooks", "old-secret\nnew-secret\n")
	vars := map[string]string{"TOK": "env-token", "HOOKS": "a, b,,c", "WEIRD": "xoxb-123"}

	t.Run("OKEnv", func(t *testing.T) {
		cfg, _ := parse(t, base+"api: {token_env: TOK}\n", vars)
		if cfg.API.Token.Value() != "env-token" || cfg.API.Token.Origin() != "env TOK" {
			t.Fatalf("got %q from %q", cfg.API.Token.Value(), cfg.API.Token.Origin())
		}
	})
	t.Run("OKFileTrimmed", func(t *testing.T) {
		cfg, _ := parse(t, base+"api: {token_file: "+tok+"}\n", nil)
		if cfg.API.Token.Value() != "file-token" {
			t.Fatalf("got %q", cfg.API.Token.Value())
		}
	})
	t.Run("OKRelativeFileFromConfigDir", func(t *testing.T) {
		cfgPath := write("tandem.yaml", base+"api: {token_file: tok}\n")
		cfg, err := Load(cfgPath)
		if err != nil || cfg.API.Token.Value() != "file-token" {
			t.Fatalf("got %v %v", cfg, err)
		}
	})
	t.Run("OKWebhookSecretsFromEnvList", func(t *testing.T) {
		cfg, _ := parse(t, base+"pagerduty: {webhook_secret_env: HOOKS}\n", vars)
		var got []string
		for _, s := range cfg.PagerDuty.WebhookSecrets {
			got = append(got, s.Value())
		}
		if strings.Join(got, "|") != "a|b|c" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("OKWebhookSecretsFromFileLines", func(t *testing.T) {
		cfg, _ := parse(t, base+"pagerduty: {webhook_secret_file: "+hooks+"}\n", nil)
		if len(cfg.PagerDuty.WebhookSecrets) != 2 || cfg.PagerDuty.WebhookSecrets[1].Value() != "new-secret" {
			t.Fatalf("got %v", cfg.PagerDuty.WebhookSecrets)
		}
	})
	runRules(t, []ruleCase{
		{name: "ErrLiteralSecret", src: base + "slack: {bot_token: xoxb-LITERAL}\n", want: []string{"slack.bot_token: secrets cannot be written in the file; use bot_token_env or bot_token_file"}},
		{name: "ErrLiteralEmptySecret", src: base + "sources:\n  generic: {token: }\n", want: []string{"sources.generic.token: secrets cannot be written in the file; use token_env or token_file"}},
		{name: "ErrEnvUnset", src: base + "api: {token_env: NOPE}\n", want: []string{"api.token_env: environment variable NOPE is not set"}},
		{name: "ErrEnvAndFile", src: base + "api: {token_env: TOK, token_file: " + tok + "}\n", env: vars, want: []string{"api.token_file: set token_env or token_file, not both"}},
		{name: "ErrEnvNameInvalid", src: base + "api: {token_env: xoxb-123-PASTED}\n", want: []string{"api.token_env: must be the name of an environment variable"}},
		{name: "ErrEnvNameNotString", src: base + "api: {token_env: [A]}\n", want: []string{"api.token_env: must be the name of an environment variable"}},
		{name: "ErrFileMissing", src: base + "api: {token_file: " + filepath.Join(dir, "nope") + "}\n", want: []string{"api.token_file: cannot read secret file", "no such file or directory"}},
		{name: "ErrFileEmpty", src: base + "api: {token_file: " + empty + "}\n", want: []string{"api.token_file: secret file", "is empty"}},
		{name: "ErrFileNotRegular", src: base + "api: {token_file: " + dir + "}\n", want: []string{"not a regular file"}},
	})
	t.Run("CheckWarnsInstead", func(t *testing.T) {
		src := base + "api: {token_env: NOPE}\nslack: {bot_token_file: " + filepath.Join(dir, "nope") + "}\nsources:\n  generic: {hmac_secret_env: NOPE2}\n"
		cfg, err := ParseWith("t.yaml", []byte(src), Options{SecretsOptional: true})
		if err != nil {
			t.Fatalf("Check mode failed: %v", err)
		}
		if len(cfg.Warnings) != 3 || cfg.API.Token.IsSet() || !cfg.API.Token.Declared() || !cfg.Slack.Configured() {
			t.Fatalf("warnings %v", cfg.Warnings)
		}
	})
}

// TestSecretsNeverPrinted loads a config full of secrets with distinctive values, some of them
// next to mistakes, and looks for the values in everything the package prints.
func TestSecretsNeverPrinted(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s")
	if err := os.WriteFile(file, []byte("LEAK-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, k := range []string{"A", "B", "C", "D", "E", "F", "G", "H", "I"} {
		vars["S_"+k] = "LEAK-" + k
	}
	vars["TANDEM_REDIS_URL"] = "redis://user:LEAK-redis@r:6379/0"
	src := edit(t, "side: msp", "side: msp\n    pagerduty: {routing_key_env: S_A}") + `sources:
  alertmanager: {token_env: S_B, hmac_secret_file: ` + file + `}
  generic: {hmac_secret_env: S_C}
slack: {bot_token_env: S_D, signing_secret_env: S_E, app_token_env: S_F}
discord: {bot_token_env: S_G, guild_id: "222"}
pagerduty: {api_token_env: S_H, webhook_secret_env: S_I}
api: {token_env: S_A}
`
	cfg, err := Parse("t.yaml", []byte(src), env(vars))
	if err != nil {
		t.Fatal(err)
	}
	var sum bytes.Buffer
	cfg.Summary(&sum)
	j, _ := json.Marshal(cfg)
	outputs := []string{
		sum.String(), string(j),
		fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg),
		fmt.Sprintf("%v %+v %#v", *cfg, *cfg, *cfg),
		fmt.Sprintf("%+v %#v %+v %#v", *cfg.Teams["noc"].PagerDuty, *cfg.Sources["alertmanager"], cfg.Slack, cfg.PagerDuty),
	}
	// The same secrets next to mistakes: the problems must not carry them either.
	bad := strings.Replace(src, "side: msp", "side: vendor", 1) + "colour: LEAK-literal\nhttp: {token: LEAK-literal2}\n"
	_, perr := Parse("t.yaml", []byte(bad), env(vars))
	if perr == nil {
		t.Fatal("want problems")
	}
	outputs = append(outputs, perr.Error())
	for i, out := range outputs {
		if strings.Contains(out, "LEAK") {
			t.Errorf("output %d leaks a secret:\n%s", i, out)
		}
	}
	if cfg.Redis.URL != "redis://user@r:6379/0" || cfg.Redis.Password.Value() != "LEAK-redis" {
		t.Errorf("password not moved out of the URL: %q", cfg.Redis.URL)
	}
	if !strings.Contains(sum.String(), "bot token set") || !strings.Contains(sum.String(), "redis://user@r:6379/0") {
		t.Errorf("summary should say secrets are set and redact the URL:\n%s", sum.String())
	}
}

// A secret file others can read is worth a warning at config check and at
// start (where anyone on the machine could take the secret); a private
// one is not.
func TestSecretFilePermissionsWarned(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		mode os.FileMode
		warn bool
	}{{0o600, false}, {0o640, true}, {0o644, true}, {0o400, false}} {
		p := filepath.Join(dir, fmt.Sprintf("token-%o", tc.mode))
		if err := os.WriteFile(p, []byte("s3cret\n"), tc.mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, tc.mode) // past the umask
		src := base + fmt.Sprintf("api: {token_file: %q}\n", p)
		cfg, err := ParseWith("t.yaml", []byte(src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		warned := false
		for _, w := range cfg.Warnings {
			if strings.Contains(w.Msg, "readable by group or others") && strings.Contains(w.Msg, "api.token_file") {
				warned = true
			}
		}
		if warned != tc.warn {
			t.Errorf("mode %04o: warned %v, want %v (%v)", tc.mode, warned, tc.warn, cfg.Warnings)
		}
	}
}
