package config

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

type position struct{ line, col int }

// report collects problems and warnings, and remembers where in the file each dotted path was
// written, so that checks made after decoding (references, uniqueness) can still point at
// the right line and column.
type report struct {
	file     string
	pos      map[string]position // value node of each decoded path
	keyPos   map[string]position // key node of each decoded path
	override map[string]string   // path -> env var that replaced the file's value
	broken   map[string]bool     // sections that failed to decode: skip references into them
	probs    []Problem
	warns    []Problem
}

func newReport(file string) *report {
	return &report{
		file:     file,
		pos:      map[string]position{},
		keyPos:   map[string]position{},
		override: map[string]string{},
		broken:   map[string]bool{},
	}
}

func (r *report) mark(path string, n *yaml.Node) { r.pos[path] = position{n.Line, n.Column} }

func (r *report) markKey(path string, n *yaml.Node) { r.keyPos[path] = position{n.Line, n.Column} }

// has reports whether path was written in the file (even as null).
func (r *report) has(path string) bool { _, ok := r.pos[path]; return ok }

// where finds the position of path, or of its closest written ancestor: a missing required
// key is reported at the mapping that lacks it.
func (r *report) where(path string) position {
	for p := path; p != ""; p = parent(p) {
		if at, ok := r.pos[p]; ok {
			return at
		}
	}
	return r.pos[""]
}

// parent strips the last ".key" or "[i]" from a dotted path.
func parent(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// problem builds "path: message" positioned at path (or at posPath when given).
func (r *report) problem(posPath, path, format string, args ...any) Problem {
	msg := fmt.Sprintf(format, args...)
	if env, ok := r.override[path]; ok {
		return Problem{File: r.file, Msg: fmt.Sprintf("%s (from %s): %s", path, env, msg)}
	}
	at := r.where(posPath)
	if path != "" {
		msg = path + ": " + msg
	}
	return Problem{File: r.file, Line: at.line, Col: at.col, Msg: msg}
}

// errf reports a problem about the value at path.
func (r *report) errf(path, format string, args ...any) {
	r.probs = append(r.probs, r.problem(path, path, format, args...))
}

// errAt reports a problem about path, positioned at posPath (a list element, say).
func (r *report) errAt(posPath, path, format string, args ...any) {
	r.probs = append(r.probs, r.problem(posPath, path, format, args...))
}

// warnf records a non-fatal finding about path.
func (r *report) warnf(path, format string, args ...any) {
	r.warns = append(r.warns, r.problem(path, path, format, args...))
}

// errNode reports a problem positioned at a node, with a message used as is.
func (r *report) errNode(n *yaml.Node, format string, args ...any) {
	r.probs = append(r.probs, Problem{File: r.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)})
}

// errKey reports a problem about a key (unknown, duplicate, literal secret) at the key.
func (r *report) errKey(path string, format string, args ...any) {
	at, ok := r.keyPos[path]
	if !ok {
		at = r.where(path)
	}
	msg := path + ": " + fmt.Sprintf(format, args...)
	r.probs = append(r.probs, Problem{File: r.file, Line: at.line, Col: at.col, Msg: msg})
}
