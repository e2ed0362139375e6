package bot_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// A 2 MiB POST from Go's own HTTP client (Alertmanager and Grafana are Go
// programs) reads its 413, 50 runs out of 50, with and without a
// Content-Length: the server reads and discards the rest of an oversized
// body before it answers, so the client is never cut off mid-write with
// "broken pipe" (and never retries a payload that cannot succeed).
func TestOversizedBodyAnswerIsReadable(t *testing.T) {
	b := bottest.Start(t, bottest.Config(t, testYAML(t, redistest.URL(t), "  alertmanager: {token_env: AM_TOKEN}\n"), testEnv), bot.Options{})
	payload := bytes.Repeat([]byte("x"), 2<<20)
	for _, tc := range []struct {
		name string
		body func() io.Reader
	}{
		{"ContentLength", func() io.Reader { return bytes.NewReader(payload) }},
		{"Chunked", func() io.Reader { return io.MultiReader(bytes.NewReader(payload)) }}, // length unknown
	} {
		t.Run(tc.name, func(t *testing.T) {
			client := &http.Client{Transport: &http.Transport{}}
			defer client.CloseIdleConnections()
			for run := range 50 {
				req, _ := http.NewRequest("POST", b.URL+"/webhooks/alertmanager", tc.body())
				req.Header.Set("Authorization", "Bearer am-token")
				resp, err := client.Do(req)
				if err != nil {
					t.Fatalf("run %d: %v", run, err)
				}
				answer, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 413 || !strings.Contains(string(answer), "1 MiB") {
					t.Fatalf("run %d: %d %s", run, resp.StatusCode, answer)
				}
			}
		})
	}
}
