package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `tandem teams manifest` writes a zip of manifest.json (the bot is the
// config's app ID) and the two icons, real PNGs of Teams' sizes.
func TestTeamsManifest(t *testing.T) {
	dir := t.TempDir()
	path, out := filepath.Join(dir, "tandem.yaml"), filepath.Join(dir, "app.zip")
	yaml := "msteams: {app_id: \"11111111-2222-3333-4444-555555555555\", app_password_env: TANDEM_TEAMS_PW}\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TANDEM_TEAMS_PW", "pw")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"teams", "manifest", "--config", path, "--out", out}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	sizes := map[string]int{"color.png": 192, "outline.png": 32}
	seen := 0
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		switch f.Name {
		case "manifest.json":
			var m struct {
				ID   string `json:"id"`
				Bots []struct {
					BotID string `json:"botId"`
				} `json:"bots"`
				Icons map[string]string `json:"icons"`
			}
			if err := json.NewDecoder(rc).Decode(&m); err != nil || m.ID != "11111111-2222-3333-4444-555555555555" ||
				len(m.Bots) != 1 || m.Bots[0].BotID != m.ID || m.Icons["color"] != "color.png" {
				t.Fatalf("manifest %+v (%v)", m, err)
			}
		default:
			img, err := png.Decode(rc)
			if err != nil || img.Bounds().Dx() != sizes[f.Name] || img.Bounds().Dy() != sizes[f.Name] {
				t.Fatalf("%s: %v %v", f.Name, err, img)
			}
		}
		rc.Close()
		seen++
	}
	if seen != 3 {
		t.Fatalf("%d files in the package, want 3", seen)
	}
	// No msteams section: a clear error.
	os.WriteFile(path, []byte("timezone: UTC\n"), 0o600)
	stderr.Reset()
	if code := run(context.Background(), []string{"teams", "manifest", "--config", path, "--out", out}, nil, &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "msteams") {
		t.Fatalf("without msteams: exit %d, %q", code, stderr.String())
	}
}

// `tandem config check` names the registered chat sections too: Teams'
// app, tenant and rooms, a chat webhook's URL as set or not, never a secret.
func TestConfigCheckNamesRegisteredSections(t *testing.T) {
	example, err := os.ReadFile("../../examples/tandem.yaml")
	if err != nil {
		t.Fatal(err)
	}
	extra := "msteams: {app_id: \"11111111-2222-3333-4444-555555555555\", app_password_env: TANDEM_TEAMS_PW, tenant_id: contoso}\n" +
		"webhookchat: {url_env: TANDEM_CHAT_URL, username: tandem}\n"
	path := filepath.Join(t.TempDir(), "tandem.yaml")
	if err := os.WriteFile(path, append(example, extra...), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TANDEM_TEAMS_PW", "teams-secret-value")
	t.Setenv("TANDEM_CHAT_URL", "https://chat.example/hooks/secret-token")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"config", "check", path}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{
		"msteams: app 11111111-2222-3333-4444-555555555555, password set, tenant contoso; rooms: a thread per incident in each team's channel",
		"webhookchat: url set, posts as tandem",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("config check lacks %q:\n%s", want, stdout.String())
		}
	}
	if strings.Contains(stdout.String(), "teams-secret-value") || strings.Contains(stdout.String(), "secret-token") {
		t.Errorf("a secret was printed:\n%s", stdout.String())
	}
}
