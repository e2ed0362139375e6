package bot

import (
	"strings"
	"time"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/handlers"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/reports"
)

// calendars maps the config's calendars into escalation calendars.
func calendars(cfg *config.Config) map[string]*escalation.Calendar {
	out := make(map[string]*escalation.Calendar, len(cfg.Calendars))
	for name, c := range cfg.Calendars {
		cal := &escalation.Calendar{Name: name, Location: c.Location, Holidays: c.Holidays}
		for _, s := range c.BusinessHours {
			cal.Spans = append(cal.Spans, escalation.Span{Days: s.Days, StartMin: s.StartMin, EndMin: s.EndMin})
		}
		out[name] = cal
	}
	return out
}

// ladders maps the config's ladders into escalation ladders.
func ladders(cfg *config.Config, cals map[string]*escalation.Calendar) map[string]*escalation.Ladder {
	out := make(map[string]*escalation.Ladder, len(cfg.Ladders))
	for name, l := range cfg.Ladders {
		lad := &escalation.Ladder{Name: name, Calendar: cals[l.Calendar], Repeat: l.Repeat}
		for _, s := range l.Steps {
			sev, _ := incident.ParseSeverity(s.MinSeverity)
			lad.Steps = append(lad.Steps, escalation.Step{
				Notify: s.Notify, When: escalation.Window(s.When), MinSeverity: sev, Wait: s.Wait.Std(),
			})
		}
		out[name] = lad
	}
	return out
}

// directory maps teams, managers and members. chatPlatforms are the
// platforms with rooms; "console" teams get their name as channel.
func directory(cfg *config.Config, chatPlatforms []string) *handlers.Directory {
	var members []handlers.Member
	teams := make(map[string]*handlers.Team, len(cfg.Teams))
	for name, t := range cfg.Teams {
		team := &handlers.Team{Name: name, Side: incident.Side(t.Side), Scope: t.Scope, Channels: channels(t.Channels, name, chatPlatforms)}
		team.ThreadRoom = threadRoom(name, chatPlatforms)
		for _, m := range t.Members {
			team.Members = append(team.Members, m.Name)
			members = append(members, member(m, team.Side, name))
		}
		if r := t.Rotation; r != nil {
			team.Rotation = rotation(r, cfg.TeamLocation(name))
		}
		teams[name] = team
	}
	mgr := &handlers.Team{Name: handlers.ManagersTeam, Channels: channels(cfg.Managers.Channels, handlers.ManagersTeam, chatPlatforms)}
	for _, m := range cfg.Managers.Members {
		mgr.Members = append(mgr.Members, m.Name)
		members = append(members, member(m, "", handlers.ManagersTeam))
	}
	return handlers.NewDirectory(teams, mgr, members)
}

func member(m config.Member, side incident.Side, team string) handlers.Member {
	return handlers.Member{Name: m.Name, Side: side, Team: team, Accounts: m.Accounts, Email: m.Email}
}

// channels is a team's own channel on each wired platform: the configured
// one, and on the console its name.
func channels(configured map[string]string, name string, platforms []string) map[string]string {
	out := map[string]string{}
	for _, p := range platforms {
		switch {
		case p == handlers.ConsolePlatform:
			out[p] = "#" + name
		case configured[p] != "":
			out[p] = configured[p]
		}
	}
	return out
}

// threadRoom is the platform key of team name's thread rooms
// ("slack#thread:noc") when a platform wired them, else "".
func threadRoom(name string, platforms []string) string {
	for _, p := range platforms {
		if strings.HasSuffix(p, "#thread:"+name) {
			return p
		}
	}
	return ""
}

func rotation(r *config.Rotation, loc *time.Location) *escalation.Rotation {
	start := time.Date(r.StartDate.Year(), r.StartDate.Month(), r.StartDate.Day(), 0, 0, 0, 0, loc)
	rot := &escalation.Rotation{Members: r.Members, Location: loc, HandoffDay: r.HandoffDay, HandoffMin: r.HandoffMin,
		Every: r.Every.Std(), Start: start}
	for _, o := range r.Overrides {
		rot.Overrides = append(rot.Overrides, escalation.Override{Member: o.Member, From: o.From, To: o.To})
	}
	return rot
}

// handlerOptions maps the whole config into the use cases' options.
func handlerOptions(cfg *config.Config, platforms []string) handlers.Options {
	cals := calendars(cfg)
	opt := handlers.Options{
		Directory:    directory(cfg, platforms),
		Services:     map[string]handlers.ServiceRule{},
		Ladders:      ladders(cfg, cals),
		Platforms:    platforms,
		UnackedEvery: cfg.Reminders.UnackedEvery.Std(),
		UpdateEvery:  cfg.Reminders.UpdateEvery.Std(),
		SLA:          map[incident.Severity]reports.SLA{},
		Sources:      sourceRules(cfg),
		HandoffEmpty: cfg.Reports.HandoffEmpty,
		ArchiveAfter: cfg.Rooms.ArchiveAfter.Std(),
	}
	for i, s := range cfg.Services {
		sev, _ := incident.ParseSeverity(s.Severity)
		rule := handlers.ServiceRule{Owner: s.Owner, Ladder: s.Ladder, Severity: sev}
		for _, o := range s.OutageSeverities {
			if sev, err := incident.ParseSeverity(o); err == nil {
				rule.Outage = append(rule.Outage, sev)
			}
		}
		if s.AvailabilityTarget != nil {
			rule.AvailabilityTarget = *s.AvailabilityTarget
		}
		opt.Services[s.Name] = rule
		if i == 0 {
			opt.DefaultService = s.Name
		}
	}
	for name, sla := range cfg.SLA {
		if sev, err := incident.ParseSeverity(name); err == nil {
			opt.SLA[sev] = reports.SLA{Ack: sla.Ack.Std(), Resolve: sla.Resolve.Std()}
		}
	}
	return opt
}
