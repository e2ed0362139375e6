package discord

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestReadRateLimit(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		header map[string]string
		want   time.Duration
		global bool
	}{
		{"Body", `{"message":"You are being rate limited.","retry_after":1.5,"global":false}`, map[string]string{"Retry-After": "2"}, 1500 * time.Millisecond, false},
		{"BodyGlobal", `{"retry_after":0.0011,"global":true}`, nil, 2 * time.Millisecond, true},
		{"RetryAfterHeader", `<html>cloudflare</html>`, map[string]string{"Retry-After": "3"}, 3 * time.Second, false},
		{"ResetAfterHeader", `{}`, map[string]string{"X-RateLimit-Reset-After": "0.75", "X-RateLimit-Global": "true"}, 750 * time.Millisecond, true},
		{"Nothing", ``, nil, time.Second, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: 429, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(tc.body))}
			for k, v := range tc.header {
				resp.Header.Set(k, v)
			}
			rl := readRateLimit(resp)
			if rl.After != tc.want || rl.Global != tc.global {
				t.Fatalf("got %s global=%v, want %s global=%v", rl.After, rl.Global, tc.want, tc.global)
			}
		})
	}
}

// discordgo's "https://discord.com/api/v9/…" goes to api_url + "api/v10/…",
// keeping a path prefix of api_url (a proxy under a path).
func TestRewriterURL(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Host + " " + r.URL.Path + "?" + r.URL.RawQuery
	}))
	defer srv.Close()
	rw, err := newRewriter(srv.URL+"/proxy/discord/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", "https://discord.com/api/v9/webhooks/1/tok/messages/@original?wait=true", nil)
	resp, err := rw.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := strings.TrimPrefix(srv.URL, "http://") + " /proxy/discord/api/v10/webhooks/1/tok/messages/@original?wait=true"
	if got != want {
		t.Fatalf("request went to %q, want %q", got, want)
	}
	if _, err := newRewriter("not a url", nil); err == nil {
		t.Fatal("relative api_url accepted")
	}
}
