package discord

import (
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
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := decode(body)
		if err != nil || in.problem != nil || in.kind != kindCommand {
			return
		}
		_, _ = chat.Parse(in.req.Text)
	})
}
