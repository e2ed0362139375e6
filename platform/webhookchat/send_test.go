package webhookchat

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
)

// The webhook's answer decides the retry (chat.StatusError): 429 and 5xx
// after Retry-After when given (5xx with backoff otherwise), other 4xx never; an error never shows the URL (it holds the token).
func TestSendOutcomes(t *testing.T) {
	for _, c := range []struct {
		code      int
		permanent bool
		after     time.Duration
	}{{200, false, 0}, {429, false, 3 * time.Second}, {503, false, 3 * time.Second}, {404, true, 0}} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(c.code)
		}))
		cl := &Client{url: srv.URL + "/hooks/secret-token", http: srv.Client()}
		err := cl.send(context.Background(), "ops", "hi")
		srv.Close()
		if (err == nil) != (c.code == 200) || chat.IsPermanent(err) != c.permanent || chat.RetryDelay(err) != c.after {
			t.Errorf("%d: %v", c.code, err)
		}
		if err != nil && strings.Contains(err.Error(), "secret-token") {
			t.Errorf("%d: the error shows the URL: %v", c.code, err)
		}
	}
	cl := &Client{url: "http://127.0.0.1:1/hooks/secret-token", http: &http.Client{}}
	if err := cl.send(context.Background(), "ops", "hi"); err == nil || strings.Contains(err.Error(), "secret-token") {
		t.Errorf("unreachable: %v", err)
	}
}
