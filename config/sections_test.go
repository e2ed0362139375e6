package config

import (
	"strings"
	"testing"
)

// testChat is a section a test platform registers.
type testChat struct {
	URL  Secret `yaml:"url"`
	Room string `yaml:"room"`
}

func (s *testChat) Check(errf func(key, format string, args ...any)) {
	if !s.URL.Declared() {
		errf("", "needs url_env or url_file")
	}
}

func init() { RegisterSection("testchat", func() any { return &testChat{} }) }

func TestRegisteredSection(t *testing.T) {
	cfg, probs := parse(t, base+"testchat: {url_env: HOOK, room: ops}\n", map[string]string{"HOOK": "http://127.0.0.1/hook"})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	sec, ok := cfg.Section("testchat").(*testChat)
	if !ok || sec.URL.Value() != "http://127.0.0.1/hook" || sec.Room != "ops" {
		t.Fatalf("section %#v", cfg.Section("testchat"))
	}
	if cfg.Section("otherchat") != nil {
		t.Error("a section the file does not have is not nil")
	}
	for src, want := range map[string]string{
		base + "testchat: {room: ops}\n":                "testchat: needs url_env or url_file",
		base + "testchat: {url_env: HOOK, romo: ops}\n": `unknown key "romo" in testchat`,
		base + "otherchat: {url_env: HOOK}\n":           `unknown key "otherchat" at top level`,
		base + "testchat: {url: http://127.0.0.1/x}\n":  "secrets cannot be written in the file",
	} {
		_, probs := parse(t, src, map[string]string{"HOOK": "x"})
		if !strings.Contains(probs.Error(), want) {
			t.Errorf("want %q in %v", want, probs)
		}
	}
}
