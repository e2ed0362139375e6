package config

import "time"

// The yaml tags below are the only source of key names: the strict decoder (walk.go) reads
// them, so the schema and the accepted keys cannot drift apart. A Secret field tagged "x" is
// written in YAML as "x_env" or "x_file". Fields tagged "-" are derived during validation.

// Config is a whole, validated Tandem configuration.
type Config struct {
	Timezone  string               `yaml:"timezone"` // default "UTC"
	Location  *time.Location       `yaml:"-"`        // loaded from Timezone
	HTTP      HTTP                 `yaml:"http"`
	Redis     Redis                `yaml:"redis"`
	Calendars map[string]*Calendar `yaml:"calendars"`
	Teams     map[string]*Team     `yaml:"teams"`
	Managers  Managers             `yaml:"managers"`
	Services  []Service            `yaml:"services"`
	Ladders   map[string]*Ladder   `yaml:"ladders"`
	Reminders Reminders            `yaml:"reminders"`
	SLA       map[string]SLA       `yaml:"sla"` // keys sev1..sev4
	Reports   Reports              `yaml:"reports"`
	Sources   Sources              `yaml:"sources"`
	Slack     Slack                `yaml:"slack"`
	Discord   Discord              `yaml:"discord"`
	PagerDuty PagerDuty            `yaml:"pagerduty"`
	API       API                  `yaml:"api"`
	Metrics   Metrics              `yaml:"metrics"`
	Rooms     Rooms                `yaml:"rooms"` // rooms.go, rooms_private.go
	Retention Retention            `yaml:"retention"`
	Audit     Audit                `yaml:"audit"` // audit.go
	// Maintenance and Alertmanager: maintenance windows (maintenance.go).
	Maintenance  Maintenance  `yaml:"maintenance"`
	Alertmanager Alertmanager `yaml:"alertmanager"`
	Log          Log          `yaml:"log"` // log.go

	// Sections are the registered sections (sections.go) the file has, by key: a chat
	// platform's own settings, decoded into the struct its package registered.
	Sections map[string]any `yaml:"-"`

	// Warnings are non-fatal findings (an MSP team without scope, and with [Check], secrets
	// that could not be resolved on this machine).
	Warnings []Problem `yaml:"-"`
}

// HTTP configures the listener.
type HTTP struct {
	Addr string `yaml:"addr"` // default ":8080"; TANDEM_HTTP_ADDR overrides
}

// Redis configures the store. With no URL and no sentinel, the embedded store is used.
type Redis struct {
	URL            string   `yaml:"url"`    // redis://, rediss:// or unix://; TANDEM_REDIS_URL overrides
	Prefix         string   `yaml:"prefix"` // default "tandem:"
	SentinelAddrs  []string `yaml:"sentinel_addrs"`
	SentinelMaster string   `yaml:"sentinel_master"`
	// ClusterAddrs selects Redis Cluster: some of its nodes' host:port (the client learns
	// the others). Every key of a tenant carries its hash tag, so each tenant lives in one slot.
	ClusterAddrs []string `yaml:"cluster_addrs"`
	Username     string   `yaml:"username"` // Redis ACL user of the data servers
	Password     Secret   `yaml:"password"`
	// SentinelUsername and SentinelPassword authenticate to the Sentinels themselves.
	SentinelUsername string `yaml:"sentinel_username"`
	SentinelPassword Secret `yaml:"sentinel_password"`
	// TLS encrypts every connection (data servers and Sentinels); TLSCAFile, a PEM bundle
	// of the CAs to trust instead of the system's. A rediss:// URL turns TLS on by itself.
	TLS       bool   `yaml:"tls"`
	TLSCAFile string `yaml:"tls_ca_file"`
	// WaitReplicas: a change is acknowledged (a webhook's 202) only once this many replicas
	// have it (Redis WAIT, up to WaitTimeout, default 1s); see docs/operations.md. 0 (the
	// default) does not wait: a failover can then lose changes the primary acknowledged.
	WaitReplicas int      `yaml:"wait_replicas"`
	WaitTimeout  Duration `yaml:"wait_timeout"`
}

// Embedded reports whether no Redis server is configured.
func (r Redis) Embedded() bool {
	return r.URL == "" && len(r.SentinelAddrs) == 0 && len(r.ClusterAddrs) == 0
}

// Calendar says when business hours are, in one time zone.
type Calendar struct {
	Timezone      string         `yaml:"timezone"` // default: the top-level timezone
	Location      *time.Location `yaml:"-"`
	BusinessHours []Span         `yaml:"business_hours"`
	Holidays      []string       `yaml:"holidays"` // "YYYY-MM-DD"; the whole local day is after hours
	// HolidaysICS is an iCalendar file whose events' dates are holidays too (holidays_ics.go).
	HolidaysICS string `yaml:"holidays_ics"`
}

// Span is business hours on some weekdays. End before Start crosses midnight; "24:00" is the
// end of the day.
type Span struct {
	Days     []time.Weekday `yaml:"days"` // mon..sun
	Start    string         `yaml:"start"`
	End      string         `yaml:"end"`
	StartMin int            `yaml:"-"` // minutes since local midnight
	EndMin   int            `yaml:"-"` // minutes since local midnight; 1440 for "24:00"
}

// Side values of a team.
const (
	SideInternal = "internal"
	SideMSP      = "msp"
)

// ManagersName is the name a ladder step uses to notify the managers.
const ManagersName = "managers"

// Team is one group of responders, on the internal or the MSP side.
type Team struct {
	// From, written `team: msp/noc`, makes this the MSP desk's team noc: its members,
	// rotation, PagerDuty and calendar come from msp.yaml (desk.go); side, scope and
	// channels stay this file's.
	From      string         `yaml:"team"`
	Side      string         `yaml:"side"` // "internal" or "msp"
	Members   []Member       `yaml:"members"`
	Rotation  *Rotation      `yaml:"rotation"`
	PagerDuty *TeamPagerDuty `yaml:"pagerduty"`
	// Channels is the team's own channel on each chat platform, by platform name.
	// slack_channel and discord_channel are the older spelling of channels.slack and
	// channels.discord, still read (accounts.go folds them in).
	Channels       map[string]string `yaml:"channels"`
	SlackChannel   string            `yaml:"slack_channel"`
	DiscordChannel string            `yaml:"discord_channel"`
	TeamsChannel   string            `yaml:"teams_channel"`
	Scope          []string          `yaml:"scope"`    // services an MSP team may see and act on
	Calendar       string            `yaml:"calendar"` // zone of the rotation hand-off; default top-level
	// SlackRooms is "channel" (the default) or "thread"; see rooms_thread.go.
	SlackRooms string `yaml:"slack_rooms"`
}

// Member is one person. Names are unique (case-insensitively) across all teams and managers.
type Member struct {
	Name string `yaml:"name"`
	// Accounts is the person's user ID on each chat platform, by platform name. slack: and
	// discord: on a member are the older spelling of accounts.slack and accounts.discord,
	// still read (accounts.go folds them in).
	Accounts  map[string]string `yaml:"accounts"`
	Slack     string            `yaml:"slack"`   // Slack user ID
	Discord   string            `yaml:"discord"` // Discord user ID
	Teams     string            `yaml:"teams"`   // Microsoft Teams AAD object ID or e-mail: accounts.teams
	Email     string            `yaml:"email"`
	PagerDuty string            `yaml:"pagerduty"` // PagerDuty user ID
}

// Rotation is a built-in on-call rotation: Members take turns of length Every, handing off at
// HandoffDay/HandoffMin in the team's zone, counted from the Start date.
type Rotation struct {
	Members    []string     `yaml:"members"`
	Handoff    string       `yaml:"handoff"` // "mon 09:00" (the default)
	HandoffDay time.Weekday `yaml:"-"`
	HandoffMin int          `yaml:"-"`     // minutes since local midnight
	Every      Duration     `yaml:"every"` // default 168h
	Start      string       `yaml:"start"` // anchor date, default "2026-01-05"
	StartDate  time.Time    `yaml:"-"`     // Start at 00:00 UTC; read its Y-M-D in the team's zone
	Overrides  []Override   `yaml:"overrides"`
}

// Override puts Member on call from From until To.
type Override struct {
	Member string    `yaml:"member"`
	From   time.Time `yaml:"from"` // RFC 3339
	To     time.Time `yaml:"to"`
}

// TeamPagerDuty is how a team is paged through PagerDuty.
type TeamPagerDuty struct {
	RoutingKey         Secret `yaml:"routing_key"` // Events API v2 integration key
	ScheduleID         string `yaml:"schedule_id"`
	EscalationPolicyID string `yaml:"escalation_policy_id"`
}

// Managers are notified by ladder steps naming "managers" and may act on every incident.
type Managers struct {
	Members        []Member          `yaml:"members"`
	Channels       map[string]string `yaml:"channels"` // like a team's
	SlackChannel   string            `yaml:"slack_channel"`
	DiscordChannel string            `yaml:"discord_channel"`
	TeamsChannel   string            `yaml:"teams_channel"`
}

// Service maps alerts to an owner team and an escalation ladder.
type Service struct {
	Name     string `yaml:"name"`
	Owner    string `yaml:"owner"`    // a team
	Ladder   string `yaml:"ladder"`   // a ladder
	Severity string `yaml:"severity"` // default severity, sev1..sev4; default sev3
	// Host is the host or system the service runs on: a PagerDuty trigger's source
	// (default "tandem").
	Host string `yaml:"host"`
	// AvailabilityTarget is the availability the service is held to, in
	// percent (99.9); nil: none (the figure is shown without a target).
	AvailabilityTarget *float64 `yaml:"availability_target"`
	// OutageSeverities are the severities whose open incidents count as
	// the service being down; default sev1 and sev2 (docs/metrics.md).
	OutageSeverities []string `yaml:"outage_severities"`
}

// Ladder is an escalation policy evaluated in one calendar.
type Ladder struct {
	Calendar string `yaml:"calendar"`
	Repeat   int    `yaml:"repeat"` // extra passes over the steps
	Steps    []Step `yaml:"steps"`
}

// When values of a step.
const (
	WhenAlways        = ""
	WhenBusinessHours = "business_hours"
	WhenAfterHours    = "after_hours"
)

// Step notifies teams (or "managers"), if When and MinSeverity match when it is reached, then
// waits Wait before the next step. Only the last step may have no wait.
type Step struct {
	Notify      []string `yaml:"notify"`
	When        string   `yaml:"when"`
	MinSeverity string   `yaml:"min_severity"` // applies to this severity and more severe
	Wait        Duration `yaml:"wait"`
}

// Reminders are repeated nudges in an incident's room.
type Reminders struct {
	UnackedEvery Duration `yaml:"unacked_every"` // default 5m
	UpdateEvery  Duration `yaml:"update_every"`  // default 30m
}

// SLA is the response target of one severity.
type SLA struct {
	Ack     Duration `yaml:"ack"`
	Resolve Duration `yaml:"resolve"`
}

// Reports schedules summaries posted to the managers and the teams.
type Reports struct {
	Weekly string `yaml:"weekly"` // cron spec, optionally "CRON_TZ=Zone " first
	// Monthly posts the operational review of the month before each firing (cron spec, as Weekly).
	Monthly string `yaml:"monthly"`
	// Handoff posts a summary to every team's channels at each boundary of a ladder's calendar
	// (default true; false turns hand-overs off). Each team is shown only what it may see.
	Handoff bool `yaml:"handoff"`
	// HandoffEmpty posts a hand-over to a team that has nothing open (default false).
	HandoffEmpty bool `yaml:"handoff_empty"`
}

// Sources are the monitoring webhooks by name; a source not written is not mounted. The names
// config accepts are the registered ones (sources.go): config itself knows no source.
type Sources map[string]*Source

// Source is one monitoring webhook. A request is accepted with a valid bearer Token or a valid
// HMAC signature; at least one must be configured.
type Source struct {
	Token      Secret `yaml:"token"`
	HMACSecret Secret `yaml:"hmac_secret"`
	// RequireTimestamp refuses HMAC-signed requests without X-Tandem-Timestamp (replay-proof
	// signatures only); default false, so senders signing the body alone keep working.
	RequireTimestamp bool `yaml:"require_timestamp"`
	// The defaults of the rest are the source's own (RegisterSource); every source so far has
	// auto_resolve true, reopen_within 30m, labels ["service"] and ["severity"], max_alerts
	// 1000 (per incident) and max_new_per_minute 60 (the storm guard, limits.go).
	AutoResolve     *bool    `yaml:"auto_resolve"`
	ReopenWithin    Duration `yaml:"reopen_within"`
	ServiceLabels   []string `yaml:"service_labels"`
	SeverityLabels  []string `yaml:"severity_labels"`
	MaxAlerts       int      `yaml:"max_alerts"`
	MaxNewPerMinute int      `yaml:"max_new_per_minute"`
}

// AutoResolveOn reports whether an incident resolves when all its alerts have (default true).
func (s *Source) AutoResolveOn() bool { return s == nil || s.AutoResolve == nil || *s.AutoResolve }

// Slack configures the Slack integration.
type Slack struct {
	BotToken      Secret `yaml:"bot_token"`
	SigningSecret Secret `yaml:"signing_secret"`
	AppToken      Secret `yaml:"app_token"` // Socket Mode
	APIURL        string `yaml:"api_url"`   // base ending in "/"; default Slack's
	// AppID (A…) and TeamID (T…), when set, refuse requests for another app or from
	// another workspace the app is installed in (docs/security.md).
	AppID  string `yaml:"app_id"`
	TeamID string `yaml:"team_id"`
}

// Configured reports whether any Slack key is set.
func (s Slack) Configured() bool {
	return s.BotToken.Declared() || s.SigningSecret.Declared() || s.AppToken.Declared() || s.APIURL != "" ||
		s.AppID != "" || s.TeamID != ""
}

// Discord configures the Discord integration.
type Discord struct {
	BotToken      Secret `yaml:"bot_token"`
	PublicKey     string `yaml:"public_key"` // hex Ed25519 key, 64 characters
	ApplicationID string `yaml:"application_id"`
	GuildID       string `yaml:"guild_id"`
	CategoryID    string `yaml:"category_id"`
	APIURL        string `yaml:"api_url"` // replaces "https://discord.com/"
	// ArchiveCategoryID is where closed rooms are moved (rooms.go); "" deletes them.
	ArchiveCategoryID string `yaml:"archive_category_id"`
}

// Configured reports whether any Discord key is set.
func (d Discord) Configured() bool {
	return d.BotToken.Declared() || d.PublicKey != "" || d.ApplicationID != "" ||
		d.GuildID != "" || d.CategoryID != "" || d.APIURL != ""
}

// PagerDuty configures the PagerDuty integration shared by all teams.
type PagerDuty struct {
	EventsURL      string   `yaml:"events_url"` // root; the product appends /v2/enqueue
	APIURL         string   `yaml:"api_url"`    // root of the REST API
	APIToken       Secret   `yaml:"api_token"`
	WebhookSecrets []Secret `yaml:"webhook_secret"` // several (comma-separated) during rotation
	// EventsPerMinute caps events per routing key a minute (default 120,
	// PagerDuty's documented limit); raise it only for an account with a
	// higher limit, or for a benchmark against a fake.
	EventsPerMinute int `yaml:"events_per_minute"`
	// DedupPrefix starts every dedup key Tandem sends ("acme:INC-7/noc"): give each
	// deployment its own, so two Tandems paging one PagerDuty service never merge alerts.
	// Changing it while pages are open leaves them to be acknowledged in PagerDuty.
	DedupPrefix string `yaml:"dedup_prefix"`
}

// Configured reports whether any PagerDuty key is set.
func (p PagerDuty) Configured() bool {
	return p.EventsURL != "" || p.APIURL != "" || p.APIToken.Declared() || len(p.WebhookSecrets) > 0
}

// API configures the read-only JSON API, mounted only with a token.
type API struct {
	Token Secret `yaml:"token"`
}

// Metrics protects GET /metrics: with a token, a scrape needs Authorization: Bearer <token>.
type Metrics struct {
	Token Secret `yaml:"token"`
}
