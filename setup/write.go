package setup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes dir/tandem.yaml and dir/.env.example for a and returns the
// config's path. Existing files are kept unless force: an init run twice
// must not wipe a config someone has since edited.
func Write(dir string, a Answers, force bool) (string, error) {
	if err := a.Check(); err != nil {
		return "", err
	}
	files := []struct{ name, text string }{{"tandem.yaml", Config(a)}, {".env.example", EnvExample(a)}}
	if !force {
		for _, f := range files {
			if _, err := os.Stat(filepath.Join(dir, f.name)); !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("%s exists already: keep it, or run again with --force to replace it", filepath.Join(dir, f.name))
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(f.text), 0o644); err != nil {
			return "", err
		}
	}
	return filepath.Join(dir, "tandem.yaml"), nil
}
