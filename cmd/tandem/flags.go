package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newFlags returns the flag set of a subcommand; use is its usage after
// "tandem " (e.g. "export INC-n [--format md|json] [--config FILE]"). Errors
// go to stderr; parseFlags prints the usage itself, to stdout when it was
// asked for and to stderr after a mistake.
func newFlags(use string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(use, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args with flags anywhere among the positionals and
// returns the positionals. ok is false when the command should stop with
// code: 0 after -h/--help (the usage is on stdout), 2 after a bad flag.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (pos []string, code int, ok bool) {
	pos, err := parseMixed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(fs, stdout)
		return nil, 0, false
	}
	if err != nil {
		return nil, usageError(fs, stderr), false
	}
	return pos, 0, true
}

// parseOnlyFlags is parseFlags for a command that takes no positional
// arguments: one is a usage error rather than silently ignored.
func parseOnlyFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	pos, code, ok := parseFlags(fs, args, stdout, stderr)
	if ok && len(pos) > 0 {
		return usageError(fs, stderr), false
	}
	return code, ok
}

// parseMixed parses flags that may come before, between or after the
// positional arguments (Go's flag package stops at the first positional),
// and returns the positional ones. After "--" everything is positional.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageError prints the usage on stderr and returns 2, the exit code of a
// command line that is wrong.
func usageError(fs *flag.FlagSet, stderr io.Writer) int {
	printUsage(fs, stderr)
	return 2
}

func printUsage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "usage: tandem %s\n", fs.Name())
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
}
