// Command tandem runs the Tandem incident-response bot and its tools.
//
//	tandem [serve] [--config FILE]   run the bot (the embedded demo when no config exists)
//	tandem config check FILE         validate a config file
//	tandem ladder preview ...        dry-run an escalation ladder
//	tandem healthcheck [--url URL]   exit 0 when the bot answers /healthz (for Docker)
//	tandem export INC-n [--format md|json]  print an incident's review or JSON
//	tandem audit verify INC-n|--all  check timelines against their hash chain
//	tandem archive verify FILE...    check the hash chains in retention archive files
//	tandem archive trim              run one retention sweep now
//	tandem version                   version and build info
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches a subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "serve" || (len(args[0]) > 0 && args[0][0] == '-') {
		if len(args) > 0 && args[0] == "serve" {
			args = args[1:]
		}
		return serve(ctx, args, stdin, stdout, stderr)
	}
	switch args[0] {
	case "config":
		if len(args) >= 2 && args[1] == "check" {
			return configCheck(args[2:], stdout, stderr)
		}
	case "ladder":
		if len(args) >= 2 && args[1] == "preview" {
			return ladderPreview(args[2:], stdout, stderr)
		}
	case "healthcheck":
		return healthcheck(ctx, args[1:], stdout, stderr)
	case "export":
		return exportCmd(ctx, args[1:], stdout, stderr)
	case "audit":
		return auditCmd(ctx, args[1:], stdout, stderr)
	case "discord":
		return discordCmd(ctx, args[1:], stdout, stderr)
	case "archive":
		return archiveCmd(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		return version(stdout)
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "tandem: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage:
  tandem [serve] [--config FILE]    run the bot; with no config anywhere, the embedded demo
  tandem config check FILE          validate a config file (FILE:LINE:COL: message per problem)
  tandem ladder preview --config FILE --service NAME [--severity sevN] [--at RFC3339] [--json]
  tandem healthcheck [--url URL]    exit 0 when the bot answers /healthz
  tandem export INC-n [--format md|json] [--config FILE]  print the post-incident review, or the incident JSON with its timeline
  tandem audit verify INC-n|--all [--config FILE]         check timelines against their hash chain (exit 1 on any mismatch)
  tandem discord register [--config FILE]  register the /incident command in the Discord guild
  tandem archive verify FILE...     check every hash chain in retention archive files (FILE:LINE: message; exit 1 on any problem)
  tandem archive trim [--config FILE]  archive and trim resolved incidents past retention.resolved_after now
  tandem version                    version and build info

The config is found in --config, then $TANDEM_CONFIG, then ./tandem.yaml.
`)
}
