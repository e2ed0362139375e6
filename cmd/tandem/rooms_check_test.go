package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// config check warns, with the key's position, when public rooms would
// show a scoped MSP team every incident; the config is still valid.
func TestConfigCheckWarnsPublicRooms(t *testing.T) {
	example, err := os.ReadFile("../../examples/tandem.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "public.yaml")
	os.WriteFile(path, append(example, "rooms:\n  private: false\n"...), 0o600)
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"config", "check", path}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	line := strings.Count(string(example), "\n") + 2
	want := "warning: " + path + ":" + strconv.Itoa(line) + ":"
	if !strings.Contains(errOut.String(), want) || !strings.Contains(errOut.String(), "rooms are public but msp team \"noc\" has a scope: scope means nothing if everyone can read the room") {
		t.Fatalf("want a warning at %s…, got:\n%s", want, errOut.String())
	}

	out.Reset()
	errOut.Reset()
	if code := run(context.Background(), []string{"config", "check", "../../examples/tandem.yaml"}, nil, &out, &errOut); code != 0 || strings.Contains(errOut.String(), "rooms are public") {
		t.Fatalf("private by default, yet: exit %d\n%s", code, errOut.String())
	}
}
