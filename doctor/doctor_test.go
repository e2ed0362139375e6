package doctor_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/doctor"
	"github.com/tandemhq/tandem/integrations/discord"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
	"github.com/tandemhq/tandem/redisstore"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// run runs doctor on cfg (its Redis at url) and returns its output and
// the lines that failed.
func run(t *testing.T, cfg *config.Config, now func() time.Time) (string, []string) {
	t.Helper()
	var out strings.Builder
	lines := doctor.Run(context.Background(), doctor.Options{Config: cfg, Now: now,
		OpenStore: func(ctx context.Context) (*redisstore.Store, error) {
			return redisstore.Open(ctx, redisstore.Options{URL: cfg.Redis.URL, Prefix: "doctor-test:"})
		}})
	doctor.Print(&out, lines)
	var failed []string
	for _, l := range lines {
		if l.Failed {
			failed = append(failed, l.Check+": "+l.Detail)
		}
	}
	return out.String(), failed
}

func expectOne(t *testing.T, out string, failed []string, want string) {
	t.Helper()
	if len(failed) != 1 || !strings.Contains(failed[0], want) {
		t.Errorf("failures %q, want one naming %q\n%s", failed, want, out)
	}
}

// Redis: AOF, eviction policy, clock and a missing redis.url are each
// named, against real servers.
func TestRedisChecks(t *testing.T) {
	redistest.NeedReal(t)
	good := redistest.Start(t, "--appendonly", "yes").URL()
	cfg := &config.Config{Redis: config.Redis{URL: good}}
	if out, failed := run(t, cfg, time.Now); len(failed) > 0 || !strings.Contains(out, "✓ Redis persistence: AOF on") {
		t.Fatalf("healthy Redis: %q\n%s", failed, out)
	}
	t.Run("evicting", func(t *testing.T) {
		cfg := &config.Config{Redis: config.Redis{URL: redistest.Start(t, "--appendonly", "yes", "--maxmemory-policy", "allkeys-lru").URL()}}
		out, failed := run(t, cfg, time.Now)
		expectOne(t, out, failed, "maxmemory-policy allkeys-lru")
	})
	t.Run("RDB only", func(t *testing.T) {
		cfg := &config.Config{Redis: config.Redis{URL: redistest.Start(t, "--save", "900 1").URL()}}
		out, failed := run(t, cfg, time.Now)
		expectOne(t, out, failed, `AOF off, RDB snapshots only (save "900 1")`)
	})
	t.Run("clock", func(t *testing.T) {
		out, failed := run(t, cfg, func() time.Time { return time.Now().Add(-5 * time.Second) })
		expectOne(t, out, failed, "from Redis's (TIME), more than 2s")
	})
	t.Run("down", func(t *testing.T) {
		r := redistest.Start(t)
		r.Kill()
		out, failed := run(t, &config.Config{Redis: config.Redis{URL: r.URL()}}, time.Now)
		expectOne(t, out, failed, "Redis: redisstore: connect")
	})
	t.Run("embedded", func(t *testing.T) {
		out, failed := run(t, &config.Config{}, time.Now)
		expectOne(t, out, failed, "no redis.url")
	})
}

// Discord: the token, the category, an overwrite denying the bot, and the
// /incident command, against the fake Discord.
func TestDiscordChecks(t *testing.T) {
	redistest.NeedReal(t)
	const token, app, guild, cat = "discord-token", "4000000000000000001", "5000000000000000001", "6000000000000000001"
	fake := discordtest.Start(t, token)
	fake.AddChannel(cat, "Incidents", 4)
	cfg := &config.Config{Redis: config.Redis{URL: redistest.Start(t, "--appendonly", "yes").URL()},
		Discord: config.Discord{BotToken: config.NewSecret(token), ApplicationID: app, GuildID: guild, CategoryID: cat, APIURL: fake.APIURL()}}
	out, failed := run(t, cfg, time.Now)
	expectOne(t, out, failed, "/incident is not registered")

	client, err := discord.New(discord.Options{Token: token, ApplicationID: app, GuildID: guild, APIURL: fake.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.RegisterCommands(context.Background()); err != nil {
		t.Fatal(err)
	}
	if out, failed := run(t, cfg, time.Now); len(failed) > 0 || !strings.Contains(out, "✓ Discord category: Incidents") {
		t.Fatalf("registered: %q\n%s", failed, out)
	}

	fake.SetOverwrite(cat, guild, discordtest.Overwrite{Type: 0, Allow: "0", Deny: "33792"}) // View Channel + Attach Files
	out, failed = run(t, cfg, time.Now)
	expectOne(t, out, failed, "denies the bot View Channels, Attach Files")
	fake.SetOverwrite(cat, discordtest.BotUserID, discordtest.Overwrite{Type: 1, Allow: "33792", Deny: "0"})
	if out, failed := run(t, cfg, time.Now); len(failed) > 0 {
		t.Errorf("the bot's own allow overrides @everyone's deny: %q\n%s", failed, out)
	}

	wrongCat := *cfg
	wrongCat.Discord.CategoryID = "6000000000000000099"
	out, failed = run(t, &wrongCat, time.Now)
	expectOne(t, out, failed, "no category 6000000000000000099")

	wrongToken := *cfg
	wrongToken.Discord.BotToken = config.NewSecret("not-the-token")
	out, failed = run(t, &wrongToken, time.Now)
	expectOne(t, out, failed, "the bot token (GET /users/@me)")
}

// PagerDuty: the REST API token is checked where the config needs it, a
// secret the config names but the machine lacks is named with its origin.
func TestPagerDutyChecks(t *testing.T) {
	redistest.NeedReal(t)
	fake := pagerdutytest.New(t)
	fake.Token = "pd-api-token"
	team := &config.Team{Side: "internal", PagerDuty: &config.TeamPagerDuty{RoutingKey: config.NewSecret("R0UTINGKEY000000000000000000000A"), ScheduleID: "PSCHED1"}}
	cfg := &config.Config{Redis: config.Redis{URL: redistest.Start(t, "--appendonly", "yes").URL()}, Teams: map[string]*config.Team{"it": team},
		PagerDuty: config.PagerDuty{EventsURL: fake.URL, APIURL: fake.URL, APIToken: config.NewSecret("pd-api-token")}}
	if out, failed := run(t, cfg, time.Now); len(failed) > 0 || !strings.Contains(out, "✓ PagerDuty API token: valid") {
		t.Fatalf("healthy: %q\n%s", failed, out)
	}
	wrong := *cfg
	wrong.PagerDuty.APIToken = config.NewSecret("not-it")
	out, failed := run(t, &wrong, time.Now)
	expectOne(t, out, failed, "PagerDuty API token: PagerDuty REST API (GET /abilities)")

	none := *cfg
	none.PagerDuty.APIToken = config.Secret{}
	out, failed = run(t, &none, time.Now)
	expectOne(t, out, failed, "PagerDuty API token: neither pagerduty.api_token_env nor pagerduty.api_token_file is set")
}

// Slack in Socket Mode: the app-level token is checked with
// apps.connections.open; a refused one is named.
func TestSlackSocketMode(t *testing.T) {
	redistest.NeedReal(t)
	fake := slacktest.New(t)
	cfg := &config.Config{Redis: config.Redis{URL: redistest.Start(t, "--appendonly", "yes").URL()},
		Slack: config.Slack{BotToken: config.NewSecret(slacktest.BotToken), AppToken: config.NewSecret(slacktest.AppToken), APIURL: fake.APIURL()}}
	if out, failed := run(t, cfg, time.Now); len(failed) > 0 || !strings.Contains(out, "✓ Slack inbound: Socket Mode: the app-level token is accepted") {
		t.Fatalf("healthy: %q\n%s", failed, out)
	}
	cfg.Slack.AppToken = config.NewSecret("xapp-not-this-one")
	out, failed := run(t, cfg, time.Now)
	expectOne(t, out, failed, "Slack inbound: Socket Mode: Slack refused the app-level token: slack apps.connections.open: invalid_auth")
}
