package chat

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestStatusError(t *testing.T) {
	base := errors.New("HTTP answer")
	header := func(v string) http.Header {
		h := http.Header{}
		if v != "" {
			h.Set("Retry-After", v)
		}
		return h
	}
	for _, tc := range []struct {
		code       int
		retryAfter string
		permanent  bool
		delay      time.Duration
	}{
		{429, "7", false, 7 * time.Second},
		{429, "", false, time.Second},                              // none given: a second
		{429, "Wed, 21 Oct 2026 07:28:00 GMT", false, time.Second}, // a date is not read
		{503, "3", false, 3 * time.Second},
		{502, "", false, 0}, // backoff
		{500, "-1", false, 0},
		{400, "", true, 0},
		{404, "5", true, 0},
		{401, "", true, 0},
	} {
		err := StatusError(tc.code, header(tc.retryAfter), base)
		if !errors.Is(err, base) {
			t.Errorf("%d: %v does not wrap the answer", tc.code, err)
		}
		if IsPermanent(err) != tc.permanent || RetryDelay(err) != tc.delay {
			t.Errorf("%d Retry-After %q: permanent %v delay %s, want %v %s", tc.code, tc.retryAfter, IsPermanent(err), RetryDelay(err), tc.permanent, tc.delay)
		}
	}
}
