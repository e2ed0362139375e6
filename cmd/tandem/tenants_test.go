package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/redisstore/redistest"
)

// tenantDir writes two tenants, acme and globex, from the demo config on
// one real Redis, sharing one address; it returns the directory and the
// base URL.
func tenantDir(t *testing.T) (string, string) {
	t.Helper()
	path, base := writeConfig(t, redistest.URL(t))
	yaml, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "tenants")
	os.Mkdir(dir, 0o700)
	for _, f := range []string{"acme.yaml", "globex.yaml", "token"} {
		data := yaml
		if f == "token" {
			data = []byte("s3cret\n")
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir, base
}

// `tandem serve --config-dir` serves each tenant under /t/<tenant>/, and
// `tandem reload` makes it take a new tenant file and refuse a broken one
// while the tenant keeps its last good config.
func TestServeConfigDirAndReload(t *testing.T) {
	dir, base := tenantDir(t)
	pidFile := filepath.Join(t.TempDir(), "tandem.pid")
	p := startTandem(t, "serve", "--config-dir", dir, "--pid-file", pidFile)
	waitHealthy(t, base, p)
	for _, tenant := range []string{"acme", "globex"} {
		if code, body := post(t, base+"/t/"+tenant+"/webhooks/generic", `{"summary":"Disk full","dedup_key":"d1","severity":"sev2","service":"database"}`); code != 202 || !strings.Contains(body, `"INC-1"`) {
			t.Fatalf("%s: %d %s\n%s", tenant, code, body, p.output())
		}
	}
	yaml, _ := os.ReadFile(filepath.Join(dir, "acme.yaml"))
	os.WriteFile(filepath.Join(dir, "initech.yaml"), yaml, 0o600)
	os.WriteFile(filepath.Join(dir, "globex.yaml"), append(yaml, "bogus_key: 1\n"...), 0o600)
	waitFile(t, pidFile)
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"reload", "--pid-file", pidFile}, nil, &out, &errOut); code != 0 {
		t.Fatalf("reload: %d %s", code, errOut.String())
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, _ := post(t, base+"/t/initech/webhooks/generic", `{"summary":"Disk full","dedup_key":"d1","severity":"sev2","service":"database"}`)
		if code == 202 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the added tenant never answered: %d\n%s", code, p.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The reload logs the refused file after it has started the new tenant.
	for !strings.Contains(p.output(), "globex.yaml:") || !strings.Contains(p.output(), "bogus_key") {
		if time.Now().After(deadline) {
			t.Fatalf("the broken file's problem is not in the log:\n%s", p.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, body := post(t, base+"/t/globex/webhooks/generic", `{"summary":"Disk full","dedup_key":"d2","severity":"sev2","service":"database"}`); code != 202 || !strings.Contains(body, `"INC-2"`) {
		t.Fatalf("globex lost its last good config: %d %s", code, body)
	}
}

func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never appeared", path)
}

// `tandem config check DIR` checks every tenant file and says which are
// valid; a broken one is named with FILE:LINE:COL and exits 1.
func TestConfigCheckTenantDir(t *testing.T) {
	dir, _ := tenantDir(t)
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"config", "check", dir}, nil, &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "tenant acme: valid") || !strings.Contains(out.String(), "tenant globex: valid") {
		t.Fatalf("config check DIR: %d\n%s%s", code, out.String(), errOut.String())
	}
	yaml, _ := os.ReadFile(filepath.Join(dir, "acme.yaml"))
	os.WriteFile(filepath.Join(dir, "globex.yaml"), append(yaml, "bogus_key: 1\n"...), 0o600)
	os.WriteFile(filepath.Join(dir, "Bad_Name.yaml"), yaml, 0o600)
	out.Reset()
	errOut.Reset()
	code := run(context.Background(), []string{"config", "check", dir}, nil, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "globex.yaml:") || !strings.Contains(errOut.String(), "bogus_key") ||
		!strings.Contains(errOut.String(), "Bad_Name.yaml: a tenant file is named") || !strings.Contains(out.String(), "tenant acme: valid") {
		t.Fatalf("config check DIR with a broken file: %d\n%s%s", code, out.String(), errOut.String())
	}
}
