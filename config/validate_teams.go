package config

import (
	"cmp"
	"net/mail"
	"slices"
	"strings"
)

// memberAt is a member with the path it was written at.
type memberAt struct {
	m    *Member
	path string
}

// allMembers lists team members (teams in name order) and then managers.
func (v *validator) allMembers() []memberAt {
	var all []memberAt
	for _, name := range sortedKeys(v.c.Teams) {
		for i := range v.c.Teams[name].Members {
			all = append(all, memberAt{&v.c.Teams[name].Members[i], index("teams."+name+".members", i)})
		}
	}
	for i := range v.c.Managers.Members {
		all = append(all, memberAt{&v.c.Managers.Members[i], index("managers.members", i)})
	}
	return all
}

// members checks each person, and that names and chat IDs identify one person only: chat
// users are mapped to members (and so to a side) by these, and an ambiguous mapping would
// grant the wrong permissions.
func (v *validator) members() {
	all := v.allMembers()
	// Report a duplicate at its second appearance in the file, whatever the map order.
	slices.SortStableFunc(all, func(a, b memberAt) int {
		pa, pb := v.rep.where(a.path), v.rep.where(b.path)
		return cmp.Or(cmp.Compare(pa.line, pb.line), cmp.Compare(pa.col, pb.col))
	})
	names, accounts := map[string]string{}, map[string]map[string]string{}
	for _, e := range all {
		m := e.m
		switch {
		case m.Name == "":
			v.rep.errf(e.path, "name is required")
		case strings.TrimSpace(m.Name) != m.Name:
			v.rep.errf(e.path+".name", "must not start or end with spaces")
		default:
			v.unique(names, strings.ToLower(m.Name), e.path+".name", "member name %q is already used at %s", m.Name)
		}
		for _, platform := range sortedKeys(m.Accounts) {
			v.account(accounts, e, platform)
		}
		v.idExpected(e.path+".pagerduty", "pagerduty", m.PagerDuty, false)
		if m.Email != "" {
			if a, err := mail.ParseAddress(m.Email); err != nil || a.Address != m.Email {
				v.rep.errf(e.path+".email", "invalid email address %q", m.Email)
			}
		}
	}
}

// account checks e's user on platform: a Discord ID is digits, and one
// platform user is one member only.
func (v *validator) account(seen map[string]map[string]string, e memberAt, platform string) {
	user, p := e.m.Accounts[platform], accountPath(e, platform)
	v.platformKey(p, platform)
	if user == "" {
		v.rep.errf(p, "must be the person's user ID on %s", platformTitle(platform))
		return
	}
	if v.idExpected(p, platform, user, false) {
		return
	}
	if platform == "discord" && !isDigits(user) {
		v.rep.errf(p, "must be a Discord user ID (digits)")
	}
	if seen[platform] == nil {
		seen[platform] = map[string]string{}
	}
	v.unique(seen[platform], user, p, platformTitle(platform)+" user %s is already used at %s", user)
}

// unique records key as seen at path, or reports it as a duplicate of the first sighting.
func (v *validator) unique(seen map[string]string, key, path, format string, arg string) {
	if first, ok := seen[key]; ok {
		v.rep.errf(path, format, arg, first)
		return
	}
	seen[key] = path
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func (v *validator) teams() {
	for _, name := range sortedKeys(v.c.Teams) {
		t, p := v.c.Teams[name], "teams."+name
		v.name(p, name)
		if name == ManagersName {
			v.rep.errKey(p, "the name managers is reserved for the managers section")
		}
		switch t.Side {
		case SideInternal, SideMSP:
		case "":
			v.rep.errf(p, "side is required (internal or msp)")
		default:
			v.rep.errf(p+".side", "must be internal or msp, not %q", t.Side)
		}
		if t.Calendar != "" && !known(v, "calendars", v.c.Calendars, t.Calendar) {
			v.rep.errf(p+".calendar", "unknown calendar %q", t.Calendar)
		}
		v.discordChannel(p, t.Channels, t.DiscordChannel != "")
		if t.Side == SideMSP && len(t.Scope) == 0 {
			v.rep.warnf(p, "msp team has no scope: its members may see and act on every service; list the services the MSP covers")
		}
		if t.Side == SideInternal && len(t.Scope) > 0 {
			v.rep.warnf(p+".scope", "only msp teams are scoped; internal teams see every service")
		}
		if t.Rotation != nil {
			v.rotation(p+".rotation", t)
		}
		if t.PagerDuty != nil {
			v.teamPagerDuty(p+".pagerduty", t.PagerDuty)
		}
	}
	v.discordChannel("managers", v.c.Managers.Channels, v.c.Managers.DiscordChannel != "")
}

// discordChannel checks that a Discord channel, when set, is digits; legacy
// says it was written as discord_channel.
func (v *validator) discordChannel(p string, channels map[string]string, legacy bool) {
	if ch := channels["discord"]; ch != "" && !isDigits(ch) && !chatName(ch) { // a #name: ids.go
		v.rep.errf(channelPath(p, "discord", legacy), "must be a Discord channel ID (digits)")
	}
}

func (v *validator) rotation(p string, t *Team) {
	r := t.Rotation
	isMember := func(name string) bool {
		return slices.ContainsFunc(t.Members, func(m Member) bool { return m.Name == name })
	}
	if len(r.Members) == 0 {
		v.rep.errf(p, "members is required (names of this team's members)")
	}
	for i, name := range r.Members {
		if !isMember(name) {
			v.rep.errAt(index(p+".members", i), p+".members", "%q is not a member of this team", name)
		}
	}
	if day, min, ok := parseHandoff(r.Handoff); ok {
		r.HandoffDay, r.HandoffMin = day, min
	} else {
		v.rep.errf(p+".handoff", "must be a day and a time like \"mon 09:00\", not %q", r.Handoff)
	}
	if d, ok := parseDate(r.Start); ok {
		r.StartDate = d
	} else {
		v.rep.errf(p+".start", "must be a date like 2026-01-05, not %q", r.Start)
	}
	for i, o := range r.Overrides {
		op := index(p+".overrides", i)
		switch {
		case o.Member == "":
			v.rep.errf(op, "member is required")
		case !isMember(o.Member):
			v.rep.errf(op+".member", "%q is not a member of this team", o.Member)
		}
		switch {
		case o.From.IsZero() || o.To.IsZero():
			v.rep.errf(op, "from and to are both required")
		case !o.To.After(o.From):
			v.rep.errf(op+".to", "must be after from")
		}
	}
}

func (v *validator) teamPagerDuty(p string, pd *TeamPagerDuty) {
	if !pd.RoutingKey.Declared() {
		v.rep.errf(p, "needs routing_key_env or routing_key_file")
	}
	if (pd.ScheduleID != "" || pd.EscalationPolicyID != "") && !v.c.PagerDuty.APIToken.Declared() {
		v.rep.errf(p, "schedule_id and escalation_policy_id need pagerduty.api_token_env or pagerduty.api_token_file")
	}
}
