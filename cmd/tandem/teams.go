package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	teamsapi "github.com/tandemhq/tandem/integrations/teams"
	"github.com/tandemhq/tandem/platform/teams"
)

// teamsManifestArgs are `tandem teams manifest`'s arguments.
const teamsManifestArgs = "--config FILE [--out FILE]"

// teamsCmd runs `tandem teams manifest --config FILE [--out FILE]`: it
// writes the Teams app package (manifest.json and the two icons, zipped)
// for the config's msteams.app_id, to upload in Teams admin.
func teamsCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "manifest" {
		usage(stderr, "teams")
		return 2
	}
	fs := newFlags("teams manifest "+teamsManifestArgs, stderr)
	path := fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)")
	out := fs.String("out", "tandem-teams.zip", "where to write the app package")
	if code, ok := parseOnlyFlags(fs, args[1:], stdout, stderr); !ok {
		return code
	}
	cfg, demo, err := loadConfig(*path, teams.SectionKey)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	sec, _ := cfg.Section(teams.SectionKey).(*teams.Section)
	if demo || sec == nil || sec.AppID == "" {
		fmt.Fprintln(stderr, "tandem teams manifest: the config needs an msteams: section with app_id (the bot's Microsoft App ID)")
		return 1
	}
	data, err := teamsapi.AppPackage(sec.AppID, manifestVersion(Version))
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(stderr, "tandem teams manifest:", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s (manifest.json, color.png, outline.png) for app %s: upload it in Teams admin (Manage apps, Upload)\n", *out, sec.AppID)
	return 0
}

// manifestVersion is the app's version as Teams wants it (x.y.z): the
// build's version less a leading "v" and any suffix, 1.0.0 for a
// development build. Teams asks for a higher version on each re-upload.
func manifestVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if i := strings.IndexAny(v, "-+"); i >= 0 {
		v = v[:i]
	}
	if parts := strings.Split(v, "."); len(parts) != 3 {
		return "1.0.0"
	}
	return v
}
