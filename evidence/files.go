package evidence

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// verificationFile is audit/verification.txt: how the chains were checked,
// then one line per incident in the words of `tandem audit verify`, then
// the anchored incidents Redis no longer holds, then the count. The Result
// holds the incident lines, those of the incidents gone and the failed IDs.
func verificationFile(in Input) ([]byte, Result) {
	var b bytes.Buffer
	var res Result
	fmt.Fprintf(&b, "Audit chain verification of the incidents opened %s to %s, made %s.\n",
		in.From.Format(time.RFC3339), in.To.Format(time.RFC3339), in.Made.UTC().Format(time.RFC3339))
	if len(in.KeyIDs) > 0 {
		fmt.Fprintf(&b, "audit keys: %s (HMAC-SHA256; the keys themselves are not in this pack)\n", strings.Join(in.KeyIDs, ", "))
	} else {
		fmt.Fprintln(&b, "audit keys: none: the chain is plain SHA-256, recomputable from incidents/*.json alone; only anchors protect it against someone who can write Redis")
	}
	if in.AnchorFile != "" {
		fmt.Fprintf(&b, "anchors: %s (copied to audit/anchors.jsonl)\n", in.AnchorFile)
	} else {
		fmt.Fprintln(&b, "anchors: none (no audit.anchor_file)")
	}
	for _, x := range in.Incidents {
		line := auditLine(x.Incident.ID, x.Audit)
		res.Verification = append(res.Verification, line)
		if !x.Audit.OK() {
			res.Failed = append(res.Failed, x.Incident.ID)
		}
		fmt.Fprintln(&b, line)
	}
	failed := len(res.Failed)
	for _, g := range in.Gone {
		line := goneLine(g)
		res.Unaccounted = append(res.Unaccounted, line)
		if !g.Archived {
			res.Failed = append(res.Failed, g.ID)
		}
		fmt.Fprintln(&b, line)
	}
	fmt.Fprintf(&b, "%d incident(s) checked, %d OK, %d failed\n", len(in.Incidents), len(in.Incidents)-failed, failed)
	if deleted := len(res.Failed) - failed; deleted > 0 {
		fmt.Fprintf(&b, "%d anchored incident(s) MISSING: deleted\n", deleted)
	}
	return b.Bytes(), res
}

// goneLine is an anchored incident Redis no longer holds, as `tandem audit
// verify --all` prints it.
func goneLine(g Gone) string {
	at := g.Anchored.UTC().Format(time.RFC3339)
	if g.Archived {
		return fmt.Sprintf("%s: ARCHIVED (anchored %s): trimmed from Redis to the archive; check it with tandem archive verify", g.ID, at)
	}
	return fmt.Sprintf("%s: MISSING (anchored %s): in neither Redis nor the retention archive: deleted", g.ID, at)
}

// auditLine is one incident's verdict as `tandem audit verify` prints it.
func auditLine(id string, a Audit) string {
	if a.Mismatch != nil {
		return fmt.Sprintf("%s: FAIL %s", id, a.Mismatch)
	}
	s := ", unkeyed"
	if len(a.Keys) > 0 {
		s = ", keyed " + strings.Join(a.Keys, " ")
	}
	if !a.Anchored.IsZero() {
		s += ", anchored " + a.Anchored.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("%s: OK %d entries, head %s%s", id, a.Entries, a.Head, s)
}

// slaTable is sla.md: per severity and side, the incidents that met the
// acknowledge and resolve targets, as the report's SLA section counts them.
func slaTable(r reports.Report, loc *time.Location) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# SLA met, incidents opened %s to %s\n\n", r.From.In(loc).Format("2006-01-02 15:04 MST"), r.To.In(loc).Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "%d incident(s), %d still open at the end of the period. Side: who held the incident "+
		"(acknowledged it, or resolved it); pending incidents are in neither count. docs/metrics.md defines each figure.\n\n", r.Total, r.StillOpen)
	if len(r.SLAAck) == 0 && len(r.SLAResolve) == 0 {
		b.WriteString("No SLA is configured for the severities of these incidents.\n")
		return b.Bytes()
	}
	b.WriteString("| Severity | Side | Ack met | Resolve met |\n|---|---|---|---|\n")
	for sev := incident.Sev1; sev <= incident.Sev4; sev++ {
		for _, bucket := range reports.Buckets {
			k := reports.SLAKey{Severity: sev, Bucket: bucket}
			a, aok := r.SLAAck[k]
			res, rok := r.SLAResolve[k]
			if aok || rok {
				fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", sev, bucket, ratio(a, aok), ratio(res, rok))
			}
		}
	}
	return b.Bytes()
}

func ratio(r reports.Ratio, ok bool) string {
	if !ok {
		return "–"
	}
	return fmt.Sprintf("%d/%d (%d%%)", r.Met, r.Of, r.Percent())
}

// actor is one person (or system) who wrote timeline entries.
type actor struct {
	incident.Actor
	entries   int
	incidents map[string]bool
	kinds     map[string]int
}

// actorsCSV is actors.csv: who acted on which side over the period, one
// row per actor with the entries they wrote, by kind, and in how many
// incidents. The side is the one recorded in each entry, so a person who
// moved teams appears once per side.
func actorsCSV(incs []Incident) []byte {
	byKey := map[incident.Actor]*actor{}
	for _, x := range incs {
		for _, e := range x.Events {
			a := byKey[e.Actor]
			if a == nil {
				a = &actor{Actor: e.Actor, incidents: map[string]bool{}, kinds: map[string]int{}}
				byKey[e.Actor] = a
			}
			a.entries++
			a.incidents[x.Incident.ID] = true
			a.kinds[string(e.Kind)]++
		}
	}
	rows := slices.SortedFunc(maps.Values(byKey), func(a, b *actor) int {
		return cmp.Or(cmp.Compare(sideOf(a.Actor), sideOf(b.Actor)), cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.Platform, b.Platform), cmp.Compare(a.User, b.User))
	})
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"side", "name", "platform", "user", "incidents", "entries", "kinds"})
	for _, a := range rows {
		w.Write([]string{sideOf(a.Actor), a.Name, a.Platform, a.User, strconv.Itoa(len(a.incidents)), strconv.Itoa(a.entries), kinds(a.kinds)})
	}
	w.Flush()
	return b.Bytes()
}

// sideOf names an actor's side as the report buckets it: "managers" for a
// person configured on neither side, "system" for monitoring, Tandem and
// a platform acting on its own (a PagerDuty timeout: no user).
func sideOf(a incident.Actor) string {
	switch {
	case a.Side != "":
		return string(a.Side)
	case a.Platform == "" || a.Platform == "tandem" || a.Platform == "monitoring" || a.User == "":
		return "system"
	}
	return reports.BucketManagers
}

// kinds is "acked=1 note=3", kinds in byte order.
func kinds(m map[string]int) string {
	parts := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}
