package bot

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/alertmanager"
	"github.com/tandemhq/tandem/integrations/generic"
	"github.com/tandemhq/tandem/integrations/grafana"
)

// source is one monitoring webhook endpoint.
type source struct {
	name  string
	token string // bearer token, "" when not configured
	hmac  string // HMAC secret, "" when not configured
	// requireTS refuses HMAC signatures without X-Tandem-Timestamp.
	requireTS bool
	open      bool // the demo's unauthenticated loopback endpoint
	decode    func(body []byte) (incident.AlertGroup, error)
}

// sources lists the webhook endpoints to mount: each configured source,
// and in the demo the generic one without credentials.
func (b *Bot) sources() []source {
	var out []source
	add := func(name string, cfg *config.Source, decode func([]byte, *config.Source) (incident.AlertGroup, error)) {
		dec := func(body []byte) (incident.AlertGroup, error) { return decode(body, cfg) }
		switch {
		case cfg != nil:
			out = append(out, source{name: name, token: cfg.Token.Value(), hmac: cfg.HMACSecret.Value(), requireTS: cfg.RequireTimestamp, decode: dec})
		case b.opt.Demo:
			out = append(out, source{name: name, open: true, decode: dec})
		}
	}
	add("alertmanager", b.cfg.Sources.Alertmanager, func(body []byte, c *config.Source) (incident.AlertGroup, error) {
		return alertmanager.Decode(body, decodeOptions(c))
	})
	add("grafana", b.cfg.Sources.Grafana, func(body []byte, c *config.Source) (incident.AlertGroup, error) {
		return grafana.Decode(body, decodeOptions(c))
	})
	add("generic", b.cfg.Sources.Generic, func(body []byte, _ *config.Source) (incident.AlertGroup, error) {
		return generic.Decode(body)
	})
	return out
}

func decodeOptions(c *config.Source) alertmanager.Options {
	if c == nil {
		return alertmanager.Options{}
	}
	return alertmanager.Options{ServiceLabels: c.ServiceLabels, SeverityLabels: c.SeverityLabels}
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
		err := checkSignature(s.hmac, r.Header, body, now, s.requireTS)
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
	body, _, ok := chat.ReadBody(w, r)
	if !ok {
		return http.StatusRequestEntityTooLarge
	}
	if err := src.authorized(r, body, b.opt.Now()); err != nil {
		chat.WriteError(w, http.StatusUnauthorized, err.Error())
		return http.StatusUnauthorized
	}
	g, err := src.decode(body)
	if err != nil {
		chat.WriteError(w, http.StatusBadRequest, incident.ErrorMessage(err))
		return http.StatusBadRequest
	}
	g.Source = src.name
	id, err := b.svc.Intake(r.Context(), g)
	if err != nil {
		if incident.ErrorCode(err) == incident.EInvalid {
			chat.WriteError(w, http.StatusBadRequest, incident.ErrorMessage(err))
			return http.StatusBadRequest
		}
		b.log.Error("webhook not stored", "source", src.name, "err", err)
		chat.WriteError(w, http.StatusServiceUnavailable, "could not store the alerts; retry later")
		return http.StatusServiceUnavailable
	}
	b.metrics.alerts.WithLabelValues(src.name).Add(float64(len(g.Alerts)))
	incidents := []string{}
	if id != "" {
		incidents = append(incidents, id)
	}
	chat.WriteJSON(w, http.StatusAccepted, map[string]any{"incidents": incidents, "alerts": len(g.Alerts)})
	return http.StatusAccepted
}
