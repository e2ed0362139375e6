package config

import (
	"fmt"
	"os"
	"path/filepath"
)

// DefaultAnchor is when the anchor job runs once audit is configured: every
// day at 00:10 in the config's time zone, after midnight's hand-overs.
const DefaultAnchor = "10 0 * * *"

// minAuditKey mirrors incident.MinAuditKeyBytes (config imports nothing of
// the project): HMAC-SHA256 is as strong as its key.
const minAuditKey = 32

// Audit keys the timeline hash chain and anchors it outside Redis
// (docs/reports.md says what that guarantees).
type Audit struct {
	// Key is written audit.key_env or audit.key_file: one secret, or
	// "new,old" while rotating: the first keys new entries, all verify.
	Key []Secret `yaml:"key"`
	// Anchor is the anchor job's cron spec (optionally "CRON_TZ=Zone "
	// first); default DefaultAnchor when a key or an anchor file is set,
	// "off" to turn it off.
	Anchor string `yaml:"anchor"`
	// AnchorFile, when set, gets one JSON line per anchor (appended, fsynced).
	AnchorFile string `yaml:"anchor_file"`
}

// Keys returns the audit key secrets, the signing key first.
func (a Audit) Keys() []string {
	var out []string
	for _, k := range a.Key {
		if k.IsSet() {
			out = append(out, k.Value())
		}
	}
	return out
}

// Anchors reports whether the anchor job runs.
func (a Audit) Anchors() bool { return a.Anchor != "" && a.Anchor != "off" }

func (a *Audit) setDefaults() {
	if a.Anchor == "" && (len(a.Key) > 0 || a.AnchorFile != "") {
		a.Anchor = DefaultAnchor
	}
}

func (v *validator) audit() {
	a := v.c.Audit
	for i, k := range a.Key {
		if k.IsSet() && len(k.Value()) < minAuditKey {
			v.rep.errf("audit.key", "audit key %d has %d bytes; at least %d are needed (make one with: openssl rand -hex 32)", i+1, len(k.Value()), minAuditKey)
		}
	}
	if a.Anchors() {
		v.cron("audit.anchor", a.Anchor)
	}
	if a.AnchorFile != "" {
		if fi, err := os.Stat(filepath.Dir(a.AnchorFile)); err != nil || !fi.IsDir() {
			v.rep.warnf("audit.anchor_file", "directory %q does not exist here: anchors cannot be written until it does", filepath.Dir(a.AnchorFile))
		}
		if !a.Anchors() {
			v.rep.warnf("audit.anchor_file", "audit.anchor is off: nothing is appended to the anchor file")
		}
	}
}

func (a Audit) describe() string {
	keyed := "unkeyed SHA-256: anyone who can write Redis can rewrite a timeline and its hashes; set audit.key_env"
	if n := len(a.Key); n > 0 {
		keyed = fmt.Sprintf("keyed with HMAC-SHA256 (%d key(s); the first keys new entries)", n)
	}
	anchors := "no anchors (audit.anchor is off)"
	if a.Anchors() {
		anchors = "anchored on " + a.Anchor + " to the managers' channel"
		if a.AnchorFile != "" {
			anchors += " and " + a.AnchorFile
		}
	}
	return keyed + "; " + anchors
}
