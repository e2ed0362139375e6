package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/integrations/pagerduty"
	slackapi "github.com/tandemhq/tandem/integrations/slack"
)

// LookupPeople asks Slack and PagerDuty now, past any cache, what the
// e-mail address of each member without an ID there resolves to: what
// `tandem config check --online` shows. A platform whose secret is not set
// here is not asked.
func LookupPeople(ctx context.Context, cfg *config.Config) ([]Resolved, error) {
	find := map[string]findEmail{}
	if cfg.Slack.Configured() && cfg.Slack.BotToken.IsSet() {
		c, err := slackapi.New(slackapi.Options{Token: cfg.Slack.BotToken.Value(), APIURL: cfg.Slack.APIURL})
		if err != nil {
			return nil, err
		}
		find["slack"] = c.LookupEmail
	}
	if cfg.PagerDuty.APIToken.IsSet() {
		find["pagerduty"] = pagerduty.NewClient(cfg.PagerDuty.APIURL, cfg.PagerDuty.APIToken.Value(), nil).UserByEmail
	}
	p := &people{find: find, now: time.Now, log: slog.New(slog.DiscardHandler)}
	return p.resolve(ctx, cfg), nil
}

// PrintPeople writes one line per member looked up: what each platform
// said, and returns whether every lookup could be made.
func PrintPeople(w io.Writer, found []Resolved) bool {
	ok := true
	for _, r := range found {
		fmt.Fprintf(w, "  %s <%s>:", r.Member, r.Email)
		for _, platform := range slices.Sorted(maps.Keys(r.IDs)) {
			if id := r.IDs[platform]; id != "" {
				fmt.Fprintf(w, " %s %s;", platform, id)
			} else {
				fmt.Fprintf(w, " %s: nobody has this address;", platform)
			}
		}
		for _, platform := range slices.Sorted(maps.Keys(r.Errs)) {
			fmt.Fprintf(w, " %s: lookup failed: %v;", platform, r.Errs[platform])
			ok = false
		}
		fmt.Fprintln(w)
	}
	return ok
}
