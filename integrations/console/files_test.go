package console

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Without a files folder, the console makes a private one of its own in
// the temp dir (not a fixed path another local user could create first,
// or read): the folder is 0700, each file 0600.
func TestFilesGoToAPrivateFolder(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	var out bytes.Buffer
	c := New(&out, nil, nil)
	if err := c.UploadFile(context.Background(), "#inc-1-disk", "review.md", []byte("# review"), "review"); err != nil {
		t.Fatal(err)
	}
	dir := c.FilesDir
	if !strings.HasPrefix(filepath.Base(dir), "tandem-files-") || filepath.Dir(dir) != os.Getenv("TMPDIR") {
		t.Fatalf("files folder %s", dir)
	}
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("folder mode %v (%v)", fi.Mode().Perm(), err)
	}
	f, err := os.Stat(filepath.Join(dir, "inc-1-disk-review.md"))
	if err != nil || f.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v (%v)", f.Mode().Perm(), err)
	}
	if err := c.UploadFile(context.Background(), "#inc-1-disk", "chart.png", []byte("png"), "chart"); err != nil || c.FilesDir != dir {
		t.Fatalf("a second file went to %s (%v)", c.FilesDir, err)
	}
}
