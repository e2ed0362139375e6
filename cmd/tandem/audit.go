package main

import (
	"context"
	"fmt"
	"io"

	"github.com/tandemhq/tandem/incident"
)

// auditCmd runs `tandem audit verify INC-n|--all`: it checks each
// timeline's hash chain in the configured Redis and prints OK, or the first
// entry that does not match. Exit 0 when everything verifies, 1 otherwise.
func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "verify" {
		usage(stderr, "audit")
		return 2
	}
	fs := newFlags("audit verify "+auditVerifyArgs, stderr)
	path := fs.String("config", "", "config file (default $TANDEM_CONFIG, then ./tandem.yaml)")
	all := fs.Bool("all", false, "verify every incident")
	pos, code, ok := parseFlags(fs, args[1:], stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) > 1 || (len(pos) == 0) == !*all {
		return usageError(fs, stderr)
	}
	id := ""
	if len(pos) == 1 {
		id = pos[0]
	}
	tools, code := openTools(ctx, *path, stderr)
	if tools == nil {
		return code
	}
	defer tools.Close()
	ids := []string{id}
	if *all {
		var err error
		if ids, err = tools.IDs(ctx); err != nil {
			fmt.Fprintln(stderr, "tandem audit:", err)
			return 1
		}
	} else if canon, err := incident.ParseID(id); err != nil {
		fmt.Fprintln(stderr, "tandem audit:", incident.ErrorMessage(err))
		return 2
	} else {
		ids[0] = canon
	}
	failed := 0
	for _, id := range ids {
		a, err := tools.Verify(ctx, id)
		switch {
		case err != nil:
			failed++
			fmt.Fprintf(stdout, "%s: ERROR %s %s\n", id, incident.ErrorMessage(err), internalDetail(err))
		case a.Mismatch != nil:
			failed++
			fmt.Fprintf(stdout, "%s: FAIL %s\n", id, a.Mismatch)
		default:
			fmt.Fprintf(stdout, "%s: OK %d entries, head %s\n", id, a.Entries, a.Head)
		}
	}
	if *all {
		fmt.Fprintf(stdout, "%d incident(s) checked, %d OK, %d failed\n", len(ids), len(ids)-failed, failed)
	}
	if failed > 0 {
		return 1
	}
	return 0
}
