package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/setup"
)

// initFlags are `tandem init`'s questions: each flag is one, asked on
// the terminal unless given or --non-interactive.
type initFlags struct {
	fs                                   *flag.FlagSet
	nonInteractive, force                *bool
	dir, url, holidays, hours, chats, pd *string
	internalTeam, internal, internalCh   *string
	mspTeam, msp, mspCh, tz, redis, addr *string
	discordApp, discordKey, discordGuild *string
	slackAPI, pdURL                      *string
	questions                            []question
}

// question is one prompt, in the order asked.
type question struct{ flag, prompt string }

func newInitFlags(stderr io.Writer) *initFlags {
	fs := newFlags("init "+initArgs, stderr)
	f := &initFlags{fs: fs}
	f.nonInteractive = fs.Bool("non-interactive", false, "ask nothing: flags and defaults only")
	f.force = fs.Bool("force", false, "overwrite an existing tandem.yaml and .env.example")
	f.dir = fs.String("dir", ".", "where to write tandem.yaml and .env.example")
	f.url = fs.String("url", "https://tandem.example.com", "Tandem's public base URL (for the Slack manifest)")
	f.ask(&f.chats, "chats", "slack", "Chats in use (slack, discord, or slack,discord)")
	f.ask(&f.tz, "timezone", "UTC", "Time zone of business hours (IANA, e.g. Europe/Berlin)")
	f.ask(&f.hours, "hours", "mon-fri 08:00-18:00", "Business hours")
	f.ask(&f.holidays, "holidays", "", "Holidays file (one YYYY-MM-DD per line; empty for none)")
	f.ask(&f.internalTeam, "internal-team", "it", "Internal IT team's name")
	f.ask(&f.internal, "internal", "", "Internal team's people (Name <e-mail>, comma-separated)")
	f.ask(&f.internalCh, "internal-channel", "", "Internal team's Slack channel ID (C…; empty for none)")
	f.ask(&f.mspTeam, "msp-team", "msp", "MSP team's name")
	f.ask(&f.msp, "msp", "", "MSP team's people (Name <e-mail>, comma-separated)")
	f.ask(&f.mspCh, "msp-channel", "", "MSP team's Slack channel ID (C…; empty for none)")
	f.ask(&f.pd, "pagerduty", "internal,msp", "Teams paged through PagerDuty (internal, msp, both comma-separated, or none)")
	f.ask(&f.redis, "redis-url", "redis://127.0.0.1:6379/0", "Redis URL")
	f.ask(&f.addr, "addr", ":8080", "HTTP listen address")
	f.ask(&f.discordApp, "discord-app-id", "", "Discord application ID (Discord only)")
	f.ask(&f.discordKey, "discord-public-key", "", "Discord public key (Discord only)")
	f.ask(&f.discordGuild, "discord-guild", "", "Discord server (guild) ID (Discord only)")
	f.slackAPI = fs.String("slack-api-url", "", "Slack Web API base ending in / (proxies, tests)")
	f.pdURL = fs.String("pagerduty-url", "", "PagerDuty Events API root (proxies, tests)")
	return f
}

func (f *initFlags) ask(p **string, name, def, prompt string) {
	*p = f.fs.String(name, def, prompt)
	f.questions = append(f.questions, question{name, prompt})
}

// initCmd runs `tandem init`: it writes tandem.yaml and .env.example,
// checks the file, and prints the Slack manifest and Discord invite URL.
func initCmd(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f := newInitFlags(stderr)
	if code, ok := parseOnlyFlags(f.fs, args, stdout, stderr); !ok {
		return code
	}
	if !*f.nonInteractive {
		if err := f.prompt(stdin, stdout); err != nil {
			fmt.Fprintln(stderr, "tandem init:", err)
			return 1
		}
	}
	a, err := f.answers()
	if err != nil {
		fmt.Fprintln(stderr, "tandem init:", err)
		return 2
	}
	path, err := setup.Write(*f.dir, a, *f.force)
	if err != nil {
		fmt.Fprintln(stderr, "tandem init:", err)
		return 1
	}
	if _, err := config.Check(path); err != nil {
		fmt.Fprintf(stderr, "tandem init: the file written does not pass config check (a bug; please report it):\n%v\n", err)
		return 1
	}
	printNext(stdout, path, a, trimSlash(*f.url))
	return 0
}

// applies reports whether a question concerns the chats chosen so far:
// Discord's IDs only with Discord, channel IDs only with Slack.
func (f *initFlags) applies(name string) bool {
	chats := splitList(*f.chats)
	switch {
	case strings.HasPrefix(name, "discord-"):
		return slices.Contains(chats, "discord")
	case strings.HasSuffix(name, "-channel"):
		return slices.Contains(chats, "slack")
	}
	return true
}

// prompt asks every question whose flag was not given; an empty answer
// keeps the default shown in brackets.
func (f *initFlags) prompt(stdin io.Reader, stdout io.Writer) error {
	if stdin == nil {
		return errors.New("no terminal to ask on: give the answers as flags with --non-interactive")
	}
	given := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	in := bufio.NewScanner(stdin)
	for _, q := range f.questions {
		fl := f.fs.Lookup(q.flag)
		if given[q.flag] || !f.applies(q.flag) {
			continue
		}
		fmt.Fprintf(stdout, "%s [%s]: ", q.prompt, fl.Value)
		if !in.Scan() {
			return errors.New("input ended before every question was answered (no terminal? give the answers as flags with --non-interactive)")
		}
		if ans := strings.TrimSpace(in.Text()); ans != "" {
			fl.Value.Set(ans)
		}
	}
	return nil
}
