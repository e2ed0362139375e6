package slack

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
)

// Slack's own example, from "Verifying requests from Slack".
const (
	docSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	docTimestamp = "1531420618"
	docBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	docSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

var docTime = time.Unix(1531420618, 0)

func docHeader() http.Header {
	h := http.Header{}
	h.Set(HeaderTimestamp, docTimestamp)
	h.Set(HeaderSignature, docSignature)
	return h
}

func TestVerify(t *testing.T) {
	t.Run("OK/SlackDocumentedExample", func(t *testing.T) {
		if err := Verify(docHeader(), []byte(docBody), docSecret, docTime); err != nil {
			t.Fatal(err)
		}
		if got := SignatureHeader(docSecret, docTimestamp, []byte(docBody)); got != docSignature {
			t.Fatalf("signature %s", got)
		}
	})
	t.Run("OK/FourMinutesEitherWay", func(t *testing.T) {
		for _, d := range []time.Duration{-4 * time.Minute, 4 * time.Minute} {
			if err := Verify(docHeader(), []byte(docBody), docSecret, docTime.Add(d)); err != nil {
				t.Fatalf("%v: %v", d, err)
			}
		}
	})
	bad := []struct {
		name   string
		header func(http.Header)
		body   string
		now    time.Time
		secret string
		want   error
	}{
		{name: "ErrChangedByte", body: strings.Replace(docBody, "roadrunner", "roadrunnes", 1), want: ErrBadSignature},
		{name: "ErrChangedSignature", header: func(h http.Header) { h.Set(HeaderSignature, docSignature[:len(docSignature)-1]+"4") }, want: ErrBadSignature},
		{name: "ErrOtherSecret", secret: "another-secret", want: ErrBadSignature},
		{name: "ErrNotHex", header: func(h http.Header) { h.Set(HeaderSignature, "v0=zz") }, want: ErrBadSignature},
		{name: "ErrOtherVersion", header: func(h http.Header) { h.Set(HeaderSignature, "v1="+docSignature[3:]) }, want: ErrBadSignature},
		{name: "ErrMissingSignature", header: func(h http.Header) { h.Del(HeaderSignature) }, want: ErrMissingSignature},
		{name: "ErrMissingTimestamp", header: func(h http.Header) { h.Del(HeaderTimestamp) }, want: ErrMissingSignature},
		{name: "ErrSixMinutesOld", now: docTime.Add(6 * time.Minute), want: ErrStaleTimestamp},
		{name: "ErrSixMinutesAhead", now: docTime.Add(-6 * time.Minute), want: ErrStaleTimestamp},
		{name: "ErrTimestampNotNumber", header: func(h http.Header) { h.Set(HeaderTimestamp, "soon") }, want: ErrStaleTimestamp},
		{name: "ErrNoSecretConfigured", secret: "-", want: ErrMissingSignature},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			h := docHeader()
			if c.header != nil {
				c.header(h)
			}
			body, now, secret := cmp.Or(c.body, docBody), docTime, cmp.Or(c.secret, docSecret)
			if !c.now.IsZero() {
				now = c.now
			}
			if secret == "-" {
				secret = ""
			}
			if err := Verify(h, []byte(body), secret, now); !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

// The endpoints check the signature before anything else: a refused
// request is 401 with a body saying why, and the handler never runs.
func TestEndpointsVerifyFirst(t *testing.T) {
	ran := false
	in := NewInbound(InboundOptions{SigningSecret: docSecret, Now: func() time.Time { return docTime },
		Handle: func(_ context.Context, req chat.Request) chat.Response { ran = true; return chat.Reply("ok") }})
	post := func(h http.Header, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
		r.Header = h
		w := httptest.NewRecorder()
		in.Commands().ServeHTTP(w, r)
		return w
	}
	if w := post(docHeader(), docBody); w.Code != 200 || !strings.Contains(w.Body.String(), `"response_type"`) {
		t.Fatalf("documented request: %d %s", w.Code, w.Body)
	}
	if !ran {
		t.Fatal("handler did not run for the documented request")
	}
	ran = false
	old := docHeader()
	in.opt.Now = func() time.Time { return docTime.Add(6 * time.Minute) }
	for name, w := range map[string]*httptest.ResponseRecorder{
		"changed byte":   post(docHeader(), strings.Replace(docBody, "foobar", "foobaz", 1)),
		"missing header": post(http.Header{HeaderTimestamp: {docTimestamp}}, docBody),
		"6 minutes old":  post(old, docBody),
	} {
		if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "invalid Slack request signature") {
			t.Errorf("%s: %d %q", name, w.Code, w.Body)
		}
	}
	if ran {
		t.Fatal("the handler ran for a refused request")
	}
	big := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(strings.Repeat("x", chat.MaxBody+1)))
	w := httptest.NewRecorder()
	in.Commands().ServeHTTP(w, big)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("1 MiB+1: %d", w.Code)
	}
}

func FuzzVerify(f *testing.F) {
	f.Add(docTimestamp, docSignature, docBody)
	f.Add("0", "v0=", "")
	f.Fuzz(func(t *testing.T, ts, sig, body string) {
		h := http.Header{}
		h.Set(HeaderTimestamp, ts)
		h.Set(HeaderSignature, sig)
		err := Verify(h, []byte(body), docSecret, docTime)
		if err == nil && !strings.EqualFold(sig, SignatureHeader(docSecret, ts, []byte(body))) {
			t.Fatalf("accepted a wrong signature %q", sig)
		}
	})
}
