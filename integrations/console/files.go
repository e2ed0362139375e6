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
	dir, err := c.filesDir()
	if err != nil {
		return err
	}
	name := strings.TrimPrefix(channel, "#") + "-" + filepath.Base(filename)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("console: write %s: %w", name, err)
	}
	c.printf("[%s] 📎 %s (%d bytes): %s\n", channel, comment, len(data), path)
	return nil
}

// filesDir is FilesDir, made private when missing; without one, a new
// private folder in the OS temp dir, made once.
func (c *Console) filesDir() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.FilesDir == "" {
		dir, err := os.MkdirTemp("", "tandem-files-")
		if err != nil {
			return "", fmt.Errorf("console: files folder: %w", err)
		}
		c.FilesDir = dir
		return dir, nil
	}
	if err := os.MkdirAll(c.FilesDir, 0o700); err != nil {
		return "", fmt.Errorf("console: files folder: %w", err)
	}
	return c.FilesDir, nil
}
