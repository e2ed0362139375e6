package config

import (
	"encoding/hex"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

func (v *validator) http() {
	if !validAddr(v.c.HTTP.Addr, true) {
		v.rep.errf("http.addr", "must be host:port or :port, not %q", v.c.HTTP.Addr)
	}
}

// validAddr accepts "host:port" and, when hostOptional, ":port".
func validAddr(addr string, hostOptional bool) bool {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || (host == "" && !hostOptional) {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n <= 65535
}

func (v *validator) redis() {
	r := &v.c.Redis
	if r.URL != "" {
		// The URL is not repeated in messages: it may carry a password.
		u, err := url.Parse(r.URL)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix") {
			v.rep.errf("redis.url", "must be a redis://, rediss:// or unix:// URL")
		} else if pw, ok := u.User.Password(); ok {
			v.redisPassword(u, pw)
		}
		if len(r.SentinelAddrs) > 0 {
			v.rep.errf("redis.sentinel_addrs", "set redis.url or redis.sentinel_addrs, not both")
		}
	}
	v.redisAddrs("redis.sentinel_addrs", r.SentinelAddrs)
	v.redisAddrs("redis.cluster_addrs", r.ClusterAddrs)
	if len(r.ClusterAddrs) > 0 && (r.URL != "" || len(r.SentinelAddrs) > 0) {
		v.rep.errf("redis.cluster_addrs", "set one of redis.url, redis.sentinel_addrs and redis.cluster_addrs")
	}
	if len(r.SentinelAddrs) > 0 && r.SentinelMaster == "" {
		v.rep.errf("redis", "sentinel_master is required with sentinel_addrs")
	}
	if r.SentinelMaster != "" && len(r.SentinelAddrs) == 0 {
		v.rep.errf("redis.sentinel_master", "needs sentinel_addrs")
	}
	if r.WaitReplicas < 0 {
		v.rep.errf("redis.wait_replicas", "must not be negative")
	}
	if (r.SentinelUsername != "" || r.SentinelPassword.Declared()) && len(r.SentinelAddrs) == 0 && !strings.Contains(r.URL, "master_name=") {
		v.rep.errf("redis", "sentinel_username and sentinel_password need sentinel_addrs (or a redis.url with master_name=)")
	}
}

// redisAddrs checks that every address of a redis list is host:port.
func (v *validator) redisAddrs(key string, addrs []string) {
	for i, a := range addrs {
		if !validAddr(a, false) {
			v.rep.errAt(index(key, i), key, "must be host:port, not %q", a)
		}
	}
}

// redisPassword keeps a password out of Redis.URL, a plain string that may be printed. In
// the file it is refused like any literal secret; from TANDEM_REDIS_URL (itself a secret
// source) it moves into Redis.Password.
func (v *validator) redisPassword(u *url.URL, pw string) {
	r := &v.c.Redis
	env, fromEnv := v.rep.override["redis.url"]
	switch {
	case !fromEnv:
		v.rep.errf("redis.url", "must not contain a password; use redis.password_env or redis.password_file")
	case r.Password.Declared():
		v.rep.errf("redis.url", "has a password, and so does redis.password_env/_file: keep one")
	default:
		r.Password = Secret{value: pw, origin: "env " + env}
		u.User = url.User(u.User.Username())
		if u.User.Username() == "" {
			u.User = nil
		}
		r.URL = u.String()
	}
}

func (v *validator) sources() {
	for _, ns := range v.c.Sources.list() {
		s, p := ns.src, "sources."+ns.name
		if s == nil {
			continue
		}
		if !s.Token.Declared() && !s.HMACSecret.Declared() {
			v.rep.errf(p, "needs token_env/token_file or hmac_secret_env/hmac_secret_file")
		}
		if s.RequireTimestamp && !s.HMACSecret.Declared() {
			v.rep.errf(p+".require_timestamp", "applies to HMAC signatures: set hmac_secret_env or hmac_secret_file")
		}
		v.labels(p+".service_labels", s.ServiceLabels)
		v.labels(p+".severity_labels", s.SeverityLabels)
		if s.MaxAlerts < 1 {
			v.rep.errf(p+".max_alerts", "must be at least 1")
		}
		v.sourceLimits(p, s)
	}
}

func (v *validator) labels(p string, names []string) {
	for i, n := range names {
		if n == "" {
			v.rep.errAt(index(p, i), p, "label names must not be empty")
		}
	}
}

func (v *validator) slack() {
	s := &v.c.Slack
	if s.Configured() && !s.BotToken.Declared() {
		v.rep.errf("slack", "needs bot_token_env or bot_token_file")
	}
	v.baseURL("slack.api_url", s.APIURL, true)
	for key, id := range map[string]string{"app_id": s.AppID, "team_id": s.TeamID} {
		if first := strings.ToUpper(key[:1]); id != "" && (!slackID.MatchString(id) || !strings.HasPrefix(id, first)) {
			v.rep.errf("slack."+key, "must be a Slack ID like %s0123ABCD (the app's Basic Information page lists the app ID; auth.test the team ID)", first)
		}
	}
}

// slackID is what a Slack ID looks like; app IDs start with A, team IDs
// with T (E… names an Enterprise Grid organisation, not a team).
var slackID = regexp.MustCompile(`^[A-Z][A-Z0-9]{3,}$`)

func (v *validator) discord() {
	d := &v.c.Discord
	if d.Configured() && !d.BotToken.Declared() {
		v.rep.errf("discord", "needs bot_token_env or bot_token_file")
	}
	// serve creates incident channels in the guild: say so now, not at start.
	if d.Configured() && d.GuildID == "" {
		v.rep.errf("discord", "needs guild_id (the server incident channels are created in)")
	}
	if k := d.PublicKey; k != "" {
		if b, err := hex.DecodeString(k); err != nil || len(b) != 32 {
			v.rep.errf("discord.public_key", "must be 64 hexadecimal characters (the application's public key)")
		}
	}
	for key, id := range map[string]string{"application_id": d.ApplicationID, "guild_id": d.GuildID, "category_id": d.CategoryID} {
		if id != "" && !isDigits(id) {
			v.rep.errf("discord."+key, "must be a Discord ID (digits)")
		}
	}
	// The product appends "api/v10/...", so the base must end with a slash.
	v.baseURL("discord.api_url", d.APIURL, true)
}

func (v *validator) pagerduty() {
	p := &v.c.PagerDuty
	// These are roots to which the product appends "/v2/enqueue", "/oncalls", ...: a trailing
	// slash would double, so it is dropped.
	p.EventsURL = strings.TrimRight(p.EventsURL, "/")
	p.APIURL = strings.TrimRight(p.APIURL, "/")
	v.baseURL("pagerduty.events_url", p.EventsURL, false)
	if p.EventsPerMinute < 0 {
		v.rep.errf("pagerduty.events_per_minute", "must not be negative (0 means the default, 120)")
	}
	v.baseURL("pagerduty.api_url", p.APIURL, false)
	if p.DedupPrefix != "" && !dedupPrefixRE.MatchString(p.DedupPrefix) {
		v.rep.errf("pagerduty.dedup_prefix", "must be 1 to 32 letters, digits, '.', '_' or '-' (it starts every dedup key, before \":INC-n/team\")")
	}
}

// dedupPrefixRE is what pagerduty.dedup_prefix may be: no ':' or '/', which
// separate the parts of a dedup key.
var dedupPrefixRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,32}$`)

// baseURL checks an optional http(s) URL override.
func (v *validator) baseURL(path, s string, slash bool) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.rep.errf(path, "must be an http:// or https:// URL")
		return
	}
	if slash && !strings.HasSuffix(s, "/") {
		v.rep.errf(path, "must end with \"/\"")
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		v.rep.warnf(path, "is http://: the API token and every message would cross the network in clear; use https://")
	}
}

// loopback reports whether host names this machine (where plain http:// to
// a local proxy or a test fake is fine).
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
