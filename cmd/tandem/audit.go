package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/incident"
)

// auditCmd runs `tandem audit verify` (check timelines against their hash
// chain, the audit keys and the latest anchors; exit 0 when everything
// verifies, 1 otherwise) and `tandem audit anchor` (append an anchor of
// every chain head now).
func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "verify" {
		return auditVerify(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "anchor" {
		return auditAnchor(ctx, args[1:], stdout, stderr)
	}
	usage(stderr, "audit")
	return 2
}

// auditFlags are the flags both subcommands take.
type auditFlags struct {
	fs            *flag.FlagSet
	path, anchors *string
}

func newAuditFlags(use string, stderr io.Writer) auditFlags {
	fs := newFlags(use, stderr)
	return auditFlags{fs: fs,
		path:    fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)"),
		anchors: fs.String("anchors", "", "anchor file (default audit.anchor_file)")}
}

func auditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newAuditFlags("audit verify "+auditVerifyArgs, stderr)
	all := f.fs.Bool("all", false, "verify every incident")
	digest := f.fs.String("digest", "", "a digest posted in chat: the anchor file must hold it")
	pos, code, ok := parseFlags(f.fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) > 1 || (len(pos) == 0) == !*all {
		return usageError(f.fs, stderr)
	}
	tools, code := openTools(ctx, *f.path, stderr)
	if tools == nil {
		return code
	}
	defer tools.Close()
	v := &verifier{tools: tools, out: stdout}
	if !v.prepare(cmp.Or(*f.anchors, tools.AnchorFile()), *digest, stderr) {
		return 1
	}
	ids, code := auditIDs(ctx, tools, pos, stderr)
	if ids == nil {
		return code
	}
	for _, id := range ids {
		v.check(ctx, id)
	}
	if *all {
		v.gone(ids)
		fmt.Fprintf(stdout, "%d incident(s) checked, %d OK, %d failed\n", len(ids), len(ids)-v.failedIDs, v.failedIDs)
	}
	if v.failed > 0 {
		return 1
	}
	return 0
}

// auditIDs is the one incident named (canonical), or every incident.
func auditIDs(ctx context.Context, tools *bot.Tools, pos []string, stderr io.Writer) ([]string, int) {
	if len(pos) == 0 {
		ids, err := tools.IDs(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "tandem audit:", err)
			return nil, 1
		}
		return ids, 0
	}
	canon, err := incident.ParseID(pos[0])
	if err != nil {
		fmt.Fprintln(stderr, "tandem audit:", incident.ErrorMessage(err))
		return nil, 2
	}
	return []string{canon}, 0
}

// verifier prints what `audit verify` finds and counts the failures.
type verifier struct {
	tools             *bot.Tools
	out               io.Writer
	failed, failedIDs int
}

// prepare reads the anchors and says which keys and anchors the check
// uses; false when the anchor file cannot be trusted at all.
func (v *verifier) prepare(anchors, digest string, stderr io.Writer) bool {
	if ids := v.tools.KeyIDs(); len(ids) > 0 {
		fmt.Fprintf(v.out, "audit keys: %s (the first keys new entries)\n", strings.Join(ids, ", "))
	} else {
		fmt.Fprintln(v.out, "audit keys: none: the chain is plain SHA-256, which anyone who can write Redis can recompute; only anchors protect it")
	}
	if anchors == "" {
		fmt.Fprintln(v.out, "anchors: none (no audit.anchor_file, no --anchors): a timeline rewritten with a recomputed chain is caught only by the keys")
		if digest != "" {
			fmt.Fprintln(stderr, "tandem audit: --digest needs an anchor file (--anchors or audit.anchor_file)")
			return false
		}
		return true
	}
	x, err := v.tools.UseAnchors(anchors)
	if err != nil {
		fmt.Fprintln(stderr, "tandem audit:", err)
		return false
	}
	fmt.Fprintf(v.out, "anchors: %s, %d anchor(s), %d incident(s) anchored\n", anchors, x.Lines, len(x.Latest))
	if digest != "" {
		if at, ok := x.Digests[digest]; ok {
			fmt.Fprintf(v.out, "digest %s: the anchor of %s\n", digest, at.Format(time.RFC3339))
		} else {
			v.failed++
			fmt.Fprintf(v.out, "digest %s: FAIL: no anchor in %s has it: this is not the file that anchor was written to, or the line was removed\n", digest, anchors)
		}
	}
	return true
}

func (v *verifier) check(ctx context.Context, id string) {
	a, err := v.tools.Verify(ctx, id)
	switch {
	case err != nil:
		v.fail()
		fmt.Fprintf(v.out, "%s: ERROR %s %s\n", id, incident.ErrorMessage(err), internalDetail(err))
	case a.Mismatch != nil:
		v.fail()
		fmt.Fprintf(v.out, "%s: FAIL %s\n", id, a.Mismatch)
	default:
		fmt.Fprintf(v.out, "%s: OK %d entries, head %s%s\n", id, a.Entries, a.Head, auditExtras(a))
	}
}

func (v *verifier) fail() { v.failed++; v.failedIDs++ }

// auditExtras says how an incident that verified is protected.
func auditExtras(a bot.Audit) string {
	s := ", unkeyed"
	if len(a.Keys) > 0 {
		s = ", keyed " + strings.Join(a.Keys, " ")
	}
	if !a.Anchored.IsZero() {
		s += ", anchored " + a.Anchored.Format(time.RFC3339)
	}
	return s
}

// gone reports the anchored incidents Redis no longer holds: archived
// ones are for `tandem archive verify`; ones in neither place were deleted.
func (v *verifier) gone(present []string) {
	list, err := v.tools.Gone(present)
	if err != nil {
		v.failed++
		fmt.Fprintln(v.out, "archive: ERROR", err)
		return
	}
	for _, u := range list {
		at := u.Anchored.Format(time.RFC3339)
		if u.Archived {
			fmt.Fprintf(v.out, "%s: ARCHIVED (anchored %s): trimmed from Redis to the archive; check it with tandem archive verify\n", u.ID, at)
			continue
		}
		v.failed++
		fmt.Fprintf(v.out, "%s: MISSING (anchored %s): in neither Redis nor the retention archive: deleted\n", u.ID, at)
	}
}

func auditAnchor(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newAuditFlags("audit anchor "+auditAnchorArgs, stderr)
	if code, ok := parseOnlyFlags(f.fs, args, stdout, stderr); !ok {
		return code
	}
	tools, code := openTools(ctx, *f.path, stderr)
	if tools == nil {
		return code
	}
	defer tools.Close()
	path := cmp.Or(*f.anchors, tools.AnchorFile())
	if path == "" {
		fmt.Fprintln(stderr, "tandem audit anchor: no anchor file: set audit.anchor_file or pass --anchors FILE")
		return 2
	}
	a, err := tools.Anchor(ctx, path, time.Now())
	if err != nil {
		fmt.Fprintln(stderr, "tandem audit anchor:", err)
		return 1
	}
	fmt.Fprintf(stdout, "anchored %d timeline(s) at %s, digest %s, appended to %s\n", len(a.Heads), a.At.Format(time.RFC3339), a.Digest, path)
	return 0
}
