package main

import (
	"fmt"
	"io"
	"strings"
)

// helpLine is one command in the help: its words, its arguments and what
// it does.
type helpLine struct{ cmd, args, about string }

// helpLines is every command, in the order the help lists them. A command's
// own -h prints its flag set's usage, named the same way.
var helpLines = []helpLine{
	{"serve", serveArgs, "run the bot (also `tandem` alone); with no config anywhere, the embedded demo"},
	{"config check", "FILE|DIR", "validate a config file (or every tenant file of a --config-dir): FILE:LINE:COL: message per problem, exit 1 on any; --online also shows what each e-mail address resolves to on Slack and PagerDuty"},
	{"reload", reloadArgs, "make a running `serve --config-dir` reload its tenant files (SIGHUP)"},
	{"ladder preview", ladderPreviewArgs, "escalation dry run: who is notified at each step, when, in which window (and whether a maintenance window holds alerts back)"},
	{"healthcheck", healthcheckArgs, "exit 0 when the bot answers /healthz (the container's health check)"},
	{"export", exportArgs, "print the post-incident review, or the incident JSON with its timeline"},
	{"review", reviewArgs, "the operational review of a period (month, quarter or any dates) against the one before: Markdown, JSON figures, or PDF with charts"},
	{"init", initArgs, "write a commented tandem.yaml and .env.example for your chats, teams and hours; print the Slack manifest and Discord invite URL"},
	{"doctor", doctorArgs, "check every integration for real (Redis, Slack, Discord, Teams, PagerDuty, webhooks), one line each; exit 1 on any failure"},
	{"slack manifest", slackManifestArgs, "print the Slack app manifest (every scope Tandem uses)"},
	{"audit verify", auditVerifyArgs, "check timelines against their hash chain, the audit keys and the latest anchors (exit 1 on any mismatch)"},
	{"audit anchor", auditAnchorArgs, "append an anchor of every timeline's chain head to the anchor file now"},
	{"discord register", configArgs, "register the /incident command in the Discord guild"},
	{"teams manifest", teamsManifestArgs, "write the Microsoft Teams app package (manifest.json and icons, zipped) to upload in Teams admin"},
	{"evidence", evidenceArgs, "write the evidence pack of a period to a zip: reviews, timelines, audit verification, SLA, policy, actors, manifest (exit 1 when a timeline fails its check)"},
	{"archive verify", archiveVerifyArgs, "check every hash chain in retention archive files (FILE:LINE: message; exit 1 on any problem)"},
	{"archive trim", configArgs, "archive and trim resolved incidents past retention.resolved_after now"},
	{"ical url", icalURLArgs, "print a team's on-call calendar feed address (GET /ical/<team>.ics?token=…), token included"},
	{"version", "", "version and build info (also --version)"},
	{"help", "[COMMAND]", "this help, or a command's (also -h, --help; `tandem COMMAND -h` too)"},
}

// The arguments of the commands, shared by the help and their flag sets.
const (
	configArgs        = "[--config FILE]"
	serveArgs         = "[--config FILE] [--config-dir DIR [--pid-file FILE]] [--workers N] [--pprof]"
	reloadArgs        = "--pid-file FILE"
	ladderPreviewArgs = "--config FILE --service NAME [--severity sevN] [--at RFC3339] [--json] [--stored]"
	healthcheckArgs   = "[--url URL]"
	exportArgs        = "INC-n [--format md|json] [--config FILE]"
	initArgs          = "[--non-interactive] [--dir DIR] [--chats slack,discord] [--internal-team NAME] [--internal EMAILS] [--msp-team NAME] [--msp EMAILS] ..."
	doctorArgs        = "[--config FILE] [--url URL]"
	slackManifestArgs = "[--url URL] [--socket]"
	auditVerifyArgs   = "INC-n|--all [--anchors FILE] [--digest HEX] [--config FILE]"
	auditAnchorArgs   = "[--anchors FILE] [--config FILE]"
	archiveVerifyArgs = "FILE... [--config FILE]"
	icalURLArgs       = "TEAM [--url URL] [--config FILE]"
	evidenceArgs      = "--out FILE.zip [--from DATE] [--to DATE] [--anchors FILE] [--config FILE]"
)

// usage prints the commands whose first word is word, or all of them.
func usage(w io.Writer, word string) {
	fmt.Fprintln(w, "Usage:")
	for _, l := range helpLines {
		if word != "" && strings.Fields(l.cmd)[0] != word {
			continue
		}
		fmt.Fprintf(w, "  tandem %s\n      %s\n", strings.TrimSpace(l.cmd+" "+l.args), l.about)
	}
	if word == "" {
		fmt.Fprint(w, `
Flags may come before or after the other arguments.
The config is found in --config, then $TANDEM_CONFIG, then ./tandem.yaml.
`)
	}
}

// isGroup reports whether word names a group of subcommands
// (`tandem archive verify|trim`).
func isGroup(word string) bool {
	for _, l := range helpLines {
		if words := strings.Fields(l.cmd); len(words) > 1 && words[0] == word {
			return true
		}
	}
	return false
}
