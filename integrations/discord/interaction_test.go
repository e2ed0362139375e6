package discord

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem/chat"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		kind    kind
		req     chat.Request
		problem string
	}{
		{"Ping", `{"type":1}`, kindPing, chat.Request{}, ""},
		{"DMUser", `{"type":2,"channel_id":"9","user":{"id":"42","username":"sam"},"data":{"name":"incident","options":[{"name":"list","type":1}]}}`,
			kindCommand, chat.Request{Platform: "discord", User: "42", Name: "sam", Channel: "9", Text: "list"}, ""},
		{"NoSubcommand", `{"type":2,"user":{"id":"42"},"data":{"name":"incident"}}`,
			kindCommand, chat.Request{Platform: "discord", User: "42", Text: "help"}, ""},
		{"IntegerWithoutDecimals", `{"type":2,"user":{"id":"42"},"data":{"name":"incident","options":[{"name":"sev","type":1,"options":[{"name":"level","type":4,"value":2},{"name":"id","type":3,"value":" INC-3 "}]}]}}`,
			kindCommand, chat.Request{Platform: "discord", User: "42", Text: "sev INC-3 2"}, ""},
		{"OnCallOverride", `{"type":2,"user":{"id":"42"},"data":{"name":"incident","options":[{"name":"oncall","type":1,"options":[{"name":"when","type":3,"value":"until 18:00"},{"name":"person","type":3,"value":"Bob"},{"name":"target","type":3,"value":"acme-it"},{"name":"action","type":3,"value":"override"}]}]}}`,
			kindCommand, chat.Request{Platform: "discord", User: "42", Text: "oncall override acme-it Bob until 18:00"}, ""},
		{"OnCallRemove", `{"type":2,"user":{"id":"42"},"data":{"name":"incident","options":[{"name":"oncall","type":1,"options":[{"name":"action","type":3,"value":"override remove"},{"name":"target","type":3,"value":"OV-3"}]}]}}`,
			kindCommand, chat.Request{Platform: "discord", User: "42", Text: "oncall override remove OV-3"}, ""},
		{"OtherCommand", `{"type":2,"user":{"id":"42"},"data":{"name":"deploy"}}`, kindCommand, chat.Request{}, "unknown command"},
		{"UnknownSubcommand", `{"type":2,"user":{"id":"42"},"data":{"name":"incident","options":[{"name":"reboot","type":1}]}}`, kindCommand, chat.Request{}, "unknown subcommand"},
		{"NoUser", `{"type":3,"data":{"custom_id":"tandem:ack:INC-1"}}`, kindButton, chat.Request{}, "names no user"},
		{"Button", `{"type":3,"channel_id":"9","member":{"user":{"id":"42","username":"sam"},"nick":"Sam"},"data":{"custom_id":"tandem:escalate:INC-12","component_type":2}}`,
			kindButton, chat.Request{Platform: "discord", User: "42", Name: "Sam", Channel: "9", Action: "escalate", Value: "INC-12"}, ""},
		{"ForeignButton", `{"type":3,"user":{"id":"42"},"data":{"custom_id":"tandem:ack"}}`, kindButton, chat.Request{}, "unknown button"},
		{"Autocomplete", `{"type":4,"user":{"id":"42"},"data":{"name":"incident"}}`, kindOther, chat.Request{}, "does not handle"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := decode([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if in.kind != tc.kind {
				t.Fatalf("kind %d, want %d", in.kind, tc.kind)
			}
			if tc.problem != "" {
				if in.problem == nil || !strings.Contains(in.problem.Error(), tc.problem) {
					t.Fatalf("problem %v, want %q", in.problem, tc.problem)
				}
				return
			}
			if in.problem != nil || in.req != tc.req {
				t.Fatalf("request %+v (%v), want %+v", in.req, in.problem, tc.req)
			}
		})
	}
	for _, bad := range []string{``, `[]`, `{"type":"x"}`, `{}`} {
		if _, err := decode([]byte(bad)); err == nil {
			t.Errorf("decode(%q) accepted", bad)
		}
	}
}
