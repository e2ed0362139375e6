package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A secret named by x_env may come from the file NAME_FILE names (Docker
// secrets): the variable itself wins when both are set.
func TestSecretFromEnvFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "api_token")
	if err := os.WriteFile(file, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src := base + "api: {token_env: TANDEM_API_TOKEN}\n"
	t.Run("OK", func(t *testing.T) {
		cfg, _ := parse(t, src, map[string]string{"TANDEM_API_TOKEN_FILE": file})
		if cfg.API.Token.Value() != "from-file" {
			t.Fatalf("token %q", cfg.API.Token.Value())
		}
	})
	t.Run("VariableWins", func(t *testing.T) {
		cfg, _ := parse(t, src, map[string]string{"TANDEM_API_TOKEN": "from-env", "TANDEM_API_TOKEN_FILE": file})
		if cfg.API.Token.Value() != "from-env" {
			t.Fatalf("token %q", cfg.API.Token.Value())
		}
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		_, ps := parse(t, src, map[string]string{"TANDEM_API_TOKEN_FILE": filepath.Join(dir, "nope")})
		if !strings.Contains(ps.Error(), "named by TANDEM_API_TOKEN_FILE") {
			t.Fatal(ps)
		}
	})
}
