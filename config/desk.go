package config

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"
)

// DeskPrefix starts a team reference to the MSP's desk: a customer's team
// written `team: msp/noc` is the desk's team noc (package tenants loads the
// desk from msp.yaml beside the tenant files).
const DeskPrefix = "msp/"

// importDesk fills every team that refers to the desk (`team: msp/<name>`)
// with what the desk declares once: its members, rotation, PagerDuty
// routing and calendar. The customer keeps what is its own: the team's
// scope (its contract) and the team's channels in its own chats. A customer
// without a pagerduty section pages through the desk's. Problems name the
// reference; desk is nil when there is no msp.yaml. tenant is the
// customer's name.
func importDesk(c *Config, rep *report, desk *Config, tenant string) {
	imported := false
	for _, name := range sortedKeys(c.Teams) {
		t, p := c.Teams[name], "teams."+name
		if t.From == "" {
			continue
		}
		from, ok := deskTeam(rep, p, t, desk)
		if !ok {
			continue
		}
		t.Members, t.Rotation, t.PagerDuty = copyMembers(from.Members), copyRotation(from.Rotation), from.PagerDuty
		if t.Calendar = from.Calendar; from.Calendar != "" {
			importCalendar(c, rep, p, desk, from.Calendar)
		}
		imported = true
	}
	if imported && !c.PagerDuty.Configured() {
		c.PagerDuty = desk.PagerDuty
		c.PagerDuty.DedupPrefix = tenantPrefix(desk.PagerDuty.DedupPrefix, tenant)
	}
}

// copyMembers copies the desk's members, their account maps included:
// validating the customer folds old spellings into those maps, and the
// desk's running bot reads its own.
func copyMembers(ms []Member) []Member {
	out := slices.Clone(ms)
	for i := range out {
		out[i].Accounts = maps.Clone(out[i].Accounts)
	}
	return out
}

// copyRotation copies the desk's rotation (defaults are applied to the copy).
func copyRotation(r *Rotation) *Rotation {
	if r == nil {
		return nil
	}
	c := *r
	c.Members, c.Overrides = slices.Clone(r.Members), slices.Clone(r.Overrides)
	return &c
}

// tenantPrefix is the dedup prefix of a customer paging through the desk's
// PagerDuty: its own, so that acme's INC-2 and globex's INC-2 paging the
// NOC's service are two alerts, never one. It fits dedup_prefix's 32
// characters (a long name keeps its start and a hash of the whole).
func tenantPrefix(desk, tenant string) string {
	p := tenant
	if desk != "" {
		p = desk + "-" + tenant
	}
	if len(p) <= 32 {
		return p
	}
	sum := sha256.Sum256([]byte(p))
	return p[:23] + "-" + hex.EncodeToString(sum[:4])
}

// deskTeam checks one reference and returns the desk's team it names.
func deskTeam(rep *report, p string, t *Team, desk *Config) (*Team, bool) {
	for key, set := range map[string]bool{"members": len(t.Members) > 0, "rotation": t.Rotation != nil,
		"pagerduty": t.PagerDuty != nil, "calendar": t.Calendar != ""} {
		if set {
			rep.errf(p+"."+key, "comes from msp.yaml (team: %s); remove it here", t.From)
		}
	}
	switch t.Side {
	case "":
		t.Side = SideMSP
	case SideMSP:
	default:
		rep.errf(p+".side", "a team of the MSP's desk is side msp, not %q", t.Side)
	}
	name, ok := strings.CutPrefix(t.From, DeskPrefix)
	switch {
	case !ok:
		rep.errf(p+".team", "must name a team of the MSP's desk as msp/<team>, not %q", t.From)
		return nil, false
	case desk == nil:
		rep.errf(p+".team", "%s refers to the MSP's desk, but there is none: it is msp.yaml beside the tenant files, read by tandem serve --config-dir", t.From)
		return nil, false
	}
	from := desk.Teams[name]
	if from == nil {
		rep.errf(p+".team", "msp.yaml has no team %q (it has %s)", name, strings.Join(sortedKeys(desk.Teams), ", "))
		return nil, false
	}
	return from, true
}

// importCalendar copies the desk's calendar name into c unless c has its
// own of that name (then the customer's is used, and said).
func importCalendar(c *Config, rep *report, p string, desk *Config, name string) {
	if _, ok := c.Calendars[name]; ok {
		rep.warnf(p, "the desk's team hands off in calendar %q; this file's own calendar of that name is used", name)
		return
	}
	cal := *desk.Calendars[name]
	cal.HolidaysICS = "" // already read into Holidays, relative to msp.yaml
	if c.Calendars == nil {
		c.Calendars = map[string]*Calendar{}
	}
	c.Calendars[name] = &cal
}
