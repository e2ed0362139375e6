package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// secretRef is what a mapping said about one secret: its `_env` and/or `_file` nodes.
type secretRef struct {
	name              string // the yaml tag, e.g. "bot_token"
	env, file         *yaml.Node
	envPath, filePath string // dotted paths of the two keys
}

// secretReader resolves secret references. When optional is set (Check), secrets that
// cannot be read here become warnings, since a config is often checked away from its secrets.
// When required is not nil (LoadFor), only the secrets of those top-level sections must resolve.
type secretReader struct {
	getenv   func(string) string
	readFile func(string) ([]byte, error)
	baseDir  string
	optional bool
	required []string
}

// envName is what an environment variable name looks like. Checking it before echoing the
// name in a message keeps a token pasted by mistake into `x_env` out of the output.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (s *secretReader) resolve(rep *report, path string, ref *secretRef, dst reflect.Value) {
	if ref.env != nil && ref.file != nil {
		rep.errKey(ref.filePath, "set %s_env or %s_file, not both", ref.name, ref.name)
		return
	}
	var raw, origin string
	var ok bool
	if ref.env != nil {
		raw, origin, ok = s.fromEnv(rep, ref)
	} else {
		raw, origin, ok = s.fromFile(rep, ref)
	}
	if origin == "" {
		return // malformed reference, already reported
	}
	if dst.Type() == secretsType {
		dst.Set(reflect.ValueOf(splitSecrets(raw, origin, ok)))
		return
	}
	dst.Set(reflect.ValueOf(Secret{value: raw, origin: origin}))
}

func (s *secretReader) fromEnv(rep *report, ref *secretRef) (raw, origin string, ok bool) {
	if ref.env.Kind != yaml.ScalarNode || !envName.MatchString(ref.env.Value) {
		rep.errf(ref.envPath, "must be the name of an environment variable (letters, digits and _)")
		return "", "", false
	}
	name := ref.env.Value
	if raw = s.getenv(name); raw != "" {
		return raw, "env " + name, true
	}
	if path := s.getenv(name + "_FILE"); path != "" {
		return s.fromEnvFile(rep, ref.envPath, name+"_FILE", path)
	}
	s.unresolved(rep, ref.envPath, "environment variable %s is not set (nor %s_FILE)", name, name)
	return "", "env " + name, false
}

// fromEnvFile reads the secret from the file NAME_FILE names, as Docker and
// Kubernetes secrets are mounted (/run/secrets/...): the variable may then
// stay out of the environment, where `docker inspect` would show it.
func (s *secretReader) fromEnvFile(rep *report, path, variable, file string) (raw, origin string, ok bool) {
	origin = "file " + file + " (" + variable + ")"
	b, err := s.readFile(file)
	if err != nil {
		s.unresolved(rep, path, "cannot read secret file %q named by %s: %s", file, variable, describe(err))
		return "", origin, false
	}
	if raw = strings.TrimSpace(string(b)); raw == "" {
		s.unresolved(rep, path, "secret file %q named by %s is empty", file, variable)
		return "", origin, false
	}
	return raw, origin, true
}

func (s *secretReader) fromFile(rep *report, ref *secretRef) (raw, origin string, ok bool) {
	if ref.file.Kind != yaml.ScalarNode || ref.file.Value == "" {
		rep.errf(ref.filePath, "must be a file path")
		return "", "", false
	}
	p := ref.file.Value
	if !filepath.IsAbs(p) && s.baseDir != "" {
		p = filepath.Join(s.baseDir, p)
	}
	origin = "file " + p
	b, err := s.readFile(p)
	if err != nil {
		s.unresolved(rep, ref.filePath, "cannot read secret file %q: %s", p, describe(err))
		return "", origin, false
	}
	if raw = strings.TrimSpace(string(b)); raw == "" {
		s.unresolved(rep, ref.filePath, "secret file %q is empty", p)
		return "", origin, false
	}
	if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o077 != 0 {
		rep.warnf(ref.filePath, "secret file %q is readable by group or others (mode %04o): chmod 600 it", p, fi.Mode().Perm())
	}
	return raw, origin, true
}

func (s *secretReader) unresolved(rep *report, path, format string, args ...any) {
	section, _, _ := strings.Cut(path, ".")
	if s.optional || (s.required != nil && !slices.Contains(s.required, section)) {
		rep.warnf(path, format, args...)
		return
	}
	rep.errf(path, format, args...)
}

// describe names a file error without repeating the path, which the message already has.
func describe(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return err.Error()
}

// splitSecrets turns "a,b" (or one per line, in a file) into several secrets, so a webhook
// secret can be rotated by accepting the old and the new one for a while.
func splitSecrets(raw, origin string, ok bool) []Secret {
	if !ok {
		return []Secret{{origin: origin}} // declared but unreadable (Check only)
	}
	var out []Secret
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == '\n' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, Secret{value: part, origin: origin})
		}
	}
	return out
}

// maxSecretFile caps what is read from a `_file`: secrets are small, and a path like
// /dev/zero must not exhaust memory.
const maxSecretFile = 64 << 10

// readSecretFile reads a regular file of at most maxSecretFile bytes. Special files are
// refused so that /dev/stdin or a FIFO cannot block the loader.
func readSecretFile(path string) ([]byte, error) {
	// Stat before opening: opening a FIFO for reading blocks until a writer appears.
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxSecretFile {
		return nil, fmt.Errorf("larger than %d bytes", maxSecretFile)
	}
	return b, nil
}
