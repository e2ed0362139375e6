package chat

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tandemhq/tandem/incident"
)

// FuzzParse: whatever people type after /incident, Parse never panics; it
// either refuses with a readable EInvalid message that shows the usage, or
// returns a command the grammar knows, with a well-formed incident ID.
func FuzzParse(f *testing.F) {
	for _, d := range Defs {
		f.Add(d.Usage)
		f.Add(d.Name)
	}
	for _, s := range []string{"", "declare Disk full on db-01 --sev 1 --service database", "ack INC-7", "escalate INC-7 noc",
		"resolve inc-7 all good", "note INC-7 restarted the primary", "sev INC-7 2", "assign INC-7 <@U01ALICE>",
		"snooze INC-7 30m", "report 30d", "declare --sev", "sev INC-7 9", "snooze INC-7 -1h", "ack INC-", "ack INC-99999999999999999999",
		"declare \x00\xff --sev 1", "maintenance database,backup 2h kernel patching", "maintenance list", "maintenance end MW-3",
		"maintenance database until 18:00 patching", "maintenance database until", "maintenance end", "maintenance ,,, 0s", "note INC-1 " + strings.Repeat("x", 5000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := Parse(text)
		if err != nil {
			msg := incident.ErrorMessage(err)
			if incident.ErrorCode(err) != incident.EInvalid || msg == "" || !utf8.ValidString(strings.ToValidUTF8(msg, "")) {
				t.Fatalf("Parse(%q): error %v is not a readable EInvalid", text, err)
			}
			return
		}
		if _, ok := Lookup(c.Name); !ok && c.Name != "help" {
			t.Fatalf("Parse(%q) = unknown command %q", text, c.Name)
		}
		if c.ID != "" {
			if id, err := incident.ParseID(c.ID); err != nil || id != c.ID {
				t.Fatalf("Parse(%q): malformed ID %q (%v)", text, c.ID, err)
			}
		}
		if c.Severity != 0 && !c.Severity.Valid() {
			t.Fatalf("Parse(%q): invalid severity %v", text, c.Severity)
		}
		if c.Duration < 0 {
			t.Fatalf("Parse(%q): negative duration %v", text, c.Duration)
		}
	})
}
