package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/doctor"
	"github.com/tandemhq/tandem/integrations/slack"
	"github.com/tandemhq/tandem/redisstore"
)

// doctorCmd runs `tandem doctor`: every integration of the config checked
// for real, one line each, exit 1 on any failure.
func doctorCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("doctor "+doctorArgs, stderr)
	path := fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)")
	url := fs.String("url", "", "Tandem's public base URL, for the webhook snippets (default http://localhost:<http.addr port>)")
	if code, ok := parseOnlyFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	// Only Redis's secrets must resolve to start: a missing Slack token or
	// routing key is one of the lines doctor prints, with the others.
	cfg, demo, err := loadConfig(*path, "redis")
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if demo {
		fmt.Fprintln(stderr, "tandem doctor: no config (--config, $TANDEM_CONFIG or ./tandem.yaml); `tandem init` writes one")
		return 1
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	lines := doctor.Run(ctx, doctor.Options{Config: cfg, PublicURL: *url,
		OpenStore: func(ctx context.Context) (*redisstore.Store, error) { return bot.OpenStore(ctx, cfg, log) }})
	if doctor.Print(stdout, lines) > 0 {
		return 1
	}
	return 0
}

// slackCmd runs `tandem slack manifest`: the Slack app manifest with
// every scope Tandem uses, its URLs under --url (or Socket Mode).
func slackCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "manifest" {
		usage(stderr, "slack")
		return 2
	}
	fs := newFlags("slack manifest "+slackManifestArgs, stderr)
	url := fs.String("url", "https://tandem.example.com", "Tandem's public base URL (Slack posts commands, buttons and events there)")
	socket := fs.Bool("socket", false, "Socket Mode: no public URL; Slack reaches Tandem over a WebSocket it opens")
	if code, ok := parseOnlyFlags(fs, args[1:], stdout, stderr); !ok {
		return code
	}
	fmt.Fprint(stdout, slack.Manifest(trimSlash(*url), *socket))
	return 0
}

func trimSlash(s string) string { return strings.TrimRight(s, "/") }
