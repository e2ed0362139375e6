package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/escalation"
	"github.com/tandemhq/tandem/incident"
)

// plan turns a state change into the full atomic change: the outbox effects
// and timers its timeline events call for. Deriving them from events (and
// nothing else) is what keeps chat, webhooks and timers consistent: the same
// event always has the same consequences.
func (s *Service) plan(ctx context.Context, before, after incident.Incident, events []incident.Event, now time.Time) incident.Change {
	p := planner{s: s, c: incident.Change{Before: before.Version, Incident: after, Events: events}, now: now, timers: map[string]int{}}
	p.planRooms(before)
	for _, e := range events {
		p.event(ctx, e)
	}
	p.planReview()
	return p.c
}

type planner struct {
	s      *Service
	c      incident.Change
	now    time.Time
	timers map[string]int // timer ID → index in c.Timers, so a later event moves it
}

func (p *planner) effect(e incident.Effect) { p.c.Effects = append(p.c.Effects, e) }

func (p *planner) setTimer(kind incident.TimerKind, due time.Time, data map[string]string) {
	id := incident.TimerID(p.c.Incident.ID, kind)
	t := incident.Timer{ID: id, Kind: kind, Incident: p.c.Incident.ID, Due: due.UTC(), Data: data}
	if i, ok := p.timers[id]; ok {
		p.c.Timers[i] = t
		return
	}
	p.timers[id] = len(p.c.Timers)
	p.c.Timers = append(p.c.Timers, t)
}

func (p *planner) cancel(kinds ...incident.TimerKind) {
	for _, k := range kinds {
		id := incident.TimerID(p.c.Incident.ID, k)
		if i, ok := p.timers[id]; ok {
			p.c.Timers = append(p.c.Timers[:i], p.c.Timers[i+1:]...)
			delete(p.timers, id)
			for k, j := range p.timers {
				if j > i {
					p.timers[k] = j - 1
				}
			}
		}
		p.c.Cancel = append(p.c.Cancel, id)
	}
}

func (p *planner) event(ctx context.Context, e incident.Event) {
	inc := p.c.Incident
	p.roomLifecycle(e)
	switch e.Kind {
	case incident.KindOpened, incident.KindReopened:
		p.startLadder()
		p.startSLA()
	case incident.KindUnacked:
		p.startLadder()
	case incident.KindPaged:
		p.paged(e)
	case incident.KindAcked:
		p.cancel(incident.TimerLadder, incident.TimerRemindUnack, incident.TimerSLAAck)
		if p.s.opt.UpdateEvery > 0 {
			p.setTimer(incident.TimerRemindUpdate, p.now.Add(p.s.opt.UpdateEvery), nil)
		}
		p.pageAction(incident.PageAcknowledge)
	case incident.KindResolved:
		p.cancel(incident.TimerLadder, incident.TimerRemindUnack, incident.TimerRemindUpdate, incident.TimerSLAAck, incident.TimerSLAResolve)
		p.pageAction(incident.PageResolve)
	case incident.KindReminded:
		if e.Details[incident.DetailReminder] == incident.ReminderUpdate {
			p.setTimer(incident.TimerRemindUpdate, p.now.Add(p.s.opt.UpdateEvery), nil)
		} else {
			p.setTimer(incident.TimerRemindUnack, p.now.Add(p.s.opt.UnackedEvery), nil)
		}
	case incident.KindSnoozed:
		until, err := time.Parse(time.RFC3339, e.Details[incident.DetailUntil])
		if err != nil {
			return
		}
		if inc.Status == incident.StatusOpen {
			p.setTimer(incident.TimerRemindUnack, until, nil)
		} else {
			p.setTimer(incident.TimerRemindUpdate, until, nil)
		}
	case incident.KindSLABreached:
		p.postToTeam(p.s.opt.Directory.Managers, fmt.Sprintf("⚠️ SLA breached on %s [%s] %s: %s target %s. Room: {room}",
			inc.ID, inc.Severity, inc.Title, e.Details[incident.DetailSLA], e.Details[incident.DetailTarget]), "sla/"+e.Details[incident.DetailSLA])
	}
}

// startLadder evaluates the ladder from the incident's cursor now (the timer
// loop picks it up at once) and starts unacknowledged reminders.
func (p *planner) startLadder() {
	inc := p.c.Incident
	p.setTimer(incident.TimerLadder, p.now, escalation.Pending{Cursor: inc.Step}.Encode())
	if p.s.opt.UnackedEvery > 0 {
		p.setTimer(incident.TimerRemindUnack, p.now.Add(p.s.opt.UnackedEvery), nil)
	}
}

func (p *planner) startSLA() {
	inc := p.c.Incident
	sla, ok := p.s.opt.SLA[inc.Severity]
	if !ok {
		return
	}
	if sla.Ack > 0 {
		p.setTimer(incident.TimerSLAAck, inc.OpenedAt.Add(sla.Ack), map[string]string{incident.TimerDataTarget: sla.Ack.String()})
	}
	if sla.Resolve > 0 {
		p.setTimer(incident.TimerSLAResolve, inc.OpenedAt.Add(sla.Resolve), map[string]string{incident.TimerDataTarget: sla.Resolve.String()})
	}
}

// paged sends the page, invites the on-call person into the room, posts a
// link in the team's channel, and (for a ladder step) sets the next step.
func (p *planner) paged(e incident.Event) {
	inc := p.c.Incident
	team, person := e.Details[incident.DetailTeam], e.Details[incident.DetailPerson]
	r := escalation.DecodeReached(e.Details)
	step := r.Step()
	// The version makes the key unique per change, so a reopened incident
	// that reaches the same step again still pages.
	key := fmt.Sprintf("%s/%s/v%d", inc.ID, team, p.c.Before+1)
	p.effect(incident.Effect{ID: key + "/page", Kind: incident.EffectPage, Incident: inc.ID, Team: team, Person: person,
		Data: map[string]string{incident.DataAction: incident.PageTrigger, incident.DataStep: step,
			incident.DataWindow: string(r.Window), incident.DataSide: e.Details[incident.DetailSide]}})
	if person != "" {
		for _, platform := range p.s.invitePlatforms(inc, person) {
			p.effect(incident.Effect{ID: key + "/invite/" + platform, Kind: incident.EffectRoomInvite, Incident: inc.ID, Platform: platform, Person: person,
				Data: p.s.inviteeData(person, platform)})
		}
	}
	if t, ok := p.s.opt.Directory.Team(team); ok {
		text := fmt.Sprintf("🚨 %s [%s] %s: %s is paged (step %s). Room: {room}", inc.ID, inc.Severity, inc.Title, onCallText(team, person), step)
		p.postToTeam(t, text, fmt.Sprintf("page/%s/v%d", team, p.c.Before+1))
	}
	if r.HasWait && inc.Status == incident.StatusOpen {
		p.setTimer(incident.TimerLadder, p.now.Add(r.Wait), escalation.Pending{Cursor: inc.Step}.Encode())
	}
}

// inviteeData carries the invitee's user on platform in a room.invite
// effect, so delivery needs no directory; none for a person who is not a
// member (delivery then records that it could not invite them).
func (s *Service) inviteeData(person, platform string) map[string]string {
	user, ok := s.InviteeUser(person, platform)
	if !ok {
		return nil
	}
	return map[string]string{incident.DataUser: user}
}

// InviteeUser is the user of member person on platform ("" when they have
// no account there); ok is false when person is not a member. Delivery
// asks it for invites planned before their user was planned with them.
func (s *Service) InviteeUser(person, platform string) (user string, ok bool) {
	m, ok := s.opt.Directory.Member(person)
	if !ok {
		return "", false
	}
	return m.userOn(platform), true
}

func onCallText(team, person string) string {
	if person == "" {
		return team
	}
	return person + " (" + team + ")"
}

// postToTeam posts text in each of the team's channels; "{room}" becomes a
// link to the incident's room on that platform when it is delivered.
func (p *planner) postToTeam(t *Team, text, key string) {
	if t == nil {
		return
	}
	rooms := p.s.roomPlatforms(p.c.Incident)
	for platform, channel := range t.Channels {
		platform, channel, text := teamPost(t, platform, channel, text, rooms)
		p.effect(incident.Effect{ID: p.c.Incident.ID + "/post/" + key + "/" + platform, Kind: incident.EffectChannelPost,
			Incident: p.c.Incident.ID, Platform: platform, Channel: channel, Team: t.Name, Text: roomText(text, platform, rooms)})
	}
}

// pageAction acknowledges or resolves the pages of every team paged.
func (p *planner) pageAction(action string) {
	inc := p.c.Incident
	for _, team := range inc.Paged {
		p.effect(incident.Effect{ID: fmt.Sprintf("%s/%s/%s/v%d", inc.ID, team, action, p.c.Before+1), Kind: incident.EffectPage,
			Incident: inc.ID, Team: team, Data: map[string]string{incident.DataAction: action}})
	}
}
