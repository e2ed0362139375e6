package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadAndCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tandem.yaml")
	const unset = "TANDEM_CONFIG_TEST_SURELY_UNSET_VAR"
	if err := os.WriteFile(path, []byte(base+"api: {token_env: "+unset+"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrLoadMissingFile", func(t *testing.T) {
		_, err := Load(filepath.Join(dir, "nope.yaml"))
		ps, ok := err.(Problems)
		if !ok || len(ps) != 1 || !strings.HasSuffix(ps[0].String(), "nope.yaml: no such file or directory") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrLoadUnsetSecret", func(t *testing.T) {
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), path+":30:18: api.token_env: environment variable "+unset+" is not set") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("OKCheckWarns", func(t *testing.T) {
		cfg, err := Check(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(cfg.Warnings) != 1 || cfg.Warnings[0].Line != 30 || cfg.API.Token.IsSet() {
			t.Fatalf("warnings %v", cfg.Warnings)
		}
	})
	t.Run("OKLookups", func(t *testing.T) {
		src := strings.Replace(edit(t, "side: msp", "side: msp\n    calendar: office"), "  office:\n", "  office:\n    timezone: Asia/Tokyo\n", 1)
		cfg, _ := parse(t, src, nil)
		if cfg.TeamLocation("noc").String() != "Asia/Tokyo" || cfg.TeamLocation("ops") != cfg.Location || cfg.TeamLocation("x") != cfg.Location {
			t.Fatal("TeamLocation")
		}
		if s := cfg.Service("db"); s == nil || s.Owner != "ops" || cfg.Service("nope") != nil {
			t.Fatal("Service")
		}
	})
}
