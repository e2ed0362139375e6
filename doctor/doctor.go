// Package doctor checks a Tandem configuration against the real world:
// Redis (reachable, persistent, not evicting, its clock), Slack (token,
// scopes, channels), Discord (token, guild, category, command), Teams
// (app credentials, Graph access, channels), PagerDuty
// (routing keys, API token), and prints how to point Alertmanager and
// Grafana at Tandem. Each check is one Line; `tandem doctor` prints them
// and exits 1 when any failed.
package doctor

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/redisstore"
)

// Line is the outcome of one check.
type Line struct {
	// Failed marks a problem; Info a line that shows something to do
	// elsewhere (a snippet for Alertmanager) and is never a failure.
	Failed, Info bool
	Check        string // what was checked: "Redis persistence"
	Detail       string // what was found
	Fix          string // what to do about a failure
	Snippet      string // text to copy (Info lines)
}

// Options are what Run checks and how it reaches the services.
type Options struct {
	Config *config.Config
	// OpenStore connects to the config's Redis (bot.OpenStore).
	OpenStore func(ctx context.Context) (*redisstore.Store, error)
	// PublicURL is where Alertmanager, Grafana and Slack reach Tandem
	// (default: http.addr's host, or localhost when it listens everywhere).
	PublicURL string
	// MaxClockOffset is how far this machine's clock may be from Redis's
	// (default 2s): timers are scored by the bot's clock, read by any replica.
	MaxClockOffset time.Duration
	HTTPClient     *http.Client // default: 10 s timeout
	Now            func() time.Time
}

func (o *Options) defaults() {
	o.MaxClockOffset = cmp.Or(o.MaxClockOffset, 2*time.Second)
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.PublicURL == "" {
		o.PublicURL = defaultPublicURL(o.Config.HTTP.Addr)
	}
	o.PublicURL = strings.TrimRight(o.PublicURL, "/")
}

// Run runs every check that applies to the config, in a fixed order.
func Run(ctx context.Context, opt Options) []Line {
	opt.defaults()
	var out []Line
	for _, check := range []func(context.Context, Options) []Line{checkRedis, checkSlack, checkDiscord, checkTeams, checkPagerDuty, webhookLines} {
		out = append(out, check(ctx, opt)...)
	}
	return out
}

// Print writes one line per check (✓, ✗ with the fix, • with a snippet)
// and returns how many failed.
func Print(w io.Writer, lines []Line) (failed int) {
	for _, l := range lines {
		mark := "✓"
		switch {
		case l.Failed:
			mark = "✗"
			failed++
		case l.Info:
			mark = "•"
		}
		fmt.Fprintf(w, "%s %s: %s\n", mark, l.Check, l.Detail)
		if l.Failed && l.Fix != "" {
			fmt.Fprintf(w, "    fix: %s\n", l.Fix)
		}
		for s := range strings.Lines(l.Snippet) {
			fmt.Fprintf(w, "    %s", s)
		}
	}
	if failed == 0 {
		fmt.Fprintln(w, "all checks passed")
	} else {
		fmt.Fprintf(w, "%d check(s) failed\n", failed)
	}
	return failed
}

func ok(check, format string, a ...any) Line {
	return Line{Check: check, Detail: fmt.Sprintf(format, a...)}
}

func fail(check, detail, fix string) Line {
	return Line{Failed: true, Check: check, Detail: detail, Fix: fix}
}

// secretMissing is the failure of a secret the config names but this
// machine does not have, or nil when it has it.
func secretMissing(check, key string, s config.Secret) *Line {
	if s.IsSet() {
		return nil
	}
	where := "neither " + key + "_env nor " + key + "_file is set"
	if s.Declared() {
		where = s.Origin() + " is empty or missing"
	}
	l := fail(check, where, "give Tandem the secret ("+cmp.Or(s.Origin(), key+"_env")+"); see .env.example")
	return &l
}

func defaultPublicURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		port = "8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost" // listening on every address: this machine's name is a guess
	}
	return "http://" + net.JoinHostPort(host, port)
}
