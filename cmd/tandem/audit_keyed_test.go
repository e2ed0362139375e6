package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

const testAuditKey = "0123456789abcdef0123456789abcdef-audit"

// newKeyedAuditEnv is newAuditEnv with audit.key_env and an anchor file:
// the incidents are stored by a store holding the key, as the bot does.
func newKeyedAuditEnv(t *testing.T) (*auditEnv, string) {
	t.Helper()
	t.Setenv("TANDEM_TEST_AUDIT_KEY", testAuditKey)
	url := redistest.URL(t)
	path, _ := writeConfig(t, url)
	anchors := filepath.Join(filepath.Dir(path), "anchors.jsonl")
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\naudit: {key_env: TANDEM_TEST_AUDIT_KEY, anchor_file: " + anchors + "}\n")
	f.Close()
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	ring, _ := incident.NewKeyring(cfg.Audit.Keys())
	st, err := redisstore.Open(context.Background(), redisstore.Options{URL: url, Prefix: cfg.Redis.Prefix, AuditKey: ring.Signer()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	storeIncident(t, st, "INC-1", 3)
	storeIncident(t, st, "INC-2", 1)
	return &auditEnv{path: path, prefix: cfg.Redis.Prefix, raw: dialRedis(t, url)}, anchors
}

// forge rewrites INC-1 the way someone who can write Redis would: an entry
// edited, every hash after it recomputed (with key, or plain SHA-256 when
// key is nil), the head updated to match.
func (e *auditEnv) forge(t *testing.T, key *incident.AuditKey, claimID string) {
	t.Helper()
	ids, raw := e.entries(t, "INC-1")
	evs := make([]incident.Event, len(raw))
	for i, r := range raw {
		json.Unmarshal([]byte(r), &evs[i])
	}
	evs[1].Details["text"] = "nothing happened"
	evs, head := incident.Chain("INC-1", "", evs, key)
	for i := range evs {
		if claimID != "" {
			evs[i].Key = claimID
		}
		b, _ := json.Marshal(evs[i])
		raw[i] = string(b)
	}
	e.rewrite(ids, raw)
	var inc map[string]any
	json.Unmarshal([]byte(e.raw.do("HGET", e.prefix+"{default}:inc:INC-1", "data").(string)), &inc)
	inc["head"] = head
	b, _ := json.Marshal(inc)
	e.raw.do("HSET", e.prefix+"{default}:inc:INC-1", "data", string(b))
}

func TestAuditKeyedAndAnchored(t *testing.T) {
	e, anchors := newKeyedAuditEnv(t)
	code, out, errOut := e.run(t, "audit", "anchor")
	digest := regexp.MustCompile(`digest ([0-9a-f]{64})`).FindStringSubmatch(out)
	if code != 0 || digest == nil || !strings.Contains(out, "anchored 2 timeline(s)") || !strings.Contains(out, anchors) {
		t.Fatalf("anchor: exit %d\n%s%s", code, out, errOut)
	}
	kid := regexp.MustCompile(`audit keys: (k-[0-9a-f]{8})`)
	code, out, _ = e.run(t, "audit", "verify", "--all", "--digest", digest[1])
	if code != 0 || kid.FindStringSubmatch(out) == nil || !strings.Contains(out, "INC-1: OK 5 entries") ||
		!strings.Contains(out, ", keyed "+kid.FindStringSubmatch(out)[1]+", anchored ") || !strings.Contains(out, "digest "+digest[1]+": the anchor of ") {
		t.Fatalf("untouched: exit %d\n%s", code, out)
	}
	ids, orig := e.entries(t, "INC-1")
	var stored map[string]any
	json.Unmarshal([]byte(e.raw.do("HGET", e.prefix+"{default}:inc:INC-1", "data").(string)), &stored)
	restore := func() {
		e.rewrite(ids, orig)
		b, _ := json.Marshal(stored)
		e.raw.do("HSET", e.prefix+"{default}:inc:INC-1", "data", string(b))
	}
	other, _ := incident.NewAuditKey(strings.Repeat("z", 40))
	mine, _ := incident.NewAuditKey(testAuditKey)
	tests := []struct {
		name    string
		key     *incident.AuditKey
		claimID string
		want    string
	}{
		{"PlainSHA256", nil, "", "INC-1: FAIL entry 1 (opened at 2026-12-01T16:00:00Z): it is not keyed, although audit keys are set, and no anchor covers it"},
		{"OtherKey", other, "", "INC-1: FAIL entry 1 (opened at 2026-12-01T16:00:00Z): it is keyed with audit key " + other.ID() + ", which is not configured here"},
		{"OtherKeyOurID", other, mine.ID(), "INC-1: FAIL entry 1 (opened at 2026-12-01T16:00:00Z): its content hashes to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.forge(t, tt.key, tt.claimID)
			defer restore()
			code, out, _ := e.run(t, "audit", "verify", "INC-1")
			if code != 1 || !strings.Contains(out, tt.want) {
				t.Fatalf("exit %d, want 1 naming %q:\n%s", code, tt.want, out)
			}
		})
	}
	t.Run("WrongDigest", func(t *testing.T) {
		code, out, _ := e.run(t, "audit", "verify", "INC-1", "--digest", strings.Repeat("0", 64))
		if code != 1 || !strings.Contains(out, "FAIL: no anchor in "+anchors+" has it") {
			t.Fatalf("exit %d\n%s", code, out)
		}
	})
	t.Run("Deleted", func(t *testing.T) {
		for _, k := range []string{"inc:INC-2", "tl:INC-2"} {
			e.raw.do("DEL", e.prefix+"{default}:"+k)
		}
		for _, k := range []string{"idx:open", "idx:acked", "idx:resolved", "idx:opened"} {
			e.raw.do("ZREM", e.prefix+"{default}:"+k, "INC-2")
		}
		code, out, _ := e.run(t, "audit", "verify", "--all")
		if code != 1 || !strings.Contains(out, "INC-2: MISSING (anchored ") || !strings.Contains(out, "INC-1: OK") {
			t.Fatalf("exit %d\n%s", code, out)
		}
	})
}

// Without keys, the anchor alone catches a timeline rewritten with a
// correctly recomputed plain chain.
func TestAuditAnchorCatchesUnkeyedRewrite(t *testing.T) {
	e := newAuditEnv(t)
	anchors := filepath.Join(t.TempDir(), "anchors.jsonl")
	if code, out, errOut := e.run(t, "audit", "anchor", "--anchors", anchors); code != 0 {
		t.Fatalf("anchor: exit %d\n%s%s", code, out, errOut)
	}
	e.forge(t, nil, "")
	if code, out, _ := e.run(t, "audit", "verify", "INC-1"); code != 0 {
		t.Fatalf("without the anchor a recomputed plain chain passes, as documented: exit %d\n%s", code, out)
	}
	code, out, _ := e.run(t, "audit", "verify", "INC-1", "--anchors", anchors)
	if code != 1 || !strings.Contains(out, "INC-1: FAIL after entry 7: the anchor of ") || !strings.Contains(out, "is in no entry of this timeline") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}
