package main

import (
	"context"
	"fmt"
	"io"

	"github.com/tandemhq/tandem/bot"
)

// icalCmd is `tandem ical url TEAM`: prints the team's calendar feed
// address with its token, for people to subscribe to.
func icalCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "url" {
		usage(stderr, "ical")
		return 2
	}
	fs := newFlags("ical url "+icalURLArgs, stderr)
	path := fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)")
	base := fs.String("url", "https://tandem.example.com", "Tandem's public base URL")
	pos, code, ok := parseFlags(fs, args[1:], stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return usageError(fs, stderr)
	}
	cfg, _, err := loadConfig(*path, "ical")
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	u, err := bot.ICalURL(cfg, pos[0], trimSlash(*base))
	if err != nil {
		fmt.Fprintln(stderr, "tandem:", err)
		return 1
	}
	fmt.Fprintln(stdout, u)
	return 0
}
