package config

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong with a config file, with the position of the offending key or
// value. Line and Col are 1-based; Line 0 means the problem has no position in the file (for
// example a value that came from an environment override).
type Problem struct {
	File      string
	Line, Col int
	Msg       string
}

// String formats the problem as "FILE:LINE:COL: message", or "FILE: message" when it has no
// position.
func (p Problem) String() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

// Problems is every problem found in one config, sorted by position. It is the error returned
// by [Load], [Check], [Parse] and [ParseWith].
type Problems []Problem

// Error lists the problems, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems by file position (position-less ones first, as they concern the
// whole file) and drops exact duplicates, which cascading checks can produce.
func sortProblems(ps []Problem) []Problem {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return slices.Compact(ps)
}
