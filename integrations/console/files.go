package console

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// UploadFile "posts" a file in a channel: the console writes it to its
// files folder and prints the path, so the demo shows reviews and charts.
// A file of the same name is replaced (a repeated delivery writes the same
// content again).
func (c *Console) UploadFile(_ context.Context, channel, filename string, data []byte, comment string) error {
	dir := c.FilesDir
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "tandem-files")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("console: files folder: %w", err)
	}
	name := strings.TrimPrefix(channel, "#") + "-" + filepath.Base(filename)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("console: write %s: %w", name, err)
	}
	c.printf("[%s] 📎 %s (%d bytes): %s\n", channel, comment, len(data), path)
	return nil
}
