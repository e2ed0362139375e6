package slack

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/tandemhq/tandem/chat"
)

// Commands serves POST /slack/commands: slash commands.
func (in *Inbound) Commands() http.Handler {
	return in.serve(decodeCommandForm, func(w http.ResponseWriter, r *http.Request, m inbound) {
		if m.key == "" {
			w.WriteHeader(http.StatusOK)
			return
		}
		if err := in.claim(r.Context(), m); err != nil {
			in.duplicateOr(w, r, err, unavailable())
			return
		}
		writeMessage(w, in.command(m))
	})
}

// Interactions serves POST /slack/interactions: the card's buttons.
func (in *Inbound) Interactions() http.Handler {
	return in.serve(decodeInteractionForm, func(w http.ResponseWriter, r *http.Request, m inbound) {
		if m.key == "" {
			w.WriteHeader(http.StatusOK) // not ours to act on
			return
		}
		if err := in.claim(r.Context(), m); err != nil {
			in.duplicateOr(w, r, err, nil)
			if !errors.Is(err, errDuplicate) {
				in.respondLater(r.Context(), m.responseURL, unavailable())
			}
			return
		}
		in.action(m)
		w.WriteHeader(http.StatusOK)
	})
}

// Events serves POST /slack/events: the Events API's url_verification
// handshake, and event callbacks, acknowledged once each.
func (in *Inbound) Events() http.Handler {
	return in.serve(decodeEvent, func(w http.ResponseWriter, r *http.Request, m inbound) {
		if m.challenge != "" {
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, m.challenge)
			return
		}
		switch err := in.claim(r.Context(), m); {
		case errors.Is(err, errDuplicate):
			w.Header().Set("X-Slack-No-Retry", "1")
		case err != nil:
			chat.WriteError(w, http.StatusServiceUnavailable, "store unreachable; retry later")
			return
		default:
			in.mention(m)
		}
		w.WriteHeader(http.StatusOK)
	})
}

// serve caps, verifies and only then decodes a request.
func (in *Inbound) serve(decode func([]byte) (inbound, error), next func(http.ResponseWriter, *http.Request, inbound)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _, ok := chat.ReadBody(w, r)
		if !ok {
			return
		}
		if err := Verify(r.Header, body, in.opt.SigningSecret, in.opt.Now()); err != nil {
			in.log.Warn("refused a Slack request", "path", r.URL.Path, "err", err)
			chat.WriteError(w, http.StatusUnauthorized, "invalid Slack request signature: "+err.Error())
			return
		}
		m, err := decode(body)
		if err != nil {
			chat.WriteError(w, http.StatusBadRequest, err.Error())
			return
		}
		if why := in.foreign(m); why != "" {
			in.refuseForeign(w, r, m, why)
			return
		}
		next(w, r, m)
	})
}

// duplicateOr answers a delivery already seen with an empty 200, telling
// Slack not to retry; a store failure gets fallback (or an empty 200).
func (in *Inbound) duplicateOr(w http.ResponseWriter, r *http.Request, err error, fallback []message) {
	if errors.Is(err, errDuplicate) {
		in.log.Info("repeated Slack delivery ignored", "path", r.URL.Path, "retry", r.Header.Get("X-Slack-Retry-Num"),
			"reason", r.Header.Get("X-Slack-Retry-Reason"))
		w.Header().Set("X-Slack-No-Retry", "1")
		w.WriteHeader(http.StatusOK)
		return
	}
	writeMessage(w, fallback)
}

// writeMessage answers with msgs[0], or an empty 200. (The rest of a long
// answer follows through response_url: see command.)
func writeMessage(w http.ResponseWriter, msgs []message) {
	if len(msgs) == 0 {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(encode(msgs[0]))
}

// encode writes v as JSON without HTML escaping: Slack reads "&lt;" as
// text, and "\u0026lt;" is only noise.
func encode(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return b.Bytes()
}
