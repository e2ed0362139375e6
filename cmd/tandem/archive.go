package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/tandemhq/tandem/archive"
	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/incident"
)

// archiveCmd runs `tandem archive verify FILE...` (check every hash chain
// in retention archive files) and `tandem archive trim` (one retention
// sweep now, as the bot runs every 10 minutes).
func archiveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) > 0 && args[0] == "verify":
		return archiveVerify(args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "trim":
		return archiveTrim(ctx, args[1:], stdout, stderr)
	}
	usage(stderr, "archive")
	return 2
}

// archiveVerify prints each problem as FILE:LINE: message and a summary
// per file; exit 1 on any problem. --config supplies the audit keys that
// keyed entries need.
func archiveVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("archive verify "+archiveVerifyArgs, stderr)
	path := fs.String("config", "", "config file whose audit.key_env keys the entries (none: keyed entries cannot be checked)")
	files, code, ok := parseFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(files) == 0 {
		return usageError(fs, stderr)
	}
	keys, ok := archiveKeys(*path, stderr)
	if !ok {
		return 1
	}
	for _, f := range files {
		rep, err := archive.Verify(f, keys)
		for _, p := range rep.Problems {
			fmt.Fprintln(stdout, p)
		}
		if err != nil {
			fmt.Fprintln(stderr, "tandem:", err)
			code = 1
			continue
		}
		if len(rep.Problems) > 0 {
			code = 1
		}
		fmt.Fprintf(stdout, "%s: %d incident(s) checked, %d timeline entries, %d line(s), %d identical duplicate(s), %d problem(s)\n",
			f, rep.Incidents, rep.Entries, rep.Lines, rep.Duplicates, len(rep.Problems))
	}
	return code
}

// archiveKeys loads the audit keys of the config at path (only its audit
// secrets are required); none without a path.
func archiveKeys(path string, stderr io.Writer) (*incident.Keyring, bool) {
	if path == "" {
		return nil, true
	}
	cfg, _, err := loadConfig(path, "audit")
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, false
	}
	keys, err := bot.AuditKeys(cfg)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, false
	}
	return keys, true
}

// archiveTrim runs one retention sweep with the config's retention section.
func archiveTrim(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("archive trim "+configArgs, stderr)
	path := fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)")
	if code, ok := parseOnlyFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	cfg, demo, err := loadConfig(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if demo || !cfg.Retention.Enabled() {
		fmt.Fprintln(stderr, "tandem: retention.archive_dir is not set in the config: nothing is trimmed without an archive")
		return 1
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	b, err := bot.New(ctx, cfg, bot.Options{Logger: log, Out: io.Discard, NoWorkers: true})
	if err != nil {
		fmt.Fprintln(stderr, "tandem:", err)
		return 1
	}
	defer b.Store().Close()
	rep, err := b.TrimResolved(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "tandem: retention sweep:", err)
		return 1
	}
	if rep.Locked {
		fmt.Fprintln(stdout, "another sweep is running (lock held); nothing done")
		return 0
	}
	fmt.Fprintf(stdout, "archived %d, trimmed %d, kept %d (to %s)\n", rep.Archived, rep.Trimmed, rep.Kept, cfg.Retention.ArchiveDir)
	return 0
}
