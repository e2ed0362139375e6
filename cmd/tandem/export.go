package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
)

// exportCmd prints an incident's post-incident review (Markdown) or its
// JSON with the whole timeline, read from the configured Redis.
func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)")
	format := fs.String("format", "md", "md (the review document) or json (the incident JSON with its timeline)")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 1 || (*format != "md" && *format != "json") {
		fmt.Fprintln(stderr, "usage: tandem export INC-n [--format md|json] [--config FILE]")
		return 2
	}
	tools, code := openTools(ctx, *path, stderr)
	if tools == nil {
		return code
	}
	defer tools.Close()
	canon, err := incident.ParseID(pos[0])
	if err == nil {
		var out []byte
		if out, err = tools.Export(ctx, canon, *format); err == nil {
			stdout.Write(out)
			return 0
		}
	}
	fmt.Fprintln(stderr, "tandem export:", incident.ErrorMessage(err), internalDetail(err))
	return 1
}

// parseMixed parses flags that may come before, between or after the
// positional arguments (Go's flag package stops at the first positional),
// and returns the positional ones.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// openTools loads the config (as serve finds it) and connects to its Redis.
func openTools(ctx context.Context, path string, stderr io.Writer) (*bot.Tools, int) {
	cfg, demo, err := loadConfig(path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, 1
	}
	if demo {
		cfg = &config.Config{} // no config anywhere: OpenTools explains
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	tools, err := bot.OpenTools(ctx, cfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "tandem:", err)
		return nil, 1
	}
	return tools, 0
}

// internalDetail shows the cause of an internal error on the command line,
// where (unlike chat) the operator is the one who needs it.
func internalDetail(err error) string {
	if incident.ErrorCode(err) == incident.EInternal {
		return "(" + err.Error() + ")"
	}
	return ""
}
