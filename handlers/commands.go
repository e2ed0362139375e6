package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Handle answers one chat request: a typed /incident command or a button.
// Errors become ephemeral messages that say what was wrong; internal errors
// are logged and shown as "Internal error." only.
func (s *Service) Handle(ctx context.Context, req chat.Request) chat.Response {
	resp, err := s.handle(ctx, req)
	if err != nil {
		if incident.ErrorCode(err) == incident.EInternal {
			s.log.Error("chat command failed", "platform", req.Platform, "user", req.User, "text", req.Text, "action", req.Action, "err", err)
		}
		return chat.Private(incident.ErrorMessage(err))
	}
	return resp
}

// Buttons maps the incident card's button actions to commands.
var Buttons = map[string]string{"ack": "ack", "escalate": "escalate", "resolve": "resolve"}

func (s *Service) handle(ctx context.Context, req chat.Request) (chat.Response, error) {
	if resp, ok, err := s.desk(ctx, req); ok {
		return resp, err
	}
	cmd, err := s.command(req)
	if err != nil {
		return chat.Response{}, err
	}
	if cmd.Name == "help" {
		return chat.Private(chat.Help()), nil
	}
	member, ok := s.opt.Directory.Lookup(req.Platform, req.User)
	if !ok {
		// Answered to the asker only: a stranger's attempts never reach a
		// room or a timeline, however many there are.
		s.log.Info("request from a user Tandem does not know refused", "platform", req.Platform, "user", req.User, "command", cmd.Name)
		return chat.Response{}, incident.Errorf(incident.EUnauthorized,
			"Tandem does not know you (%s user %s). Ask an admin to add you to a team in tandem.yaml.", req.Platform, req.User)
	}
	c := call{cmd: cmd, member: member, by: Actor(member, req.Platform, req.User)}
	run, ok := commands[cmd.Name]
	if !ok {
		return chat.Response{}, incident.Errorf(incident.EInvalid, "unknown command %q", cmd.Name)
	}
	if def, _ := chat.Lookup(cmd.Name); !def.TakesID {
		return run(s, ctx, c)
	}
	if err := s.findIncident(ctx, req, &c); err != nil {
		return chat.Response{}, err
	}
	return run(s, ctx, c)
}

// findIncident reads the incident a command acts on (named, or implied by
// the room or thread it was typed in) into c, once the asker may act on it.
func (s *Service) findIncident(ctx context.Context, req chat.Request, c *call) error {
	if c.cmd.ID == "" {
		id, err := s.roomIncident(ctx, req)
		if err != nil {
			return err
		}
		c.cmd.ID = id
	}
	inc, err := s.store.Get(ctx, c.cmd.ID)
	if err != nil {
		return err
	}
	if err := s.opt.Directory.Authorize(c.member, inc); err != nil {
		s.refuse(ctx, inc.ID, c.by, c.cmd.Name, err)
		return err
	}
	c.inc = inc
	return nil
}

// command parses the typed text, or turns a button into its command.
func (s *Service) command(req chat.Request) (chat.Command, error) {
	if req.Action == "" {
		return chat.Parse(req.Text)
	}
	name, ok := Buttons[req.Action]
	if !ok {
		return chat.Command{}, incident.Errorf(incident.EInvalid, "unknown button %q", req.Action)
	}
	id, err := incident.ParseID(req.Value)
	if err != nil {
		return chat.Command{}, err
	}
	return chat.Command{Name: name, ID: id, Target: "next"}, nil
}

func (s *Service) roomIncident(ctx context.Context, req chat.Request) (string, error) {
	if id, err := s.threadIncident(ctx, req.Platform, req.Channel, req.Thread); err != nil || id != "" {
		return id, err
	}
	if req.Channel != "" {
		id, err := s.store.IncidentByRoom(ctx, req.Platform, req.Channel)
		if err != nil {
			return "", err
		}
		if id != "" {
			return id, nil
		}
	}
	if len(s.threadTeams(req.Platform, req.Channel)) > 0 {
		return "", incident.Errorf(incident.EInvalid, threadHint, firstWord(req.Text), firstWord(req.Text))
	}
	return "", incident.Errorf(incident.EInvalid, "which incident? Outside an incident's room, name it: e.g. `/incident %s INC-7`", firstWord(req.Text))
}

// userOn is m's user ID on platform (a room key: "slack" for a Slack
// thread room), "" when m has no account there. On the console a person is
// their name, shown as configured (the console looks names up in any case).
func (m *Member) userOn(platform string) string {
	if platform == ConsolePlatform {
		return m.Name
	}
	return m.Accounts[basePlatform(platform)]
}

// refuse records a refused action on the incident's timeline.
// refuseKeep is how many refusals of one person a minute are written on
// timelines; the rest are counted (Options.Refused) and logged, so nobody
// can flood a room or a timeline with refusals.
const refuseKeep = 5

// refuse writes a refusal of a known member on the incident's timeline,
// at most refuseKeep a minute per person.
func (s *Service) refuse(ctx context.Context, id string, by incident.Actor, action string, reason error) {
	if id == "" {
		return
	}
	recorded := s.mayRecordRefusal(ctx, by)
	if s.opt.Refused != nil {
		s.opt.Refused(recorded)
	}
	if !recorded {
		s.log.Info("refusal not written on the timeline (more than 5 this minute)", "incident", id, "platform", by.Platform, "user", by.User, "action", action)
		return
	}
	_, err := s.update(ctx, id, "", func(inc incident.Incident, now time.Time) (incident.Incident, []incident.Event, error) {
		return inc, []incident.Event{incident.NewEvent(now, incident.KindRefused, by, "action", action, "reason", incident.ErrorMessage(reason))}, nil
	})
	if err != nil && incident.ErrorCode(err) != incident.ENotFound {
		s.log.Error("record refusal", "incident", id, "err", err)
	}
}

// mayRecordRefusal counts by's refusals this minute (across replicas) and
// says whether this one is within refuseKeep. A store failure writes it.
func (s *Service) mayRecordRefusal(ctx context.Context, by incident.Actor) bool {
	minute := s.opt.Now().Unix() / 60
	n, err := s.store.Count(ctx, fmt.Sprintf("refusals:%s:%s:%d", by.Platform, by.User, minute), 2*time.Minute)
	return err != nil || n <= refuseKeep
}

// declare opens an incident from chat. An MSP member may declare only on
// services within the MSP's scope (so is never invited into a room about a
// service it may not see); the refusal names the rule.
func (s *Service) declare(ctx context.Context, cmd chat.Command, m *Member, by incident.Actor) (chat.Response, error) {
	service, rule := s.serviceRule(cmd.Service)
	if cmd.Service != "" && service != cmd.Service {
		return chat.Response{}, incident.Errorf(incident.ENotFound, "there is no service %q", cmd.Service)
	}
	if t, ok := s.opt.Directory.Teams[m.Team]; ok && !t.MaySee(service) { // MaySee: only an MSP team has a scope
		return chat.Response{}, incident.Errorf(incident.EUnauthorized,
			"you may not declare an incident on service %q: it is outside %s's scope (%s). Use --service with one of those, or ask the internal team",
			service, t.Name, strings.Join(t.Scope, ", "))
	}
	sev := cmd.Severity
	if !sev.Valid() {
		sev = rule.Severity
	}
	if !sev.Valid() {
		sev = incident.Sev3
	}
	id, err := s.store.NextID(ctx)
	if err != nil {
		return chat.Response{}, err
	}
	inc, events, err := incident.Open(id, incident.Spec{Title: cmd.Text, Severity: sev, Service: service, Source: "chat"}, by, s.opt.Now())
	if err != nil {
		return chat.Response{}, err
	}
	if _, err := s.create(ctx, inc, events, nil); err != nil {
		return chat.Response{}, err
	}
	return chat.Reply(fmt.Sprintf("🚨 %s declared by %s: %s [%s]. Its room is being set up.", id, by, inc.Title, sev)), nil
}

// list shows the open incidents m may see: an MSP member only those of
// services within the MSP's scope.
func (s *Service) list(ctx context.Context, m *Member) (chat.Response, error) {
	incs, err := s.visible(ctx, m)
	if err != nil {
		return chat.Response{}, err
	}
	if len(incs) == 0 {
		return chat.Private("No open incidents. 🎉"), nil
	}
	now := s.opt.Now()
	lines := []string{fmt.Sprintf("%d open incident(s):", len(incs))}
	for _, inc := range incs {
		lines = append(lines, chat.ListLine(inc, now))
	}
	return chat.Private(strings.Join(lines, "\n")), nil
}

// visible is the open incidents m may see.
func (s *Service) visible(ctx context.Context, m *Member) ([]incident.Incident, error) {
	all, err := s.store.List(ctx, incident.StatusOpen, incident.StatusAcked)
	if err != nil {
		return nil, err
	}
	var incs []incident.Incident
	for _, inc := range all {
		if s.opt.Directory.Authorize(m, inc) == nil {
			incs = append(incs, inc)
		}
	}
	return incs, nil
}

// displayZone is the zone of the incident's ladder calendar, else UTC.
func (s *Service) displayZone(inc incident.Incident) *time.Location {
	if l := s.ladderOf(inc); l != nil && l.Calendar != nil && l.Calendar.Location != nil {
		return l.Calendar.Location
	}
	return time.UTC
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	if w == "" {
		return "ack"
	}
	return w
}
