package bot

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/sources"
)

// source is one mounted monitoring webhook endpoint.
type source struct {
	name  string
	path  string // /webhooks/<name>
	token string // bearer token, "" when not configured
	hmac  string // HMAC secret, "" when not configured
	open  bool   // the demo's unauthenticated loopback endpoint
	opt   sources.Options
	dec   func(body []byte, opt sources.Options) (incident.AlertGroup, error)
}

// sources lists the webhook endpoints to mount: each registered source the
// config sets, and in the demo the others too, without credentials.
func (b *Bot) sources() []source {
	var out []source
	for _, s := range registered {
		c := b.cfg.Sources[s.Name]
		if c == nil && !b.opt.Demo {
			continue
		}
		out = append(out, mountable(s, c))
	}
	return out
}

// mountable is a registered source with its config (nil: the demo's open
// endpoint) applied.
func mountable(s sources.Source, c *config.Source) source {
	src := source{name: s.Name, path: s.Path(), open: c == nil, opt: sourceOptions(s, c), dec: s.Decode}
	if c != nil {
		src.token, src.hmac = c.Token.Value(), c.HMACSecret.Value()
	}
	return src
}

// authorized accepts a request carrying any one valid credential: the
// bearer token, or X-Tandem-Signature (see checkSignature). Comparisons are
// constant-time. The error names what was wrong, for the 401.
func (s source) authorized(r *http.Request, body []byte, now time.Time) error {
	if s.open {
		return nil
	}
	if s.token != "" && bearerMatches(r, s.token) {
		return nil
	}
	why := "send Authorization: Bearer <token> or X-Tandem-Signature: sha256=<hex HMAC-SHA256 of timestamp + \".\" + body> with X-Tandem-Timestamp"
	if s.hmac != "" && r.Header.Get(SignatureHeader) != "" {
		err := checkSignature(s.hmac, r.Header, body, now, s.opt.RequireTimestamp)
		if err == nil {
			return nil
		}
		why = err.Error()
	}
	return errors.New("missing or invalid credentials: " + why)
}

// webhook receives one monitoring delivery: cap, verify, decode, store,
// and only then answer 202. A store failure is 503 so the source retries.
func (b *Bot) webhook(src source) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		code := b.serveWebhook(w, r, src)
		b.metrics.webhookDuration.WithLabelValues(src.name, strconv.Itoa(code)).Observe(time.Since(start).Seconds())
	})
}

func (b *Bot) serveWebhook(w http.ResponseWriter, r *http.Request, src source) int {
	body, ok := readBody(w, r)
	if !ok {
		return http.StatusRequestEntityTooLarge
	}
	if err := src.authorized(r, body, b.opt.Now()); err != nil {
		writeError(w, http.StatusUnauthorized, err.Error())
		return http.StatusUnauthorized
	}
	g, err := src.dec(body, src.opt)
	if err != nil {
		writeError(w, http.StatusBadRequest, incident.ErrorMessage(err))
		return http.StatusBadRequest
	}
	g.Source = src.name
	id, err := b.svc.Intake(r.Context(), g)
	if err != nil {
		if incident.ErrorCode(err) == incident.EInvalid {
			writeError(w, http.StatusBadRequest, incident.ErrorMessage(err))
			return http.StatusBadRequest
		}
		b.log.Error("webhook not stored", "source", src.name, "err", err)
		writeError(w, http.StatusServiceUnavailable, "could not store the alerts; retry later")
		return http.StatusServiceUnavailable
	}
	b.metrics.alerts.WithLabelValues(src.name).Add(float64(len(g.Alerts)))
	incidents := []string{}
	if id != "" {
		incidents = append(incidents, id)
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"incidents": incidents, "alerts": len(g.Alerts)})
	return http.StatusAccepted
}
