package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/ical"
	"github.com/tandemhq/tandem/incident"
)

// ICalSection is the `ical:` config section: token_env (or token_file)
// names the secret each team's feed token is derived from.
type ICalSection struct {
	Token config.Secret `yaml:"token"`
}

func init() {
	config.RegisterSection("ical", func() any { return &ICalSection{} })
	config.RegisterHolidayReader(ical.Holidays)
}

// icalWeeks is how far ahead a feed lists shifts.
const icalWeeks = 8

// icalSecret is the feed secret, "" when ical.token_env is not set.
func icalSecret(cfg *config.Config) string {
	if s, ok := cfg.Section("ical").(*ICalSection); ok && s != nil {
		return s.Token.Value()
	}
	return ""
}

// ICalURL is the address of team's calendar feed under base (no trailing
// "/"), token included: what `tandem ical url` prints.
func ICalURL(cfg *config.Config, team, base string) (string, error) {
	secret := icalSecret(cfg)
	if secret == "" {
		return "", errors.New("ical.token_env is not set (or its variable is empty): there is no feed")
	}
	t, ok := cfg.Teams[team]
	if !ok {
		return "", fmt.Errorf("there is no team %q in the config", team)
	}
	if t.Rotation == nil || len(t.Rotation.Members) == 0 {
		return "", fmt.Errorf("team %s has no rotation: its feed would be empty", team)
	}
	return fmt.Sprintf("%s/ical/%s.ics?token=%s", strings.TrimRight(base, "/"), team, ical.Token(secret, team)), nil
}

// mountICal mounts GET /ical/<team>.ics when ical.token_env is set.
func (b *Bot) mountICal() {
	secret := icalSecret(b.cfg)
	if secret == "" {
		return
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { b.icalFeed(w, r, secret) })
	b.mounts = append(b.mounts, func(mux *http.ServeMux) { mux.Handle("GET /ical/{file}", h) })
}

// icalFeed answers one team's feed: 403 for a missing or wrong token
// (checked first, so team names are not probed), 404 for a team with no
// rotation, 503 when the store cannot be read.
func (b *Bot) icalFeed(w http.ResponseWriter, r *http.Request, secret string) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		chat.WriteError(w, http.StatusNotFound, "calendar feeds are at /ical/<team>.ics")
		return
	}
	if !ical.ValidToken(secret, name, r.URL.Query().Get("token")) {
		chat.WriteError(w, http.StatusForbidden, "missing or wrong token for this team's calendar: get the address with `tandem ical url "+name+"`")
		return
	}
	team, ok := b.svc.Directory().Teams[name]
	if !ok || team.Rotation == nil || len(team.Rotation.Members) == 0 {
		chat.WriteError(w, http.StatusNotFound, "team "+name+" has no built-in rotation to publish")
		return
	}
	feed, err := b.icalOf(r.Context(), team)
	if err != nil {
		b.log.Warn("calendar feed: reading overrides failed", "team", name, "err", err)
		chat.WriteError(w, http.StatusServiceUnavailable, "the store is not reachable; try again shortly")
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(feed)
}

// icalOf renders team's shifts from the start of the current turn to the
// end of the turn 8 weeks on, with stored overrides and swaps applied.
func (b *Bot) icalOf(ctx context.Context, team *handlers.Team) ([]byte, error) {
	all, err := b.store.OnCallChanges(ctx)
	if err != nil {
		return nil, err
	}
	var mine []incident.OnCallChange
	for _, c := range all {
		if c.Team == team.Name {
			mine = append(mine, c)
		}
	}
	now := b.opt.Now()
	rot := handlers.EffectiveRotation(team.Rotation, mine)
	from, _ := team.Rotation.TurnBounds(now)
	_, to := team.Rotation.TurnBounds(now.Add(icalWeeks * 7 * 24 * time.Hour))
	f := ical.Feed{Team: team.Name, Location: team.Rotation.Location, Stamp: now}
	for _, s := range rot.Shifts(from, to) {
		f.Events = append(f.Events, ical.Event{Member: s.Member, From: s.From, To: s.To})
	}
	return f.Bytes(), nil
}
