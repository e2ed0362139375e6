package evidence

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// readme is README.txt: the period, the verdict, and what each file is,
// so the pack explains itself to someone who has never seen Tandem.
func readme(in Input) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Tandem evidence pack\n\nPeriod: incidents opened from %s to %s (end excluded), times in %s.\nMade: %s.\n",
		in.From.In(in.Zone).Format(time.RFC3339), in.To.In(in.Zone).Format(time.RFC3339), in.Zone, in.Made.UTC().Format(time.RFC3339))
	failed := 0
	for _, x := range in.Incidents {
		if !x.Audit.OK() {
			failed++
		}
	}
	fmt.Fprintf(&b, "Incidents: %d. Audit chain: %d verified, %d FAILED (audit/verification.txt names each).\n", len(in.Incidents), len(in.Incidents)-failed, failed)
	deleted := 0
	for _, g := range in.Gone {
		if !g.Archived {
			deleted++
		}
	}
	if deleted > 0 {
		fmt.Fprintf(&b, "Anchored incidents MISSING from the store (deleted): %d FAILED (audit/verification.txt names each).\n", deleted)
	}
	b.WriteString("\n")
	b.WriteString(strings.TrimLeft(readmeFiles, "\n"))
	return b.Bytes()
}

const readmeFiles = `
Files (docs/reports.md, "Evidence pack", maps them to HIPAA, SOC 2 and CMMC controls):

  MANIFEST.sha256            SHA-256 of every other file; after unzipping, check with
                             sha256sum -c MANIFEST.sha256
  incidents/INC-n-review.md  the post-incident review: timeline, who acted on which side,
                             time to acknowledge and resolve against the SLA
  incidents/INC-n.json       the incident with its whole timeline as stored, each entry with
                             its hash-chain fields (prev, hash, key) and the final hash (head)
  audit/verification.txt     the hash-chain check of each incident's timeline, as
                             tandem audit verify prints it: OK, or FAIL naming the entry;
                             then each anchored incident Redis no longer holds (ARCHIVED,
                             or MISSING: deleted, a failure)
  audit/anchors.jsonl        the anchor file (every timeline's head recorded outside the
                             store at each anchor), when audit.anchor_file is set
  sla.md                     SLA met per severity and side (acknowledge and resolve targets)
  report.json                the period's figures: time to detect, first page, acknowledge
                             and resolve by side, availability per service
  policy/config.yaml         the escalation policy in force (teams, ladders, calendars, SLA):
                             the config as Tandem read it, every secret shown as <secret>
  policy/policy.json         the SHA-256 of policy/config.yaml (and of the source file)
  actors.csv                 who wrote timeline entries, on which side, in how many incidents

Recomputing a chain: each entry's hash is the SHA-256 (or, with an audit key, the
HMAC-SHA256) of length-prefixed fields; docs/reports.md gives the encoding.
`
