package redistest

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// StartCopy starts another redis-server on a copy of s's folder as it is
// now (its AOF and RDB files): after s was killed, the copy holds exactly
// what survived the crash, and can be inspected while s restarts and the
// code under test goes on with it. The copy is stopped when t ends.
func (s *Server) StartCopy(t testing.TB) *Server {
	t.Helper()
	c := s.Copy(t)
	c.start()
	return c
}

// Copy is StartCopy without the start: the files are copied now, the
// server on them starts at its Restart. A scenario that must keep its
// outage short copies at the crash and reads the copy after the restart.
func (s *Server) Copy(t testing.TB) *Server {
	t.Helper()
	c := &Server{Addr: "127.0.0.1:" + strconv.Itoa(freePort(t)), dir: t.TempDir(), t: t}
	err := filepath.WalkDir(s.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.dir, path)
		dst := filepath.Join(c.dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o600)
	})
	if err != nil {
		t.Fatalf("copy %s: %v", s.dir, err)
	}
	_, port, _ := net.SplitHostPort(c.Addr)
	c.args = slices.Clone(s.args)
	for i := 0; i+1 < len(c.args); i++ {
		switch c.args[i] {
		case "--port":
			c.args[i+1] = port
		case "--dir":
			c.args[i+1] = c.dir
		}
	}
	t.Cleanup(c.Kill)
	return c
}
