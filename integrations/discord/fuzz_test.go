package discord

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/tandemhq/tandem/chat"
)

// FuzzDecode: no body makes the decoder panic, and every command it accepts
// is text the grammar can read without panicking.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"type":1}`))
	f.Add([]byte(`{"id":"1","type":2,"token":"t","channel_id":"4","member":{"user":{"id":"3","username":"n"}},"data":{"name":"incident","options":[{"name":"note","type":1,"options":[{"name":"text","type":3,"value":"hi"},{"name":"id","type":3,"value":"INC-2"}]}]}}`))
	f.Add([]byte(`{"id":"1","type":3,"token":"t","channel_id":"4","user":{"id":"3"},"data":{"custom_id":"tandem:ack:INC-7","component_type":2}}`))
	f.Add([]byte(`{"type":2,"data":{"name":"incident","options":[{"name":"sev","type":1,"options":[{"name":"level","type":4,"value":1e300}]}]},"user":{"id":"1"}}`))
	f.Add([]byte(`{"type":5,"data":{}}`))
	f.Add([]byte(`{"id":"9","type":3,"token":"t","guild_id":"G1","channel_id":"4","member":{"user":{"id":"3"}},"data":{"custom_id":"tandem:ack:INC-7","component_type":2}}`))
	f.Add([]byte(`{"id":"9","type":3,"token":"t","guild_id":"G2","channel_id":"4","member":{"user":{"id":"3"}},"data":{"custom_id":"tandem:ack:INC-7","component_type":2}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := decode(body)
		if err != nil {
			return
		}
		// With discord.guild_id set, an interaction is admitted exactly
		// when it comes from that server (a DM has none: refused).
		h := &Handler{opt: HandlerOptions{GuildID: "G1"}, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if refused := h.admit(context.Background(), in) != ""; refused != (in.guild != "G1") {
			t.Fatalf("guild %q: refused %v", in.guild, refused)
		}
		if in.problem != nil || in.kind != kindCommand {
			return
		}
		_, _ = chat.Parse(in.req.Text)
	})
}
