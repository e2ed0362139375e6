package main

import (
	"context"
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
	fs := newFlags("export "+exportArgs, stderr)
	path := fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)")
	format := fs.String("format", "md", "md (the review document) or json (the incident JSON with its timeline)")
	pos, code, ok := parseFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) != 1 || (*format != "md" && *format != "json") {
		return usageError(fs, stderr)
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

// openTools loads the config (as serve finds it, requiring only the Redis
// and audit-key secrets: the tools read and chain the store and talk to
// nothing else) and connects to its Redis.
func openTools(ctx context.Context, path string, stderr io.Writer) (*bot.Tools, int) {
	cfg, demo, err := loadConfig(path, "redis", "audit")
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
