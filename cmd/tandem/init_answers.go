package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/integrations/discord"
	"github.com/tandemhq/tandem/integrations/slack"
	"github.com/tandemhq/tandem/setup"
)

// answers turns the flags (or what the prompts set them to) into
// setup.Answers, with every problem in one error.
func (f *initFlags) answers() (setup.Answers, error) {
	a := setup.Answers{Chats: splitList(*f.chats), Timezone: *f.tz, RedisURL: *f.redis, Addr: *f.addr,
		DiscordAppID: *f.discordApp, DiscordPublicKey: *f.discordKey, DiscordGuildID: *f.discordGuild,
		SlackAPIURL: *f.slackAPI, PagerDutyURL: *f.pdURL, DedupPrefix: newDedupPrefix()}
	var errs []error
	var err error
	a.Days, a.Start, a.End, err = setup.ParseHours(*f.hours)
	errs = append(errs, err)
	a.Holidays, err = readHolidays(*f.holidays)
	errs = append(errs, err)
	paged := splitList(*f.pd)
	a.Internal, err = team(*f.internalTeam, *f.internal, *f.internalCh, slices.Contains(paged, "internal"))
	errs = append(errs, err)
	a.MSP, err = team(*f.mspTeam, *f.msp, *f.mspCh, slices.Contains(paged, "msp"))
	errs = append(errs, err)
	for _, p := range paged {
		if p != "internal" && p != "msp" && p != "none" {
			errs = append(errs, fmt.Errorf("--pagerduty %q: name internal, msp, both, or none", p))
		}
	}
	errs = append(errs, a.Check())
	return a, errors.Join(errs...)
}

func team(name, people, channel string, paged bool) (setup.Team, error) {
	ps, err := setup.ParsePeople(people)
	return setup.Team{Name: name, People: ps, Channel: channel, PagerDuty: paged}, err
}

func readHolidays(path string) ([]string, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("holidays file: %w", err)
	}
	days, err := setup.ParseHolidays(string(b))
	if err != nil {
		return nil, fmt.Errorf("holidays file %s: %w", path, err)
	}
	return days, nil
}

// splitList reads "a, b,c"; "both" stands for internal,msp.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		switch v = strings.ToLower(strings.TrimSpace(v)); v {
		case "":
		case "both":
			out = append(out, "internal", "msp")
		default:
			out = append(out, v)
		}
	}
	return out
}

// printNext says what was written and what to do next, with the Slack
// manifest and the Discord invite URL.
func printNext(w io.Writer, path string, a setup.Answers, url string) {
	fmt.Fprintf(w, "wrote %s and .env.example next to it (%d secrets to fill in)\n", path, len(setup.Secrets(a)))
	if a.Uses("slack") {
		fmt.Fprintf(w, "\nSlack: at https://api.slack.com/apps, Create New App → From an app manifest, paste:\n\n%s\n", slack.Manifest(url, false))
	}
	if a.Uses("discord") {
		app := a.DiscordAppID
		if app == "" {
			app = "APPLICATION_ID"
		}
		fmt.Fprintf(w, "\nDiscord: invite the bot with (permissions %d, Attach Files included):\n  %s\n", discord.InvitePermissions(true), discord.InviteURL(app, true))
	}
	fmt.Fprintf(w, "\nNext: copy .env.example to .env and fill it in, then\n  tandem doctor --config %s\n  tandem serve --config %s\n", path, path)
}

// newDedupPrefix draws a deployment's PagerDuty dedup prefix ("t-" and 8
// hex digits): unique enough that two customers' Tandems never share one.
func newDedupPrefix() string {
	b := make([]byte, 4)
	rand.Read(b)
	return "t-" + hex.EncodeToString(b)
}
