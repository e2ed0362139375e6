package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
	"github.com/tandemhq/tandem/reports"
)

// auditEnv is a config file on a real Redis holding two incidents, stored
// through the store as the bot stores them.
type auditEnv struct {
	path, prefix string
	raw          *rawRedis
}

func newAuditEnv(t *testing.T) *auditEnv {
	t.Helper()
	url := redistest.URL(t)
	path, _ := writeConfig(t, url)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := redisstore.Open(context.Background(), redisstore.Options{URL: url, Prefix: cfg.Redis.Prefix})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	storeIncident(t, st, "INC-1", 5)
	storeIncident(t, st, "INC-2", 2)
	return &auditEnv{path: path, prefix: cfg.Redis.Prefix, raw: dialRedis(t, url)}
}

// storeIncident commits an incident and then notes, one commit each (the
// chain spans commits), and resolves it.
func storeIncident(t *testing.T, st *redisstore.Store, id string, notes int) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	alice := incident.Actor{Name: "Alice", Side: incident.Internal, Platform: "slack", User: "U01ALICE"}
	inc, evs, _ := incident.Open(id, incident.Spec{Title: "Disk full", Severity: incident.Sev2, Service: "database"}, incident.Monitoring, at)
	if _, err := st.Commit(ctx, incident.Change{Incident: inc, Events: evs}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i <= notes; i++ {
		cur, _ := st.Get(ctx, id)
		at = at.Add(time.Minute)
		next, evs, _ := cur.Note(alice, "looked again, pass "+string(rune('a'+i)), at)
		if i == notes {
			next, evs, _ = cur.Resolve(alice, "fixed", at)
		}
		if _, err := st.Commit(ctx, incident.Change{Before: cur.Version, Incident: next, Events: evs}); err != nil {
			t.Fatal(err)
		}
	}
}

func (e *auditEnv) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append(args, "--config", e.path), nil, &out, &errOut)
	return code, out.String(), errOut.String()
}

// entries reads the raw timeline stream: IDs and the JSON of each entry.
func (e *auditEnv) entries(t *testing.T, id string) (ids, raw []string) {
	t.Helper()
	for _, m := range e.raw.do("XRANGE", e.key(id), "-", "+").([]any) {
		pair := m.([]any)
		fields := pair[1].([]any)
		ids, raw = append(ids, pair[0].(string)), append(raw, fields[1].(string))
	}
	return ids, raw
}

func (e *auditEnv) key(id string) string { return e.prefix + "{default}:tl:" + id }

// rewrite replaces the stream with the given entries under their original
// IDs: a stream entry cannot be edited in place, so this is how someone
// would change one.
func (e *auditEnv) rewrite(ids, raw []string) {
	e.raw.do("DEL", e.key("INC-1"))
	for i := range ids {
		e.raw.do("XADD", e.key("INC-1"), ids[i], "e", raw[i])
	}
}

func TestAuditVerifyOKAndNamesEveryTamperedField(t *testing.T) {
	e := newAuditEnv(t)
	code, out, errOut := e.run(t, "audit", "verify", "INC-1")
	if code != 0 || !strings.Contains(out, "\nINC-1: OK 7 entries, head ") {
		t.Fatalf("untouched: exit %d\n%s%s", code, out, errOut)
	}
	ids, orig := e.entries(t, "INC-1")
	edit := func(i int, change func(m map[string]any)) []string {
		var m map[string]any
		json.Unmarshal([]byte(orig[i]), &m)
		change(m)
		b, _ := json.Marshal(m)
		out := append([]string(nil), orig...)
		out[i] = string(b)
		return out
	}
	actor := func(m map[string]any) map[string]any { return m["actor"].(map[string]any) }
	tests := []struct {
		name string
		raw  []string
		want string
	}{
		{"At", edit(2, func(m map[string]any) { m["at"] = "2026-12-01T16:02:30Z" }), "entry 3 (note at 2026-12-01T16:02:30Z): its content hashes to"},
		{"Kind", edit(2, func(m map[string]any) { m["kind"] = "acked" }), "entry 3 (acked at 2026-12-01T16:02:00Z): its content hashes to"},
		{"ActorName", edit(3, func(m map[string]any) { actor(m)["name"] = "Nora" }), "entry 4 (note"},
		{"ActorSide", edit(3, func(m map[string]any) { actor(m)["side"] = "msp" }), "entry 4 (note"},
		{"ActorPlatform", edit(3, func(m map[string]any) { actor(m)["platform"] = "discord" }), "entry 4 (note"},
		{"ActorUser", edit(3, func(m map[string]any) { actor(m)["user"] = "U0OTHER" }), "entry 4 (note"},
		{"DetailText", edit(1, func(m map[string]any) { m["details"].(map[string]any)["text"] = "nothing to see" }), "entry 2 (note"},
		{"DetailAdded", edit(6, func(m map[string]any) { m["details"].(map[string]any)["by"] = "someone else" }), "entry 7 (resolved"},
		{"DetailsRemoved", edit(0, func(m map[string]any) { delete(m, "details") }), "entry 1 (opened"},
		{"Hash", edit(4, func(m map[string]any) { m["hash"] = strings.Repeat("ab", 32) }), "entry 5 (note"},
		{"Prev", edit(5, func(m map[string]any) { m["prev"] = strings.Repeat("cd", 32) }), "entry 6 (note at 2026-12-01T16:05:00Z): its prev cdcdcdcdcdcd… is not entry 5's hash"},
		{"NotJSON", func() []string { r := append([]string(nil), orig...); r[3] = "{broken"; return r }(), "entry 4 (unreadable): stream entry " + ids[3] + " cannot be read"},
		{"EntryRemoved", append(append([]string(nil), orig[:2]...), orig[3:]...), "entry 3 (note at 2026-12-01T16:03:00Z): its prev"},
		{"LastRemoved", orig[:6], "after entry 6: the incident's head"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keep := ids
			if tt.name == "EntryRemoved" {
				keep = append(append([]string(nil), ids[:2]...), ids[3:]...)
			}
			e.rewrite(keep[:len(tt.raw)], tt.raw)
			defer e.rewrite(ids, orig)
			code, out, _ := e.run(t, "audit", "verify", "INC-1")
			if code != 1 || !strings.Contains(out, "INC-1: FAIL "+tt.want) {
				t.Fatalf("exit %d, want 1 naming %q:\n%s", code, tt.want, out)
			}
		})
	}
	if code, out, _ := e.run(t, "audit", "verify", "INC-1"); code != 0 {
		t.Fatalf("restored timeline: exit %d\n%s", code, out)
	}

	// --all checks every incident: one tampered, one fine.
	e.rewrite(ids, edit(1, func(m map[string]any) { m["details"].(map[string]any)["text"] = "x" }))
	code, out, _ = e.run(t, "audit", "verify", "--all")
	if code != 1 || !strings.Contains(out, "INC-1: FAIL entry 2 (note") || !strings.Contains(out, "INC-2: OK 4 entries") ||
		!strings.Contains(out, "2 incident(s) checked, 1 OK, 1 failed") {
		t.Fatalf("--all: exit %d\n%s", code, out)
	}
}

func TestExportCommand(t *testing.T) {
	e := newAuditEnv(t)
	code, out, errOut := e.run(t, "export", "INC-2", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	x, err := reports.DecodeExportJSON([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := x.Encode()
	if string(again) != out || len(x.Timeline) != 4 || incident.Verify(x.ID, x.Timeline, x.Head, incident.VerifyOptions{}) != nil {
		t.Fatalf("export does not round-trip or verify:\n%s", out)
	}
	code, out, _ = e.run(t, "export", "--format", "md", "inc-2")
	if code != 0 || !strings.HasPrefix(out, "# Post-incident review: INC-2 Disk full\n") || !strings.Contains(out, "- Final hash (head): `"+x.Head+"`") {
		t.Fatalf("markdown: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{{"export"}, {"export", "INC-2", "--format", "pdf"}, {"audit"}, {"audit", "verify"}, {"audit", "verify", "INC-1", "--all"}} {
		if code, _, _ := e.run(t, bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)", bad, code)
		}
	}
	if code, _, errOut := e.run(t, "export", "INC-99"); code != 1 || !strings.Contains(errOut, "INC-99 does not exist") {
		t.Errorf("missing incident: exit %d %s", code, errOut)
	}
}
