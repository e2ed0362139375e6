package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A time inside a recurring maintenance window of the service: the preview
// says until when, and its ladder starts then (after-hours, so noc).
func TestLadderPreviewInMaintenance(t *testing.T) {
	example, err := os.ReadFile("../../examples/tandem.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tandem.yaml")
	cfg := string(example) + "\nmaintenance:\n  - {name: patch-tuesday, services: [database], every: \"tue 16:00\", duration: 3h, calendar: office}\n"
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"ladder", "preview", "--config", path, "--service", "database", "--at", "2026-12-08T17:00:00-06:00"}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), append(args, "--json"), nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var got struct {
		Maintenance struct{ Window, Until string }
		Steps       []struct {
			At    string
			Teams []string
		}
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got.Steps) == 0 {
		t.Fatalf("unexpected JSON (%v): %s", err, out.String())
	}
	if got.Maintenance.Window != "patch-tuesday" || got.Maintenance.Until != "2026-12-08T19:00:00-06:00" ||
		got.Steps[0].At != "2026-12-08T19:00:00-06:00" || got.Steps[0].Teams[0] != "noc" {
		t.Fatalf("preview in maintenance: %s", out.String())
	}
	out.Reset()
	if code := run(context.Background(), args, nil, &out, &errOut); code != 0 || !strings.Contains(out.String(), "In maintenance until Tue 2026-12-08 19:00 CST (window patch-tuesday)") {
		t.Fatalf("exit %d: %s%s", code, out.String(), errOut.String())
	}
}
