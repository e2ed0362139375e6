// Command tandem runs the Tandem incident-response bot and its tools.
// `tandem help` lists every command; `tandem COMMAND -h` shows one.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// runner runs a subcommand with the arguments after its first word and
// returns the exit code.
type runner func(ctx context.Context, args []string, stdout, stderr io.Writer) int

// commands maps each command's first word to what runs it; the help lists
// them from helpLines.
var commands = map[string]runner{
	"config":      group("config check", configCheck),
	"ladder":      group("ladder preview", ladderPreview),
	"doctor":      doctorCmd,
	"slack":       slackCmd,
	"healthcheck": healthcheck,
	"export":      exportCmd,
	"review":      reviewCmd,
	"audit":       auditCmd,
	"discord":     discordCmd,
	"teams":       teamsCmd,
	"archive":     archiveCmd,
	"reload":      reloadCmd,
	"ical":        icalCmd,
	"evidence":    evidenceCmd,
}

// run dispatches a subcommand and returns the exit code. No command, or a
// flag first (`tandem --config FILE`), is serve.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return serve(ctx, args, stdin, stdout, stderr)
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return help(ctx, args[1:], stdin, stdout, stderr)
	case "version", "-version", "--version":
		return version(stdout)
	case "serve":
		return serve(ctx, args[1:], stdin, stdout, stderr)
	case "init":
		return initCmd(ctx, args[1:], stdin, stdout, stderr)
	}
	if strings.HasPrefix(args[0], "-") {
		return serve(ctx, args, stdin, stdout, stderr)
	}
	if len(args) > 1 && isHelp(args[1]) && isGroup(args[0]) {
		usage(stdout, args[0])
		return 0
	}
	if cmd := commands[args[0]]; cmd != nil {
		return cmd(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "tandem: unknown command %q\n\n", args[0])
	usage(stderr, "")
	return 2
}

// help prints the help of every command, or runs `COMMAND -h`.
func help(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") || isHelp(args[0]) {
		usage(stdout, "") // also `tandem help help`, which would otherwise loop
		return 0
	}
	return run(ctx, append(slices.Clip(args), "-h"), stdin, stdout, stderr)
}

// group runs `tandem WORD SUB ...` (name is "WORD SUB") with fn, and
// answers any other SUB with the group's usage.
func group(name string, fn runner) runner {
	word, sub, _ := strings.Cut(name, " ")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
		if len(args) == 0 || args[0] != sub {
			usage(stderr, word)
			return 2
		}
		return fn(ctx, args[1:], stdout, stderr)
	}
}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}
